#!/usr/bin/env python3
"""Generate ``src/mokta/spec/catalog.json`` from the Okta Admin Management 5.1.0 reference.

The server must run without the reference folder, so every fact it needs (routes, parameters,
types, enums, defaults, request and response schemas) is distilled here into one committed JSON
file. Prose (descriptions, summaries, examples, titles) is deliberately dropped: it is not needed
to behave like Okta and it keeps the catalog small and license-clean.

The API is the union of two inputs: the OpenAPI document (authoritative, 699 operations) and the
compact LAP text form, which lists 16 operations the OpenAPI file lacks. Those 16 are rebuilt from
the LAP text, pointing at the OpenAPI component schemas that describe the same objects.

Usage: python tools/gen_catalog.py SPEC.yaml SPEC.lap -o src/mokta/spec/catalog.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

EXPECTED_TOTAL = 715
EXPECTED_OPENAPI = 699
EXPECTED_LAP_ONLY = 16

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
NO_BODY_METHODS = frozenset({"GET", "DELETE", "HEAD", "OPTIONS"})

# Schema keywords that carry behaviour; everything else (prose, examples, x-*) is dropped.
SCHEMA_KEYWORDS = frozenset(
    {
        "type", "format", "enum", "default", "required", "properties", "additionalProperties", "items",
        "allOf", "oneOf", "anyOf", "not", "discriminator", "nullable", "readOnly", "writeOnly",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern",
        "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "$ref",
    }
)
SUBSCHEMA_KEYWORDS = frozenset({"items", "additionalProperties", "not"})
SCHEMA_LIST_KEYWORDS = frozenset({"allOf", "oneOf", "anyOf"})

Schema = dict[str, Any]


# --------------------------------------------------------------------------------------------
# YAML loading
# --------------------------------------------------------------------------------------------

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SpecLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader with YAML 1.2 scalars, so `on`/`yes`/`no` stay strings and dates stay text."""


SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
SpecLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_yaml(path: Path) -> dict[str, Any]:
    """Parse the OpenAPI document without YAML 1.1 surprises."""
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=SpecLoader)  # noqa: S506 - SpecLoader derives from SafeLoader


def plain(value: Any) -> Any:
    """Turn any stray date objects into strings so enums and defaults survive JSON unchanged."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


# --------------------------------------------------------------------------------------------
# Schema stripping and reference resolution
# --------------------------------------------------------------------------------------------


def strip_schema(node: Any) -> Any:
    """Keep only the validation keywords of a schema; property names are data, never keywords."""
    if not isinstance(node, dict):
        return plain(node)  # e.g. `additionalProperties: true`
    out: Schema = {}
    for key, value in node.items():
        if key not in SCHEMA_KEYWORDS:
            continue
        if key == "properties":
            out[key] = {str(name): strip_schema(sub) for name, sub in value.items()}
        elif key in SUBSCHEMA_KEYWORDS:
            out[key] = strip_schema(value)
        elif key in SCHEMA_LIST_KEYWORDS:
            out[key] = [strip_schema(sub) for sub in value]
        elif key == "discriminator":
            out[key] = {k: plain(value[k]) for k in ("propertyName", "mapping") if k in value}
        else:
            out[key] = plain(value)
    return out


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Inline non-schema component refs (parameters, requestBodies, responses); schema refs stay refs."""
    seen: set[str] = set()
    while "$ref" in node:
        ref = node["$ref"]
        if ref in seen:
            raise ValueError(f"reference cycle at {ref}")
        seen.add(ref)
        parts = ref.removeprefix("#/").split("/")
        if len(parts) != 3 or parts[0] != "components":
            raise ValueError(f"unsupported reference {ref}")
        node = spec["components"][parts[1]][parts[2]]
    return node


def media(content: dict[str, Any] | None) -> tuple[list[str], Any]:
    """List the media types and pick the schema of the JSON one (else the first)."""
    if not content:
        return [], None
    types = list(content)
    chosen = "application/json" if "application/json" in content else types[0]
    raw = (content[chosen] or {}).get("schema")
    return types, (strip_schema(raw) if raw is not None else None)


