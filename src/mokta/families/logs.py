"""The System Log query: a time window (`since` defaults to 7 days before `until`, `until` to now), a SCIM `filter`
over any event field, `q` keywords, `sortOrder`, `limit` up to 1,000 and `after`. A bounded query (with `until`)
ends; a polling query (without) always answers a `next` link, where newer events appear later. Events come from
the `log_events` table in `published` order, narrowed by its indexes (`engine/log_index.py`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from mokta.engine import filters, ids, log_index
from mokta.engine.registry import handles
from mokta.http.errors import bad_param, invalid
from mokta.http.paging import decode_cursor, encode_cursor, paged
from mokta.types import Context, Document, Reply

DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
MAX_KEYWORDS, MAX_KEYWORD = 10, 40
WINDOW = timedelta(days=7)
BATCH = 500  # candidates read at a time when the evaluator has the last word


@handles("listLogEvents")
def list_log_events(ctx: Context) -> Reply:
    until = _time(ctx, "until")
    since = _time(ctx, "since") or (until or datetime.now(UTC)) - WINDOW
    node = _filter(ctx)
    keywords = _keywords(ctx)
    limit = _limit(ctx)
    descending = str(ctx.query.get("sortOrder") or "ASCENDING").upper() == "DESCENDING"
    after = decode_cursor(ctx.query.get("after"))

    def wanted(doc: Document) -> bool:
        published = ids.parse_time(str(doc.get("published")))
        return (published >= since and (until is None or published < until)
                and (node is None or filters.matches(node, doc)) and all(k in _text(doc) for k in keywords))

    found = _find(ctx, log_index.narrowing(ctx.org, node, since, until), wanted, after, descending, limit + 1,
                  exact=not keywords)
    page = found[:limit]
    events = [doc for _, doc in page]
    if until is None:  # polling: there is always a next page, which new events will fill
        last = page[-1][0] if page else after
        return paged(ctx, events, encode_cursor(last) if last else encode_cursor(_latest(ctx)))
    return paged(ctx, events, encode_cursor(page[-1][0]) if len(found) > limit and page else None)


def _find(ctx: Context, narrowed: log_index.Narrowing, wanted: Callable[[Document], bool], after: int,
          descending: bool, count: int, exact: bool) -> list[tuple[int, Document]]:
    """Up to `count` matching events after the cursor, read from the index in batches: one batch when SQL says all
    the query says, more while the evaluator keeps turning candidates down."""
    position = ctx.tx.log_position(ctx.org, after) if after else None
    if after and position is None:
        raise bad_param("after", "is not a valid cursor")
    batch = count if narrowed.exact and exact else max(count, BATCH)
    found: list[tuple[int, Document]] = []
    while len(found) < count:
        rows = ctx.tx.log_events(ctx.org, narrowed.sql(), narrowed.params, since=narrowed.since,
                                 until=narrowed.until, position=position, descending=descending, limit=batch,
                                 through=narrowed.through, by_seq=narrowed.by_seq)
        found += [(seq, doc) for seq, _, doc in rows if wanted(doc)]
        if len(rows) < batch:
            break
        position = (rows[-1][1], rows[-1][0])
    return found[:count]


def _time(ctx: Context, name: str) -> datetime | None:
    raw = ctx.query.get(name)
    if not raw:
        return None
    try:
        value = ids.parse_time(str(raw))
    except ValueError:
        raise bad_param(name, "must be an ISO 8601 timestamp") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _filter(ctx: Context) -> filters.Node | None:
    text = ctx.query.get("filter")
    if not text:
        return None
    try:
        return filters.parse(str(text), filters.GENERIC)
    except filters.FilterError as e:
        raise invalid(f"filter: {e}", str(e)) from None


def _keywords(ctx: Context) -> list[str]:
    words = str(ctx.query.get("q") or "").split()
    if len(words) > MAX_KEYWORDS:
        raise bad_param("q", f"at most {MAX_KEYWORDS} keywords")
    if any(len(w) > MAX_KEYWORD for w in words):
        raise bad_param("q", f"keywords are at most {MAX_KEYWORD} characters")
    return [w.lower() for w in words]


def _limit(ctx: Context) -> int:
    raw: Any = ctx.query.get("limit", DEFAULT_LIMIT)
    if not isinstance(raw, int) or not 0 <= raw <= MAX_LIMIT:
        raise bad_param("limit", f"must be between 0 and {MAX_LIMIT}")
    return raw


def _text(doc: Document) -> str:
    """What `q` searches: the message, type and the actor's and targets' names and ids."""
    actor = doc.get("actor") or {}
    parts = [doc.get("displayMessage"), doc.get("eventType"), actor.get("alternateId"), actor.get("displayName"),
             actor.get("id"), (doc.get("outcome") or {}).get("result")]
    for target in doc.get("target") or []:
        parts += [target.get("id"), target.get("alternateId"), target.get("displayName")]
    return " ".join(str(p) for p in parts if p).lower()


def _latest(ctx: Context) -> int:
    position = ctx.tx.log_position(ctx.org)
    return position[1] if position else 0
