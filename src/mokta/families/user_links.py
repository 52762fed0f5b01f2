"""What a user reaches: the app links of the user's app users (assigned directly or through a group, hidden ones
included as Okta does for admins) and the identity providers the user is linked to."""

from __future__ import annotations

from mokta.engine import generic
from mokta.engine.registry import handles
from mokta.families.app_assignments import app_user_paths
from mokta.http.paging import paged
from mokta.types import Context, Document, Reply

APPS = "/api/v1/apps"
IDPS = "/api/v1/idps"


@handles("listAppLinks")
def list_app_links(ctx: Context) -> Reply:
    user_id = _user(ctx)
    held = ctx.tx.get_many(ctx.org, app_user_paths(ctx, user_id))
    apps = ctx.tx.get_many(ctx.org, [path.rsplit("/users/", 1)[0] for path in held])
    links = []
    for app in sorted(apps.values(), key=lambda a: (str(a.get("created") or ""), str(a.get("id")))):
        if app.get("status") == "ACTIVE":
            links.append(_link(ctx, app, held[f"{APPS}/{app['id']}/users/{user_id}"], len(links)))
    return paged(ctx, links, None)


@handles("listUserIdentityProviders")
def list_user_identity_providers(ctx: Context) -> Reply:
    user_id = _user(ctx)
    idps = ctx.tx.list(ctx.org, IDPS)
    linked = ctx.tx.get_many(ctx.org, [f"{path}/users/{user_id}" for _, path, _ in idps])
    docs = [generic.output(ctx, path, idp) for _, path, idp in idps if f"{path}/users/{user_id}" in linked]
    schema = ctx.rt.item_schema(ctx.op.response_schema)
    return paged(ctx, [generic.fill(ctx, schema, d) for d in docs], None)


def _user(ctx: Context) -> str:
    user_id = ctx.path_params["id"]
    generic.load(ctx, f"/api/v1/users/{user_id}", "User")
    return user_id


def _link(ctx: Context, app: Document, assignment: Document, order: int) -> Document:
    name = str(app.get("name") or "app")
    hidden = ((app.get("visibility") or {}).get("hide") or {}).get("web", False)
    return {
        "id": str(assignment.get("id") or app["id"]), "label": app.get("label"), "appName": name,
        "appInstanceId": app["id"], "appAssignmentId": str(assignment.get("id") or ""),
        "linkUrl": ctx.url(f"/home/{name}/{app['id']}/{order}"),
        "logoUrl": ctx.url("/assets/img/logos/default.6770228fb0dab49a1695ef440a5279bb.png"),
        "credentialsSetup": False, "hidden": bool(hidden), "sortOrder": order,
    }
