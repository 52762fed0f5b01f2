"""Typed inputs from the catalog: query parameters converted and checked, JSON bodies parsed and validated."""

from __future__ import annotations

import json
from typing import Any

from mokta.engine.registry import OWN_BODY_CHECKS
from mokta.http.errors import bad_param, invalid, malformed_body
from mokta.spec.catalog import Operation, Param
from mokta.spec.schema import Schemas


def parse_query(op: Operation, raw: dict[str, list[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for p in op.query_params:
        values = raw.get(p.name)
        if values is None and p.name.endswith("[]"):
            values = raw.get(p.name[:-2])
        if values is None:
            values = raw.get(p.name + "[]")
        if not values:
            if p.required:
                raise invalid(f"{p.name}: is required", f"{p.name} is required")
            continue
        out[p.name] = _convert(p, values)
    for key, values in raw.items():
        if key not in out and values:
            out.setdefault(key, values[-1])
    return out


def _convert(p: Param, values: list[str]) -> Any:
    schema = p.schema
    kind = schema.get("type")
    if kind == "array":
        items = schema.get("items") or {}
        flat = [v for value in values for v in value.split(",")] if len(values) == 1 else values
        return [_scalar(p.name, items, v) for v in flat]
    return _scalar(p.name, schema, values[-1])


def _scalar(name: str, schema: dict[str, Any], value: str) -> Any:
    kind = schema.get("type")
    if kind == "integer":
        try:
            result: Any = int(value)
        except ValueError:
            raise bad_param(name, "must be an integer") from None
        if "minimum" in schema and result < schema["minimum"] and result != -1:
            raise bad_param(name, f"must be at least {schema['minimum']}")
        return result
    if kind == "number":
        try:
            return float(value)
        except ValueError:
            raise bad_param(name, "must be a number") from None
    if kind == "boolean":
        low = value.strip().lower()
        if low not in ("true", "false"):
            raise bad_param(name, "must be true or false")
        return low == "true"
    enum = schema.get("enum")
    if enum and value not in enum:
        raise bad_param(name, "does not match any of the allowed values: " + ", ".join(map(str, enum)))
    return value


def parse_body(op: Operation, raw: bytes, content_type: str, schemas: Schemas) -> Any:
    """The request body: JSON parsed and validated against the operation's schema, anything else as bytes."""
    if (op.body_is_json or "json" in content_type) and (b"\x00" in raw or b"\\u0000" in raw.lower()):
        raise invalid("body: must not contain NUL characters")
    try:
        return _parse_body(op, raw, content_type, schemas)
    except RecursionError:
        raise invalid("body: is nested too deeply") from None


def _parse_body(op: Operation, raw: bytes, content_type: str, schemas: Schemas) -> Any:
    if not op.body:
        if raw.strip() and "json" in content_type:
            try:
                return json.loads(raw)
            except ValueError:
                raise malformed_body() from None
        return None
    if not op.body_is_json:
        return raw
    if not raw.strip():
        if not op.body.get("required"):
            return None
        value: Any = {}
    else:
        try:
            value = json.loads(raw)
        except ValueError:
            raise malformed_body() from None
    schema = op.body_schema
    if schema is not None and op.id not in OWN_BODY_CHECKS:
        causes = schemas.validator(schema, direction="request")(value)
        if causes:
            texts = [f"{c.field}: {c.reason}" if c.field else c.reason for c in causes]
            raise invalid(texts, texts[0])
    return value
