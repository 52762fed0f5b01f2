"""Access tokens are RS256 JWTs signed by the server's ACTIVE key and recorded by a digest of their `jti` until they
expire (revoking deletes the record; expired records are purged as tokens are issued); refresh tokens are opaque,
stored hashed with the grant they renew. Both live in the store, so any worker on either backend can verify,
introspect or revoke them."""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from datetime import UTC, datetime
from typing import Any

from mokta import expressions
from mokta.engine import ids
from mokta.engine.keys import b64url
from mokta.families.users import lookup
from mokta.oauth import jose, servers
from mokta.oauth.errors import OAuthError
from mokta.oauth.policy import Decision
from mokta.oauth.servers import SERVERS, AuthServer
from mokta.seed_data import PRIVATE_ROOT
from mokta.store.base import Tx
from mokta.types import Context, Document

ISSUED = f"{PRIVATE_ROOT}/oauth/accessTokens"  # live access tokens: a digest of the jti per token, by server
ACCESS_KIND = "oauth_access_token"
REFRESH = f"{PRIVATE_ROOT}/oauth/refreshTokens"
REFRESH_KIND = "oauth_refresh_token"


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def issue_access(ctx: Context, server: AuthServer, app: Document, client_id: str, decision: Decision,
                 user: Document | None = None) -> tuple[str, Document]:
    """Sign and record an access token; `sub` is the user's login, or the client for a client's own token."""
    key = servers.signing_key(ctx.tx, ctx.org, server)
    if key is None:
        raise OAuthError(500, "server_error", "The authorization server has no active signing key.")
    now = int(time.time())
    jti = "AT." + secrets.token_urlsafe(32)
    claims: dict[str, Any] = {"ver": 1, "jti": jti, "iss": server.issuer, "aud": server.audience, "iat": now,
                              "exp": now + decision.access_minutes * 60, "cid": client_id}
    if user is not None:
        claims["uid"] = user["id"]
    claims["scp"] = list(decision.scopes)
    if user is not None:
        claims["auth_time"] = now
    claims["sub"] = str((user.get("profile") or {}).get("login")) if user is not None else client_id
    if server.id is not None:
        claims.update(_custom_claims(ctx, server, app, decision.scopes, user, set(claims)))
    token = jose.sign(claims, str(key["privateKeyPem"]), str(key["kid"]))
    ctx.tx.purge_secrets(ACCESS_KIND, _stamp(now))
    ctx.tx.put_secret(ctx.org, digest(jti), ACCESS_KIND, _issued_path(server), _stamp(claims["exp"]))
    return token, claims


def issue_id_token(ctx: Context, server: AuthServer, app: Document, client_id: str, user: Document,
                   scopes: list[str], access_token: str, minutes: int, nonce: str | None = None) -> str:
    """The ID token of a user grant with `openid`: the user's id as `sub`, profile and email claims by scope, and
    `at_hash` binding it to the access token issued beside it."""
    key = servers.signing_key(ctx.tx, ctx.org, server)
    if key is None:
        raise OAuthError(500, "server_error", "The authorization server has no active signing key.")
    now = int(time.time())
    half = hashlib.sha256(access_token.encode()).digest()[:16]
    claims: dict[str, Any] = {"sub": user["id"], "ver": 1, "iss": server.issuer, "aud": client_id, "iat": now,
                              "exp": now + minutes * 60, "jti": "ID." + secrets.token_urlsafe(32), "amr": ["pwd"],
                              "idp": ctx.org, "auth_time": now, "at_hash": b64url(half)}
    if nonce:
        claims["nonce"] = nonce
    claims.update(user_claims(user, scopes))
    if server.id is not None:
        claims.update(_custom_claims(ctx, server, app, scopes, user, set(claims), "IDENTITY"))
    return jose.sign({k: v for k, v in claims.items() if v is not None}, str(key["privateKeyPem"]), str(key["kid"]))


