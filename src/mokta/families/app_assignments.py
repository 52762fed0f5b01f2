"""App assignments: the users and groups assigned to an app. An assigned group gives each of its members an app user
with scope GROUP (profile from the highest-priority granting group); a direct assignment (scope USER) is the admin's
and outlives the groups. App users follow memberships and the user's status: a deactivated user holds none, and
reactivation brings back what the groups grant. Passwords are write-only and kept outside the app user."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from mokta.engine import events, generic, ids, indexes
from mokta.engine.registry import checks_own_body, handles
from mokta.families.meta_schemas import app_user_schema
from mokta.families.profiles import validate_app_user_profile
from mokta.families.users.credentials import hash_secret
from mokta.http.errors import OktaError, invalid
from mokta.http.paging import limit_of, paged
from mokta.seed_data import PRIVATE_ROOT
from mokta.types import Context, Document, Reply

APPS = "/api/v1/apps"
USERS = "/api/v1/users"
GROUPS = "/api/v1/groups"
APP_USER_SECRETS = f"{PRIVATE_ROOT}/credentials/apps"  # app user passwords, hashed, apart from the app user
HOLDS_NO_APPS = frozenset({"DEPROVISIONED"})  # user statuses whose app users Okta removes
SCOPES = ("USER", "GROUP")
Q_FIELDS = ("firstName", "lastName", "email", "given_name", "family_name", "name")
PATCH_OPS = frozenset({"add", "replace", "remove"})
DEFAULT_TEMPLATE = "${source.login}"
TEMPLATE_PART = re.compile(r"\$\{([^}]*)\}")
checks_own_body("updateGroupAssignmentToApplication")  # Okta patches profile values of any JSON type
UNASSIGN_FORBIDDEN = ("Deactivate application for user forbidden.",
                      "The application cannot be unassigned from the user while their group memberships grant them "
                      "access")


# -- application groups ---------------------------------------------------------------------------------------------


@handles("listApplicationGroupAssignments")
def list_application_group_assignments(ctx: Context) -> Reply:
    """`q` is a prefix match on the group's name."""
    app = _app(ctx)
    q = str(ctx.query.get("q") or "").strip().lower()
    reply = generic.list_where(ctx, f"{APPS}/{app['id']}/groups", _group_name_starts(ctx, q) if q else None)
    for doc in reply.body:
        _expand_group_assignment(ctx, doc)
    return reply


@handles("getApplicationGroupAssignment")
def get_application_group_assignment(ctx: Context) -> Reply:
    path, doc = _group_assignment(ctx)
    return Reply(200, _expand_group_assignment(ctx, _group_wire(ctx, path, doc)))


@handles("assignGroupToApplication")
def assign_group_to_application(ctx: Context) -> Reply:
    """Assign (or re-assign) a group: `priority` places it among the app's groups (the next one when left out),
    and every member gets the app."""
    app = _app(ctx)
    group = _group(ctx, ctx.path_params["groupId"])
    body = generic.body_object(ctx)
    profile = body.get("profile")
    if profile is None:
        profile = {}
    if not isinstance(profile, dict):
        raise invalid("profile: must be an object", "profile")
    validate_app_user_profile(ctx, profile, app_user_schema(ctx, app))
    priority = _priority(body.get("priority"), "priority")
    path = f"{APPS}/{app['id']}/groups/{group['id']}"
    old = ctx.tx.get(ctx.org, path)
    doc: Document = {"id": group["id"], "priority": 0, "profile": profile, "lastUpdated": ids.now(),
                     "_links": {"app": {"href": f"{APPS}/{app['id']}"}, "group": {"href": f"{GROUPS}/{group['id']}"}}}
    if old is not None and priority is None:
        priority = int(old.get("priority") or 0)
    ctx.tx.put(ctx.org, path, doc)
    _place(ctx, app["id"], group["id"], priority)
    _sync_members(ctx, app, group["id"])
    events.aim(ctx, _group_targets(app, group))
    return Reply(200, _group_wire(ctx, path, ctx.tx.get(ctx.org, path) or doc))


