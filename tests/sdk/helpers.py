"""How the SDK's `(data, response, error)` tuples are checked, and how its users page through lists."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from okta.errors.okta_api_error import OktaAPIError
from okta.pagination import PaginationHelper

MAX_PAGES = 200


def unique(prefix: str) -> str:
    """Names that can't collide with other tests sharing the same server."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


async def ok(call: Awaitable[tuple[Any, ...]]) -> Any:
    """The data of a call that must succeed."""
    result = await call
    assert result[-1] is None, f"unexpected error: {result[-1]}"
    return result[0]


async def fails(call: Awaitable[tuple[Any, ...]], status: int, code: str) -> OktaAPIError:
    """The Okta error of a call that must fail with this status and code."""
    result = await call
    error = result[-1]
    assert isinstance(error, OktaAPIError), f"expected {code}, got {result!r}"
    assert (error.status, error.error_code) == (status, code), error.message
    assert error.error_summary and error.error_id
    return error


async def pages(method: Callable[..., Awaitable[tuple[Any, ...]]], *args: Any, limit: int | str,
                **kwargs: Any) -> list[list[Any]]:
    """Every page of a list, re-calling with `after` from the `Link: rel="next"` header (what `paginate_all` does)."""
    out: list[list[Any]] = []
    after: str | None = None
    while len(out) < MAX_PAGES:
        extra = {"after": after} if after else {}
        data, resp, error = await method(*args, limit=limit, **kwargs, **extra)
        assert error is None, error
        assert len(data) <= int(limit)
        out.append(data)
        after = PaginationHelper.extract_next_cursor(resp.headers)
        if not after:
            return out
    raise AssertionError("pagination never ended")


def check_paging(all_pages: list[list[Any]], limit: int, mine: set[str]) -> list[Any]:
    """Several full pages, no item twice, every one of ours present; returns the items in order."""
    items = [item for page in all_pages for item in page]
    ids = [item.id for item in items]
    assert len(all_pages) >= 2
    assert all(len(page) == limit for page in all_pages[:-1])
    assert len(ids) == len(set(ids))
    assert mine <= set(ids)
    return items
