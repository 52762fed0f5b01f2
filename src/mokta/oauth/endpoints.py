"""The OAuth 2.0 / OIDC endpoints of the org server (`/oauth2/v1/…`, discovery at the org root) and of each custom
server (`/oauth2/{authorizationServerId}/…`): discovery, keys, authorize, token, introspect, revoke, userinfo. They
answer RFC 6749 error JSON; only an unknown or inactive server is an Okta 404."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from mokta.engine import events
from mokta.engine.clients import client_app
from mokta.engine.registry import extension
from mokta.families.users import lookup
from mokta.oauth import authorize as authorization
from mokta.oauth import client_auth, policy, servers, tokens
from mokta.oauth.errors import OAuthError, invalid_grant, invalid_request, invalid_scope
from mokta.oauth.servers import SERVERS, AuthServer
from mokta.types import Context, Document, Reply

# what mokta's token endpoint implements
GRANTS = ("authorization_code", "client_credentials", "password", "refresh_token")
AUTH_METHODS = ["client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none"]
SIGNING_ALGS = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512"]
CLAIMS = ["ver", "jti", "iss", "aud", "iat", "exp", "cid", "uid", "scp", "sub", "auth_time", "name", "email",
          "email_verified", "preferred_username", "groups"]
CUSTOM = "/oauth2/{authorizationServerId}"


def _both(method: str, name: str, org_path: str | None = None, *, form: bool = False
          ) -> Callable[[Callable[[Context, str | None], Reply]], Callable[[Context, str | None], Reply]]:
    """Register one endpoint for the org server and for every custom server."""
    def register(fn: Callable[[Context, str | None], Reply]) -> Callable[[Context, str | None], Reply]:
        extension(method, org_path or f"/oauth2/v1/{name}", public=True, form=form)(lambda ctx: fn(ctx, None))
        custom = f"{CUSTOM}/{name}" if name.startswith(".well-known") else f"{CUSTOM}/v1/{name}"
        extension(method, custom, public=True, form=form)(
            lambda ctx: fn(ctx, ctx.path_params["authorizationServerId"]))
        return fn
    return register


@_both("GET", ".well-known/openid-configuration", "/.well-known/openid-configuration")
def openid_configuration(ctx: Context, server_id: str | None) -> Reply:
    return Reply(200, _metadata(ctx, servers.resolve(ctx, server_id), oidc=True))


@_both("GET", ".well-known/oauth-authorization-server", "/.well-known/oauth-authorization-server")
def oauth_authorization_server(ctx: Context, server_id: str | None) -> Reply:
    return Reply(200, _metadata(ctx, servers.resolve(ctx, server_id), oidc=False))


@_both("GET", "keys")
def keys(ctx: Context, server_id: str | None) -> Reply:
    server = servers.resolve(ctx, server_id)
    return Reply(200, {"keys": servers.jwks(ctx.tx, ctx.org, server)},
                 [("Cache-Control", "max-age=300, must-revalidate")])


@_both("POST", "token", form=True)
def token(ctx: Context, server_id: str | None) -> Reply:
    server = servers.resolve(ctx, server_id)
    try:
        form = client_auth.parse_form(ctx)
        grant = form.get("grant_type", "")
        if not grant:
            raise invalid_request("The request is missing the 'grant_type' parameter.")
        if grant not in GRANTS:
            raise OAuthError(400, "unsupported_grant_type",
                             f"The authorization grant type is not supported by the authorization server: '{grant}'.")
        app = client_auth.authenticate(ctx, form, server, server.endpoint("token"))
        allowed = ((app.get("settings") or {}).get("oauthClient") or {}).get("grant_types") or ["authorization_code"]
        if grant not in allowed:
            raise OAuthError(400, "unauthorized_client", "The client is not authorized to use the provided grant "
                             f"type. Configured grant types: [{', '.join(map(str, allowed))}].")
        return _GRANT_HANDLERS[grant](ctx, server, app, form)
    except OAuthError as e:
        return e.reply()


@_both("POST", "introspect", form=True)
def introspect(ctx: Context, server_id: str | None) -> Reply:
    server = servers.resolve(ctx, server_id)
    try:
        form = client_auth.parse_form(ctx)
        client_auth.authenticate(ctx, form, server, server.endpoint("introspect"))
        value = form.get("token")
        if not value:
            raise invalid_request("The request is missing the 'token' parameter.")
    except OAuthError as e:
        return e.reply()
    claims = tokens.verify_access(ctx.tx, ctx.org, server, value) if value.count(".") == 2 else None
    if claims is not None:
        scp = claims.get("scp") or []
        out: Document = {"active": True, "scope": " ".join(scp), "username": claims.get("sub"),
                         "exp": claims["exp"], "iat": claims.get("iat"), "sub": claims.get("sub"),
                         "aud": claims.get("aud"), "iss": claims.get("iss"), "jti": claims.get("jti"),
                         "token_type": "Bearer", "client_id": claims.get("cid")}
        if claims.get("uid"):
            out["uid"] = claims["uid"]
        return Reply(200, out)
    found = tokens.find_refresh(ctx, value)
    if found is not None and found[1].get("server") == (server.id or ""):
        doc = found[1]
        out = {"active": True, "token_type": "refresh_token", "scope": " ".join(doc.get("scp") or []),
               "client_id": doc.get("cid"), "iss": server.issuer}
        if doc.get("end"):
            out["exp"] = doc["end"]
        if doc.get("uid"):
            out["uid"] = doc["uid"]
        return Reply(200, out)
    return Reply(200, {"active": False})


@_both("POST", "revoke", form=True)
def revoke(ctx: Context, server_id: str | None) -> Reply:
    """Revoking an unknown, expired or foreign token is still a 200: nothing leaks about other clients' tokens."""
    server = servers.resolve(ctx, server_id)
    try:
        form = client_auth.parse_form(ctx)
        app = client_auth.authenticate(ctx, form, server, server.endpoint("revoke"))
        value = form.get("token")
        if not value:
            raise invalid_request("The request is missing the 'token' parameter.")
    except OAuthError as e:
        return e.reply()
    client_id = client_auth.client_id_of(app)
    claims = tokens.verify_access(ctx.tx, ctx.org, server, value)
    if claims is not None and claims.get("cid") == client_id:
        tokens.revoke_access(ctx, str(claims["jti"]))
        _log(ctx, server, app, "revoke", "access_token", str(claims["jti"]), claims["exp"], claims.get("sub"))
    found = tokens.find_refresh(ctx, value)
    if found is not None and found[1].get("cid") == client_id and found[1].get("server") == (server.id or ""):
        tokens.forget_refresh(ctx, found[0])
        _log(ctx, server, app, "revoke", "refresh_token", str(found[1]["id"]), found[1].get("end"), None)
    return Reply(200, b"")