@handles("updateGroupAssignmentToApplication")
def update_group_assignment_to_application(ctx: Context) -> Reply:
    """RFC 6902 operations on `/profile…` and `/priority`; members' app user profiles follow."""
    path, old = _group_assignment(ctx)
    app = _app(ctx)
    ops = ctx.body if ctx.body is not None else []
    if not isinstance(ops, list):
        raise invalid("body: must be an array of JSON Patch operations", "body")
    for i, op in enumerate(ops):
        _check_patch_op(i, op)
    patched = generic.apply_json_patch({"priority": old.get("priority"), "profile": old.get("profile") or {}}, ops)
    profile = patched.get("profile")
    if profile is None:
        profile = {}
    if not isinstance(profile, dict):
        raise invalid("profile: must be an object", "profile")
    validate_app_user_profile(ctx, profile, app_user_schema(ctx, app))
    priority = _priority(patched.get("priority"), "priority")
    doc = dict(old, profile=profile, lastUpdated=ids.now())
    ctx.tx.put(ctx.org, path, doc)
    _place(ctx, app["id"], doc["id"], priority if priority is not None else int(old.get("priority") or 0))
    _sync_members(ctx, app, doc["id"])
    events.aim(ctx, _group_targets(app, ctx.tx.get(ctx.org, f"{GROUPS}/{doc['id']}") or {"id": doc["id"]}))
    return Reply(200, _group_wire(ctx, path, ctx.tx.get(ctx.org, path) or doc))


@handles("unassignApplicationFromGroup")
def unassign_application_from_group(ctx: Context) -> Reply:
    """The group's members lose the app unless another assigned group or a direct assignment keeps it."""
    path, doc = _group_assignment(ctx)
    app = _app(ctx)
    ctx.tx.delete_tree(ctx.org, path)
    _place(ctx, app["id"], None, None)
    _sync_members(ctx, app, doc["id"])
    events.aim(ctx, _group_targets(app, ctx.tx.get(ctx.org, f"{GROUPS}/{doc['id']}") or {"id": doc["id"]}))
    return Reply(204)


# -- application users ----------------------------------------------------------------------------------------------


@handles("listApplicationUsers")
def list_application_users(ctx: Context) -> Reply:
    """`q` is a prefix match on the app username and the profile's names and email."""
    app = _app(ctx)
    q = str(ctx.query.get("q") or "").strip().lower()
    reply = generic.list_where(ctx, f"{APPS}/{app['id']}/users", (lambda d: _q_matches(d, q)) if q else None)
    return _with_users(ctx, reply)


@handles("assignUserToApplication")
def assign_user_to_application(ctx: Context) -> Reply:
    """A direct assignment (scope USER); assigning a user who already has the app updates it, and turns a
    group-granted app user into a direct one."""
    app = _app(ctx)
    body = generic.body_object(ctx)
    user_id = str(body.get("id") or "").strip()
    if not user_id:
        raise invalid("id: The field cannot be left blank", "id")
    user = _user(ctx, user_id)
    if user.get("status") in HOLDS_NO_APPS:
        raise invalid("id: A deactivated user can't be assigned to an application", "id")
    scope = _scope(body, "USER")
    path = f"{APPS}/{app['id']}/users/{user_id}"
    old = ctx.tx.get(ctx.org, path)
    if scope == "GROUP" and not _granting(ctx, app["id"], user_id):
        raise invalid("scope: The user has no group assignment to this application", "scope")
    if old is None:
        doc = _new_app_user(ctx, app, user, scope, _granting(ctx, app["id"], user_id) if scope == "GROUP" else [])
    else:
        doc = old
    return _saved(ctx, app, user, path, doc, body, scope, creating=old is None)


@handles("getApplicationUser")
def get_application_user(ctx: Context) -> Reply:
    path, doc = _app_user(ctx)
    out = _wire(ctx, path, doc)
    if _expands(ctx, "user"):
        _embed_users(ctx, [out])
    return Reply(200, out)


@handles("updateApplicationUser")
def update_application_user(ctx: Context) -> Reply:
    """A merge of credentials and profile; `scope: USER` makes a group-granted app user a direct one, while only
    Okta's groups can make one GROUP-scoped."""
    path, doc = _app_user(ctx)
    app = _app(ctx)
    user = _user(ctx, doc["id"])
    body = generic.body_object(ctx)
    return _saved(ctx, app, user, path, doc, body, _scope(body, str(doc.get("scope") or "USER")), creating=False)


