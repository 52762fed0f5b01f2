"""The provisioning side of an app: its default connection (a write-only API token or an OAuth 2.0 client with the
key pair Okta signs with; enabled and disabled by its lifecycle and the OAuth consent callback) and the provisioning
features that exist once the connection does."""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import urlsplit

from mokta.engine import generic
from mokta.engine.registry import handles
from mokta.families.apps import crypto
from mokta.families.apps.keys import kid_of
from mokta.http.errors import bad_param, invalid, not_found
from mokta.types import Context, Document, Reply

APPS = "/api/v1/apps"
CONNECTION_KEYS_ROOT = "/mokta/appConnectionKeys"  # {appId} -> the OAuth connection's private key
USER_PROVISIONING: Document = {  # Okta's starting point: every capability off until an admin turns it on
    "name": "USER_PROVISIONING", "description": "User provisioning settings from Okta to a downstream application",
    "capabilities": {"create": {"lifecycleCreate": {"status": "DISABLED"}},
                     "update": {"lifecycleDeactivate": {"status": "DISABLED"}, "profile": {"status": "DISABLED"},
                                "password": {"status": "DISABLED", "seed": "RANDOM", "change": "KEEP_EXISTING"}}}}
INBOUND_DESCRIPTION = "In-bound provisioning settings from an application to Okta"


# -- the default provisioning connection --------------------------------------------------------------------------


@handles("getDefaultProvisioningConnectionForApplication")
def get_connection(ctx: Context) -> Reply:
    app = _app(ctx)
    return Reply(200, _connection_out(ctx, app["id"], _connection(ctx, app["id"])))


@handles("updateDefaultProvisioningConnectionForApplication")
def update_connection(ctx: Context) -> Reply:
    """TOKEN connections need the token and the SCIM base URL; the token is kept but never shown again."""
    app = _app(ctx)
    body = generic.body_object(ctx)
    profile = body.get("profile") or {}
    scheme = profile.get("authScheme")
    old = _connection(ctx, app["id"])
    doc: Document = {"status": old.get("status", "DISABLED"), "profile": {"authScheme": scheme}}
    if scheme == "TOKEN":
        if not profile.get("token"):
            raise invalid("profile.token: is required for authScheme TOKEN")
        base_url = body.get("baseUrl")
        parts = urlsplit(str(base_url or ""))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise invalid("baseUrl: must be an absolute http or https URL")
        doc["baseUrl"] = base_url
        doc["token"] = profile["token"]
    elif scheme == "OAUTH2":
        if profile.get("clientId") is not None and not isinstance(profile.get("clientId"), str):
            raise invalid("profile.clientId: must be a string")
        for field in ("clientId", "settings", "signing"):
            if profile.get(field) is not None:
                doc["profile"][field] = profile[field]
        if not ctx.tx.exists(ctx.org, f"{CONNECTION_KEYS_ROOT}/{app['id']}"):
            key = crypto.new_rsa_key()
            cert = crypto.self_signed(key, f"mokta-provisioning-{app['id']}", 10)
            jwk = crypto.certificate_jwk(cert, kid_of(key.public_key()))
            ctx.tx.put(ctx.org, f"{CONNECTION_KEYS_ROOT}/{app['id']}",
                       {"pem": crypto.private_pem(key), "jwk": jwk}, listed=False)
    else:
        raise invalid("profile.authScheme: must be TOKEN or OAUTH2")
    if ctx.query.get("activate"):
        doc["status"] = "ENABLED"
    ctx.tx.put(ctx.org, _connection_path(app["id"]), doc, listed=False)
    return Reply(200, _connection_out(ctx, app["id"], doc))


@handles("activateDefaultProvisioningConnectionForApplication",
         "deactivateDefaultProvisioningConnectionForApplication")
def connection_lifecycle(ctx: Context) -> Reply:
    """Every app has a default connection (the one GET shows before any was configured), so both verbs work."""
    app = _app(ctx)
    doc = _connection(ctx, app["id"])
    doc["status"] = "ENABLED" if ctx.request.path.endswith("/activate") else "DISABLED"
    ctx.tx.put(ctx.org, _connection_path(app["id"]), doc, listed=False)
    return Reply(204)


@handles("verifyProvisioningConnectionForApplication")
def verify_connection(ctx: Context) -> Reply:
    """The OAuth 2.0 consent callback of an OAuth provisioning app (Google, Office 365, Slack, Zoom): with the
    authorization code in hand the connection becomes ENABLED."""
    app = _app(ctx)
    if app.get("name") != ctx.path_params["appName"]:
        raise not_found(f"Resource not found: {app['id']} ({ctx.path_params['appName']} app)")
    doc = _connection(ctx, app["id"])
    if (doc.get("profile") or {}).get("authScheme") != "OAUTH2":
        raise invalid("profile.authScheme: the app's provisioning connection must use OAUTH2")
    if not ctx.query.get("code"):
        raise bad_param("code", "the authorization code is required")
    doc["status"] = "ENABLED"
    ctx.tx.put(ctx.org, _connection_path(app["id"]), doc, listed=False)
    return Reply(204)


