"""Applications: one module per concern (the app itself and its sign-on modes, OAuth client credentials, signing
keys and CSRs, consent grants, the logo, the provisioning side). Importing the package registers its handlers."""

from mokta.families.apps import core, credentials, grants, keys, logo, provisioning  # noqa: F401 - imported for their @handles
