"""Create, read, update, replace, delete and list users the way Okta does: the create status follows `activate`, the
credentials and `nextLogin`; POST merges the profile while PUT replaces it; the first DELETE only deactivates."""

from __future__ import annotations

import re
from typing import Any

from mokta.engine import filters, generic, ids, uniques
from mokta.engine.registry import handles
from mokta.families import app_assignments
from mokta.families.group_rules import apply_rules_to_user
from mokta.families.profiles import validate_user_profile
from mokta.families.users import credentials, password_policy
from mokta.families.users.lifecycle import deprovision, email_activation, flag, respond_async
from mokta.families.users.lookup import (
    GROUPS,
    USER_SCHEMA,
    USER_TYPES,
    USERS,
    check_if_match,
    default_type_id,
    etag,
    everyone_id,
    find,
    group_ids,
    join,
    leave_all,
    save,
    shape,
    wire,
)
from mokta.http.errors import invalid
from mokta.http.paging import decode_cursor, encode_cursor, limit_of, paged
from mokta.types import Context, Document, Reply

Q_DEFAULT_LIMIT = 10  # `q` is an auto-complete: one unpaged page
Q_FIELDS = ("firstName", "lastName", "email")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DEFAULT_PROVIDER = {"type": "OKTA", "name": "OKTA"}
LOGIN_TAKEN = "login: An object with this field already exists in the current organization"


@handles("listUsers")
def list_users(ctx: Context) -> Reply:
    q = str(ctx.query.get("q") or "").lower()
    if ctx.query.get("search") or ctx.query.get("filter"):
        return _search(ctx)
    if not q:
        return _shaped(ctx, generic.list_where(ctx, USERS, keep=lambda d: d.get("status") != "DEPROVISIONED"))
    limit = int(ctx.query.get("limit") or Q_DEFAULT_LIMIT) if "limit" in ctx.request.query else Q_DEFAULT_LIMIT
    hits = [wire(ctx, path, doc) for _, path, doc in ctx.tx.list(ctx.org, USERS)
            if doc.get("status") != "DEPROVISIONED" and _q_matches(doc, q)]
    return paged(ctx, hits[:limit], None)


@handles("createUser")
def create_user(ctx: Context) -> Reply:
    body = generic.body_object(ctx)
    profile = body.get("profile") if isinstance(body.get("profile"), dict) else {}
    type_id = _type_id(ctx, body) or default_type_id(ctx)
    _check_profile(ctx, profile, None)
    validate_user_profile(ctx, profile, user_type_id=type_id, own_path=None)
    groups = [str(g) for g in body.get("groupIds") or []]
    for group_id in groups:
        if not ctx.tx.exists(ctx.org, f"{GROUPS}/{group_id}"):
            raise invalid(f"groupIds: Group {group_id} does not exist", "groupIds")
    user_id = ids.new_id("00u")
    creds = body.get("credentials") if isinstance(body.get("credentials"), dict) else {}
    wire_creds, has_password = credentials.apply(ctx, user_id, creds, profile=profile)
    provider = creds.get("provider") or DEFAULT_PROVIDER
    status = _initial_status(ctx, has_password, provider)
    stamp = ids.now()
    doc: Document = {
        "id": user_id, "status": status, "created": stamp,
        "activated": stamp if status not in ("STAGED", "PROVISIONED") else None,
        "statusChanged": stamp if status != "STAGED" else None, "lastLogin": None, "lastUpdated": stamp,
        "passwordChanged": stamp if has_password else None, "type": {"id": type_id},
        "profile": profile, "credentials": {**wire_creds, "provider": provider},
    }
    if body.get("realmId"):
        doc["realmId"] = body["realmId"]
    path = f"{USERS}/{user_id}"
    doc = generic.fill(ctx, USER_SCHEMA, doc)
    ctx.tx.put(ctx.org, path, doc)
    for group_id in dict.fromkeys([g for g in [everyone_id(ctx)] if g] + groups):
        join(ctx, group_id, user_id)
    apply_rules_to_user(ctx, doc)
    if status == "PROVISIONED":  # activated without a password: Okta mails the activation link
        email_activation(ctx, doc)
    return Reply(200, wire(ctx, path, doc), [("ETag", etag(doc))])


@handles("getUser")
def get_user(ctx: Context) -> Reply:
    path, doc = find(ctx)
    return Reply(200, wire(ctx, path, doc), [("ETag", etag(doc))])


@handles("updateUser")
def update_user(ctx: Context) -> Reply:
    """POST: a partial update; `type.id` may only repeat the current type."""
    path, doc = find(ctx)
    check_if_match(ctx, doc)
    body = generic.body_object(ctx)
    type_id = _type_id(ctx, body)
    if type_id is not None and type_id != (doc.get("type") or {}).get("id"):
        raise invalid("type.id: The user type can only be changed with a full replace (PUT)", "type.id")
    patch = body.get("profile") if isinstance(body.get("profile"), dict) else {}
    profile = generic.merge(doc.get("profile") or {}, patch)
    _check_profile(ctx, profile, path)
    validate_user_profile(ctx, patch, user_type_id=(doc.get("type") or {}).get("id"), own_path=path, partial=True)
    doc["profile"] = profile
    return _write(ctx, path, doc, body.get("credentials"))


