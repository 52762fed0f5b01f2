"""Groups: Okta stamps OKTA_GROUP on what admins create, requires a unique name, protects built-in groups and answers
`q` with a name-prefix match (an auto-complete list, not a paged one)."""

from __future__ import annotations

from typing import Any

from mokta.engine import generic, uniques
from mokta.engine.registry import handles
from mokta.http.errors import OktaError, invalid, not_found
from mokta.http.paging import paged
from mokta.types import Context, Document, Reply

GROUPS = "/api/v1/groups"
EDITABLE_TYPE = "OKTA_GROUP"  # only these profiles can be replaced or the group deleted
Q_DEFAULT_LIMIT = 300  # `q` is for auto-complete: one page, at most this many unless `limit` says otherwise
uniques.unique_fields(GROUPS, "profile.name")


@handles("listGroups")
def list_groups(ctx: Context) -> Reply:
    q = str(ctx.query.get("q") or "").lower()
    if not q:
        return generic.serve(ctx)
    limit = int(ctx.query.get("limit") or Q_DEFAULT_LIMIT)
    item_schema = ctx.rt.item_schema(ctx.op.response_schema)
    hits = [generic.fill(ctx, item_schema, generic.output(ctx, path, doc))
            for _, path, doc in ctx.tx.list(ctx.org, GROUPS) if _name(doc).lower().startswith(q)]
    return paged(ctx, hits[:limit], None)


@handles("addGroup")
def add_group(ctx: Context) -> Reply:
    _check_name(ctx, None)
    reply = generic.serve(ctx)
    path = f"{GROUPS}/{reply.body['id']}"
    doc = ctx.tx.get(ctx.org, path) or {}
    doc.update(type=EDITABLE_TYPE, objectClass=["okta:user_group"], lastMembershipUpdated=doc.get("created"))
    ctx.tx.put(ctx.org, path, doc)
    return Reply(reply.status, generic.output(ctx, path, doc))


@handles("replaceGroup")
def replace_group(ctx: Context) -> Reply:
    old = _editable(ctx)
    _check_name(ctx, old["id"])
    reply = generic.serve(ctx)
    path = f"{GROUPS}/{old['id']}"
    doc = ctx.tx.get(ctx.org, path) or {}
    doc.update(type=old.get("type", EDITABLE_TYPE), objectClass=old.get("objectClass", ["okta:user_group"]))
    ctx.tx.put(ctx.org, path, doc)
    return Reply(reply.status, generic.output(ctx, path, doc))


@handles("deleteGroup")
def delete_group(ctx: Context) -> Reply:
    _editable(ctx)
    return generic.serve(ctx)


# -- private ------------------------------------------------------------------------------------------------------


def _name(doc: Document) -> str:
    profile = doc.get("profile")
    return str(profile.get("name") or "") if isinstance(profile, dict) else ""


def _check_name(ctx: Context, own_id: str | None) -> None:
    """Okta requires a group name and keeps names unique within the org."""
    body: Any = ctx.body if isinstance(ctx.body, dict) else {}
    name = str((body.get("profile") or {}).get("name") or "").strip()
    if not name:
        raise invalid("profile.name: The field cannot be left blank", "profile.name")
    uniques.check(ctx, GROUPS, body, f"{GROUPS}/{own_id}" if own_id else None)


def _editable(ctx: Context) -> Document:
    group_id = ctx.path_params["groupId"]
    doc = ctx.tx.get(ctx.org, f"{GROUPS}/{group_id}")
    if doc is None:
        raise not_found(f"Resource not found: {group_id} (UserGroup)")
    if doc.get("type", EDITABLE_TYPE) != EDITABLE_TYPE:
        raise OktaError(403, "E0000006", "You do not have permission to perform the requested action",
                        [f"Groups of type {doc.get('type')} can't be modified or deleted"])
    return doc