@handles("getUserProvisioningConnectionJWKS")
def connection_jwks(ctx: Context) -> Reply:
    """The public key Okta signs OAuth 2.0 provisioning requests with (none for a token connection)."""
    app = _app(ctx)
    private = ctx.tx.get(ctx.org, f"{CONNECTION_KEYS_ROOT}/{app['id']}")
    keys = [private["jwk"]] if private and _connection(ctx, app["id"]).get("profile", {}).get(
        "authScheme") == "OAUTH2" else []
    return Reply(200, {"jwks": {"keys": keys}})


# -- features -----------------------------------------------------------------------------------------------------


@handles("listFeaturesForApplication")
def list_features(ctx: Context) -> Reply:
    """An app has provisioning features once its provisioning connection is set up."""
    app = _app(ctx)
    schema = ctx.rt.item_schema(ctx.op.response_schema)
    return Reply(200, [generic.fill(ctx, schema, _feature_out(ctx, app["id"], f)) for f in _features(ctx, app["id"])])


@handles("getFeatureForApplication")
def get_feature(ctx: Context) -> Reply:
    app = _app(ctx)
    feature = _feature(ctx, app["id"], ctx.path_params["featureName"])
    return Reply(200, generic.fill(ctx, ctx.op.response_schema, _feature_out(ctx, app["id"], feature)))


@handles("updateFeatureForApplication")
def update_feature(ctx: Context) -> Reply:
    """USER_PROVISIONING takes create/update capabilities; INBOUND_PROVISIONING its import settings and rules."""
    app = _app(ctx)
    name = ctx.path_params["featureName"]
    if not ctx.tx.exists(ctx.org, _connection_path(app["id"])):
        raise invalid(f"featureName: {name} needs the app's provisioning connection to be set up first")
    body = generic.body_object(ctx)
    if name == "USER_PROVISIONING":
        unknown = [k for k in body if k not in ("create", "update")]
        if unknown:
            raise invalid(f"{unknown[0]}: is not a USER_PROVISIONING capability")
        feature = _feature(ctx, app["id"], name)
        feature["capabilities"] = generic.merge(feature.get("capabilities") or {}, body)
    else:
        for field in ("importSettings", "importRules"):
            if not isinstance(body.get(field), dict):
                raise invalid(f"{field}: is required for INBOUND_PROVISIONING")
        feature = {"name": name, "description": INBOUND_DESCRIPTION, "capabilities": body}
    ctx.tx.put(ctx.org, f"{APPS}/{app['id']}/features/{name}", feature, listed=False)
    return Reply(200, generic.fill(ctx, ctx.op.response_schema, _feature_out(ctx, app["id"], feature)))


def _features(ctx: Context, app_id: str) -> list[Document]:
    if not ctx.tx.exists(ctx.org, _connection_path(app_id)):
        return []
    out = [_feature(ctx, app_id, "USER_PROVISIONING")]
    inbound = ctx.tx.get(ctx.org, f"{APPS}/{app_id}/features/INBOUND_PROVISIONING")
    return out + ([inbound] if inbound else [])


def _feature(ctx: Context, app_id: str, name: str) -> Document:
    stored = ctx.tx.get(ctx.org, f"{APPS}/{app_id}/features/{name}")
    if stored is not None:
        return stored
    if name == "USER_PROVISIONING" and ctx.tx.exists(ctx.org, _connection_path(app_id)):
        return copy.deepcopy(USER_PROVISIONING)
    raise not_found(f"Resource not found: {name} (ApplicationFeature)")


def _feature_out(ctx: Context, app_id: str, feature: Document) -> Document:
    """A feature is ENABLED while the provisioning connection is."""
    status = "ENABLED" if _connection(ctx, app_id).get("status") == "ENABLED" else "DISABLED"
    return generic.output(ctx, f"{APPS}/{app_id}/features/{feature['name']}", {**feature, "status": status})


# -- private ------------------------------------------------------------------------------------------------------


def _app(ctx: Context) -> Document:
    return generic.load(ctx, f"{APPS}/{ctx.path_params['appId']}", "App")


def _connection_path(app_id: str) -> str:
    return f"{APPS}/{app_id}/connections/default"


def _connection(ctx: Context, app_id: str) -> Document:
    return ctx.tx.get(ctx.org, _connection_path(app_id)) or {"status": "DISABLED", "profile": {"authScheme": "TOKEN"}}


def _connection_out(ctx: Context, app_id: str, doc: Document) -> Any:
    out = {k: v for k, v in doc.items() if k != "token"}  # the token is write-only
    base = _connection_path(app_id)
    verb = "deactivate" if out.get("status") == "ENABLED" else "activate"
    out["_links"] = {verb: {"href": f"{base}/lifecycle/{verb}", "hints": {"allow": ["POST"]}}}
    return _shaped(ctx, base, out)


def _shaped(ctx: Context, path: str, doc: Document) -> Any:
    return generic.fill(ctx, ctx.op.response_schema, generic.output(ctx, path, doc))
