"""Applications: OAuth clients get their client_id (the app id) and a secret, `q`/`filter` narrow the list, and an
app must be deactivated before it can be deleted."""

from __future__ import annotations

import re
import secrets

from mokta.engine import generic
from mokta.engine.registry import handles
from mokta.families.mappings import create_app_mappings, delete_app_mappings
from mokta.http.errors import OktaError, bad_param
from mokta.types import Context, Document, Reply

APPS = "/api/v1/apps"
OAUTH_MODES = {"OPENID_CONNECT"}
SECRETLESS_AUTH = {"none", "private_key_jwt"}  # token endpoint auth methods that never hold a client secret
FILTER_FIELDS = {"status", "name"}  # `filter` attributes answered from the app document itself
FILTER_CLAUSE = re.compile(r'^\s*([\w.]+)\s+eq\s+"([^"]*)"\s*$')


@handles("listApplications")
def list_applications(ctx: Context) -> Reply:
    q = str(ctx.query.get("q") or "").lower()
    wanted = _filter(str(ctx.query.get("filter") or ""))
    if not q and not wanted:
        return generic.serve(ctx)

    def keep(doc: Document) -> bool:
        names = (str(doc.get("name") or "").lower(), str(doc.get("label") or "").lower())
        return (not q or any(n.startswith(q) for n in names)) and all(doc.get(k) == v for k, v in wanted.items())

    return generic.list_where(ctx, APPS, keep)


@handles("createApplication")
def create_application(ctx: Context) -> Reply:
    reply = generic.serve(ctx)
    path = f"{APPS}/{reply.body['id']}"
    doc = ctx.tx.get(ctx.org, path) or {}
    doc["orn"] = f"orn:okta:idp:{ctx.org}:apps:{doc.get('name') or 'app'}:{doc['id']}"
    if doc.get("signOnMode") in OAUTH_MODES:
        client = doc.setdefault("credentials", {}).setdefault("oauthClient", {})
        client.setdefault("client_id", doc["id"])
        method = client.setdefault("token_endpoint_auth_method", "client_secret_basic")
        if method not in SECRETLESS_AUTH:
            client.setdefault("client_secret", secrets.token_urlsafe(48))
    ctx.tx.put(ctx.org, path, doc)
    create_app_mappings(ctx, doc)
    return Reply(reply.status, generic.output(ctx, path, doc))


@handles("replaceApplication")
def replace_application(ctx: Context) -> Reply:
    """A replace keeps what the server minted (orn, OAuth client id and secret) when the body leaves it out."""
    old = generic.load(ctx, f"{APPS}/{ctx.path_params['appId']}", "App")
    reply = generic.serve(ctx)
    path = f"{APPS}/{old['id']}"
    doc = ctx.tx.get(ctx.org, path) or {}
    doc["orn"] = old.get("orn", doc.get("orn"))
    old_client = (old.get("credentials") or {}).get("oauthClient") or {}
    if old_client:
        client = doc.setdefault("credentials", {}).setdefault("oauthClient", {})
        for key in ("client_id", "client_secret"):
            if key in old_client:
                client.setdefault(key, old_client[key])
    ctx.tx.put(ctx.org, path, doc)
    return Reply(reply.status, generic.output(ctx, path, doc))


@handles("deleteApplication")
def delete_application(ctx: Context) -> Reply:
    doc = generic.load(ctx, f"{APPS}/{ctx.path_params['appId']}", "App")
    if doc.get("status") == "ACTIVE":
        raise OktaError(403, "E0000056", "Delete application forbidden.",
                        ["The application must be deactivated before deletion."])
    delete_app_mappings(ctx, doc["id"])
    return generic.serve(ctx)


# -- private ------------------------------------------------------------------------------------------------------


def _filter(expression: str) -> dict[str, str]:
    """Okta's app `filter` takes `eq` clauses joined by `and`; the app's own fields are answered here."""
    if not expression.strip():
        return {}
    wanted: dict[str, str] = {}
    for clause in re.split(r"\s+and\s+", expression):
        match = FILTER_CLAUSE.match(clause)
        if not match or match.group(1) not in FILTER_FIELDS:
            raise bad_param("filter", f"unsupported filter expression: {clause.strip()}")
        wanted[match.group(1)] = match.group(2)
    return wanted