# --------------------------------------------------------------------------------------------
# OpenAPI operations
# --------------------------------------------------------------------------------------------


def openapi_params(spec: dict[str, Any], path_item: dict[str, Any], op: dict[str, Any]) -> list[dict[str, Any]]:
    """Merge path-level and operation-level parameters (operation wins), dropping cookie ones."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in [*path_item.get("parameters", []), *op.get("parameters", [])]:
        param = resolve(spec, raw)
        merged[(param["name"], param["in"])] = param
    out: list[dict[str, Any]] = []
    for (name, where), param in merged.items():
        if where == "cookie":
            continue
        if "schema" in param:
            schema = strip_schema(param["schema"])
        else:
            schema = media(param.get("content"))[1] or {}
        entry: dict[str, Any] = {
            "name": name,
            "in": where,
            "required": bool(param.get("required", False)) or where == "path",
            "schema": schema,
        }
        for extra in ("style", "explode"):  # needed to parse comma-joined arrays like `expand`
            if extra in param:
                entry[extra] = param[extra]
        out.append(entry)
    return out


def openapi_responses(spec: dict[str, Any], op: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Collect 2xx responses; if none is documented, fall back to the 3xx ones so `success` is set."""
    codes = {str(code): resp for code, resp in op.get("responses", {}).items()}
    chosen = sorted(c for c in codes if c.isdigit() and c.startswith("2"))
    if not chosen:
        chosen = sorted(c for c in codes if c.isdigit() and c.startswith("3"))
    if not chosen:
        raise ValueError(f"{op.get('operationId')}: no 2xx or 3xx response")
    out: dict[str, Any] = {}
    for code in chosen:
        types, schema = media(resolve(spec, codes[code]).get("content"))
        out[code] = {"content": types, "schema": schema}
    return int(chosen[0]), out


