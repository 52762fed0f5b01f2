"""Linked objects: a user's value names its primary (`manager`); the associated side (`subordinates`) is computed.

Values live under the associated user as `/users/{id}/linkedObjects/{primaryName}/{primaryUserId}`; a definition
must exist for the relationship name, and both users must exist.
"""

from __future__ import annotations

from typing import Any

from mokta.engine import generic, indexes
from mokta.engine.generic import load
from mokta.engine.registry import handles
from mokta.http.errors import invalid, not_found
from mokta.http.paging import paged
from mokta.types import Context, Reply

DEFINITIONS = "/api/v1/meta/schemas/user/linkedObjects"


@handles("assignLinkedObjectValueForPrimary")
def assign_linked_object_value(ctx: Context) -> Reply:
    user, name, primary = _user(ctx), ctx.path_params["primaryRelationshipName"], ctx.path_params["primaryUserId"]
    definition = _definition(ctx, name)
    if definition["primary"]["name"] != name:
        raise not_found(f"Resource not found: {name} (LinkedObject)")
    load(ctx, f"/api/v1/users/{primary}", "User")
    base = f"/api/v1/users/{user}/linkedObjects/{name}"
    for _, path, _doc in ctx.tx.list(ctx.org, base):
        ctx.tx.delete_tree(ctx.org, path)  # one primary per relationship
    ctx.tx.put(ctx.org, f"{base}/{primary}", {"id": primary})
    return Reply(204)


@handles("listLinkedObjectsForUser")
def list_linked_objects(ctx: Context) -> Reply:
    user, name = _user(ctx), ctx.path_params["relationshipName"]
    definition = _definition(ctx, name)
    if definition["primary"]["name"] == name:
        ids = [doc["id"] for _, _, doc in ctx.tx.list(ctx.org, f"/api/v1/users/{user}/linkedObjects/{name}")]
    else:
        primary = definition["primary"]["name"]
        ids = [path.split("/")[4] for path in indexes.linked_values(ctx.tx, ctx.org, primary, user)]
    return paged(ctx, [_link(ctx, i) for i in ids], None)


@handles("deleteLinkedObjectForUser")
def delete_linked_object(ctx: Context) -> Reply:
    user, name = _user(ctx), ctx.path_params["relationshipName"]
    _definition(ctx, name)
    ctx.tx.delete_tree(ctx.org, f"/api/v1/users/{user}/linkedObjects/{name}")
    return Reply(204)


@handles("createLinkedObjectDefinition")
def create_linked_object_definition(ctx: Context) -> Reply:
    """Primary and associated names are unique across every definition, in either role."""
    body = generic.body_object(ctx)
    names = [str((body.get(side) or {}).get("name") or "") for side in ("primary", "associated")]
    for side, name in zip(("primary", "associated"), names, strict=True):
        if not name:
            raise invalid(f"{side}.name: The field cannot be left blank", f"{side}.name")
    if names[0] == names[1]:
        raise invalid("associated.name: must differ from primary.name", "associated.name")
    for _, _, doc in ctx.tx.list(ctx.org, DEFINITIONS):
        taken = {doc.get("primary", {}).get("name"), doc.get("associated", {}).get("name")}
        for side, name in zip(("primary", "associated"), names, strict=True):
            if name in taken:
                raise invalid(f"{side}.name: An object with this field already exists in the current organization",
                              f"{side}.name")
    return generic.serve(ctx)


@handles("getLinkedObjectDefinition")
def get_linked_object_definition(ctx: Context) -> Reply:
    """A definition is found by either of its names."""
    definition = _definition(ctx, ctx.path_params["linkedObjectName"])
    path = f"{DEFINITIONS}/{definition['primary']['name']}"
    return Reply(200, generic.fill(ctx, ctx.op.response_schema, generic.output(ctx, path, definition)))


@handles("deleteLinkedObjectDefinition")
def delete_linked_object_definition(ctx: Context) -> Reply:
    """Removing a definition removes every value of its relationship."""
    definition = _definition(ctx, ctx.path_params["linkedObjectName"])
    for path in indexes.linked_values(ctx.tx, ctx.org, definition["primary"]["name"]):
        ctx.tx.delete_tree(ctx.org, path)
    ctx.tx.delete_tree(ctx.org, f"{DEFINITIONS}/{definition['primary']['name']}")
    return Reply(204)


def _user(ctx: Context) -> str:
    user = ctx.path_params["userIdOrLogin"]
    load(ctx, f"/api/v1/users/{user}", "User")
    return user


def _definition(ctx: Context, name: str) -> dict[str, Any]:
    for _, _, doc in ctx.tx.list(ctx.org, DEFINITIONS):
        if name in (doc.get("primary", {}).get("name"), doc.get("associated", {}).get("name")):
            return doc
    raise not_found(f"Resource not found: {name} (LinkedObject)")


def _link(ctx: Context, user_id: str) -> dict[str, Any]:
    return {"_links": {"self": {"href": ctx.url(f"/api/v1/users/{user_id}")}}}
