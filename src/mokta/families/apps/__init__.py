"""Applications: one module per concern (the app itself and its sign-on modes, OAuth client credentials, signing
keys and CSRs, consent grants, the logo, the provisioning side). Importing the package registers its handlers."""

from mokta.families.apps import (  # noqa: F401 - imported for their @handles
    core,
    credentials,
    federation,
    grants,
    group_push,
    keys,
    logo,
    provisioning,
)
