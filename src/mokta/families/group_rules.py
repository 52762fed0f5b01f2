"""Group rules: an Okta Expression Language condition that, while the rule is ACTIVE, puts matching users into
target groups. Rules are created INACTIVE and can only be replaced while INACTIVE; activating evaluates every user;
deactivating keeps the memberships the rule made; deleting with `removeUsers=true` takes them away. Memberships a rule
made are marked with its id, so hand-made memberships are never touched by rules."""

from __future__ import annotations

from typing import Any

from mokta import expressions
from mokta.engine import generic, ids, indexes
from mokta.engine.registry import handles
from mokta.families import app_assignments
from mokta.http.errors import invalid
from mokta.types import Context, Document, Reply

RULES = "/api/v1/groups/rules"
GROUPS = "/api/v1/groups"
USERS = "/api/v1/users"
USER_SCHEMA = "/api/v1/meta/schemas/user/default"
EXPRESSION_TYPE = "urn:okta:expression:1.0"
SKIPPED_STATUSES = {"DEPROVISIONED"}  # rules leave deactivated users as they are


@handles("createGroupRule")
def create_group_rule(ctx: Context) -> Reply:
    ctx.body = _checked(ctx)
    reply = generic.serve(ctx)
    path = f"{RULES}/{reply.body['id']}"
    doc = ctx.tx.get(ctx.org, path) or {}
    doc["status"] = "INACTIVE"
    ctx.tx.put(ctx.org, path, doc)
    return Reply(reply.status, _shaped(ctx, path, doc))


@handles("replaceGroupRule")
def replace_group_rule(ctx: Context) -> Reply:
    path, old = _rule(ctx)
    if old.get("status") != "INACTIVE":
        raise invalid("status: Only an INACTIVE rule can be updated; deactivate it first", "status")
    body = _checked(ctx)
    doc = {**body, "id": old["id"], "status": "INACTIVE", "created": old.get("created"), "lastUpdated": ids.now()}
    ctx.tx.put(ctx.org, path, generic.fill(ctx, ctx.op.response_schema, doc))
    return Reply(200, _shaped(ctx, path, ctx.tx.get(ctx.org, path) or doc))


@handles("activateGroupRule", "deactivateGroupRule")
def change_group_rule_status(ctx: Context) -> Reply:
    """Activating evaluates every user; deactivating keeps the memberships the rule made. INVALID rules do neither."""
    path, doc = _rule(ctx)
    activate = ctx.op.id == "activateGroupRule"
    if doc.get("status") == "INVALID":
        raise invalid(f"status: An INVALID rule can't be {'activated' if activate else 'deactivated'}", "status")
    doc.update(status="ACTIVE" if activate else "INACTIVE", lastUpdated=ids.now())
    ctx.tx.put(ctx.org, path, doc)
    if activate:
        for _, _, user in ctx.tx.list(ctx.org, USERS):
            _apply(ctx, doc, user)
    return Reply(204)


@handles("deleteGroupRule")
def delete_group_rule(ctx: Context) -> Reply:
    path, doc = _rule(ctx)
    if ctx.query.get("removeUsers") is True:
        for group_id in _targets(doc):
            for _, member_path, member in ctx.tx.list(ctx.org, f"{GROUPS}/{group_id}/users"):
                _unmark(ctx, group_id, member_path, member, doc["id"])
    ctx.tx.delete_tree(ctx.org, path)
    return Reply(202)


@handles("listGroupRules")
def list_group_rules(ctx: Context) -> Reply:
    word = str(ctx.query.get("search") or "").lower()
    reply = generic.list_where(ctx, RULES, (lambda doc: word in str(doc.get("name") or "").lower()) if word else None)
    return _expanded(ctx, reply)


@handles("getGroupRule")
def get_group_rule(ctx: Context) -> Reply:
    path, doc = _rule(ctx)
    return _expanded(ctx, Reply(200, _shaped(ctx, path, doc)))


def apply_rules_to_user(ctx: Context, user: Document) -> None:
    """Re-evaluate every ACTIVE rule for one user (after the user is created or its profile changes)."""
    for _, _, rule in ctx.tx.list(ctx.org, RULES):
        if rule.get("status") == "ACTIVE":
            _apply(ctx, rule, user)


# -- private ------------------------------------------------------------------------------------------------------


def _rule(ctx: Context) -> tuple[str, Document]:
    path = f"{RULES}/{ctx.path_params['groupRuleId']}"
    return path, generic.load(ctx, path, "GroupRule")


def _checked(ctx: Context) -> Document:
    """Okta's create/replace checks: a name, type group_rule, a parseable expression over known attributes, and
    target groups that exist and accept rule memberships."""
    body = generic.body_object(ctx)
    name = str(body.get("name") or "").strip()
    if not name:
        raise invalid("name: The field cannot be left blank", "name")
    if body.setdefault("type", "group_rule") != "group_rule":
        raise invalid("type: must be group_rule", "type")
    expression = (body.setdefault("conditions", {}).setdefault("expression", {}))
    expression.setdefault("type", EXPRESSION_TYPE)
    text = str(expression.get("value") or "")
    try:
        expressions.validate(text, _user_attributes(ctx))
    except expressions.ExpressionError as e:
        raise invalid(f"conditions.expression.value: {e}", "conditions.expression.value") from None
    groups = _targets(body)
    if not groups:
        raise invalid("actions.assignUserToGroups.groupIds: at least one group is required",
                      "actions.assignUserToGroups.groupIds")
    for group_id in groups:
        group = ctx.tx.get(ctx.org, f"{GROUPS}/{group_id}")
        if group is None or group.get("type") != "OKTA_GROUP":
            raise invalid(f"actions.assignUserToGroups.groupIds: {group_id} is not a group a rule can assign to",
                          "actions.assignUserToGroups.groupIds")
    return body


