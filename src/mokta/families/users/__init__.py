"""Users: Okta's status state machine, credentials kept as hashes outside the user document, lookup by id, login or
login short name, membership of Everyone for every user, and the emailed links that activate or reset a password.
Importing the package registers its handlers."""

from mokta.families.users import core, credential_ops, lifecycle, links  # noqa: F401 - imported for their @handles
