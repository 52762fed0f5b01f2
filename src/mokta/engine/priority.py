"""Priority-ordered collections (org policies and their rules, an authorization server's policies and rules): lists
run in priority order, priorities stay 1..n without gaps as items are inserted, moved and deleted, and Okta's system
items keep the lowest place and can't be deleted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mokta.engine import generic
from mokta.http.errors import OktaError, invalid
from mokta.http.paging import decode_cursor, encode_cursor, limit_of, paged
from mokta.types import Context, Document, Reply

Row = tuple[int, str, Document]


def order(row: Row) -> tuple[bool, int, int]:
    """System items last, then by priority, then by age."""
    doc = row[2]
    priority = doc.get("priority")
    return bool(doc.get("system")), priority if isinstance(priority, int) else 2**31, row[0]


def placed(ctx: Context, reply: Reply, coll: str, wanted: object = None,
           peer: Callable[[Document, Document], bool] | None = None) -> Reply:
    """Put the item the generic engine just wrote at its requested priority and renumber its peers (those of the
    collection for which `peer(item, other)` holds)."""
    path = f"{coll}/{reply.body['id']}"
    doc = ctx.tx.get(ctx.org, path) or {}
    wanted = wanted if wanted is not None else generic.body_object(ctx).get("priority")
    peers = [r for r in ctx.tx.list(ctx.org, coll) if peer is None or peer(doc, r[2])]
    renumber(ctx, peers, path, wanted if isinstance(wanted, int) else None)
    doc = ctx.tx.get(ctx.org, path) or doc
    return Reply(reply.status, generic.fill(ctx, ctx.op.response_schema, generic.output(ctx, path, doc)))


def renumber(ctx: Context, rows: list[Row], moved: str | None = None, wanted: int | None = None) -> None:
    """Priorities run 1..n without gaps; a moved item lands at its wanted place, never below the system items."""
    ordered = sorted((r for r in rows if r[1] != moved), key=order)
    mover = next((r for r in rows if r[1] == moved), None)
    if mover is not None:
        movable = sum(1 for r in ordered if not r[2].get("system"))
        place = movable if mover[2].get("system") or not wanted or wanted < 1 else min(wanted - 1, movable)
        ordered.insert(place, mover)
    for priority, (_, path, doc) in enumerate(ordered, start=1):
        if doc.get("priority") != priority:
            doc["priority"] = priority
            ctx.tx.put(ctx.org, path, doc)


def ordered_page(ctx: Context, rows: list[Row], extra: Callable[[str, Document], Document] | None = None) -> Reply:
    """A page of an already ordered list; the cursor is the position reached."""
    start = decode_cursor(ctx.query.get("after"))
    limit = limit_of(ctx)
    end = len(rows) if limit is None else start + limit
    schema = ctx.rt.item_schema(ctx.op.response_schema)
    docs = [generic.fill(ctx, schema, generic.output(ctx, path, doc)) for _, path, doc in rows[start:end]]
    if extra is not None:  # added after filling: what it adds may lie outside the schema (an embedded list)
        docs = [extra(path, doc) for (_, path, _stored), doc in zip(rows[start:end], docs, strict=True)]
    return paged(ctx, docs, encode_cursor(end) if end < len(rows) else None)


def deletable(ctx: Context, path: str, what: str) -> Document:
    """The item, unless Okta made it (a system item can't be deleted)."""
    doc = generic.load(ctx, path, what)
    if doc.get("system"):
        raise OktaError(403, "E0000006", "You do not have permission to perform the requested action",
                        [f"A system {what} can't be deleted"])
    return doc


def deleted(ctx: Context, coll: str, item_id: str, what: str) -> Reply:
    """Delete a ranked item (not a system one) and close the gap it leaves in its peers' priorities."""
    deletable(ctx, f"{coll}/{item_id}", what)
    reply = generic.serve(ctx)
    renumber(ctx, ctx.tx.list(ctx.org, coll))
    return reply


def check_priority(body: Document) -> None:
    """A requested priority is a whole number from 1 (beyond the end means last)."""
    value: Any = body.get("priority")
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        raise invalid("priority: must be a whole number from 1", "priority")
