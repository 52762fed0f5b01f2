"""Users: Okta's status state machine, credentials kept as hashes outside the user document, lookup by id, login or
login short name, and membership of Everyone for every user. Importing the package registers its handlers."""

from mokta.families.users import core, credential_ops, lifecycle  # noqa: F401 - imported for their @handles