def openapi_operations(spec: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Every operation of the OpenAPI document in catalog form, keyed by (METHOD, path)."""
    default_security = spec.get("security")
    ops: dict[tuple[str, str], dict[str, Any]] = {}
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = None
            if "requestBody" in op:
                rb = resolve(spec, op["requestBody"])
                types, schema = media(rb.get("content"))
                body = {"required": bool(rb.get("required", False)), "content": types, "schema": schema}
            success, responses = openapi_responses(spec, op)
            tags = op.get("tags") or [""]
            ops[(method.upper(), path)] = {
                "id": op["operationId"],
                "method": method.upper(),
                "path": path,
                "tag": tags[0],
                "source": "openapi",
                "public": op.get("security", default_security) == [],
                "params": openapi_params(spec, item, op),
                "body": body,
                "success": success,
                "responses": responses,
            }
    return ops


# --------------------------------------------------------------------------------------------
# LAP text form
# --------------------------------------------------------------------------------------------

LAP_BASE_TYPES: dict[str, Schema] = {
    "str": {"type": "string"},
    "int": {"type": "integer"},
    "num": {"type": "number"},
    "bool": {"type": "boolean"},
    "map": {"type": "object"},
    "any": {},
}
# `str(x)` is a format when x is one of these (or is prose with spaces); otherwise an enum.
KNOWN_FORMATS = frozenset(
    {
        "date-time", "date", "time", "uri", "url", "uri-reference", "email", "hostname", "ipv4", "ipv6",
        "uuid", "byte", "binary", "base64", "password", "regex", "int32", "int64", "float", "double",
        "boolean", "utf-8", "scim-filter",
    }
)
FIELD_NAME = r"[A-Za-z_$@](?:[\w$@.#\-]|:(?=\S))*"
# A top-level comment ends where the next `, name: <type>` starts; requiring a type word after the
# colon keeps prose such as "for example: ..." inside the comment.
FIELD_ENTRY = re.compile(r"(" + FIELD_NAME + r")(!?):\s*")
COMMENT_START = re.compile(r"\s#\s")
NEXT_FIELD = re.compile(r",\s*(?=" + FIELD_NAME + r"!?:\s*(?:str|int|num|bool|map|any|\[|\{))")


@dataclass
class LapField:
    """One `name: type=default # comment` entry of a LAP field list."""

    name: str
    schema: Schema
    required: bool


@dataclass
class LapOperation:
    """The facts of one `@endpoint` block."""

    method: str
    path: str
    fields: list[LapField] = field(default_factory=list)
    returns: dict[int, Schema | None] = field(default_factory=dict)


class LapTypeReader:
    """Recursive-descent reader for LAP type expressions and field lists."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def error(self, message: str) -> ValueError:
        """Point at the offending text so a changed LAP file is easy to diagnose."""
        return ValueError(f"LAP parse error: {message} at {self.pos}: {self.text[self.pos:self.pos + 60]!r}")

    def skip_spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] == " ":
            self.pos += 1

    def peek(self, token: str) -> bool:
        return self.text.startswith(token, self.pos)

    def expect(self, token: str) -> None:
        if not self.peek(token):
            raise self.error(f"expected {token!r}")
        self.pos += len(token)

    def read_fields(self, top: bool, closer: str | None) -> list[tuple[str, Schema, Any, bool]]:
        """Read `name[!]: type[=default] [# comment]` entries until `closer` (or the end when top-level).

        A `!` after a nested field name marks it required inside its object.
        """
        out: list[tuple[str, Schema, Any, bool]] = []
        while True:
            self.skip_spaces()
            if closer is not None and self.peek(closer):
                self.pos += len(closer)
                return out
            if closer is None and self.pos >= len(self.text):
                return out
            match = FIELD_ENTRY.match(self.text, self.pos)
            if not match:
                raise self.error("expected field name")
            self.pos = match.end()
            schema = self.read_type()
            default = self.read_default(schema, top)
            out.append((match.group(1), schema, default, bool(match.group(2))))
            self.skip_spaces()
            if self.peek("#"):
                if not top:
                    raise self.error("comment inside a nested field list")
                nxt = NEXT_FIELD.search(self.text, self.pos)
                self.pos = nxt.end() if nxt else len(self.text)
                continue
            if self.peek(","):
                self.pos += 1
                continue
            if (closer is not None and self.peek(closer)) or (closer is None and self.pos >= len(self.text)):
                continue
            raise self.error("expected ',' or end of field list")

    def read_type(self) -> Schema:
        """Read one type expression; a trailing `?` marks it nullable."""
        schema = self.read_bare_type()
        if self.peek("?"):
            self.pos += 1
            schema = {**schema, "nullable": True}
        return schema

    def read_bare_type(self) -> Schema:
        """Read `[T]`, `{...}`, `map{...}` or a base word with an optional `(format|A/B)` qualifier."""
        if self.peek("["):
            self.pos += 1
            items = self.read_type()
            self.expect("]")
            return {"type": "array", "items": items}
        if self.peek("{"):
            self.pos += 1
            return self.object_schema(self.read_fields(top=False, closer="}"))
        match = re.compile(r"[a-z]+").match(self.text, self.pos)
        if not match or match.group(0) not in LAP_BASE_TYPES:
            raise self.error("unknown type")
        self.pos = match.end()
        word = match.group(0)
        if word == "map" and self.peek("?{"):
            self.pos += 2
            return {**self.object_schema(self.read_fields(top=False, closer="}")), "nullable": True}
        if word == "map" and self.peek("{"):
            self.pos += 1
            return self.object_schema(self.read_fields(top=False, closer="}"))
        schema = dict(LAP_BASE_TYPES[word])
        if self.peek("("):
            self.apply_qualifier(schema, self.read_parenthesised())
        return schema

    def read_parenthesised(self) -> str:
        """Return the text inside balanced parentheses (prose formats may nest them)."""
        depth = 0
        start = self.pos
        while self.pos < len(self.text):
            char = self.text[self.pos]
            depth += {"(": 1, ")": -1}.get(char, 0)
            self.pos += 1
            if depth == 0:
                return self.text[start + 1:self.pos - 1]
        raise self.error("unbalanced parentheses")

    @staticmethod
    def apply_qualifier(schema: Schema, arg: str) -> None:
        """`str(date-time)` is a format, `str(A/B/C)` an enum; ints get int-typed enums."""
        if arg in KNOWN_FORMATS or " " in arg or ("/" not in arg and not re.fullmatch(r"[A-Z0-9_]+", arg)):
            schema["format"] = arg
            return
        values: list[Any] = arg.split("/")
        if schema.get("type") == "integer":
            values = [int(v) for v in values]
        elif schema.get("type") == "number":
            values = [float(v) for v in values]
        schema["enum"] = values

    def read_default(self, schema: Schema, top: bool) -> Any:
        """Read an optional `=value` and coerce it to the field's JSON type.

        Top-level defaults may be prose containing commas, so they run to the comment or next field.
        """
        if not self.peek("="):
            return None
        self.pos += 1
        if top:
            found = (NEXT_FIELD.search(self.text, self.pos), COMMENT_START.search(self.text, self.pos))
            stops = [m.start() for m in found if m]
            end = min(stops, default=len(self.text))
        else:
            match = re.compile(r"[^,}\]]*").match(self.text, self.pos)
            end = match.end() if match else self.pos
        raw = self.text[self.pos:end].strip()
        self.pos = end
        kind = schema.get("type")
        if raw == "null":
            return None
        if kind == "boolean" and raw in ("true", "false"):
            return raw == "true"
        try:
            if kind == "integer":
                return int(raw)
            if kind == "number":
                return float(raw)
        except ValueError:
            pass  # the spec itself carries prose defaults on some numeric fields; keep the text
        return raw

    @staticmethod
    def object_schema(fields: list[tuple[str, Schema, Any, bool]]) -> Schema:
        props: Schema = {}
        for name, schema, default, _ in fields:
            props[name] = {**schema, "default": default} if default is not None else schema
        out: Schema = {"type": "object", "properties": props}
        required = [name for name, _, _, needed in fields if needed]
        if required:
            out["required"] = required
        return out


