"""How a System Log query becomes an index lookup: the time window and the parts of a filter that name an indexed
field (`eq`/`sw` on eventType, actor.id, actor.alternateId, target.id, outcome.result, uuid; ranges on published)
turn into SQL over `log_events`, selecting a superset of the matches; the evaluator confirms every candidate, so
what SQL can't say (`co`, `not`, `pr`, other fields) is still answered exactly, just from more rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from mokta.engine.filters import And, Compare, Node, Or

HIGHEST = "\U0010ffff"
COLUMNS = {"uuid": "uuid", "eventType": "event_type", "actor.id": "actor_id",
           "actor.alternateId": "actor_alternate_id", "outcome.result": "outcome"}
TARGET = "target.id"
PUBLISHED = "published"
# Values the evaluator compares by coercion (numbers, booleans, timestamps) may match non-string or differently
# written values, which the string columns can't find; such comparisons are left to the evaluator.
_COERCED = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?\Z|(?i:true|false)\Z|\d{4}-\d{2}-\d{2}")


# How well an `eq`/`sw` on a field narrows: ids pick a handful of events, types and outcomes many. The strongest
# condition drives the lookup; SQLite is kept from picking a weaker index by hiding the other columns from it.
STRENGTH = {"uuid": 3, "target_id": 3, "actor_id": 2, "actor_alternate_id": 2, "event_type": 1, "outcome": 1}


@dataclass
class Narrowing:
    """SQL conditions (joined with AND) and their parameters; `exact` when they say all the filter says."""

    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    exact: bool = True
    since: str = ""  # the window, as stored `published` values (the store bounds it, cursor included)
    until: str | None = None
    through: tuple[str, list[Any]] | None = None  # one target's condition on `target_id`: walk log_targets
    by_seq: bool = False  # rows picked by `seq` (several targets): the org's own indexes hidden from the planner

    def sql(self) -> str:
        return " AND ".join(self.where) or "1 = 1"


@dataclass
class _Part:
    """One condition: SQL with `{column}` slots, so each column can be left visible to the planner or hidden."""

    template: str
    params: list[Any]
    exact: bool
    columns: frozenset[str]
    # for `target.id eq`: its condition on `target_id` alone (one id matches at most one target row per event, so
    # walking log_targets can't repeat an event; a prefix could)
    target: tuple[str, list[Any]] | None = None

    def render(self, visible: frozenset[str] | None) -> str:
        return self.template.format_map({c: f"log_events.{c}" if visible is None or c in visible
                                         else f"(log_events.{c} || '')" for c in self.columns})


def narrowing(org: str, node: Node | None, since: datetime, until: datetime | None) -> Narrowing:
    """The window (to the millisecond the column holds, widened so no edge event is lost) and the filter's
    indexable part, with the strongest condition chosen to drive the lookup."""
    parts, exact = _conjuncts(org, node) if node is not None else ([], True)
    driver = max((p for p in parts if len(p.columns) == 1), key=lambda p: STRENGTH.get(next(iter(p.columns)), 0),
                 default=None)
    column = next(iter(driver.columns)) if driver else None
    result = Narrowing(exact=exact, since=stamp(since), until=stamp(until) if until else None)
    if driver is not None and driver.target is not None:  # walk the target's own index, in published order
        result.through = driver.target
        parts = [p for p in parts if p is not driver]
        driver = None
    elif column == "target_id":  # several targets: their events are picked by seq, then sorted
        result.by_seq = True
    visible = frozenset({column, "target_id"}) if column and STRENGTH.get(column, 0) >= 2 else None
    for part in parts:
        result.where.append(part.render(None if part is driver else visible))
        result.params += part.params
    return result


def stamp(moment: datetime) -> str:
    """The stored `published` form, truncated to milliseconds (so `>=`/`<=` against it keeps every edge event)."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _conjuncts(org: str, node: Node) -> tuple[list[_Part], bool]:
    """The top-level AND's translatable members, and whether they say everything the filter says."""
    if isinstance(node, And):
        left, left_exact = _conjuncts(org, node.left)
        right, right_exact = _conjuncts(org, node.right)
        return left + right, left_exact and right_exact
    part = _narrow(org, node)
    return ([part], part.exact) if part else ([], False)


def _narrow(org: str, node: Node) -> _Part | None:
    if isinstance(node, And | Or):
        left, right = _narrow(org, node.left), _narrow(org, node.right)
        if isinstance(node, And) and (left is None or right is None):
            kept = left or right
            return _Part(kept.template, kept.params, False, kept.columns) if kept else None
        if left is None or right is None:
            return None  # one side of an OR can match anything, so the union can't be narrowed
        joint = " AND " if isinstance(node, And) else " OR "
        return _Part(f"({left.template}{joint}{right.template})", left.params + right.params,
                     left.exact and right.exact, left.columns | right.columns)
    if not isinstance(node, Compare):
        return None
    if node.attr == PUBLISHED:
        return _published(node)
    value = node.value
    if not isinstance(value, str) or _COERCED.match(value) or node.ignore_case:
        return None
    if node.op == "eq":
        condition, params = "{%s} = ?", [value]
    elif node.op == "sw" and value:
        condition, params = "{%s} >= ? AND {%s} < ?", [value, value + HIGHEST]
    else:
        return None
    if node.attr == TARGET:
        inner = condition.replace("{%s}", "target_id")
        return _Part(f"log_events.seq IN (SELECT seq FROM log_targets WHERE org = ? AND {inner})", [org, *params],
                     True, frozenset({"target_id"}), (inner, params) if node.op == "eq" else None)
    column = COLUMNS.get(node.attr)
    if column is None:
        return None
    return _Part(f"({condition.replace('%s', column)})", params, True, frozenset({column}))


def _published(node: Compare) -> _Part | None:
    """Ranges on `published` bound the same column the window does; the evaluator settles sub-millisecond edges."""
    if node.op not in ("eq", "gt", "ge", "lt", "le") or not isinstance(node.value, str):
        return None
    try:
        moment = datetime.fromisoformat(node.value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    low, high = stamp(moment), stamp(moment + timedelta(milliseconds=1))
    sql = {"eq": "({published} >= ? AND {published} <= ?)", "gt": "{published} >= ?", "ge": "{published} >= ?",
           "lt": "{published} <= ?", "le": "{published} <= ?"}[node.op]
    params = [low, high] if node.op == "eq" else [low if node.op in ("gt", "ge") else high]
    return _Part(sql, params, False, frozenset({"published"}))