@_both("GET", "authorize")
def authorize(ctx: Context, server_id: str | None) -> Reply:
    return authorization.authorize(ctx, server_id)


@_both("POST", "authorize", form=True)
def authorize_post(ctx: Context, server_id: str | None) -> Reply:
    return authorization.authorize(ctx, server_id)


@_both("GET", "userinfo")
def userinfo(ctx: Context, server_id: str | None) -> Reply:
    return _userinfo(ctx, server_id)


@_both("POST", "userinfo", form=True)
def userinfo_post(ctx: Context, server_id: str | None) -> Reply:
    return _userinfo(ctx, server_id)


def _userinfo(ctx: Context, server_id: str | None) -> Reply:
    """The signed-in user's claims for an access token of this server carrying `openid`; a client's own token
    (no user) or one without `openid` is refused as Okta does, with a `WWW-Authenticate` challenge."""
    server = servers.resolve(ctx, server_id)
    scheme, _, value = ctx.request.headers.get("authorization", "").strip().partition(" ")
    claims = (tokens.verify_access(ctx.tx, ctx.org, server, value.strip())
              if scheme.lower() in ("bearer", "dpop") and value.strip() else None)
    if claims is None:
        return _challenge(401, "invalid_token", "The access token is invalid.")
    scopes = [str(s) for s in claims.get("scp") or []]
    user = ctx.tx.get(ctx.org, f"/api/v1/users/{claims.get('uid')}") if claims.get("uid") else None
    if "openid" not in scopes or user is None:
        return _challenge(403, "insufficient_scope", "The access token must provide access to at least one of "
                          "these scopes - profile, email, address or phone")
    app = client_app(ctx.tx, ctx.org, str(claims.get("cid")))
    return Reply(200, tokens.userinfo_claims(ctx, server, app, user, scopes))


def _challenge(status: int, error: str, description: str) -> Reply:
    header = f'Bearer authorization_uri="", error="{error}", error_description="{description}"'
    return Reply(status, {"error": error, "error_description": description}, [("WWW-Authenticate", header)])


# -- grants -------------------------------------------------------------------------------------------------------