@handles("unassignUserFromApplication")
def unassign_user_from_application(ctx: Context) -> Reply:
    """Only what an admin assigned can be unassigned: while a group grants the app, Okta refuses (E0000046)."""
    path, doc = _app_user(ctx)
    if doc.get("scope") == "GROUP" or _granting(ctx, ctx.path_params["appId"], doc["id"]):
        raise OktaError(403, "E0000046", UNASSIGN_FORBIDDEN[0], [UNASSIGN_FORBIDDEN[1]])
    _remove_app_user(ctx, path)
    events.aim(ctx, _targets(_app(ctx), ctx.tx.get(ctx.org, f"{USERS}/{doc['id']}") or {"id": doc["id"]}))
    return Reply(204)


# -- a group's apps -------------------------------------------------------------------------------------------------


@handles("listAssignedApplicationsForGroup")
def list_assigned_applications_for_group(ctx: Context) -> Reply:
    """The apps a group is assigned to, in app order; `after` is the last app id of the previous page."""
    group = _group(ctx, ctx.path_params["groupId"])
    app_ids = [p.split("/")[4] for p in group_assignment_paths(ctx, group["id"])]
    found = ctx.tx.get_many(ctx.org, [f"{APPS}/{a}" for a in app_ids])
    apps = sorted(found.values(), key=lambda d: (str(d.get("created") or ""), str(d.get("id"))))
    after = str(ctx.query.get("after") or "")
    if after:
        at = next((i for i, a in enumerate(apps) if a.get("id") == after), None)
        apps = apps[at + 1:] if at is not None else []
    limit = limit_of(ctx) or len(apps) or 1
    page, more = apps[:limit], len(apps) > limit
    schema = ctx.rt.item_schema(ctx.op.response_schema)
    docs = [generic.fill(ctx, schema, generic.output(ctx, f"{APPS}/{a['id']}", a)) for a in page]
    return paged(ctx, docs, str(page[-1]["id"]) if more and page else None)


# -- hooks for the families that change memberships and users -------------------------------------------------------


def sync_user(ctx: Context, user_id: str) -> None:
    """Bring one user's app users in line with its groups and status (after a membership or status change)."""
    user = ctx.tx.get(ctx.org, f"{USERS}/{user_id}")
    held = {p.split("/")[4] for p in ctx.tx.indexed_paths(ctx.org, indexes.APP_USER, user_id)}
    if user is None or user.get("status") in HOLDS_NO_APPS:
        for app_id in held:
            _remove_app_user(ctx, f"{APPS}/{app_id}/users/{user_id}", derived=True)
        return
    grants = _grants(ctx, user_id)
    for app_id in held | set(grants):
        app = ctx.tx.get(ctx.org, f"{APPS}/{app_id}")
        if app is not None:
            _reconcile(ctx, app, user, grants.get(app_id, []))


def forget_group(ctx: Context, group_id: str, member_ids: list[str]) -> None:
    """A deleted group's app assignments go with it, and so do the app users only it granted."""
    paths = group_assignment_paths(ctx, group_id)
    for path in paths:
        ctx.tx.delete_tree(ctx.org, path)
    for app_id in {p.split("/")[4] for p in paths}:
        _place(ctx, app_id, None, None)
    for user_id in member_ids:
        sync_user(ctx, user_id)


def forget_user(ctx: Context, user_id: str) -> None:
    """A deleted user leaves no app users behind."""
    for path in ctx.tx.indexed_paths(ctx.org, indexes.APP_USER, user_id):
        _remove_app_user(ctx, path, derived=True)


def app_user_paths(ctx: Context, user_id: str) -> list[str]:
    """Where the user's app users are (`/api/v1/apps/{appId}/users/{userId}`), for app links and app filters."""
    return list(ctx.tx.indexed_paths(ctx.org, indexes.APP_USER, user_id))


