"""Group push mappings: which Okta group an app pushes to which downstream group. mokta keeps their state only (no
downstream app to push to): one mapping per source group, deleted only once INACTIVE, with the target group too when
asked."""

from __future__ import annotations

import re
from typing import Any

from mokta.engine import generic, ids
from mokta.engine.registry import handles
from mokta.http.errors import bad_param, invalid
from mokta.types import Context, Document, Reply

APPS = "/api/v1/apps"
GROUPS = "/api/v1/groups"
SINCE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")  # the `lastUpdated` filter's one format


@handles("createGroupPushMapping")
def create_push_mapping(ctx: Context) -> Reply:
    app = _app(ctx)
    body = generic.body_object(ctx)
    source = str(body.get("sourceGroupId") or "")
    if not ctx.tx.exists(ctx.org, f"{GROUPS}/{source}"):
        raise invalid(f"sourceGroupId: group {source or '(none)'} does not exist")
    target_id, target_name = body.get("targetGroupId"), body.get("targetGroupName")
    if bool(target_id) == bool(target_name):
        raise invalid("targetGroupId: exactly one of targetGroupId and targetGroupName is required")
    coll = f"{APPS}/{app['id']}/group-push/mappings"
    if any(d.get("sourceGroupId") == source for _, _, d in ctx.tx.list(ctx.org, coll)):
        raise invalid(f"sourceGroupId: group {source} is already pushed by this app")
    if target_name:  # the downstream group Okta creates, or links when one has that name
        target_id = next((d["id"] for _, _, d in ctx.tx.list(ctx.org, coll)
                          if d.get("targetGroupName") == target_name), None) or ids.new_id("00g")
    mapping_id = ids.new_id("gPm")
    stamp = ids.now()
    doc: Document = {"id": mapping_id, "sourceGroupId": source, "targetGroupId": target_id,
                     "status": body.get("status") or "ACTIVE", "created": stamp, "lastUpdated": stamp,
                     "lastPush": stamp, "_links": {"app": {"href": f"{APPS}/{app['id']}"},
                                                   "sourceGroup": {"href": f"{GROUPS}/{source}"}}}
    if target_name:
        doc["targetGroupName"] = target_name
    if body.get("appConfig") is not None:
        doc["appConfig"] = body["appConfig"]
    ctx.tx.put(ctx.org, f"{coll}/{mapping_id}", doc)
    return Reply(201, _shaped(ctx, f"{coll}/{mapping_id}", doc))


@handles("listGroupPushMappings")
def list_push_mappings(ctx: Context) -> Reply:
    _app(ctx)
    since = str(ctx.query.get("lastUpdated") or "")
    if since and not SINCE.match(since):
        raise bad_param("lastUpdated", "must be a UTC time like 2026-01-31T12:00:00Z")
    source = ctx.query.get("sourceGroupId")
    status = ctx.query.get("status")

    def keep(doc: Document) -> bool:
        return ((not source or doc.get("sourceGroupId") == source) and (not status or doc.get("status") == status)
                and (not since or str(doc.get("lastUpdated", "")) >= since.replace("Z", "")))

    return generic.list_where(ctx, f"{APPS}/{ctx.path_params['appId']}/group-push/mappings", keep)


@handles("deleteGroupPushMapping")
def delete_push_mapping(ctx: Context) -> Reply:
    """Only an INACTIVE mapping can be deleted; `deleteTargetGroup` removes the pushed group too."""
    app = _app(ctx)
    path = f"{APPS}/{app['id']}/group-push/mappings/{ctx.path_params['mappingId']}"
    doc = generic.load(ctx, path, "GroupPushMapping")
    if doc.get("status") == "ACTIVE":
        raise invalid("status: an ACTIVE group push mapping must be deactivated before it is deleted")
    if ctx.query.get("deleteTargetGroup") and doc.get("targetGroupId"):
        ctx.tx.delete_tree(ctx.org, f"{GROUPS}/{doc['targetGroupId']}")
    ctx.tx.delete_tree(ctx.org, path)
    return Reply(204)


def _app(ctx: Context) -> Document:
    return generic.load(ctx, f"{APPS}/{ctx.path_params['appId']}", "App")


def _shaped(ctx: Context, path: str, doc: Document) -> Any:
    return generic.fill(ctx, ctx.op.response_schema, generic.output(ctx, path, doc))
