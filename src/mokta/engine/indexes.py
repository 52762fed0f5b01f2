"""Searchable attributes. For the collections that Okta lets callers search (users, groups), every write records the
document's attribute values in an index table; a `search`/`filter` expression becomes an index query that narrows
the candidates, and the evaluator confirms each one. What can't be narrowed (`co`, `not`, `pr`) falls back to a scan.
"""

from __future__ import annotations

from typing import Any

from mokta.engine.filters import And, Compare, Node, Not, Or, Present
from mokta.types import Document

MAX_VALUE = 1024  # longer values are not indexed; their collections are small enough to scan
HIGHEST = "\U0010ffff"

# collection -> top-level attributes indexed beside every `profile.*` attribute
INDEXED: dict[str, tuple[str, ...]] = {
    "/api/v1/users": ("id", "status", "created", "activated", "statusChanged", "lastUpdated", "type.id"),
    "/api/v1/groups": ("id", "type", "created", "lastUpdated", "lastMembershipUpdated"),
}


def normalized(value: Any) -> str | None:
    """How a value is keyed: strings lower-cased (narrowing is case-blind; the evaluator applies the case rules),
    numbers in one canonical form, booleans as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(float(value))
    if isinstance(value, str):
        return value.lower() if len(value) <= MAX_VALUE else None
    return None


MEMBER = "groups.member"  # a membership `/api/v1/groups/{g}/users/{u}`, found from the user's side
LINKED = "linkedObject."  # a linked-object value `/api/v1/users/{u}/linkedObjects/{name}/{primary}`
APP_USER = "apps.user"  # an app user `/api/v1/apps/{a}/users/{u}`, found from the user's side
APP_GROUP = "apps.group"  # a group assignment `/api/v1/apps/{a}/groups/{g}`, found from the group's side
APP_ASSIGNMENTS = {"users": APP_USER, "groups": APP_GROUP}


def index_for(path: str, doc: Document) -> list[tuple[str, str]] | None:
    coll = path.rsplit("/", 1)[0]
    parts = path.split("/")
    if len(parts) == 7 and parts[3] == "groups" and parts[5] == "users" and path.startswith("/api/v1/groups/"):
        return [(MEMBER, parts[6])]
    if len(parts) == 8 and parts[3] == "users" and parts[5] == "linkedObjects" and path.startswith("/api/v1/users/"):
        return [(LINKED + parts[6], parts[7])]  # whose primary this user names, per relationship
    if len(parts) == 7 and parts[3] == "apps" and parts[5] in APP_ASSIGNMENTS and path.startswith("/api/v1/apps/"):
        return [(APP_ASSIGNMENTS[parts[5]], parts[6])]
    top = INDEXED.get(coll)
    if top is None:
        return None
    entries: list[tuple[str, str]] = []
    for attr in top:
        _add(entries, attr, _get(doc, attr))
    profile = doc.get("profile")
    if isinstance(profile, dict):
        for name, value in profile.items():
            _add(entries, f"profile.{name}", value)
    return entries


def narrowing(org: str, coll: str, node: Node) -> tuple[str, list[Any]] | None:
    """SQL selecting the `seq`s of the documents that may match `node` (a superset), or None when the index can't
    help."""
    if coll not in INDEXED:
        return None
    return _narrow(org, coll, node)


def _narrow(org: str, coll: str, node: Node) -> tuple[str, list[Any]] | None:
    if isinstance(node, And):
        left, right = _narrow(org, coll, node.left), _narrow(org, coll, node.right)
        if left is None or right is None:
            return left or right
        return f"{left[0]} INTERSECT {right[0]}", left[1] + right[1]
    if isinstance(node, Or):
        left, right = _narrow(org, coll, node.left), _narrow(org, coll, node.right)
        if left is None or right is None:
            return None
        return f"{left[0]} UNION {right[0]}", left[1] + right[1]
    if isinstance(node, Not | Present) or not isinstance(node, Compare):
        return None
    base = "SELECT seq FROM attr_index WHERE org = ? AND coll = ? AND attr = ? AND "
    params: list[Any] = [org, coll, node.attr]
    value = node.value
    if node.op == "eq" and value is not None:
        keys = {k for k in (normalized(value), _numeric(value)) if k is not None}
        if not keys:
            return None
        return base + "value IN (" + ",".join("?" for _ in keys) + ")", params + sorted(keys)
    if node.op == "sw" and isinstance(value, str) and value:
        prefix = value.lower()
        return base + "value >= ? AND value < ?", params + [prefix, prefix + HIGHEST]
    if node.op in ("gt", "ge", "lt", "le") and isinstance(value, str) and not _numeric(value):
        key = value.lower()  # timestamps: one fixed format, so text order is time order
        sql = {"gt": "value > ?", "ge": "value >= ?", "lt": "value < ?", "le": "value <= ?"}[node.op]
        return base + sql, params + [key]
    return None


def _numeric(value: Any) -> str | None:
    try:
        return repr(float(value)) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def _add(entries: list[tuple[str, str]], attr: str, value: Any) -> None:
    for item in value if isinstance(value, list) else [value]:
        key = normalized(item)
        if key is not None:
            entries.append((attr, key))


def _get(doc: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        doc = doc.get(part) if isinstance(doc, dict) else None
    return doc


def member_groups(tx: Any, org: str, user_id: str) -> list[str]:
    """The ids of the groups a user belongs to, through the membership index."""
    return [p.split("/")[4] for p in tx.indexed_paths(org, MEMBER, user_id) if p.endswith(f"/users/{user_id}")]


def linked_values(tx: Any, org: str, primary_name: str, primary_user: str | None = None) -> list[str]:
    """Paths of the linked-object values of one relationship (optionally only those naming one primary user)."""
    return list(tx.indexed_paths(org, LINKED + primary_name, primary_user))