def _user_attributes(ctx: Context) -> set[str]:
    schema = ctx.tx.get(ctx.org, USER_SCHEMA) or {}
    definitions = schema.get("definitions") or {}
    names: set[str] = set()
    for part in ("base", "custom"):
        names.update(((definitions.get(part) or {}).get("properties") or {}).keys())
    return names


def _targets(rule: Document) -> list[str]:
    return [str(g) for g in ((rule.get("actions") or {}).get("assignUserToGroups") or {}).get("groupIds") or []]


def _apply(ctx: Context, rule: Document, user: Document) -> None:
    """Add the user to the rule's groups when it matches, take back what the rule added when it no longer does."""
    if user.get("status") in SKIPPED_STATUSES:
        return
    user_id = str(user["id"])
    memberships = _user_groups(ctx, user_id)
    wanted = not _excluded(rule, user_id, memberships) and _matches(ctx, rule, user, memberships)
    for group_id in _targets(rule):
        member_path = f"{GROUPS}/{group_id}/users/{user_id}"
        member = ctx.tx.get(ctx.org, member_path)
        if wanted and member is None:
            ctx.tx.put(ctx.org, member_path, {"id": user_id, "rules": [rule["id"]]})
            _touch_group(ctx, group_id)
            app_assignments.sync_user(ctx, user_id)
        elif wanted and member is not None and "rules" in member and rule["id"] not in member["rules"]:
            ctx.tx.put(ctx.org, member_path, {**member, "rules": [*member["rules"], rule["id"]]})
        elif not wanted and member is not None:
            _unmark(ctx, group_id, member_path, member, rule["id"])


def _unmark(ctx: Context, group_id: str, member_path: str, member: Document, rule_id: str) -> None:
    """Drop one rule's claim on a membership; the membership goes when no rule holds it and no admin made it."""
    rules = member.get("rules")
    if not isinstance(rules, list) or rule_id not in rules:
        return  # made by hand, or by other rules only
    rest = [r for r in rules if r != rule_id]
    if rest:
        ctx.tx.put(ctx.org, member_path, {**member, "rules": rest})
    else:
        ctx.tx.delete_tree(ctx.org, member_path)
        _touch_group(ctx, group_id)
        app_assignments.sync_user(ctx, member_path.rsplit("/", 1)[-1])


def _matches(ctx: Context, rule: Document, user: Document, memberships: set[str]) -> bool:
    text = str(((rule.get("conditions") or {}).get("expression") or {}).get("value") or "")
    names = {}
    for group_id in memberships:
        group = ctx.tx.get(ctx.org, f"{GROUPS}/{group_id}")
        names[group_id] = str(((group or {}).get("profile") or {}).get("name") or "")
    context = expressions.EvalContext(user=dict(user.get("profile") or {}), group_ids=memberships, group_names=names,
                                      user_fields={"id": user.get("id"), "status": user.get("status")})
    try:
        return expressions.parse(text).evaluate(context) is True
    except expressions.ExpressionError:
        return False  # an expression that fails for this user simply doesn't match


def _excluded(rule: Document, user_id: str, memberships: set[str]) -> bool:
    people = (rule.get("conditions") or {}).get("people") or {}
    users = set(((people.get("users") or {}).get("exclude")) or [])
    groups = set(((people.get("groups") or {}).get("exclude")) or [])
    return user_id in users or bool(groups & memberships)


def _user_groups(ctx: Context, user_id: str) -> set[str]:
    return set(indexes.member_groups(ctx.tx, ctx.org, user_id))


def _touch_group(ctx: Context, group_id: str) -> None:
    path = f"{GROUPS}/{group_id}"
    group = ctx.tx.get(ctx.org, path)
    if group is not None:
        group["lastMembershipUpdated"] = ids.now()
        ctx.tx.put(ctx.org, path, group)


def _shaped(ctx: Context, path: str, doc: Document) -> Document:
    return generic.fill(ctx, ctx.op.response_schema, generic.output(ctx, path, doc))


def _expanded(ctx: Context, reply: Reply) -> Reply:
    """`expand=groupIdToGroupNameMap` embeds the names of the rule's target groups."""
    if ctx.query.get("expand") != "groupIdToGroupNameMap":
        return reply
    for doc in reply.body if isinstance(reply.body, list) else [reply.body]:
        if isinstance(doc, dict):
            names: dict[str, Any] = {}
            for group_id in _targets(doc):
                group = ctx.tx.get(ctx.org, f"{GROUPS}/{group_id}") or {}
                names[group_id] = (group.get("profile") or {}).get("name")
            doc.setdefault("_embedded", {})["groupIdToGroupNameMap"] = names
    return reply
