"""OAuth client credentials: client secrets (at most two, shown in full only when created, masked afterwards; only an
inactive one may be deleted and the last active one stays active) and client JWKs (real RSA/EC public keys, same
lifecycle rules). Plain secrets live in a private document the API never returns."""

from __future__ import annotations

import base64
import hashlib

from mokta.engine import clients, generic, ids
from mokta.engine.registry import handles
from mokta.families.apps.crypto import UnusableKey, check_client_jwk
from mokta.http.errors import invalid
from mokta.types import Context, Document, Reply

APPS = "/api/v1/apps"
MAX_SECRETS = 2
MAX_JWKS = 50
MIN_SECRET_LENGTH = 14
MIN_JWT_SECRET_LENGTH = 32


# -- client secrets -----------------------------------------------------------------------------------------------


@handles("listOAuth2ClientSecrets")
def list_secrets(ctx: Context) -> Reply:
    oauth_app(ctx)
    return generic.serve(ctx)


@handles("createOAuth2ClientSecret")
def create_secret(ctx: Context) -> Reply:
    app = oauth_app(ctx)
    if len(ctx.tx.list(ctx.org, _secrets(app["id"]))) >= MAX_SECRETS:
        raise invalid(f"client_secret: an app can hold at most {MAX_SECRETS} client secrets")
    body = generic.body_object(ctx)
    doc, plain = mint_secret(ctx, app["id"], body.get("client_secret"), str(body.get("status") or "ACTIVE"))
    return Reply(201, generic.output(ctx, f"{_secrets(app['id'])}/{doc['id']}", {**doc, "client_secret": plain}))


@handles("deactivateOAuth2ClientSecret")
def deactivate_secret(ctx: Context) -> Reply:
    app = oauth_app(ctx)
    doc = _secret(ctx, app)
    if _last_active(ctx, _secrets(app["id"]), doc):
        raise invalid("status: the last active client secret can't be deactivated")
    return _set_status(ctx, f"{_secrets(app['id'])}/{doc['id']}", doc, "INACTIVE")


@handles("activateOAuth2ClientSecret")
def activate_secret(ctx: Context) -> Reply:
    app = oauth_app(ctx)
    doc = _secret(ctx, app)
    return _set_status(ctx, f"{_secrets(app['id'])}/{doc['id']}", doc, "ACTIVE")


@handles("deleteOAuth2ClientSecret")
def delete_secret(ctx: Context) -> Reply:
    app = oauth_app(ctx)
    doc = _secret(ctx, app)
    _deletable(doc, "client secret")
    plain = ctx.tx.get(ctx.org, f"{clients.SECRETS_ROOT}/{app['id']}/{doc['id']}") or {}
    ctx.tx.delete_tree(ctx.org, f"{_secrets(app['id'])}/{doc['id']}")
    ctx.tx.delete_tree(ctx.org, f"{clients.SECRETS_ROOT}/{app['id']}/{doc['id']}")
    oauth = (app.get("credentials") or {}).get("oauthClient") or {}
    if plain.get("client_secret") and oauth.get("client_secret") == plain["client_secret"]:
        oauth.pop("client_secret")
        ctx.tx.put(ctx.org, f"{APPS}/{app['id']}", app)
    return Reply(204)


def mint_secret(ctx: Context, app_id: str, plain: object = None, status: str = "ACTIVE") -> tuple[Document, str]:
    """A new client secret: the masked public document and, privately, the plain value the token endpoint checks.
    A client_secret_jwt client signs with its secret, which must then be long enough for HS256."""
    if plain is None:
        plain = ids.random_token(64)
    app = ctx.tx.get(ctx.org, f"{APPS}/{app_id}") or {}
    method = ((app.get("credentials") or {}).get("oauthClient") or {}).get("token_endpoint_auth_method")
    shortest = MIN_JWT_SECRET_LENGTH if method == "client_secret_jwt" else MIN_SECRET_LENGTH
    if not isinstance(plain, str) or not shortest <= len(plain) <= 100 or not plain.isprintable():
        raise invalid(f"client_secret: must be {shortest} to 100 printable characters")
    secret_id = ids.new_id("ocs")
    stamp = ids.now()
    digest = hashlib.sha256(plain.encode()).digest()[:16]
    verb = "activate" if status == "INACTIVE" else "deactivate"
    path = f"{_secrets(app_id)}/{secret_id}"
    doc = {"id": secret_id, "status": status, "client_secret": masked(plain),
           "secret_hash": base64.urlsafe_b64encode(digest).rstrip(b"=").decode(), "created": stamp,
           "lastUpdated": stamp, "_links": {verb: {"href": f"{path}/lifecycle/{verb}", "hints": {"allow": ["POST"]}}}}
    ctx.tx.put(ctx.org, path, doc)
    ctx.tx.put(ctx.org, f"{clients.SECRETS_ROOT}/{app_id}/{secret_id}", {"client_secret": plain}, listed=False)
    return doc, plain


def masked(plain: str) -> str:
    """How Okta shows a stored secret: its ends, with the middle elided."""
    return f"{plain[:6]}......{plain[-4:]}"


# -- client JWKs --------------------------------------------------------------------------------------------------


@handles("listJwk")
def list_jwks(ctx: Context) -> Reply:
    oauth_app(ctx)
    return generic.serve(ctx)


@handles("addJwk")
def add_jwk(ctx: Context) -> Reply:
    app = oauth_app(ctx)
    if len(ctx.tx.list(ctx.org, _jwks(app["id"]))) >= MAX_JWKS:
        raise invalid(f"jwks: an app can hold at most {MAX_JWKS} keys")
    doc = store_jwk(ctx, app, generic.body_object(ctx))
    sync_jwks(ctx, app["id"])
    return Reply(201, generic.output(ctx, f"{_jwks(app['id'])}/{doc['id']}", doc))