def user_claims(user: Document, scopes: list[str]) -> Document:
    """The standard OIDC claims a user's profile answers, by scope (ID tokens and userinfo)."""
    profile = user.get("profile") or {}
    out: Document = {}
    if "profile" in scopes:
        name = " ".join(str(p) for p in (profile.get("firstName"), profile.get("lastName")) if p)
        out.update(name=name or None, given_name=profile.get("firstName"), family_name=profile.get("lastName"),
                   middle_name=profile.get("middleName"), nickname=profile.get("nickName"),
                   preferred_username=profile.get("login"), profile=profile.get("profileUrl"),
                   locale=profile.get("locale"), zoneinfo=profile.get("timezone"),
                   updated_at=_epoch(user.get("lastUpdated")))
    if "email" in scopes and profile.get("email"):
        out.update(email=profile.get("email"), email_verified=True)
    if "phone" in scopes:
        out.update(phone_number=profile.get("mobilePhone") or profile.get("primaryPhone"))
    if "address" in scopes:
        address = {"street_address": profile.get("streetAddress"), "locality": profile.get("city"),
                   "region": profile.get("state"), "postal_code": profile.get("zipCode"),
                   "country": profile.get("countryCode")}
        out.update(address={k: v for k, v in address.items() if v} or None)
    return {k: v for k, v in out.items() if v is not None}


def userinfo_claims(ctx: Context, server: AuthServer, app: Document | None, user: Document,
                    scopes: list[str]) -> Document:
    """What `userinfo` answers: `sub`, the standard claims by scope and the server's identity claims."""
    out: Document = {"sub": user["id"], **user_claims(user, scopes)}
    if server.id is not None:
        out.update(_custom_claims(ctx, server, app or {}, scopes, user, set(out), "IDENTITY", always_only=False))
    return out


