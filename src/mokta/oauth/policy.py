"""What a token request may get. Custom servers: the first ACTIVE policy (by priority) naming the client whose first
ACTIVE rule matches the grant type, the user and the scopes decides lifetimes; nothing matching is `access_denied`.
The org server: `okta.*` scopes for a client's own token, each one granted to the app by an ACTIVE admin-consent
grant; OpenID Connect scopes for users."""

from __future__ import annotations

from dataclasses import dataclass

from mokta.oauth.errors import access_denied, invalid_scope
from mokta.oauth.servers import SERVERS, AuthServer
from mokta.types import Context, Document

OIDC_SCOPES = {"openid", "profile", "email", "address", "phone", "offline_access", "device_sso"}
DEFAULT_LIFETIMES = {"accessTokenLifetimeMinutes": 60, "refreshTokenLifetimeMinutes": 0,
                     "refreshTokenWindowMinutes": 10080}
ORG_ACCESS_MINUTES = 60


@dataclass(frozen=True, slots=True)
class Decision:
    """The scopes a request is granted and the token lifetimes the matching rule sets (minutes; 0 = unlimited)."""

    scopes: list[str]
    access_minutes: int
    refresh_minutes: int = 0
    refresh_window_minutes: int = 10080
    rule: Document | None = None


def requested_scopes(raw: str | None) -> list[str]:
    out: list[str] = []
    for scope in (raw or "").split():
        if scope not in out:
            out.append(scope)
    return out


def decide(ctx: Context, server: AuthServer, client_id: str, grant_type: str, scopes: list[str],
           user: Document | None = None, group_ids: list[str] | None = None) -> Decision:
    if server.id is None:
        return _org_server(ctx, client_id, grant_type, scopes)
    known = {str(d.get("name")): d for _, _, d in ctx.tx.list(ctx.org, f"{SERVERS}/{server.id}/scopes")}
    if not scopes:
        scopes = [name for name, d in known.items() if d.get("default") is True]
        if not scopes:
            raise invalid_scope("The authorization server resource does not have any configured default scopes, "
                                "'scope' must be provided.")
    if any(s not in known for s in scopes):
        raise invalid_scope()
    if grant_type == "client_credentials" and (bad := [s for s in scopes if s in OIDC_SCOPES]):
        raise invalid_scope(f"The following scopes are not allowed for the client_credentials grant: "
                            f"{', '.join(bad)}.")
    for policy in _ordered(ctx, f"{SERVERS}/{server.id}/policies"):
        include = ((policy.get("conditions") or {}).get("clients") or {}).get("include") or []
        if "ALL_CLIENTS" not in include and client_id not in include:
            continue
        for rule in _ordered(ctx, f"{SERVERS}/{server.id}/policies/{policy['id']}/rules"):
            if _rule_matches(rule, grant_type, scopes, user, group_ids or []):
                token = {**DEFAULT_LIFETIMES, **(((rule.get("actions") or {}).get("token")) or {})}
                return Decision(scopes, _int(token["accessTokenLifetimeMinutes"], 60),
                                _int(token["refreshTokenLifetimeMinutes"], 0),
                                _int(token["refreshTokenWindowMinutes"], 10080), rule)
    raise access_denied()


def _org_server(ctx: Context, client_id: str, grant_type: str, scopes: list[str]) -> Decision:
    """Users sign in to apps with the OIDC scopes; `okta.*` scopes go to the app itself (client_credentials)."""
    if grant_type != "client_credentials":
        if not scopes or any(s not in OIDC_SCOPES for s in scopes):
            raise invalid_scope("The org authorization server issues only the OpenID Connect scopes to users here: "
                                + ", ".join(sorted(OIDC_SCOPES)) + ".")
        return Decision(scopes, ORG_ACCESS_MINUTES, 0, 10080)
    if not scopes:
        raise invalid_scope("The authorization server resource does not have any configured default scopes, "
                            "'scope' must be provided.")
    if bad := [s for s in scopes if not s.startswith("okta.")]:
        raise invalid_scope(f"The following scopes are not allowed for the org authorization server with the "
                            f"client_credentials grant: {', '.join(bad)}.")
    granted = granted_scopes(ctx, client_id)
    if missing := [s for s in scopes if s not in granted]:
        raise invalid_scope(f"The following scopes are not granted to the client: {', '.join(missing)}.")
    return Decision(scopes, ORG_ACCESS_MINUTES)


def granted_scopes(ctx: Context, app_id: str) -> set[str]:
    """The `okta.*` scopes an admin consented to for this app (grants with status ACTIVE)."""
    return {str(d.get("scopeId")) for _, _, d in ctx.tx.list(ctx.org, f"/api/v1/apps/{app_id}/grants")
            if d.get("status", "ACTIVE") == "ACTIVE" and d.get("scopeId")}


def _rule_matches(rule: Document, grant_type: str, scopes: list[str], user: Document | None,
                  group_ids: list[str]) -> bool:
    conditions = rule.get("conditions") or {}
    grants = (conditions.get("grantTypes") or {}).get("include") or []
    if grant_type not in grants:
        return False
    allowed = (conditions.get("scopes") or {}).get("include") or []
    if "*" not in allowed and any(s not in allowed for s in scopes):
        return False
    if user is None:
        return True
    people = conditions.get("people") or {}
    users = (people.get("users") or {}).get("include") or []
    groups = (people.get("groups") or {}).get("include") or []
    if not users and not groups:
        return True
    return user.get("id") in users or "EVERYONE" in groups or any(g in groups for g in group_ids)


def _ordered(ctx: Context, coll: str) -> list[Document]:
    docs = [d for _, _, d in ctx.tx.list(ctx.org, coll) if d.get("status", "ACTIVE") == "ACTIVE"]
    return sorted(docs, key=lambda d: _int(d.get("priority"), 1 << 30))


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default