@handles("activateOAuth2ClientJsonWebKey")
def activate_jwk(ctx: Context) -> Reply:
    app = oauth_app(ctx)
    doc = _jwk(ctx, app)
    reply = _set_status(ctx, f"{_jwks(app['id'])}/{doc['id']}", doc, "ACTIVE")
    sync_jwks(ctx, app["id"])
    return reply


@handles("deactivateOAuth2ClientJsonWebKey")
def deactivate_jwk(ctx: Context) -> Reply:
    app = oauth_app(ctx)
    doc = _jwk(ctx, app)
    method = ((app.get("credentials") or {}).get("oauthClient") or {}).get("token_endpoint_auth_method")
    uses_keys = method == "private_key_jwt" and not _settings_client(app).get("jwks_uri")
    if uses_keys and _last_active(ctx, _jwks(app["id"]), doc):
        raise invalid("status: the last active key of a private_key_jwt client can't be deactivated")
    reply = _set_status(ctx, f"{_jwks(app['id'])}/{doc['id']}", doc, "INACTIVE")
    sync_jwks(ctx, app["id"])
    return reply


@handles("deletejwk")
def delete_jwk(ctx: Context) -> Reply:
    app = oauth_app(ctx)
    doc = _jwk(ctx, app)
    _deletable(doc, "key")
    ctx.tx.delete_tree(ctx.org, f"{_jwks(app['id'])}/{doc['id']}")
    sync_jwks(ctx, app["id"])
    return Reply(204)


def store_jwk(ctx: Context, app: Document, jwk: Document, where: str = "") -> Document:
    """Validate a client public key and keep it as a JWK credential of the app."""
    try:
        check_client_jwk(jwk, where)
    except UnusableKey as e:
        raise invalid(str(e)) from None
    status = str(jwk.get("status") or "ACTIVE")
    if status not in ("ACTIVE", "INACTIVE"):
        raise invalid(f"{where}status: must be ACTIVE or INACTIVE")
    kid = jwk.get("kid")
    if kid and any(d.get("kid") == kid for _, _, d in ctx.tx.list(ctx.org, _jwks(app["id"]))):
        raise invalid(f"{where}kid: a key with this kid already exists")
    key_id = ids.new_id("pks")
    stamp = ids.now()
    public = {k: jwk[k] for k in ("kid", "kty", "alg", "use", "n", "e", "crv", "x", "y") if jwk.get(k) is not None}
    public.setdefault("use", "sig")
    public.setdefault("alg", "RS256" if public["kty"] == "RSA" else "ES256")
    doc = {"id": key_id, **public, "status": status, "created": stamp, "lastUpdated": stamp}
    ctx.tx.put(ctx.org, f"{_jwks(app['id'])}/{key_id}", doc)
    return doc


def sync_jwks(ctx: Context, app_id: str) -> None:
    """The app's `settings.oauthClient.jwks.keys` mirrors its JWK credentials, as Okta shows them."""
    app = ctx.tx.get(ctx.org, f"{APPS}/{app_id}")
    if app is None:
        return
    keys = [{k: v for k, v in d.items() if k != "_links"} for _, _, d in ctx.tx.list(ctx.org, _jwks(app_id))]
    client = app.setdefault("settings", {}).setdefault("oauthClient", {})
    if keys:
        client["jwks"] = {"keys": keys}
    else:
        client.pop("jwks", None)
    ctx.tx.put(ctx.org, f"{APPS}/{app_id}", app)


def oauth_app(ctx: Context) -> Document:
    """The app of the path, which must be an OAuth client for these credentials to mean anything."""
    app = generic.load(ctx, f"{APPS}/{ctx.path_params['appId']}", "App")
    if app.get("signOnMode") != "OPENID_CONNECT":
        raise invalid("signOnMode: client credentials exist only for OPENID_CONNECT apps")
    return app


# -- private ------------------------------------------------------------------------------------------------------


def _secrets(app_id: str) -> str:
    return f"{APPS}/{app_id}/credentials/secrets"


def _jwks(app_id: str) -> str:
    return f"{APPS}/{app_id}/credentials/jwks"


def _settings_client(app: Document) -> Document:
    return (app.get("settings") or {}).get("oauthClient") or {}


def _secret(ctx: Context, app: Document) -> Document:
    return generic.load(ctx, f"{_secrets(app['id'])}/{ctx.path_params['secretId']}", "OAuth2ClientSecret")


def _jwk(ctx: Context, app: Document) -> Document:
    return generic.load(ctx, f"{_jwks(app['id'])}/{ctx.path_params['keyId']}", "OAuth2ClientJsonWebKey")


def _last_active(ctx: Context, coll: str, doc: Document) -> bool:
    """Whether this is the one ACTIVE credential left (which a client can't be left without)."""
    return doc.get("status") == "ACTIVE" and sum(
        1 for _, _, d in ctx.tx.list(ctx.org, coll) if d.get("status") == "ACTIVE") == 1


def _deletable(doc: Document, what: str) -> None:
    if doc.get("status") != "INACTIVE":
        raise invalid(f"status: only an INACTIVE {what} can be deleted")


def _set_status(ctx: Context, path: str, doc: Document, status: str) -> Reply:
    doc["status"] = status
    doc["lastUpdated"] = ids.now()
    verb = "activate" if status == "INACTIVE" else "deactivate"
    doc["_links"] = {verb: {"href": f"{path}/lifecycle/{verb}", "hints": {"allow": ["POST"]}}}
    ctx.tx.put(ctx.org, path, doc)
    return Reply(200, generic.fill(ctx, ctx.op.response_schema, generic.output(ctx, path, doc)))