def _epoch(stamp: object) -> int | None:
    try:
        return int(datetime.strptime(str(stamp)[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC).timestamp())
    except ValueError:
        return None


def issue_refresh(ctx: Context, server: AuthServer, client_id: str, decision: Decision, grant_type: str,
                  user: Document | None, lifetime_end: int | None = None) -> tuple[str, str]:
    """A fresh opaque refresh token and its record's id; its absolute end is kept across rotations."""
    value = secrets.token_urlsafe(32)
    now = int(time.time())
    if lifetime_end is None and decision.refresh_minutes:
        lifetime_end = now + decision.refresh_minutes * 60
    rid = ids.new_id("oar")
    path = f"{REFRESH}/{rid}"
    ctx.tx.put(ctx.org, path, {
        "id": rid, "server": server.id or "", "cid": client_id, "scp": list(decision.scopes),
        "uid": user["id"] if user else None, "grant": grant_type, "end": lifetime_end,
        "idleUntil": now + decision.refresh_window_minutes * 60 if decision.refresh_window_minutes else None,
        "created": ids.now()})
    ctx.tx.put_secret(ctx.org, digest(value), REFRESH_KIND, path)
    return value, rid


def find_refresh(ctx: Context, value: str) -> tuple[str, Document] | None:
    """The live record of a refresh token of this org (expired ones are as good as gone)."""
    found = ctx.tx.find_secret_document(digest(value), REFRESH_KIND)
    if found is None or found[0] != ctx.org:
        return None
    _, path, doc = found
    now = time.time()
    if (doc.get("end") and now >= doc["end"]) or (doc.get("idleUntil") and now >= doc["idleUntil"]):
        return None
    return path, doc


def forget_refresh(ctx: Context, path: str) -> None:
    ctx.tx.delete_tree(ctx.org, path)


def verify_access(tx: Tx, org: str, server: AuthServer, token: str) -> Document | None:
    """The claims of a live access token of this server: signature against a published key, issuer, expiry and
    its record still held (not revoked). None for anything else."""
    try:
        header, claims, signing_input, signature = jose.decode(token)
    except jose.JoseError:
        return None
    if header.get("alg") != "RS256" or not isinstance(header.get("kid"), str):
        return None
    jwk = servers.verification_key(tx, org, server, header["kid"])
    try:
        if jwk is None or not jose.verify_asymmetric("RS256", jwk, signing_input, signature):
            return None
    except jose.JoseError:
        return None
    exp = claims.get("exp")
    if claims.get("iss") != server.issuer or not isinstance(exp, int) or exp <= time.time():
        return None
    record = tx.find_secret(digest(str(claims.get("jti"))), ACCESS_KIND)
    if record is None or record[0] != org or record[1] != _issued_path(server):
        return None
    return claims


def revoke_access(ctx: Context, jti: str) -> None:
    ctx.tx.delete_secret(digest(jti))


def _issued_path(server: AuthServer) -> str:
    return f"{ISSUED}/{server.id or 'org'}"


def _stamp(epoch: float) -> str:
    """Expiry as text that sorts in time order (how the store compares it)."""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _custom_claims(ctx: Context, server: AuthServer, app: Document, scopes: list[str], user: Document | None,
                   taken: set[str], claim_type: str = "RESOURCE", *, always_only: bool = True) -> Document:
    """The server's ACTIVE claims of one type (RESOURCE: access token, IDENTITY: ID token, when marked always
    included) whose scope condition the grant meets. EXPRESSION values run through the Expression Language, GROUPS
    values filter the user's group names; a claim that fails to evaluate is left out, as Okta does."""
    out: Document = {}
    groups: dict[str, str] | None = None
    for _, _, claim in ctx.tx.list(ctx.org, f"{SERVERS}/{server.id}/claims"):
        name = str(claim.get("name") or "")
        if (claim.get("claimType") != claim_type or claim.get("status", "ACTIVE") != "ACTIVE" or not name
                or name in taken or claim.get("system")
                or (claim_type == "IDENTITY" and always_only and not claim.get("alwaysIncludeInToken"))):
            continue
        wanted = (claim.get("conditions") or {}).get("scopes") or []
        if wanted and not any(s in scopes for s in wanted):
            continue
        if user is not None and groups is None and claim.get("valueType") in ("GROUPS", "EXPRESSION"):
            groups = _groups(ctx, str(user["id"]))
        value = _claim_value(claim, app, user, groups or {})
        if value is not None:
            out[name] = value
    return out


def _groups(ctx: Context, user_id: str) -> dict[str, str]:
    """The user's groups, id -> name."""
    ids_ = lookup.group_ids(ctx, user_id)
    docs = ctx.tx.get_many(ctx.org, [f"/api/v1/groups/{g}" for g in ids_])
    return {str(d["id"]): str((d.get("profile") or {}).get("name") or "") for d in docs.values()}


def _claim_value(claim: Document, app: Document, user: Document | None, groups: dict[str, str]) -> Any:
    kind, text = claim.get("valueType"), str(claim.get("value") or "")
    if kind == "GROUPS":
        if user is None:
            return None
        return [n for n in sorted(groups.values()) if _group_matches(str(claim.get("group_filter_type")), text, n)]
    if kind != "EXPRESSION":
        return None
    client = ((app.get("credentials") or {}).get("oauthClient") or {})
    context = expressions.EvalContext(
        user=dict((user or {}).get("profile") or {}), user_fields={k: v for k, v in (user or {}).items()
                                                                  if k != "profile"},
        group_ids=frozenset(groups), group_names=groups,
        app={"id": app.get("id"), "clientId": client.get("client_id") or app.get("id"), "label": app.get("label"),
             "name": app.get("name")})
    try:
        value = expressions.parse(text).evaluate(context)
    except Exception:  # noqa: BLE001 - a claim that can't be evaluated is left out, never a failed grant
        return None
    return value if isinstance(value, str | int | float | bool | list | dict) else None


def _group_matches(kind: str, value: str, name: str) -> bool:
    if kind == "EQUALS":
        return name == value
    if kind == "STARTS_WITH":
        return name.startswith(value)
    if kind == "CONTAINS":
        return value in name
    if kind == "REGEX":
        try:
            return re.fullmatch(value, name) is not None
        except re.error:
            return False
    return False