def _client_credentials(ctx: Context, server: AuthServer, app: Document, form: dict[str, str]) -> Reply:
    client_id = client_auth.client_id_of(app)
    method = ((app.get("credentials") or {}).get("oauthClient") or {}).get("token_endpoint_auth_method")
    if method == "none":
        raise OAuthError(401, "invalid_client", "The client_credentials grant requires a confidential client.")
    decision = policy.decide(ctx, server, client_id, "client_credentials", policy.requested_scopes(form.get("scope")))
    return _answer(ctx, server, app, client_id, decision, "client_credentials", None)


def _password(ctx: Context, server: AuthServer, app: Document, form: dict[str, str]) -> Reply:
    username, password = form.get("username"), form.get("password")
    if not username or not password:
        raise invalid_request("The 'username' and 'password' parameters are required for the password grant.")
    user = authorization.authenticate_user(ctx, username, password)
    if user is None:
        raise invalid_grant("The credentials provided were invalid.")
    client_id = client_auth.client_id_of(app)
    decision = policy.decide(ctx, server, client_id, "password", policy.requested_scopes(form.get("scope")),
                             user, _group_ids(ctx, str(user["id"])))
    return _answer(ctx, server, app, client_id, decision, "password", user)


def _refresh(ctx: Context, server: AuthServer, app: Document, form: dict[str, str]) -> Reply:
    client_id = client_auth.client_id_of(app)
    found = tokens.find_refresh(ctx, form.get("refresh_token") or "")
    if found is None or found[1].get("cid") != client_id or found[1].get("server") != (server.id or ""):
        raise invalid_grant("The refresh token is invalid or expired.")
    path, record = found
    held = list(record.get("scp") or [])
    asked = policy.requested_scopes(form.get("scope")) or held
    if any(s not in held for s in asked):
        raise invalid_scope("The requested scope is invalid, unknown, or malformed.")
    user = ctx.tx.get(ctx.org, f"/api/v1/users/{record['uid']}") if record.get("uid") else None
    if record.get("uid") and (user is None or user.get("status") != "ACTIVE"):
        raise invalid_grant("The refresh token is invalid or expired.")
    decision = policy.decide(ctx, server, client_id, str(record.get("grant") or "password"), asked, user,
                             _group_ids(ctx, str(user["id"])) if user else None)
    access, claims = tokens.issue_access(ctx, server, app, client_id, decision, user)
    body = _body(access, claims, decision)
    if user is not None and "openid" in decision.scopes:
        body["id_token"] = tokens.issue_id_token(ctx, server, app, client_id, user, decision.scopes, access,
                                                 decision.access_minutes)
    rotation = ((((app.get("settings") or {}).get("oauthClient") or {}).get("refresh_token") or {})
                .get("rotation_type") or "STATIC")
    _log(ctx, server, app, "grant.access_token", "access_token", str(claims["jti"]), claims["exp"], claims["sub"])
    if rotation == "ROTATE":
        tokens.forget_refresh(ctx, path)
        body["refresh_token"], rid = tokens.issue_refresh(ctx, server, client_id, decision,
                                                          str(record.get("grant")), user, record.get("end"))
        _log(ctx, server, app, "grant.refresh_token", "refresh_token", rid, record.get("end"), claims["sub"])
    else:
        if decision.refresh_window_minutes:
            record["idleUntil"] = int(time.time()) + decision.refresh_window_minutes * 60
            ctx.tx.put(ctx.org, path, record)
        body["refresh_token"] = form["refresh_token"]
    return Reply(200, body, [("Cache-Control", "no-store"), ("Pragma", "no-cache")])


def _authorization_code(ctx: Context, server: AuthServer, app: Document, form: dict[str, str]) -> Reply:
    client_id = client_auth.client_id_of(app)
    record = authorization.redeem(ctx, server, client_id, form)
    user = ctx.tx.get(ctx.org, f"/api/v1/users/{record['uid']}")
    if user is None or user.get("status") != "ACTIVE":
        raise invalid_grant("The authorization code is invalid or has expired.")
    decision = policy.decide(ctx, server, client_id, "authorization_code", list(record.get("scp") or []), user,
                             _group_ids(ctx, str(user["id"])))
    return _answer(ctx, server, app, client_id, decision, "authorization_code", user, record.get("nonce"))


_GRANT_HANDLERS = {"authorization_code": _authorization_code, "client_credentials": _client_credentials,
                   "password": _password, "refresh_token": _refresh}


# -- private ------------------------------------------------------------------------------------------------------