def group_assignment_paths(ctx: Context, group_id: str) -> list[str]:
    """Where the group's app assignments are (`/api/v1/apps/{appId}/groups/{groupId}`), for app filters."""
    return list(ctx.tx.indexed_paths(ctx.org, indexes.APP_GROUP, group_id))


# -- private --------------------------------------------------------------------------------------------------------


def _saved(ctx: Context, app: Document, user: Document, path: str, doc: Document, body: Document, scope: str, *,
           creating: bool) -> Reply:
    """Write an assigned or updated app user: only Okta's groups make one GROUP-scoped, and a direct one no longer
    links to a granting group."""
    if scope == "GROUP" and not creating and doc.get("scope") != "GROUP":
        raise invalid("scope: A direct assignment can't be turned into a group assignment", "scope")
    doc = dict(doc, scope=scope)
    if scope == "USER":
        doc["_links"] = {k: v for k, v in (doc.get("_links") or {}).items() if k != "group"}
    doc = _apply_changes(ctx, app, user, path, doc, body, creating=creating)
    ctx.tx.put(ctx.org, path, doc)
    events.aim(ctx, _targets(app, user))
    return Reply(200, _wire(ctx, path, doc))


def _app(ctx: Context) -> Document:
    return generic.load(ctx, f"{APPS}/{ctx.path_params['appId']}", "AppInstance")


def _user(ctx: Context, user_id: str) -> Document:
    return generic.load(ctx, f"{USERS}/{user_id}", "User")


def _group(ctx: Context, group_id: str) -> Document:
    return generic.load(ctx, f"{GROUPS}/{group_id}", "UserGroup")


def _app_user(ctx: Context) -> tuple[str, Document]:
    app = _app(ctx)
    user_id = ctx.path_params["userId"]
    path = f"{APPS}/{app['id']}/users/{user_id}"
    return path, generic.load(ctx, path, "AppUser")


def _group_assignment(ctx: Context) -> tuple[str, Document]:
    app = _app(ctx)
    group_id = ctx.path_params["groupId"]
    path = f"{APPS}/{app['id']}/groups/{group_id}"
    return path, generic.load(ctx, path, "ApplicationGroupAssignment")


def _scope(body: Document, default: str) -> str:
    scope = body.get("scope") or default
    if scope not in SCOPES:
        raise invalid("scope: must be one of USER, GROUP", "scope")
    return str(scope)


def _new_app_user(ctx: Context, app: Document, user: Document, scope: str, granting: list[Document]) -> Document:
    stamp = ids.now()
    doc: Document = {
        "id": user["id"], "externalId": None, "created": stamp, "lastUpdated": stamp, "scope": scope,
        "status": "ACTIVE", "statusChanged": stamp, "passwordChanged": None, "syncState": "DISABLED",
        "credentials": {"userName": _user_name(app, user)}, "profile": {},
        "_links": {"app": {"href": f"{APPS}/{app['id']}"}, "user": {"href": f"{USERS}/{user['id']}"}},
    }
    return _refresh_group_grant(ctx, doc, granting) if granting else doc


def _apply_changes(ctx: Context, app: Document, user: Document, path: str, doc: Document, body: Document,
                   creating: bool) -> Document:
    """Merge the body's credentials and profile into an app user, checking both; the password goes apart."""
    creds = body.get("credentials")
    if creds is not None and not isinstance(creds, dict):
        raise invalid("credentials: must be an object", "credentials")
    creds = creds or {}
    profile = body.get("profile")
    if profile is not None and not isinstance(profile, dict):
        raise invalid("profile: must be an object", "profile")
    if profile:
        validate_app_user_profile(ctx, profile, app_user_schema(ctx, app), partial=not creating)
    elif creating:
        validate_app_user_profile(ctx, {}, app_user_schema(ctx, app))
    stamp = str(doc["created"]) if creating else ids.now()
    doc = dict(doc, credentials=dict(doc.get("credentials") or {}), lastUpdated=stamp)
    if "userName" in creds:
        name = creds["userName"]
        if not isinstance(name, str) or not 1 <= len(name.strip()) <= 100:
            raise invalid("credentials.userName: must be a string of 1 to 100 characters", "credentials.userName")
        old_name = doc["credentials"].get("userName")
        doc["credentials"]["userName"] = name
        _keep_private(ctx, path, chosenUserName=True)  # the admin's choice: the template no longer applies
        if not creating and old_name != name:
            events.also(ctx, "application.user_membership.change_username", _targets(app, user))
    password = creds.get("password")
    if password is not None:
        value = password.get("value") if isinstance(password, dict) else None
        if not isinstance(value, str) or not value:
            raise invalid("credentials.password.value: The field cannot be left blank",
                          "credentials.password.value")
        _keep_private(ctx, path, password=hash_secret(value))
        doc["credentials"]["password"] = {}
        doc["passwordChanged"] = stamp
        if not creating:
            events.also(ctx, "application.user_membership.change_password", _targets(app, user))
    if profile:
        doc["profile"] = generic.merge(doc.get("profile") or {}, profile)
    return doc


