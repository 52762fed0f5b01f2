"""Keyset pagination with opaque `after` cursors and Okta's `Link` headers (self first, next last)."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import quote, urlencode

from mokta.http.errors import bad_param
from mokta.types import Context, Reply

DEFAULT_LIMIT = 200
MAX_LIMIT = 200


def encode_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"s{seq}".encode()).decode().rstrip("=")


def decode_cursor(value: str | None) -> int:
    if not value:
        return 0
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        if raw.startswith("s"):
            return int(raw[1:])
    except (ValueError, UnicodeDecodeError):
        pass
    raise bad_param("after", "is not a valid cursor")


def limit_of(ctx: Context, default: int | None = None, maximum: int | None = None) -> int | None:
    """The page size: the catalog's default for this list unless the caller asks; -1 (or 0 for some lists) = all."""
    spec = next((p for p in ctx.op.query_params if p.name == "limit"), None)
    spec_default = spec.schema.get("default") if spec else None
    if isinstance(spec_default, str) and spec_default.lstrip("-").isdigit():
        spec_default = int(spec_default)
    fallback = default if default is not None else (spec_default if isinstance(spec_default, int) else DEFAULT_LIMIT)
    value = ctx.query.get("limit", fallback)
    if isinstance(value, str):
        if not value.lstrip("-").isdigit():
            raise bad_param("limit", "must be an integer")
        value = int(value)
    if value is None or value < 0:
        return None
    cap = maximum or (spec.schema.get("maximum") if spec else None) or max(MAX_LIMIT, fallback or 0)
    return min(int(value), int(cap)) if value else int(fallback or DEFAULT_LIMIT)


def self_url(ctx: Context) -> str:
    req = ctx.request
    qs = urlencode([(k, v) for k, vs in req.query.items() for v in vs], quote_via=quote, safe="")
    return req.base_url + req.path + (f"?{qs}" if qs else "")


def next_url(ctx: Context, cursor: str) -> str:
    req = ctx.request
    pairs = [(k, v) for k, vs in req.query.items() if k != "after" for v in vs] + [("after", cursor)]
    return req.base_url + req.path + "?" + urlencode(pairs, quote_via=quote, safe="")


def paged(ctx: Context, items: list[Any], next_cursor: str | None, status: int = 200) -> Reply:
    headers = [("Link", f'<{self_url(ctx)}>; rel="self"')]
    if next_cursor:
        headers.append(("Link", f'<{next_url(ctx, next_cursor)}>; rel="next"'))
    return Reply(status, items, headers)
