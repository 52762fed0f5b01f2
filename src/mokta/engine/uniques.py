"""Fields Okta keeps unique within an org (a group's name, a zone's name, a trusted origin). Families declare them;
the store keeps an index of their values on every write, so a duplicate check is one lookup, not a scan."""

from __future__ import annotations

from typing import Any

from mokta.http.errors import OktaError, invalid
from mokta.types import Context, Document

# collection path -> dotted field paths whose values must be unique in that collection
UNIQUE_FIELDS: dict[str, tuple[str, ...]] = {}


def unique_fields(collection: str, *fields: str) -> None:
    UNIQUE_FIELDS[collection] = fields


def normalized(value: Any) -> str:
    """Okta compares these case-insensitively; origins also without a trailing slash."""
    return str(value).strip().rstrip("/").lower()


def keys_for(path: str, doc: Document) -> dict[str, str]:
    coll = path.rsplit("/", 1)[0]
    out: dict[str, str] = {}
    for field in UNIQUE_FIELDS.get(coll, ()):
        value = _get(doc, field)
        if value not in (None, ""):
            out[f"{coll}#{field}"] = normalized(value)
    return out


def check(ctx: Context, collection: str, body: Document, own_path: str | None,
          error: OktaError | None = None) -> None:
    """Raise when another document of the collection already holds one of the body's unique values."""
    for field in UNIQUE_FIELDS.get(collection, ()):
        value = _get(body, field)
        if value in (None, ""):
            continue
        owner = ctx.tx.unique_owner(ctx.org, f"{collection}#{field}", normalized(value))
        if owner is not None and owner != own_path:
            raise error or invalid(f"{field}: An object with this field already exists in the current organization",
                                   field)


def _get(doc: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        doc = doc.get(part) if isinstance(doc, dict) else None
    return doc
