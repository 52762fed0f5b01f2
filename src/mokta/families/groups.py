"""Groups: Okta stamps OKTA_GROUP on what admins create, requires a unique name, validates the profile against the group
schema, protects built-in groups and answers `q` with a name-prefix match (an auto-complete list, not a paged one).
Only OKTA_GROUP membership changes by hand (the users family keeps Everyone's); owners are users or groups."""

from __future__ import annotations

import re
from typing import Any

from mokta.engine import generic, ids, uniques
from mokta.engine.registry import handles
from mokta.families import app_assignments
from mokta.families.profiles import validate_group_profile
from mokta.http.errors import OktaError, invalid, not_found
from mokta.http.paging import paged
from mokta.types import Context, Document, Reply

GROUPS = "/api/v1/groups"
USERS = "/api/v1/users"
OWNER_ROOTS = {"USER": USERS, "GROUP": GROUPS}
EDITABLE_TYPE = "OKTA_GROUP"  # only these profiles can be replaced or the group deleted
Q_DEFAULT_LIMIT = 300  # `q` is for auto-complete: one page, at most this many unless `limit` says otherwise
uniques.unique_fields(GROUPS, "profile.name")


@handles("listGroups")
def list_groups(ctx: Context) -> Reply:
    q = str(ctx.query.get("q") or "").lower()
    if not q:
        return _expanded(ctx, generic.serve(ctx))
    limit = int(ctx.query.get("limit") or Q_DEFAULT_LIMIT)
    item_schema = ctx.rt.item_schema(ctx.op.response_schema)
    hits = [generic.fill(ctx, item_schema, generic.output(ctx, path, doc))
            for _, path, doc in ctx.tx.list(ctx.org, GROUPS) if _name(doc).lower().startswith(q)]
    return _expanded(ctx, paged(ctx, hits[:limit], None))


@handles("addGroup")
def add_group(ctx: Context) -> Reply:
    _check_name(ctx, None)
    validate_group_profile(ctx, (ctx.body or {}).get("profile") or {}, own_path=None)
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
    validate_group_profile(ctx, (ctx.body or {}).get("profile") or {}, own_path=f"{GROUPS}/{old['id']}")
    reply = generic.serve(ctx)
    path = f"{GROUPS}/{old['id']}"
    doc = ctx.tx.get(ctx.org, path) or {}
    doc.update(type=old.get("type", EDITABLE_TYPE), objectClass=old.get("objectClass", ["okta:user_group"]),
               lastMembershipUpdated=old.get("lastMembershipUpdated", doc.get("created")))
    ctx.tx.put(ctx.org, path, doc)
    return Reply(reply.status, generic.output(ctx, path, doc))


@handles("getGroup")
def get_group(ctx: Context) -> Reply:
    return _expanded(ctx, generic.serve(ctx))


@handles("deleteGroup")
def delete_group(ctx: Context) -> Reply:
    """The group's app assignments go with it, and its members lose what only it granted."""
    group = _editable(ctx)
    members = [d["id"] for _, _, d in ctx.tx.list(ctx.org, f"{GROUPS}/{group['id']}/users")]
    reply = generic.serve(ctx)
    app_assignments.forget_group(ctx, group["id"], members)
    return reply


@handles("assignUserToGroup", "unassignUserFromGroup")
def change_membership(ctx: Context) -> Reply:
    """Idempotent add or remove; a real change moves `lastMembershipUpdated`. A hand-made add also claims a
    membership a group rule made, so the rule no longer removes it."""
    group = _editable(ctx)
    user_id = ctx.path_params["userId"]
    generic.load(ctx, f"{USERS}/{user_id}", "User")
    path = f"{GROUPS}/{group['id']}/users/{user_id}"
    stored = ctx.tx.get(ctx.org, path)
    member = stored is not None
    adding = ctx.op.method == "PUT"
    if adding and (stored is None or "rules" in stored):
        ctx.tx.put(ctx.org, path, {"id": user_id})  # added by hand: group rules never take it back
    elif not adding and member:
        ctx.tx.delete_tree(ctx.org, path)
    if adding != member:
        group["lastMembershipUpdated"] = ids.now()
        ctx.tx.put(ctx.org, f"{GROUPS}/{group['id']}", group)
        app_assignments.sync_user(ctx, user_id)
    return Reply(204)