@handles("replaceUser")
def replace_user(ctx: Context) -> Reply:
    """PUT: the profile becomes exactly the body's; properties left out are gone."""
    path, doc = find(ctx)
    check_if_match(ctx, doc)
    body = generic.body_object(ctx)
    type_id = _type_id(ctx, body) or (doc.get("type") or {}).get("id")
    profile = body.get("profile") if isinstance(body.get("profile"), dict) else {}
    _check_profile(ctx, profile, path)
    validate_user_profile(ctx, profile, user_type_id=type_id, own_path=path)
    doc["profile"] = profile
    doc["type"] = {"id": type_id}
    return _write(ctx, path, doc, body.get("credentials"))


@handles("deleteUser")
def delete_user(ctx: Context) -> Reply:
    """Okta deletes twice: a live user is deactivated first, only a DEPROVISIONED one is removed for good."""
    path, doc = find(ctx)
    done = 202 if respond_async(ctx) else 204
    if doc.get("status") != "DEPROVISIONED":
        deprovision(ctx, path, doc)
        return Reply(done, None)
    user_id = doc["id"]
    leave_all(ctx, user_id)
    app_assignments.forget_user(ctx, user_id)
    credentials.forget(ctx, user_id)
    ctx.tx.delete_tree(ctx.org, path)
    return Reply(done, None)


@handles("listUserGroups")
def list_user_groups(ctx: Context) -> Reply:
    _, doc = find(ctx)
    item_schema = ctx.rt.item_schema(ctx.op.response_schema)
    docs = ctx.tx.get_many(ctx.org, [f"{GROUPS}/{g}" for g in group_ids(ctx, doc["id"])])
    return paged(ctx, [generic.fill(ctx, item_schema, generic.output(ctx, p, d)) for p, d in docs.items()], None)


# -- private ------------------------------------------------------------------------------------------------------


def _search(ctx: Context) -> Reply:
    """`search` (full grammar, `sortBy`/`sortOrder`) or `filter` (the legacy subset); both keep DEPROVISIONED users,
    and both narrow through the attribute index."""
    node = generic.query_node(ctx)
    if node is None:
        return _shaped(ctx, generic.list_where(ctx, USERS))
    sort_by = str(ctx.query.get("sortBy") or "") if ctx.query.get("search") else ""
    if not sort_by:
        return _shaped(ctx, generic.list_where(ctx, USERS, node=node))
    hits = generic.matching(ctx, USERS, node)
    descending = str(ctx.query.get("sortOrder") or "").lower() == "desc"
    ordered = filters.sort_docs([d for _, _, d in hits], sort_by, descending)
    start, limit = decode_cursor(ctx.query.get("after")), limit_of(ctx) or len(ordered)
    page = [wire(ctx, f"{USERS}/{d['id']}", d) for d in ordered[start:start + limit]]
    more = start + limit < len(ordered)
    return paged(ctx, page, encode_cursor(start + limit) if more else None)


def _write(ctx: Context, path: str, doc: Document, creds: Any) -> Reply:
    """Store an updated user; a new password in the body is the admin setting it (no old password needed). Okta checks
    its complexity always, but the policy's minimum age and history only with `strict=true`."""
    if isinstance(creds, dict) and creds:
        strict = flag(ctx, "strict", False)
        if strict and isinstance(creds.get("password"), dict) and "value" in creds["password"]:
            password_policy.check_min_age(doc, password_policy.settings(ctx))
        wire_creds, changed = credentials.apply(ctx, doc["id"], creds, profile=doc.get("profile"), history=strict)
        doc["credentials"] = {**(doc.get("credentials") or {}), **wire_creds}
        if changed:
            doc["passwordChanged"] = ids.now()
    doc = save(ctx, path, doc)
    return Reply(200, wire(ctx, path, doc), [("ETag", etag(doc))])


def _shaped(ctx: Context, reply: Reply) -> Reply:
    reply.body = [shape(ctx, u) for u in reply.body]
    return reply


def _initial_status(ctx: Context, has_password: bool, provider: Document) -> str:
    """§24.4's create table: STAGED unless activated; then the credentials decide."""
    if not flag(ctx, "activate", True):
        return "STAGED"
    if str(ctx.query.get("nextLogin") or "") == "changePassword":
        if not has_password:
            raise invalid("password: A password is required when nextLogin is changePassword", "password")
        return "PASSWORD_EXPIRED"
    if has_password or flag(ctx, "provider", False) or provider.get("type", "OKTA") != "OKTA":
        return "ACTIVE"
    return "PROVISIONED"


def _check_profile(ctx: Context, profile: Document, own_path: str | None) -> None:
    """Okta's base rules: login and email required, email well-formed, login unique org-wide (any case)."""
    causes = []
    login = str(profile.get("login") or "").strip()
    if not login:
        causes.append("login: The field cannot be left blank")
    email = profile.get("email")
    if not str(email or "").strip():
        causes.append("email: The field cannot be left blank")
    elif not EMAIL.match(str(email)):
        causes.append("email: Does not match required pattern")
    if causes:
        raise invalid(causes, "login" if not login else "email")
    uniques.check(ctx, USERS, {"profile": {"login": login}}, own_path, invalid(LOGIN_TAKEN, "login"))


def _type_id(ctx: Context, body: Document) -> str | None:
    kind = body.get("type")
    type_id = kind.get("id") if isinstance(kind, dict) else None
    if type_id and not ctx.tx.exists(ctx.org, f"{USER_TYPES}/{type_id}"):
        raise invalid(f"type.id: User type {type_id} does not exist", "type.id")
    return str(type_id) if type_id else None


def _q_matches(doc: Document, q: str) -> bool:
    profile = doc.get("profile") or {}
    return any(str(profile.get(f) or "").lower().startswith(q) for f in Q_FIELDS)

