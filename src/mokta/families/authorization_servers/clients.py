"""Refresh tokens seen from a server (its clients and their tokens), from an app (`/apps/{appId}/tokens`) and from
a user (`/users/{userId}/clients/...`). The token runtime writes one record per live refresh token at
`/mokta/oauth/refreshTokens/{id}` ({id, server ("" for the org server), cid, scp, uid, end (epoch seconds or null),
created}); these operations only read and revoke them."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from mokta.engine import generic
from mokta.engine.clients import client_app
from mokta.engine.registry import handles
from mokta.families.authorization_servers.servers import SERVERS
from mokta.http.errors import not_found
from mokta.http.paging import paged
from mokta.seed_data import PRIVATE_ROOT
from mokta.types import Context, Document, Reply

REFRESH_TOKENS = f"{PRIVATE_ROOT}/oauth/refreshTokens"


@handles("listOAuth2ClientsForAuthorizationServer")
def list_clients(ctx: Context) -> Reply:
    own = _server(ctx)
    return _clients(ctx, own, _tokens(ctx, own))


@handles("listRefreshTokensForAuthorizationServerAndClient")
def list_refresh_tokens(ctx: Context) -> Reply:
    own, cid = _server(ctx), _client_id(ctx)
    schema = ctx.rt.item_schema(ctx.op.response_schema)
    docs = [generic.fill(ctx, schema, _token_out(ctx, own, doc)) for _, _, doc in _tokens(ctx, own, cid)]
    return paged(ctx, docs, None)


@handles("getRefreshTokenForAuthorizationServerAndClient")
def get_refresh_token(ctx: Context) -> Reply:
    own, cid = _server(ctx), _client_id(ctx)
    doc = _token(ctx, own, cid)
    return Reply(200, generic.fill(ctx, ctx.op.response_schema, _token_out(ctx, own, doc)))


@handles("revokeRefreshTokensForAuthorizationServerAndClient")
def revoke_refresh_tokens(ctx: Context) -> Reply:
    own, cid = _server(ctx), _client_id(ctx)
    for _, path, _doc in _tokens(ctx, own, cid):
        ctx.tx.delete_tree(ctx.org, path)
    return Reply(204, None)


@handles("revokeRefreshTokenForAuthorizationServerAndClient")
def revoke_refresh_token(ctx: Context) -> Reply:
    own, cid = _server(ctx), _client_id(ctx)
    doc = _token(ctx, own, cid)
    ctx.tx.delete_tree(ctx.org, f"{REFRESH_TOKENS}/{doc['id']}")
    return Reply(204, None)


@handles("listOAuth2TokensForApplication")
def list_app_tokens(ctx: Context) -> Reply:
    cid = _app_client_id(ctx)
    return _listed(ctx, [doc for _, _, doc in _tokens(ctx, None, cid)])


@handles("getOAuth2TokenForApplication")
def get_app_token(ctx: Context) -> Reply:
    doc = _token(ctx, None, _app_client_id(ctx))
    return Reply(200, generic.fill(ctx, ctx.op.response_schema, _token_out(ctx, str(doc.get("server") or ""), doc)))


@handles("revokeOAuth2TokensForApplication")
def revoke_app_tokens(ctx: Context) -> Reply:
    return _revoked(ctx, _tokens(ctx, None, _app_client_id(ctx)))


@handles("revokeOAuth2TokenForApplication")
def revoke_app_token(ctx: Context) -> Reply:
    doc = _token(ctx, None, _app_client_id(ctx))
    ctx.tx.delete_tree(ctx.org, f"{REFRESH_TOKENS}/{doc['id']}")
    return Reply(204, None)


@handles("listUserClients")
def list_user_clients(ctx: Context) -> Reply:
    """The OAuth clients the user holds refresh tokens for."""
    return _clients(ctx, None, _tokens(ctx, None, None, _user_id(ctx)))


@handles("listRefreshTokensForUserAndClient")
def list_user_tokens(ctx: Context) -> Reply:
    return _listed(ctx, [doc for _, _, doc in _tokens(ctx, None, _client_id(ctx), _user_id(ctx))])


@handles("getRefreshTokenForUserAndClient")
def get_user_token(ctx: Context) -> Reply:
    doc = _token(ctx, None, _client_id(ctx), _user_id(ctx))
    return Reply(200, generic.fill(ctx, ctx.op.response_schema, _token_out(ctx, str(doc.get("server") or ""), doc)))


@handles("revokeTokensForUserAndClient")
def revoke_user_tokens(ctx: Context) -> Reply:
    return _revoked(ctx, _tokens(ctx, None, _client_id(ctx), _user_id(ctx)))


@handles("revokeTokenForUserAndClient")
def revoke_user_token(ctx: Context) -> Reply:
    doc = _token(ctx, None, _client_id(ctx), _user_id(ctx))
    ctx.tx.delete_tree(ctx.org, f"{REFRESH_TOKENS}/{doc['id']}")
    return Reply(204, None)


# -- private ------------------------------------------------------------------------------------------------------


def _clients(ctx: Context, own: str | None, rows: list[tuple[int, str, Document]]) -> Reply:
    """The clients these tokens were issued to, once each, in the order of their first token."""
    seen: dict[str, Document] = {}
    for _, _, token in rows:
        cid = str(token.get("cid"))
        app = seen.get(cid) or client_app(ctx.tx, ctx.org, cid)
        if app is not None:
            seen[cid] = app
    schema = ctx.rt.item_schema(ctx.op.response_schema)
    return Reply(200, [generic.fill(ctx, schema, _client(ctx, own, cid, app)) for cid, app in seen.items()])


def _listed(ctx: Context, docs: list[Document]) -> Reply:
    schema = ctx.rt.item_schema(ctx.op.response_schema)
    return paged(ctx, [generic.fill(ctx, schema, _token_out(ctx, d.get("server") or "", d)) for d in docs], None)


def _revoked(ctx: Context, rows: list[tuple[int, str, Document]]) -> Reply:
    for _, path, _doc in rows:
        ctx.tx.delete_tree(ctx.org, path)
    return Reply(204, None)


def _app_client_id(ctx: Context) -> str:
    """The client id of an app (an app that is no OAuth client holds no tokens)."""
    app = generic.load(ctx, f"/api/v1/apps/{ctx.path_params['appId']}", "App")
    return str(((app.get("credentials") or {}).get("oauthClient") or {}).get("client_id") or app["id"])


def _user_id(ctx: Context) -> str:
    uid = ctx.path_params["userId"]
    generic.load(ctx, f"/api/v1/users/{uid}", "User")
    return uid


def _server(ctx: Context) -> str:
    own = ctx.path_params["authServerId"]
    generic.load(ctx, f"{SERVERS}/{own}", "AuthorizationServer")
    return own


def _client_id(ctx: Context) -> str:
    cid = ctx.path_params["clientId"]
    if client_app(ctx.tx, ctx.org, cid) is None:
        raise not_found(f"Resource not found: {cid} (Client)")
    return cid


def _tokens(ctx: Context, own: str | None, cid: str | None = None,
            uid: str | None = None) -> list[tuple[int, str, Document]]:
    """The live refresh tokens of the server (any server when None), of one client and one user when given, oldest
    first; expired ones are as good as gone."""
    now = time.time()
    return [r for r in ctx.tx.list(ctx.org, REFRESH_TOKENS)
            if (own is None or r[2].get("server") == own) and (cid is None or r[2].get("cid") == cid)
            and (uid is None or r[2].get("uid") == uid) and not (r[2].get("end") and now >= r[2]["end"])]


def _token(ctx: Context, own: str | None, cid: str, uid: str | None = None) -> Document:
    token_id = ctx.path_params["tokenId"]
    doc = ctx.tx.get(ctx.org, f"{REFRESH_TOKENS}/{token_id}")
    live = doc is not None and not (doc.get("end") and time.time() >= doc["end"])
    if (not live or doc is None or (own is not None and doc.get("server") != own) or doc.get("cid") != cid
            or (uid is not None and doc.get("uid") != uid)):
        raise not_found(f"Resource not found: {token_id} (RefreshToken)")
    return doc


def _client(ctx: Context, own: str | None, cid: str, app: Document) -> Document:
    """A client as a server lists it, or (no server) as a user's client with its tokens and grants."""
    owner = f"{SERVERS}/{own}" if own is not None else f"/api/v1/users/{ctx.path_params['userId']}"
    links = {"self": {"href": ctx.url(f"/oauth2/v1/clients/{cid}")},
             "tokens": {"href": ctx.url(f"{owner}/clients/{cid}/tokens")}}
    if own is None:
        links["grants"] = {"href": ctx.url(f"{owner}/clients/{cid}/grants")}
    return {"client_id": cid, "client_name": app.get("label"), "client_uri": None, "logo_uri": None,
            "_links": links}