def _remove_app_user(ctx: Context, path: str, derived: bool = False) -> None:
    parts = path.split("/")
    ctx.tx.delete_tree(ctx.org, path)
    ctx.tx.delete_tree(ctx.org, _secret_path(path))
    if derived:
        events.also(ctx, "application.user_membership.remove", _targets({"id": parts[4]}, {"id": parts[6]}))


def _secret_path(app_user_path: str) -> str:
    return APP_USER_SECRETS + app_user_path.removeprefix(APPS)


def _keep_private(ctx: Context, path: str, **values: Any) -> None:
    """What an app user holds that never goes on the wire: the hashed password, whether the admin chose the name."""
    private = ctx.tx.get(ctx.org, _secret_path(path)) or {}
    ctx.tx.put(ctx.org, _secret_path(path), {**private, **values}, listed=False)


def _follow_login(ctx: Context, app: Document, user: Document, path: str, doc: Document) -> Document:
    """A templated app username follows the user's profile (a changed login renames it); a chosen one stays."""
    name = _user_name(app, user)
    if name == (doc.get("credentials") or {}).get("userName"):
        return doc
    if (ctx.tx.get(ctx.org, _secret_path(path)) or {}).get("chosenUserName"):
        return doc
    doc = dict(doc, credentials={**(doc.get("credentials") or {}), "userName": name}, lastUpdated=ids.now())
    ctx.tx.put(ctx.org, path, doc)
    events.also(ctx, "application.user_membership.change_username", _targets(app, user))
    return doc


def _grants(ctx: Context, user_id: str) -> dict[str, list[Document]]:
    """Per app, the group assignments that reach the user through its groups, highest priority first."""
    out: dict[str, list[Document]] = {}
    paths = [p for g in indexes.member_groups(ctx.tx, ctx.org, user_id)
             for p in ctx.tx.indexed_paths(ctx.org, indexes.APP_GROUP, g)]
    for path, doc in ctx.tx.get_many(ctx.org, paths).items():
        out.setdefault(path.split("/")[4], []).append(doc)
    for docs in out.values():
        docs.sort(key=lambda d: int(d.get("priority") or 0))
    return out


def _granting(ctx: Context, app_id: str, user_id: str) -> list[Document]:
    return _grants(ctx, user_id).get(app_id, [])


def _sync_members(ctx: Context, app: Document, group_id: str) -> None:
    """After a group assignment changes, each member's app user for this app is created, refreshed or removed."""
    assigned = sorted((d for _, _, d in ctx.tx.list(ctx.org, f"{APPS}/{app['id']}/groups")),
                      key=lambda d: int(d.get("priority") or 0))
    members = [d["id"] for _, _, d in ctx.tx.list(ctx.org, f"{GROUPS}/{group_id}/users")]
    users = ctx.tx.get_many(ctx.org, [f"{USERS}/{u}" for u in members])
    for user in users.values():
        if user.get("status") not in HOLDS_NO_APPS:
            held = set(indexes.member_groups(ctx.tx, ctx.org, user["id"]))
            _reconcile(ctx, app, user, [d for d in assigned if d.get("id") in held])


