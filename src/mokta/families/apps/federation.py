"""Federation between apps: Cross App Access connections (this app reaching another existing app of the org) and
federated claims (a named expression evaluated for the app's tokens)."""

from __future__ import annotations

from mokta.engine import generic
from mokta.engine.registry import handles
from mokta.http.errors import invalid
from mokta.types import Context, Document, Reply

APPS = "/api/v1/apps"


@handles("createCrossAppAccessConnection")
def create_cross_app_connection(ctx: Context) -> Reply:
    """A connection lets the requesting app (this one) reach another existing app of the org."""
    app = _app(ctx)
    body = generic.body_object(ctx)
    requesting = body.setdefault("requestingAppInstanceId", app["id"])
    if requesting != app["id"]:
        raise invalid("requestingAppInstanceId: must be the app of the path")
    resource = str(body.get("resourceAppInstanceId") or "")
    if not resource or not ctx.tx.exists(ctx.org, f"{APPS}/{resource}"):
        raise invalid(f"resourceAppInstanceId: app {resource or '(none)'} does not exist")
    if resource == app["id"]:
        raise invalid("resourceAppInstanceId: an app can't connect to itself")
    coll = f"{APPS}/{app['id']}/cwo/connections"
    if any(d.get("resourceAppInstanceId") == resource for _, _, d in ctx.tx.list(ctx.org, coll)):
        raise invalid(f"resourceAppInstanceId: this app is already connected to {resource}")
    ctx.body = body
    return generic.serve(ctx)


@handles("createFederatedClaim", "replaceFederatedClaim")
def write_federated_claim(ctx: Context) -> Reply:
    body = generic.body_object(ctx)
    for field in ("name", "expression"):
        if not isinstance(body.get(field), str) or not body[field].strip():
            raise invalid(f"{field}: is required")
    return generic.serve(ctx)


def forget_resource_app(ctx: Context, app_id: str) -> None:
    """A deleted app can no longer be reached: other apps' connections to it go with it."""
    for _, app_path, _app_doc in ctx.tx.list(ctx.org, APPS):
        for _, path, conn in ctx.tx.list(ctx.org, f"{app_path}/cwo/connections"):
            if conn.get("resourceAppInstanceId") == app_id:
                ctx.tx.delete_tree(ctx.org, path)


def _app(ctx: Context) -> Document:
    return generic.load(ctx, f"{APPS}/{ctx.path_params['appId']}", "App")
