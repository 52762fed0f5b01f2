"""What is compiled once per process: the catalog, operation shapes, schema validators."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from mokta.config import Settings
from mokta.engine.shapes import Shapes
from mokta.spec.catalog import Catalog
from mokta.spec.schema import Schemas


@dataclass
class Runtime:
    catalog: Catalog
    settings: Settings
    shapes: Shapes = field(init=False)
    schemas: Schemas = field(init=False)

    def __post_init__(self) -> None:
        self.shapes = Shapes(self.catalog)
        self.schemas = Schemas(self.catalog.schemas)

    def resolve(self, schema: dict[str, Any] | None) -> dict[str, Any]:
        return _resolve(self.catalog.schemas, schema)

    def property_names(self, schema: dict[str, Any] | None) -> frozenset[str]:
        return _property_names(self.catalog.schemas, _key(schema))

    def item_schema(self, schema: dict[str, Any] | None) -> dict[str, Any] | None:
        """The element schema of an array response (or the schema itself)."""
        resolved = self.resolve(schema)
        if resolved.get("type") == "array":
            return resolved.get("items")
        return schema


def _key(schema: dict[str, Any] | None) -> str:
    return json.dumps(schema, sort_keys=True) if schema else ""


def _resolve(components: dict[str, Any], schema: dict[str, Any] | None) -> dict[str, Any]:
    hops = 0
    while schema and "$ref" in schema and hops < 20:
        schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
        hops += 1
    return schema or {}


_PROPS: dict[str, frozenset[str]] = {}


def _property_names(components: dict[str, Any], key: str) -> frozenset[str]:
    if key in _PROPS:
        return _PROPS[key]
    names: set[str] = set()
    stack = [json.loads(key)] if key else []
    seen: set[str] = set()
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        ref = node.get("$ref")
        if ref:
            if ref in seen:
                continue
            seen.add(ref)
            node = components.get(ref.rsplit("/", 1)[-1], {})
        names.update(node.get("properties", {}))
        stack.extend(node.get("allOf", []))
    _PROPS[key] = frozenset(names)
    return _PROPS[key]
