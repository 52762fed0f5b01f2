"""Per-org object limits Okta documents (25 active event hooks, 50 inline hooks, 50 hook keys, 2 log streams): the
count and the write happen in one transaction, serialised per collection so two concurrent creates can't both take
the last place."""

from __future__ import annotations

import zlib
from collections.abc import Callable

from mokta.http.errors import invalid
from mokta.types import Context, Document


def check(ctx: Context, collection: str, limit: int, rule: str,
          counted: Callable[[Document], bool] | None = None) -> None:
    """Raise E0000001 naming the rule when the org already holds `limit` counted documents of the collection."""
    ctx.tx.lock(zlib.crc32(f"quota:{collection}".encode()))
    held = ctx.tx.count(ctx.org, collection) if counted is None else sum(
        1 for _, _, doc in ctx.tx.list(ctx.org, collection) if counted(doc))
    if held >= limit:
        field = collection.rsplit("/", 1)[-1]
        raise invalid(f"{field}: {rule}", rule)
