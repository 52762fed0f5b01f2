"""Applications: each sign-on mode's settings checked as Okta checks them, OAuth clients minted with an id and a
secret, SAML and WS-Fed apps given a real signing key, `q`/`filter`/`expand` on the list, an access policy assigned
by id, and an app deleted (with everything under it) only once deactivated."""

from __future__ import annotations

import re

from mokta.engine import clients, generic
from mokta.engine.registry import handles
from mokta.families import app_assignments
from mokta.families.apps import credentials, federation, keys, logo, oauth_clients, provisioning, sign_on_modes
from mokta.families.mappings import create_app_mappings, delete_app_mappings
from mokta.http.errors import OktaError, bad_param, invalid
from mokta.types import Context, Document, Reply

APPS = "/api/v1/apps"
POLICIES = "/api/v1/policies"
PRIVATE_ROOTS = (keys.KEYS_ROOT, keys.CSRS_ROOT, clients.SECRETS_ROOT, logo.LOGOS_ROOT,
                 provisioning.CONNECTION_KEYS_ROOT, app_assignments.APP_USER_SECRETS)
FILTER_FIELDS = ("status", "name", "user.id", "group.id", "credentials.signing.kid")
FILTER_CLAUSE = re.compile(r'^\s*([\w.]+)\s+eq\s+"([^"]*)"\s*$')
EXPAND_USER = re.compile(r"^user/(\w+)$")
KEY_MATERIAL = ("kty", "n", "e", "crv", "x", "y")
SERVER_OWNED = ("id", "created", "lastUpdated", "status", "orn", "_links", "_embedded")


@handles("listApplications")
def list_applications(ctx: Context) -> Reply:
    q = str(ctx.query.get("q") or "").lower()
    wanted = _filter(str(ctx.query.get("filter") or ""))
    embed_user = _expanded_user(ctx, wanted)

    def keep(doc: Document) -> bool:
        names = (str(doc.get("name") or "").lower(), str(doc.get("label") or "").lower())
        if q and not any(n.startswith(q) for n in names):
            return False
        return all(_matches(ctx, doc, field, value) for field, value in wanted.items())

    reply = generic.list_where(ctx, APPS, keep if q or wanted else None)
    if embed_user and isinstance(reply.body, list):
        for app in reply.body:
            _embed_user(ctx, app, embed_user)
    return reply


@handles("createApplication")
def create_application(ctx: Context) -> Reply:
    body = _writable(ctx)
    _check_and_complete(ctx, body, None)
    ctx.body = body
    reply = generic.serve(ctx)
    path = f"{APPS}/{reply.body['id']}"
    doc = ctx.tx.get(ctx.org, path) or {}
    doc["orn"] = f"orn:okta:idp:{ctx.org}:apps:{doc.get('name') or 'app'}:{doc['id']}"
    _links(doc)
    ctx.tx.put(ctx.org, path, doc)
    if doc["signOnMode"] == "OPENID_CONNECT":
        doc = _mint_client(ctx, doc)
    if doc["signOnMode"] in sign_on_modes.SIGNED_MODES:
        doc = _ensure_signing_key(ctx, doc)
    create_app_mappings(ctx, doc)
    return Reply(reply.status, generic.output(ctx, path, doc))


@handles("getApplication")
def get_application(ctx: Context) -> Reply:
    path = f"{APPS}/{ctx.path_params['appId']}"
    out = generic.output(ctx, path, generic.load(ctx, path, "App"))
    expand = str(ctx.query.get("expand") or "")
    if expand:
        match = EXPAND_USER.match(expand)
        if not match:
            raise bad_param("expand", "must be user/{userId}")
        _embed_user(ctx, out, match.group(1))
    return Reply(200, out)


@handles("replaceApplication")
def replace_application(ctx: Context) -> Reply:
    """A full replace, checked like a create; what the server minted (orn, client id and secret, signing key,
    status) stays when the body leaves it out."""
    path = f"{APPS}/{ctx.path_params['appId']}"
    old = generic.load(ctx, path, "App")
    body = _writable(ctx)
    body.setdefault("signOnMode", old.get("signOnMode"))
    if body["signOnMode"] != old.get("signOnMode"):
        raise invalid("signOnMode: can't be changed once the app exists")
    body.setdefault("name", old.get("name"))
    new_keys = _keep_minted(ctx, old, body)
    _check_and_complete(ctx, body, old["id"])
    ctx.body = body
    reply = generic.serve(ctx)
    doc = ctx.tx.get(ctx.org, path) or {}
    doc["orn"] = old.get("orn", doc.get("orn"))
    doc["_links"] = {**(old.get("_links") or {}), **(doc.get("_links") or {})}
    ctx.tx.put(ctx.org, path, doc)
    if doc["signOnMode"] == "OPENID_CONNECT":
        doc = _mint_client(ctx, doc, replace_keys=new_keys)
    return Reply(reply.status, generic.output(ctx, path, doc))