def _reconcile(ctx: Context, app: Document, user: Document, granting: list[Document]) -> None:
    """One user's app user for one app, given the group assignments granting it: created GROUP-scoped when a group
    grants it, kept in step with the top group, removed when only groups held it and none does any more."""
    path = f"{APPS}/{app['id']}/users/{user['id']}"
    doc = ctx.tx.get(ctx.org, path)
    if doc is None:
        if granting:
            ctx.tx.put(ctx.org, path, _new_app_user(ctx, app, user, "GROUP", granting))
            events.also(ctx, "application.user_membership.add", _targets(app, user))
        return
    doc = _follow_login(ctx, app, user, path, doc)
    if doc.get("scope") != "GROUP":
        return
    if not granting:
        _remove_app_user(ctx, path, derived=True)
        return
    fresh = _refresh_group_grant(ctx, doc, granting)
    if fresh != doc:
        fresh["lastUpdated"] = ids.now()
        ctx.tx.put(ctx.org, path, fresh)


def _refresh_group_grant(ctx: Context, doc: Document, granting: list[Document]) -> Document:
    """A GROUP-scoped app user links the top-priority granting group and takes the groups' profiles, the higher
    priority winning each property."""
    profile: Document = {}
    for assignment in reversed(granting):
        profile.update(assignment.get("profile") or {})
    links = dict(doc.get("_links") or {})
    links["group"] = {"href": f"{GROUPS}/{granting[0]['id']}"}
    return dict(doc, profile=profile, _links=links)


def _place(ctx: Context, app_id: str, group_id: str | None, priority: int | None) -> None:
    """Keep an app's group priorities 0..n-1: the moved group lands at `priority` (the end when None) and the others
    shift around it, as Okta renumbers them."""
    rows = ctx.tx.list(ctx.org, f"{APPS}/{app_id}/groups")
    others = sorted(((int(d.get("priority") or 0), seq, path, d) for seq, path, d in rows if d.get("id") != group_id),
                    key=lambda r: (r[0], r[1]))
    order: list[tuple[str, Document]] = [(path, d) for _, _, path, d in others]
    if group_id is not None:
        path = f"{APPS}/{app_id}/groups/{group_id}"
        doc = ctx.tx.get(ctx.org, path)
        if doc is not None:
            at = len(order) if priority is None else min(priority, len(order))
            order.insert(at, (path, doc))
    for i, (path, doc) in enumerate(order):
        if doc.get("priority") != i:
            ctx.tx.put(ctx.org, path, dict(doc, priority=i))


