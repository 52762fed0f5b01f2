"""Profile mappings: Okta makes two for every app it creates (user → app user, app user → user); they are read and
updated here, never created or deleted directly, and go away with their app."""

from __future__ import annotations

from mokta.engine import ids
from mokta.types import Context, Document

MAPPINGS = "/api/v1/mappings"
USER_TYPES = "/api/v1/meta/types/user"


def create_app_mappings(ctx: Context, app: Document) -> None:
    user_type = next((doc for _, _, doc in ctx.tx.list(ctx.org, USER_TYPES) if doc.get("default")), None)
    if user_type is None:
        return
    user_end = {"id": user_type["id"], "name": user_type.get("name", "user"), "type": "user",
                "_links": {"self": {"href": f"{USER_TYPES}/{user_type['id']}"},
                           "schema": {"href": f"/api/v1/meta/schemas/user/{user_type['id']}"}}}
    app_end = {"id": app["id"], "name": app.get("name") or app["id"], "type": "appuser",
               "_links": {"self": {"href": f"/api/v1/apps/{app['id']}"},
                          "schema": {"href": f"/api/v1/meta/schemas/apps/{app['id']}/default"}}}
    for source, target in ((user_end, app_end), (app_end, user_end)):
        mapping_id = ids.new_id("prm")
        ctx.tx.put(ctx.org, f"{MAPPINGS}/{mapping_id}",
                   {"id": mapping_id, "source": source, "target": target, "properties": {}})


def delete_app_mappings(ctx: Context, app_id: str) -> None:
    for _, path, doc in ctx.tx.list(ctx.org, MAPPINGS):
        if app_id in (doc.get("source", {}).get("id"), doc.get("target", {}).get("id")):
            ctx.tx.delete_tree(ctx.org, path)