def parse_field_list(text: str, required: bool) -> list[LapField]:
    """Parse the body of an `@required {...}` / `@optional {...}` line."""
    inner = text.strip()
    if not (inner.startswith("{") and inner.endswith("}")):
        raise ValueError(f"LAP field list not braced: {inner[:60]!r}")
    reader = LapTypeReader(inner[1:-1])
    out: list[LapField] = []
    for name, schema, default, _ in reader.read_fields(top=True, closer=None):
        if default is not None:
            schema = {**schema, "default": default}
        out.append(LapField(name, schema, required))
    return out


def parse_returns(text: str) -> Schema | None:
    """Parse what follows `@returns(code)`: an object type, or a bare status phrase (no schema)."""
    text = text.strip()
    if not text.startswith(("{", "[")):
        return None
    reader = LapTypeReader(text)
    schema = reader.read_type()
    reader.skip_spaces()
    if reader.pos < len(text) and not reader.peek("#"):
        raise reader.error("trailing text after returns type")
    return schema


def parse_lap(path: Path) -> dict[tuple[str, str], LapOperation]:
    """Read every `@endpoint` block of the LAP file."""
    ops: dict[tuple[str, str], LapOperation] = {}
    current: LapOperation | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("@endpoint "):
            method, route = line.split()[1:3]
            current = LapOperation(method.upper(), route)
            if (current.method, route) in ops:
                raise ValueError(f"duplicate LAP endpoint {method} {route}")
            ops[(current.method, route)] = current
        elif current is None:
            continue
        elif line.startswith("@required "):
            current.fields += parse_field_list(line[len("@required "):], required=True)
        elif line.startswith("@optional "):
            current.fields += parse_field_list(line[len("@optional "):], required=False)
        elif match := re.match(r"@returns\((\d{3})\)\s*(.*)$", line):
            current.returns[int(match.group(1))] = parse_returns(match.group(2))
        elif not line.strip() or line.startswith(("@endgroup", "@group", "@end")):
            current = None
    return ops