def _token_out(ctx: Context, own: str, doc: Document) -> Document:
    """Okta's refresh token shape; `expand=scope` embeds the scope objects."""
    cid, uid = str(doc.get("cid")), doc.get("uid")
    server = (ctx.tx.get(ctx.org, f"{SERVERS}/{own}") or {}) if own else {}
    issuer = str(server.get("issuer") or (f"/oauth2/{own}" if own else ""))  # the org server's issuer is the org
    app = client_app(ctx.tx, ctx.org, cid) or {}
    if own:
        self_path = f"{SERVERS}/{own}/clients/{cid}/tokens/{doc['id']}"
    elif uid:
        self_path = f"/api/v1/users/{uid}/clients/{cid}/tokens/{doc['id']}"
    else:
        self_path = f"/api/v1/apps/{app.get('id', cid)}/tokens/{doc['id']}"
    out: Document = {
        "id": doc["id"], "status": "ACTIVE", "created": doc.get("created"), "lastUpdated": doc.get("created"),
        "expiresAt": _iso(doc["end"]) if doc.get("end") else None,
        "issuer": ctx.request.base_url + issuer if issuer.startswith("/") else issuer,
        "clientId": cid, "userId": uid, "scopes": list(doc.get("scp") or []),
        "_links": {"self": {"href": ctx.url(self_path)},
                   "revoke": {"href": ctx.url(self_path), "hints": {"allow": ["DELETE"]}},
                   "app": {"href": ctx.url(f"/api/v1/apps/{app.get('id', cid)}"), "title": app.get("label")},
                   "client": {"href": ctx.url(f"/oauth2/v1/clients/{cid}"), "title": app.get("label")}},
    }
    if own:
        out["_links"]["authorizationServer"] = {"href": ctx.url(f"{SERVERS}/{own}"), "title": server.get("name")}
    if uid:
        out["_links"]["user"] = {"href": ctx.url(f"/api/v1/users/{uid}")}
    if "scope" in str(ctx.query.get("expand") or ""):
        names = set(out["scopes"])
        out["_embedded"] = {"scopes": [
            {"id": s["id"], "name": s.get("name"), "displayName": s.get("displayName"),
             "description": s.get("description"), "_links": {"scope": {"href": ctx.url(p)}}}
            for _, p, s in ctx.tx.list(ctx.org, f"{SERVERS}/{own}/scopes") if own and s.get("name") in names]}
    return out


def _iso(epoch: float) -> str:
    t = datetime.fromtimestamp(epoch, UTC)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
