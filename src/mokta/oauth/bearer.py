"""The management API's `Bearer`/`DPoP` mode: an access token of the org authorization server, checked like Okta
checks it (signature, issuer, audience, expiry, not revoked), limits the caller to the `okta.*` scopes it carries;
each operation needs the scopes the spec lists for it (`.manage` covers `.read`)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from mokta.http.errors import OktaError, invalid_token
from mokta.oauth import tokens
from mokta.oauth.servers import AuthServer
from mokta.spec.catalog import Operation
from mokta.store.base import Tx
from mokta.types import Caller

INSUFFICIENT = [("WWW-Authenticate", 'Bearer authorization_uri="", error="insufficient_scope", '
                                     'error_description="The access token provided does not contain the required '
                                     'scopes.", resource=""')]


def caller(token: str, org: str, tx: Tx, base_url: str) -> Caller:
    """The caller a management-API access token stands for; anything else is E0000011."""
    server = AuthServer(None, {}, base_url)
    claims = tokens.verify_access(tx, org, server, token)
    if claims is None or claims.get("aud") != server.audience:
        raise invalid_token()
    scopes = frozenset(str(s) for s in claims.get("scp") or [] if str(s).startswith("okta."))
    return Caller(user_id=str(claims.get("uid") or ""), token_id=None, scopes=scopes, client_id=str(claims["cid"]))


def require(op: Operation, scopes: frozenset[str]) -> None:
    """403 E0000006 unless the token's scopes cover what the operation needs."""
    needed = required_scopes(op)
    if not needed or not all(_covered(s, scopes) for s in needed):
        raise OktaError(403, "E0000006", "You do not have permission to perform the requested action",
                        headers=list(INSUFFICIENT))


def required_scopes(op: Operation) -> list[str]:
    """From the spec's security requirements; mokta's own or unlisted operations by resource and method."""
    listed = _table().get(op.id)
    if listed is not None:
        return listed
    parts = [p for p in op.path.split("/") if p and not p.startswith("{")]
    if len(parts) < 3 or parts[:2] != ["api", "v1"]:
        return []
    words = parts[2].replace("-", " ").replace("_", " ").split()
    resource = words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])
    return [f"okta.{resource}.{'read' if op.method == 'GET' else 'manage'}"]


def _covered(scope: str, held: frozenset[str]) -> bool:
    if scope in held:
        return True
    return scope.endswith(".read") and scope[:-5] + ".manage" in held


@lru_cache(maxsize=1)
def _table() -> dict[str, list[str]]:
    text = resources.files("mokta.oauth").joinpath("scopes.json").read_text(encoding="utf-8")
    return dict(json.loads(text))