@handles("listGroupOwners")
def list_group_owners(ctx: Context) -> Reply:
    """`search` narrows by owner type (`type eq "USER"`), the filter Okta documents for owners."""
    _group(ctx)
    wanted = _owner_type_filter(str(ctx.query.get("search") or ""))
    return generic.list_where(ctx, f"{GROUPS}/{ctx.path_params['groupId']}/owners",
                              None if wanted is None else (lambda d: d.get("type") == wanted))


@handles("assignGroupOwner")
def assign_group_owner(ctx: Context) -> Reply:
    """An owner is an existing user or group; assigning one twice keeps one owner."""
    group = _group(ctx)
    body = generic.body_object(ctx)
    kind, owner_id = body.get("type"), str(body.get("id") or "")
    if kind not in OWNER_ROOTS:
        raise invalid("type: must be one of USER, GROUP", "type")
    if not owner_id:
        raise invalid("id: The field cannot be left blank", "id")
    owner = ctx.tx.get(ctx.org, f"{OWNER_ROOTS[kind]}/{owner_id}")
    if owner is None:
        raise not_found(f"Resource not found: {owner_id} ({'User' if kind == 'USER' else 'UserGroup'})")
    profile = owner.get("profile") or {}
    display = (_name(owner) if kind == "GROUP" else
               " ".join(p for p in (profile.get("firstName"), profile.get("lastName")) if p) or profile.get("login"))
    doc: Document = {"id": owner_id, "type": kind, "displayName": display or owner_id, "originId": owner_id,
                     "originType": "OKTA_DIRECTORY", "resolved": True, "lastUpdated": ids.now()}
    path = f"{GROUPS}/{group['id']}/owners/{owner_id}"
    ctx.tx.put(ctx.org, path, doc)
    return Reply(201, generic.output(ctx, path, doc))


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


def _group(ctx: Context) -> Document:
    group_id = ctx.path_params["groupId"]
    doc = ctx.tx.get(ctx.org, f"{GROUPS}/{group_id}")
    if doc is None:
        raise not_found(f"Resource not found: {group_id} (UserGroup)")
    return doc


def _editable(ctx: Context) -> Document:
    doc = _group(ctx)
    if doc.get("type", EDITABLE_TYPE) != EDITABLE_TYPE:
        raise OktaError(403, "E0000006", "You do not have permission to perform the requested action",
                        [f"Groups of type {doc.get('type')} can't be modified or deleted"])
    return doc


def _expanded(ctx: Context, reply: Reply) -> Reply:
    """`expand=stats` embeds member, app and push-mapping counts and whether the group holds an admin role."""
    if "stats" not in str(ctx.query.get("expand") or "").split(","):
        return reply
    groups = reply.body if isinstance(reply.body, list) else [reply.body]
    for group in groups:
        if not isinstance(group, dict) or "id" not in group:
            continue
        gid = group["id"]
        users = ctx.tx.count(ctx.org, f"{GROUPS}/{gid}/users")
        admin = ctx.tx.count(ctx.org, f"{GROUPS}/{gid}/roles") > 0
        apps = len(app_assignments.group_assignment_paths(ctx, gid))
        stats = {"usersCount": users, "appsCount": apps, "groupPushMappingsCount": 0,
                 "hasAdminPrivlege": admin, "hasAdminPrivilege": admin}  # the spec's spelling, then Okta's
        group["_embedded"] = {**(group.get("_embedded") or {}), "stats": stats}
    return reply


def _owner_type_filter(search: str) -> str | None:
    if not search:
        return None
    match = re.fullmatch(r'\s*type\s+eq\s+"(USER|GROUP)"\s*', search, re.IGNORECASE)
    if match is None:
        raise invalid('search: only `type eq "USER"` or `type eq "GROUP"` is supported', "search")
    return match.group(1).upper()