# --------------------------------------------------------------------------------------------
# LAP-only operations
# --------------------------------------------------------------------------------------------


def ref(name: str) -> Schema:
    """Point at an OpenAPI component schema, as the OpenAPI operations do."""
    return {"$ref": f"#/components/schemas/{name}"}


def array_of(name: str) -> Schema:
    """List responses/bodies are JSON arrays of the component."""
    return {"type": "array", "items": ref(name)}


# What the LAP text cannot say: operation id, tag, where non-path fields travel, and which OpenAPI
# component schema describes the body/response. Body and response field names are cross-checked
# against the named component below, so a wrong pairing fails the build.
LAP_PLAN: dict[tuple[str, str], dict[str, Any]] = {
    ("GET", "/api/v1/risk/providers"): {
        "id": "listRiskProviders", "tag": "RiskProvider", "response": array_of("RiskProvider"),
    },
    ("POST", "/api/v1/risk/providers"): {
        "id": "createRiskProvider", "tag": "RiskProvider", "body": "RiskProvider", "response": "RiskProvider",
    },
    ("GET", "/api/v1/risk/providers/{riskProviderId}"): {
        "id": "getRiskProvider", "tag": "RiskProvider", "response": "RiskProvider",
    },
    ("PUT", "/api/v1/risk/providers/{riskProviderId}"): {
        "id": "replaceRiskProvider", "tag": "RiskProvider", "body": "RiskProvider", "response": "RiskProvider",
    },
    ("DELETE", "/api/v1/risk/providers/{riskProviderId}"): {"id": "deleteRiskProvider", "tag": "RiskProvider"},
    ("POST", "/api/v1/risk/events/ip"): {"id": "sendRiskEvents", "tag": "RiskEvent", "body": array_of("RiskEvent")},
    ("POST", "/api/v1/sessions"): {
        "id": "createSession", "tag": "Session", "body": "CreateSessionRequest", "response": "Session",
    },
    ("GET", "/api/v1/sessions/me"): {
        "id": "getCurrentSession", "tag": "Session", "headers": {"Cookie"}, "response": "Session",
    },
    ("DELETE", "/api/v1/sessions/me"): {"id": "closeCurrentSession", "tag": "Session", "headers": {"Cookie"}},
    ("POST", "/api/v1/sessions/me/lifecycle/refresh"): {
        "id": "refreshCurrentSession", "tag": "Session", "headers": {"Cookie"}, "response": "Session",
    },
    ("POST", "/api/v1/users/me/lifecycle/delete_sessions"): {
        "id": "endUserSessions", "tag": "UserSessions", "body": "KeepCurrent", "body_required": False,
    },
    ("POST", "/api/v1/org/logo"): {
        "id": "uploadOrgLogo",
        "tag": "OrgSettingCustomization",
        "body_content": ["multipart/form-data"],
        "body": {
            "type": "object",
            "properties": {"file": {"type": "string", "format": "binary"}},
            "required": ["file"],
        },
    },
    ("GET", "/device-access/api/v1/desktop-mfa/enforce-number-matching-challenge-settings"): {
        "id": "getDesktopMFAEnforceNumberMatchingChallengeOrgSetting",
        "tag": "DeviceAccess",
        "response": "DesktopMFAEnforceNumberMatchingChallengeOrgSetting",
    },
    ("PUT", "/device-access/api/v1/desktop-mfa/enforce-number-matching-challenge-settings"): {
        "id": "replaceDesktopMFAEnforceNumberMatchingChallengeOrgSetting",
        "tag": "DeviceAccess",
        "body": "DesktopMFAEnforceNumberMatchingChallengeOrgSetting",
        "response": "DesktopMFAEnforceNumberMatchingChallengeOrgSetting",
    },
    ("GET", "/device-access/api/v1/desktop-mfa/recovery-pin-settings"): {
        "id": "getDesktopMFARecoveryPinOrgSetting",
        "tag": "DeviceAccess",
        "response": "DesktopMFARecoveryPinOrgSetting",
    },
    ("PUT", "/device-access/api/v1/desktop-mfa/recovery-pin-settings"): {
        "id": "replaceDesktopMFARecoveryPinOrgSetting",
        "tag": "DeviceAccess",
        "body": "DesktopMFARecoveryPinOrgSetting",
        "response": "DesktopMFARecoveryPinOrgSetting",
    },
}