@handles("activateApplication", "deactivateApplication")
def application_lifecycle(ctx: Context) -> Reply:
    """The status moves; the app's lifecycle link then offers the opposite verb."""
    reply = generic.serve(ctx)
    path = f"{APPS}/{ctx.path_params['appId']}"
    doc = ctx.tx.get(ctx.org, path) or {}
    _links(doc)
    ctx.tx.put(ctx.org, path, doc)
    return reply


@handles("deleteApplication")
def delete_application(ctx: Context) -> Reply:
    doc = generic.load(ctx, f"{APPS}/{ctx.path_params['appId']}", "App")
    if doc.get("status") == "ACTIVE":
        raise OktaError(403, "E0000056", "Delete application forbidden.",
                        ["The application must be deactivated before deletion."])
    delete_app_mappings(ctx, doc["id"])
    federation.forget_resource_app(ctx, doc["id"])
    for root in PRIVATE_ROOTS:
        ctx.tx.delete_tree(ctx.org, f"{root}/{doc['id']}")
    return generic.serve(ctx)


# -- private ------------------------------------------------------------------------------------------------------


def _writable(ctx: Context) -> Document:
    """The body without what only the server sets."""
    body = generic.body_object(ctx)
    for field in SERVER_OWNED:
        body.pop(field, None)
    return body


def _check_and_complete(ctx: Context, body: Document, own_id: str | None) -> None:
    sign_on_modes.check(body)
    if body["signOnMode"] == "OPENID_CONNECT":
        oauth_clients.check(body)
        _unique_client_id(ctx, body, own_id)
        oauth_clients.complete(body)
    sign_on_modes.complete(body)


def _keep_minted(ctx: Context, old: Document, body: Document) -> bool:
    """Carry the client id, auth method, secret, keys and signing key of `old` into a replace body that leaves them
    out; True when the body brings client keys of its own."""
    credentials = body.setdefault("credentials", {})
    old_client = (old.get("credentials") or {}).get("oauthClient") or {}
    new_keys = False
    if body["signOnMode"] == "OPENID_CONNECT":
        client = credentials.setdefault("oauthClient", {})
        client.setdefault("client_id", old_client.get("client_id"))
        client.setdefault("token_endpoint_auth_method", old_client.get("token_endpoint_auth_method"))
        if oauth_clients.auth_method(body) in oauth_clients.SECRETLESS_AUTH:
            client.pop("client_secret", None)
        elif old_client.get("client_secret"):
            client.setdefault("client_secret", old_client["client_secret"])
        settings = body.setdefault("settings", {}).get("oauthClient")
        new_keys = isinstance(settings, dict) and "jwks" in settings
        old_jwks = ((old.get("settings") or {}).get("oauthClient") or {}).get("jwks")
        if isinstance(settings, dict) and not new_keys and old_jwks:
            settings["jwks"] = old_jwks
    signing = (old.get("credentials") or {}).get("signing")
    if signing:
        kid = (credentials.setdefault("signing", signing) or {}).get("kid")
        if not kid or not ctx.tx.exists(ctx.org, f"{APPS}/{old['id']}/credentials/keys/{kid}"):
            raise invalid("credentials.signing.kid: must name one of the app's key credentials")
    return new_keys


def _mint_client(ctx: Context, doc: Document, replace_keys: bool = True) -> Document:
    """An OIDC app's client: its id (the app id unless it chose one), a first secret unless the auth method holds
    none, and its public keys as JWK credentials."""
    app_id = doc["id"]
    client = doc.setdefault("credentials", {}).setdefault("oauthClient", {})
    client["client_id"] = client.get("client_id") or app_id
    path = f"{APPS}/{app_id}/credentials/secrets"
    if oauth_clients.auth_method(doc) not in oauth_clients.SECRETLESS_AUTH and not ctx.tx.list(ctx.org, path):
        _, client["client_secret"] = credentials.mint_secret(ctx, app_id, client.get("client_secret"))
    ctx.tx.put(ctx.org, f"{APPS}/{app_id}", doc)
    jwks = (((doc.get("settings") or {}).get("oauthClient") or {}).get("jwks") or {})
    if replace_keys and isinstance(jwks, dict) and isinstance(jwks.get("keys"), list):
        _replace_jwks(ctx, doc, jwks["keys"])
    return ctx.tx.get(ctx.org, f"{APPS}/{app_id}") or doc


