"""The operation catalog (generated from the reference spec) and the route table compiled from it once at start."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from typing import Any

from mokta.http.errors import method_not_allowed, not_found


@dataclass(slots=True)
class Param:
    name: str
    location: str
    required: bool
    schema: dict[str, Any]


@dataclass(eq=False)
class Operation:
    id: str
    method: str
    path: str
    tag: str
    source: str
    public: bool
    params: list[Param]
    body: dict[str, Any] | None
    success: int
    responses: dict[int, dict[str, Any]]
    segments: tuple[str, ...] = field(default=())

    @cached_property
    def param_names(self) -> list[str]:
        return [s[1:-1] for s in self.segments if s.startswith("{")]

    @cached_property
    def query_params(self) -> list[Param]:
        return [p for p in self.params if p.location == "query"]

    @property
    def response_schema(self) -> dict[str, Any] | None:
        resp = self.responses.get(self.success)
        return resp.get("schema") if resp else None

    @property
    def response_content(self) -> list[str]:
        resp = self.responses.get(self.success)
        return resp.get("content", []) if resp else []

    @property
    def body_schema(self) -> dict[str, Any] | None:
        return self.body.get("schema") if self.body else None

    @property
    def body_is_json(self) -> bool:
        return bool(self.body) and any("json" in c for c in self.body.get("content", []))  # type: ignore[union-attr]


class _Node:
    __slots__ = ("static", "param", "ops")

    def __init__(self) -> None:
        self.static: dict[str, _Node] = {}
        self.param: _Node | None = None
        self.ops: dict[str, Operation] = {}


class Catalog:
    """All operations by id, the component schemas, and a segment trie for routing."""

    def __init__(self, data: dict[str, Any]) -> None:
        _push_array_discriminators(data)
        _repeat_single_class_patterns(data)
        self.schemas: dict[str, Any] = data["schemas"]
        self.operations: dict[str, Operation] = {}
        self.by_path: dict[str, dict[str, Operation]] = {}
        self._root = _Node()
        for raw in data["operations"]:
            op = Operation(
                id=raw["id"], method=raw["method"], path=raw["path"], tag=raw.get("tag", ""),
                source=raw.get("source", "openapi"), public=bool(raw.get("public")),
                params=[Param(p["name"], p["in"], bool(p.get("required")), p.get("schema") or {})
                        for p in raw.get("params", [])],
                body=raw.get("body"), success=int(raw["success"]),
                responses={int(k): v for k, v in raw.get("responses", {}).items()},
                segments=tuple(s for s in raw["path"].split("/") if s),
            )
            self.operations[op.id] = op
            self.by_path.setdefault(op.path, {})[op.method] = op
            node = self._root
            for seg in op.segments:
                if seg.startswith("{"):
                    node.param = node.param or _Node()
                    node = node.param
                else:
                    node = node.static.setdefault(seg, _Node())
            node.ops[op.method] = op

    @classmethod
    def load(cls) -> Catalog:
        text = resources.files("mokta.spec").joinpath("catalog.json").read_text(encoding="utf-8")
        return cls(json.loads(text))

    def route(self, method: str, segments: list[str]) -> tuple[Operation, dict[str, str]]:
        """Find the operation for a concrete path; static segments win over parameters, with backtracking."""
        found: list[_Node] = []
        self._walk(self._root, segments, 0, found)
        for node in found:
            op = node.ops.get(method)
            if op is not None:
                values = [segments[i] for i, s in enumerate(op.segments) if s.startswith("{")]
                return op, dict(zip(op.param_names, values, strict=True))
        if found:
            raise method_not_allowed()
        raise not_found("/" + "/".join(segments))

    def _walk(self, node: _Node, segs: list[str], i: int, found: list[_Node]) -> None:
        if i == len(segs):
            if node.ops:
                found.append(node)
            return
        nxt = node.static.get(segs[i])
        if nxt is not None:
            self._walk(nxt, segs, i + 1, found)
        if node.param is not None and segs[i]:
            self._walk(node.param, segs, i + 1, found)


def _push_array_discriminators(node: Any) -> None:
    """The spec sometimes hangs a oneOf's discriminator on the array around it (role-assignment lists); the SDKs
    apply it to the items, and so do we."""
    if isinstance(node, dict):
        items = node.get("items")
        if node.get("type") == "array" and "discriminator" in node and isinstance(items, dict) \
                and "oneOf" in items and "discriminator" not in items:
            items["discriminator"] = node.pop("discriminator")
        for value in node.values():
            _push_array_discriminators(value)
    elif isinstance(node, list):
        for value in node:
            _push_array_discriminators(value)


def _repeat_single_class_patterns(node: Any) -> None:
    """A few spec patterns anchor one character class without a quantifier (`^[a-zA-Z0-9.\\-_]$`) beside a
    maxLength well above 1; Okta accepts whole names there, so the class repeats."""
    if isinstance(node, dict):
        pattern = node.get("pattern")
        if (isinstance(pattern, str) and pattern.startswith("^[") and pattern.endswith("]$")
                and "]" not in pattern[2:-2] and int(node.get("maxLength") or 0) > 1):
            node["pattern"] = pattern[:-1] + "+$"
        for value in node.values():
            _repeat_single_class_patterns(value)
    elif isinstance(node, list):
        for value in node:
            _repeat_single_class_patterns(value)