def component_fields(schemas: dict[str, Any], schema: Schema) -> set[str]:
    """Property names a (possibly referenced, possibly array) schema allows, for cross-checks."""
    if "$ref" in schema:
        return component_fields(schemas, schemas[schema["$ref"].rsplit("/", 1)[1]])
    if schema.get("type") == "array":
        return component_fields(schemas, schema["items"])
    names = set(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        names |= component_fields(schemas, part)
    return names


def planned_schema(value: str | Schema) -> Schema:
    """A plan names a component (str) or gives an inline schema."""
    return ref(value) if isinstance(value, str) else value


def lap_operation(lap: LapOperation, plan: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    """Build a catalog entry from a LAP block, placing each field as path/header/query param or body."""
    params: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in re.findall(r"\{([^}]+)\}", lap.path)
    ]
    body_fields: list[LapField] = []
    for item in lap.fields:
        if item.name in plan.get("headers", set()):
            params.append({"name": item.name, "in": "header", "required": item.required, "schema": item.schema})
        elif lap.method in NO_BODY_METHODS or item.name in plan.get("query", set()):
            params.append({"name": item.name, "in": "query", "required": item.required, "schema": item.schema})
        else:
            body_fields.append(item)

    body = None
    if "body" in plan:
        schema = planned_schema(plan["body"])
        missing = {f.name for f in body_fields} - component_fields(schemas, schema)
        if missing:
            raise ValueError(f"{plan['id']}: LAP body fields {sorted(missing)} absent from {schema}")
        content = plan.get("body_content", ["application/json"])
        body = {"required": plan.get("body_required", True), "content": content, "schema": schema}
    elif body_fields:
        inline = LapTypeReader.object_schema([(f.name, f.schema, None, False) for f in body_fields])
        required = [f.name for f in body_fields if f.required]
        if required:
            inline["required"] = required
        body = {"required": bool(required), "content": ["application/json"], "schema": inline}

    codes = sorted(code for code in lap.returns if 200 <= code < 300)
    if not codes:
        raise ValueError(f"{plan['id']}: no 2xx in LAP")
    responses: dict[str, Any] = {}
    for code in codes:
        lap_schema = lap.returns[code]
        schema: Schema | None = lap_schema
        if code == codes[0] and "response" in plan:
            schema = planned_schema(plan["response"])
            if lap_schema is not None:
                missing = set(lap_schema.get("properties", {})) - component_fields(schemas, schema)
                if missing:
                    raise ValueError(f"{plan['id']}: LAP response fields {sorted(missing)} absent from {schema}")
        responses[str(code)] = {"content": ["application/json"] if schema else [], "schema": schema}

    return {
        "id": plan["id"],
        "method": lap.method,
        "path": lap.path,
        "tag": plan["tag"],
        "source": "lap",
        "public": False,
        "params": params,
        "body": body,
        "success": codes[0],
        "responses": responses,
    }


# --------------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------------


def template_key(method: str, path: str) -> tuple[str, str]:
    """Match operations whose templates differ only in parameter names."""
    return method, re.sub(r"\{[^}]+\}", "{}", path)


def build(spec_path: Path, lap_path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """Union both inputs and fail loudly if the expected operation counts drift."""
    spec = load_yaml(spec_path)
    schemas = spec["components"]["schemas"]
    from_openapi = openapi_operations(spec)
    lap_ops = parse_lap(lap_path)

    openapi_keys = {template_key(*key): key for key in from_openapi}
    lap_keys = {template_key(*key): key for key in lap_ops}
    if len(openapi_keys) != len(from_openapi) or len(lap_keys) != len(lap_ops):
        raise ValueError("two operations collapse to the same template")
    shared = openapi_keys.keys() & lap_keys.keys()
    lap_only = sorted(lap_keys[k] for k in lap_keys.keys() - openapi_keys.keys())
    openapi_only = openapi_keys.keys() - lap_keys.keys()
    if set(lap_only) != set(LAP_PLAN):
        raise ValueError(f"LAP-only operations changed: {sorted(set(lap_only) ^ set(LAP_PLAN))}")

    operations = list(from_openapi.values())
    operations += [lap_operation(lap_ops[key], LAP_PLAN[key], schemas) for key in lap_only]
    operations.sort(key=lambda o: (o["path"], o["method"]))

    ids = Counter(o["id"] for o in operations)
    duplicates = [i for i, n in ids.items() if n > 1]
    if duplicates:
        raise ValueError(f"duplicate operation ids: {duplicates}")

    counts = {
        "total": len(operations),
        "openapi": len(from_openapi),
        "shared": len(shared),
        "openapi_only": len(openapi_only),
        "lap_only": len(lap_only),
        "lap_blocks": len(lap_ops),
        "schemas": len(schemas),
    }
    assert counts["total"] == EXPECTED_TOTAL, counts
    assert counts["openapi"] == EXPECTED_OPENAPI, counts
    assert counts["lap_only"] == EXPECTED_LAP_ONLY, counts

    catalog = {
        "info": {"api": spec["info"]["title"], "version": str(spec["info"]["version"]), "operations": len(operations)},
        "operations": operations,
        "schemas": {name: strip_schema(schema) for name, schema in schemas.items()},
    }
    return catalog, counts


def summarize(catalog: dict[str, Any], counts: dict[str, int], size: int) -> None:
    """Print the facts a reviewer wants to eyeball after regeneration."""
    ops = catalog["operations"]
    print("counts:", ", ".join(f"{k}={v}" for k, v in counts.items()))
    print(f"output size: {size} bytes")
    print("LAP-only operations:")
    for op in ops:
        if op["source"] == "lap":
            print(f"  {op['id']:<58} {op['method']:<6} {op['path']}")
    print("public (security: []):", ", ".join(o["id"] for o in ops if o["public"]))
    multi = [f"{o['id']}{sorted(o['responses'])}" for o in ops if len(o["responses"]) > 1]
    print("multiple success codes:", ", ".join(multi))
    print("no 2xx (3xx used):", ", ".join(o["id"] for o in ops if o["success"] >= 300))
    kinds: Counter[str] = Counter()
    for op in ops:
        for mt in (op["body"] or {}).get("content", []):
            kinds[f"body {mt}"] += 1
        for resp in op["responses"].values():
            for mt in resp["content"]:
                kinds[f"resp {mt}"] += 1
    print("media types:", ", ".join(f"{k}={v}" for k, v in sorted(kinds.items())))


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; output is byte-identical across runs (sorted keys, fixed indent)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path, help="okta-management-5.1.0.yaml")
    parser.add_argument("lap", type=Path, help="okta-management-5.1.0.lap")
    default_out = Path(__file__).resolve().parents[1] / "src/mokta/spec/catalog.json"
    parser.add_argument("-o", "--output", type=Path, default=default_out)
    args = parser.parse_args(argv)

    catalog, counts = build(args.spec, args.lap)
    text = json.dumps(catalog, indent=1, sort_keys=True) + "\n"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8", newline="\n")
    summarize(catalog, counts, len(text.encode("utf-8")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