def _answer(ctx: Context, server: AuthServer, app: Document, client_id: str, decision: policy.Decision, grant: str,
            user: Document | None, nonce: str | None = None) -> Reply:
    access, claims = tokens.issue_access(ctx, server, app, client_id, decision, user)
    body = _body(access, claims, decision)
    _log(ctx, server, app, "grant.access_token", "access_token", str(claims["jti"]), claims["exp"], claims["sub"])
    if user is not None and "openid" in decision.scopes:
        body["id_token"] = tokens.issue_id_token(ctx, server, app, client_id, user, decision.scopes, access,
                                                 decision.access_minutes, nonce)
    allowed = ((app.get("settings") or {}).get("oauthClient") or {}).get("grant_types") or []
    if user is not None and "offline_access" in decision.scopes and "refresh_token" in allowed:
        body["refresh_token"], rid = tokens.issue_refresh(ctx, server, client_id, decision, grant, user)
        _log(ctx, server, app, "grant.refresh_token", "refresh_token", rid, None, claims["sub"])
    return Reply(200, body, [("Cache-Control", "no-store"), ("Pragma", "no-cache")])


def _log(ctx: Context, server: AuthServer, app: Document, what: str, token_type: str, token_id: str,
         expires: int | None, subject: object) -> None:
    """The System Log entry Okta writes for a grant or a revocation, with the client as the actor."""
    client_id = client_auth.client_id_of(app)
    kind = f"app.oauth2.{'token' if server.id is None else 'as.token'}.{what}"
    expiry = datetime.fromtimestamp(expires, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z") if expires else None
    events.record(ctx, Reply(200), kind=kind,
                  actor={"id": client_id, "type": "PublicClientApp", "alternateId": client_id,
                         "displayName": str(app.get("label") or client_id), "detailEntry": None},
                  targets=[{"id": token_id, "type": token_type, "alternateId": server.issuer,
                            "displayName": token_type.replace("_", " ").title(),
                            "detailEntry": {"expires": expiry, "subject": subject}}])


def _body(access: str, claims: Document, decision: policy.Decision) -> Document:
    return {"token_type": "Bearer", "expires_in": claims["exp"] - claims["iat"], "access_token": access,
            "scope": " ".join(decision.scopes)}


def _group_ids(ctx: Context, user_id: str) -> list[str]:
    return lookup.group_ids(ctx, user_id)


def _metadata(ctx: Context, server: AuthServer, *, oidc: bool) -> Document:
    """Discovery: every URL under the address the caller used; custom servers publish their ALL_CLIENTS scopes."""
    if server.id is None:
        scopes = sorted(policy.OIDC_SCOPES)
    else:
        scopes = [str(d["name"]) for _, _, d in ctx.tx.list(ctx.org, f"{SERVERS}/{server.id}/scopes")
                  if d.get("metadataPublish") == "ALL_CLIENTS" and d.get("name")]
    doc: Document = {
        "issuer": server.issuer,
        "authorization_endpoint": server.endpoint("authorize"),
        "token_endpoint": server.endpoint("token"),
        "registration_endpoint": f"{server.base_url}/oauth2/v1/clients",
        "jwks_uri": server.endpoint("keys"),
        "response_types_supported": ["code", "id_token", "code id_token", "code token", "id_token token",
                                     "code id_token token"],
        "response_modes_supported": ["query", "fragment", "form_post", "okta_post_message"],
        "grant_types_supported": ["authorization_code", "implicit", "refresh_token", "password",
                                  "client_credentials", "urn:ietf:params:oauth:grant-type:device_code"],
        "scopes_supported": scopes,
        "token_endpoint_auth_methods_supported": AUTH_METHODS,
        "claims_supported": CLAIMS,
        "code_challenge_methods_supported": ["S256"],
        "introspection_endpoint": server.endpoint("introspect"),
        "introspection_endpoint_auth_methods_supported": AUTH_METHODS,
        "revocation_endpoint": server.endpoint("revoke"),
        "revocation_endpoint_auth_methods_supported": AUTH_METHODS,
        "end_session_endpoint": server.endpoint("logout"),
        "request_parameter_supported": True,
        "request_object_signing_alg_values_supported": SIGNING_ALGS,
        "device_authorization_endpoint": server.endpoint("device/authorize"),
        "dpop_signing_alg_values_supported": ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"],
    }
    if oidc:
        doc["userinfo_endpoint"] = server.endpoint("userinfo")
        doc["subject_types_supported"] = ["public"]
        doc["id_token_signing_alg_values_supported"] = ["RS256"]
    return doc