def _replace_jwks(ctx: Context, app: Document, keys: list[object]) -> None:
    """The body's key set becomes the app's: keys it still names (by kid) stay as they are, the rest go, new ones
    are checked and added."""
    stored = {d.get("kid"): (path, d) for _, path, d in
              ctx.tx.list(ctx.org, f"{APPS}/{app['id']}/credentials/jwks")}
    named = {k["kid"]: k for k in keys if isinstance(k, dict) and k.get("kid")}
    for kid, (path, doc) in stored.items():
        if kid not in named or any(named[kid].get(f) != doc.get(f) for f in KEY_MATERIAL):
            ctx.tx.delete_tree(ctx.org, path)  # gone from the set, or the same kid now names another key
    for i, key in enumerate(keys):
        if not isinstance(key, dict):
            raise invalid(f"settings.oauthClient.jwks.keys[{i}]: must be a JSON Web Key")
        path = stored[key["kid"]][0] if key.get("kid") in stored else None
        if path is None or not ctx.tx.exists(ctx.org, path):
            credentials.store_jwk(ctx, app, key, f"settings.oauthClient.jwks.keys[{i}].")
    credentials.sync_jwks(ctx, app["id"])


def _ensure_signing_key(ctx: Context, doc: Document) -> Document:
    """SAML and WS-Fed apps sign with a key credential of their own from the moment they exist."""
    signing = doc.setdefault("credentials", {}).setdefault("signing", {})
    kid = signing.get("kid")
    if not kid or not ctx.tx.exists(ctx.org, f"{APPS}/{doc['id']}/credentials/keys/{kid}"):
        key = keys.new_signing_key(ctx, doc["id"])
        signing["kid"] = key["kid"]
    signing.setdefault("rotationMode", "AUTO")
    signing.setdefault("use", "sig")
    doc["_links"]["metadata"] = {"href": f"{APPS}/{doc['id']}/sso/saml/metadata", "type": "application/xml"}
    ctx.tx.put(ctx.org, f"{APPS}/{doc['id']}", doc)
    return doc


def _links(doc: Document) -> None:
    base = f"{APPS}/{doc['id']}"
    verb = "deactivate" if doc.get("status") == "ACTIVE" else "activate"
    links = {k: v for k, v in (doc.get("_links") or {}).items() if k not in ("activate", "deactivate")}
    doc["_links"] = {**links, "users": {"href": f"{base}/users"}, "groups": {"href": f"{base}/groups"},
                     verb: {"href": f"{base}/lifecycle/{verb}"}}


def _unique_client_id(ctx: Context, body: Document, own_id: str | None) -> None:
    client_id = ((body.get("credentials") or {}).get("oauthClient") or {}).get("client_id")
    if not client_id:
        return
    other = clients.client_app(ctx.tx, ctx.org, str(client_id))
    if other is not None and other["id"] != own_id:
        raise invalid("credentials.oauthClient.client_id: is already used by another app")


def _matches(ctx: Context, doc: Document, field: str, value: str) -> bool:
    if field == "user.id":
        return ctx.tx.exists(ctx.org, f"{APPS}/{doc['id']}/users/{value}")
    if field == "group.id":
        return ctx.tx.exists(ctx.org, f"{APPS}/{doc['id']}/groups/{value}")
    return sign_on_modes.dig(doc, field) == value


def _expanded_user(ctx: Context, wanted: dict[str, str]) -> str | None:
    expand = str(ctx.query.get("expand") or "")
    if not expand:
        return None
    match = EXPAND_USER.match(expand)
    if not match:
        raise bad_param("expand", "must be user/{userId}")
    if wanted.get("user.id") != match.group(1):
        raise bad_param("expand", 'user/{userId} needs filter=user.id eq "{userId}" for the same user')
    return match.group(1)


def _embed_user(ctx: Context, app: Document, user_id: str) -> None:
    path = f"{APPS}/{app['id']}/users/{user_id}"
    app_user = ctx.tx.get(ctx.org, path)
    if app_user is not None:
        app["_embedded"] = {**(app.get("_embedded") or {}), "user": generic.output(ctx, path, app_user)}


def _filter(expression: str) -> dict[str, str]:
    """Okta's app `filter` takes `eq` clauses joined by `and`."""
    if not expression.strip():
        return {}
    wanted: dict[str, str] = {}
    for clause in re.split(r"\s+and\s+", expression):
        match = FILTER_CLAUSE.match(clause)
        if not match or match.group(1) not in FILTER_FIELDS:
            raise bad_param("filter", f"unsupported filter expression: {clause.strip()}")
        wanted[match.group(1)] = match.group(2)
    return wanted