def _priority(value: Any, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise invalid(f"{field}: must be a non-negative integer", field)
    return value


def _check_patch_op(i: int, op: Any) -> None:
    """Okta patches a group assignment's profile properties and priority, with add, replace and remove."""
    if not isinstance(op, dict) or not isinstance(op.get("op"), str) or not isinstance(op.get("path"), str):
        raise invalid(f"[{i}]: must be a JSON Patch operation with op and path", f"[{i}]")
    if op["op"] not in PATCH_OPS:
        raise invalid(f"[{i}].op: {op['op']} is not supported; use add, replace or remove", f"[{i}].op")
    target = op["path"]
    if target == "/priority":
        if op["op"] == "remove":
            raise invalid(f"[{i}].path: /priority can't be removed", f"[{i}].path")
        return
    if target != "/profile" and not target.startswith("/profile/"):
        raise invalid(f"[{i}].path: {target} can't be patched; use /profile/<property> or /priority", f"[{i}].path")
    if op["op"] != "remove" and "value" not in op:
        raise invalid(f"[{i}].value: The field cannot be left blank", f"[{i}].value")


def _user_name(app: Document, user: Document) -> str:
    """The default app username from the app's `credentials.userNameTemplate` (Okta's login when it says nothing
    usable)."""
    profile = user.get("profile") or {}
    login = str(profile.get("login") or user.get("id"))
    template = ((app.get("credentials") or {}).get("userNameTemplate") or {})
    text = str(template.get("template") or DEFAULT_TEMPLATE)
    suffix = str(template.get("userSuffix") or "")

    def value(expression: str) -> str:
        expression = expression.strip()
        if expression == "instance.userSuffix":
            return suffix
        call = re.fullmatch(r'fn:(\w+)\(\s*source\.(\w+)\s*(?:,\s*"([^"]*)"\s*)?\)', expression)
        name = call.group(2) if call else expression.removeprefix("source.")
        raw = str(profile.get("login" if name == "userName" else name) or "")
        if call and call.group(1) == "toLowerCase":
            return raw.lower()
        if call and call.group(1) == "substringBefore":
            return raw.split(call.group(3) or "@")[0]
        return raw

    name = TEMPLATE_PART.sub(lambda m: value(m.group(1)), text)
    return name[:100] if name.strip() else login


def _group_name_starts(ctx: Context, q: str) -> Callable[[Document], bool]:
    def keep(doc: Document) -> bool:
        group = ctx.tx.get(ctx.org, f"{GROUPS}/{doc.get('id')}") or {}
        return str((group.get("profile") or {}).get("name") or "").lower().startswith(q)

    return keep


def _q_matches(doc: Document, q: str) -> bool:
    profile = doc.get("profile") or {}
    names = [(doc.get("credentials") or {}).get("userName")] + [profile.get(f) for f in Q_FIELDS]
    return any(isinstance(n, str) and n.lower().startswith(q) for n in names)


def _wire(ctx: Context, path: str, doc: Document) -> Document:
    return generic.fill(ctx, ctx.op.response_schema, generic.output(ctx, path, doc))


def _group_wire(ctx: Context, path: str, doc: Document) -> Document:
    return generic.fill(ctx, ctx.op.response_schema, generic.output(ctx, path, doc))


def _expands(ctx: Context, what: str) -> bool:
    return what in [w.strip() for w in str(ctx.query.get("expand") or "").split(",")]


def _with_users(ctx: Context, reply: Reply) -> Reply:
    if _expands(ctx, "user") and isinstance(reply.body, list):
        _embed_users(ctx, reply.body)
    return reply


def _embed_users(ctx: Context, docs: list[Document]) -> None:
    """`expand=user` embeds the Okta user behind each app user."""
    found = ctx.tx.get_many(ctx.org, [f"{USERS}/{d.get('id')}" for d in docs])
    for doc in docs:
        path = f"{USERS}/{doc.get('id')}"
        if path in found:
            doc["_embedded"] = {**(doc.get("_embedded") or {}), "user": generic.output(ctx, path, found[path])}


def _expand_group_assignment(ctx: Context, doc: Document) -> Document:
    """`expand=group` embeds the group; `expand=metadata` says where each profile value comes from."""
    if _expands(ctx, "group"):
        path = f"{GROUPS}/{doc.get('id')}"
        group = ctx.tx.get(ctx.org, path)
        if group is not None:
            doc["_embedded"] = {**(doc.get("_embedded") or {}), "group": generic.output(ctx, path, group)}
    if _expands(ctx, "metadata"):
        source = {"type": "GROUP", "value": [{"id": doc.get("id"),
                                             "self": {"href": ctx.url(f"{GROUPS}/{doc.get('id')}")}}]}
        metadata = {"credentials": {}, "profile": {name: {"source": source, "lastUpdated": doc.get("lastUpdated")}
                                                  for name in (doc.get("profile") or {})}}
        doc["_embedded"] = {**(doc.get("_embedded") or {}), "metadata": metadata}
    return doc


def _targets(app: Document, user: Document) -> list[Document]:
    """An app-user event names the app and the user, as Okta's System Log does."""
    login = str((user.get("profile") or {}).get("login") or user.get("id"))
    return [_app_target(app), {"id": str(user.get("id")), "type": "User", "alternateId": login,
                               "displayName": login, "detailEntry": None}]


def _group_targets(app: Document, group: Document) -> list[Document]:
    name = str((group.get("profile") or {}).get("name") or group.get("id"))
    return [_app_target(app), {"id": str(group.get("id")), "type": "UserGroup", "alternateId": name,
                               "displayName": name, "detailEntry": None}]


def _app_target(app: Document) -> Document:
    label = str(app.get("label") or app.get("name") or app.get("id"))
    return {"id": str(app.get("id")), "type": "AppInstance", "alternateId": label, "displayName": label,
            "detailEntry": None}
