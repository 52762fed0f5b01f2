"""Custom authorization servers and everything under them: the server with its issuer and rotating signing keys,
scopes and claims, access policies and rules, resource-server encryption keys, trusted servers, and the clients
holding its tokens. Importing the package registers its handlers."""

from mokta.families.authorization_servers import (  # noqa: F401 - imported for their @handles
    clients,
    keys,
    policies,
    scopes_claims,
    servers,
)
