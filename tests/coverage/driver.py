"""Drives any catalog operation with a valid request: resolves path parameters by creating (or finding) the objects
they name, synthesizes a body from the request schema, and checks the reply against the response schema and the
official SDK's model class."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from mokta.engine.shapes import NATURAL_KEYS
from mokta.spec.catalog import Catalog, Operation
from mokta.spec.schema import Schemas
from tests.coverage.fixtures import BODIES, EXTERNAL, ORG_LIMITED, PARAM_VALUES, QUERY, RELAYED, ROOT_OF_PARAM

_counter = itertools.count(1)


def unique(text: str) -> str:
    return f"{text}{next(_counter)}"


@dataclass
class Outcome:
    op: Operation
    status: int
    body: Any
    problems: list[str] = field(default_factory=list)


class Driver:
    def __init__(self, client: httpx.Client, catalog: Catalog, backend: str = "sqlite") -> None:
        self.client = client
        self.backend = backend
        self.catalog = catalog
        self.schemas = Schemas(catalog.schemas)
        self.cache: dict[str, str] = {}
        self.current_path = ""  # the concrete path of the call being prepared (bodies may read its object)
        self.by_template: dict[tuple[str, ...], dict[str, Operation]] = {}
        for op in catalog.operations.values():
            self.by_template.setdefault(_key(op.path), {})[op.method] = op

    # -- parameters ------------------------------------------------------------------------------------------------

    def resolve_path(self, op: Operation, fresh_last: bool) -> str:
        segments = op.path.strip("/").split("/")
        concrete: list[str] = []
        values: dict[str, str] = {}
        for i, seg in enumerate(segments):
            if not seg.startswith("{"):
                concrete.append(seg)
                continue
            name = seg[1:-1]
            last = i == len(segments) - 1 or (i == len(segments) - 3 and segments[-2] == "lifecycle")
            value = self.param_value(op, segments[: i + 1], concrete, name, values, fresh=last and fresh_last)
            values[name] = value
            concrete.append(value)
        return "/" + "/".join(concrete)

    def param_value(self, op: Operation, template: list[str], concrete: list[str], name: str,
                    values: dict[str, str], fresh: bool) -> str:
        tkey = "/" + "/".join(template)
        fixed = PARAM_VALUES.get(f"{op.id}:{name}") or PARAM_VALUES.get(tkey) or PARAM_VALUES.get(name)
        if callable(fixed):
            return str(fixed(self, "/" + "/".join(concrete)))
        if fixed is not None:
            return str(fixed)
        spec = next((p for p in op.params if p.name == name and p.location == "path"), None)
        allowed = self.schemas.resolve(spec.schema).get("enum") if spec else None
        if allowed:
            return str(allowed[0])
        coll = "/" + "/".join(concrete)
        coll_template = "/" + "/".join(template[:-1])
        cache_key = coll
        if not fresh and cache_key in self.cache:
            return self.cache[cache_key]
        create = self.by_template.get(_key(coll_template), {}).get("POST")
        root = ROOT_OF_PARAM.get(name)
        if root is not None and _key(coll_template) != _key(root):
            value = self.reference(root, fresh)
            item_ops = self.by_template.get(_key(tkey), {})
            if create is not None and create.id not in EXTERNAL:
                self.create(create, coll, {"id": value})
            elif "PUT" in item_ops:
                self.client.put(f"{coll}/{value}", json=self.body_for(item_ops["PUT"]))
            elif "POST" in item_ops:
                self.client.post(f"{coll}/{value}", json=self.body_for(item_ops["POST"]))
        elif create is not None:
            value = self.create(create, coll)
        else:
            value = self.first_listed(coll) or self.generated(coll_template, coll) or self.put_new(op, tkey, coll)
        if not fresh:
            self.cache[cache_key] = value
        return value

    def reference(self, root: str, fresh: bool) -> str:
        """Another family's object (a user, group or app) to point at."""
        value = None if fresh else self.cache.get(root)
        if value is None:
            value = self.create(self.by_template[_key(root)]["POST"], root)
            if not fresh:
                self.cache[root] = value
        return value

    def put_new(self, op: Operation, tkey: str, coll: str) -> str:
        """Items that exist once written to (a role's app target): write one, unless writing it is the test."""
        put = self.by_template.get(_key(tkey), {}).get("PUT")
        if put is None or put.id == op.id:
            return "unknown"
        value = unique("item")
        self.client.put(f"{coll}/{value}", json=self.body_for(put))
        return value

    def generated(self, coll_template: str, coll: str) -> str | None:
        """Collections filled by a `generate` action (key credentials) instead of a create."""
        op = self.by_template.get(_key(coll_template + "/generate"), {}).get("POST")
        if op is None:
            return None
        resp = self.client.post(coll + "/generate", params={"validityYears": 2}, json=self.body_for(op) or {})
        data = resp.json() if resp.status_code < 300 else {}
        return str(data.get("kid") or data.get("id") or "") or None

    def post_for_key(self, path: str, op_id: str) -> str:
        """Create through an operation that is not its collection's POST (an enrollment's `…/phone`)."""
        return self.create(self.catalog.operations[op_id], path)

    def upserted(self, path: str) -> str:
        """Items created by writing to their own path (a custom role's permission)."""
        resp = self.client.post(path, json={})
        assert resp.status_code < 300, resp.text
        return path.rsplit("/", 1)[-1]

    def linked_object(self, side: str) -> str:
        body = self.body_for(self.catalog.operations["createLinkedObjectDefinition"])
        resp = self.client.post("/api/v1/meta/schemas/user/linkedObjects", json=body)
        assert resp.status_code == 201, resp.text
        return str(body[side]["name"])

    def create_with(self, op_id: str, coll: str | None = None) -> str:
        op = self.catalog.operations[op_id]
        return self.create(op, coll or op.path)

    def first_listed(self, coll: str) -> str | None:
        resp = self.client.get(coll)
        if resp.status_code == 200:
            data = resp.json()
            if isinstance(data, dict):  # lists wrapped in a body object (`members`, `roles`)
                data = next((v for v in data.values() if isinstance(v, list)), [])
            if isinstance(data, list) and data and isinstance(data[0], dict):
                return str(data[0].get("id") or data[0].get("name") or data[0].get("kid") or "")
        return None

    def create(self, op: Operation, coll: str, extra: dict[str, Any] | None = None) -> str:
        if coll in ORG_LIMITED:  # Okta allows only a few per org: make room by removing the earlier ones
            for item in self.client.get(coll, params={"limit": 200}).json():
                self.client.post(f"{coll}/{item['id']}/lifecycle/deactivate")
                self.client.delete(f"{coll}/{item['id']}")
        body = self.body_for(op)
        if extra:
            body = {**body, **extra} if isinstance(body, dict) else body
        query = QUERY.get(op.id, {})
        resp = self.client.post(coll, json=body, params=query)
        if resp.status_code >= 300:
            raise AssertionError(f"creating parent with {op.id} failed: {resp.status_code} {resp.text[:500]}")
        data = resp.json() if resp.content else {}
        if isinstance(data, list):
            data = data[0] if data else {}
        natural = NATURAL_KEYS.get(_key(op.path).replace("{}", "{}"))
        if natural is not None and isinstance(body, dict):
            value: Any = body
            for part in natural:
                value = value.get(part) if isinstance(value, dict) else None
            return str(value)
        key = (data.get("id") or data.get("kid") or data.get("name") or data.get("aaguid")
               or (data.get("primary") or {}).get("name"))
        return str(key)

    def body_for(self, op: Operation) -> Any:
        if op.id in BODIES:
            made = BODIES[op.id]
            return made(self) if callable(made) else json.loads(json.dumps(made))
        schema = op.body_schema
        if schema is None:
            return None
        return uniquify(self.schemas.synthesize(schema, direction="request"))

    # -- calling ---------------------------------------------------------------------------------------------------

    def call(self, op: Operation) -> Outcome:
        fresh = op.method != "POST" or _key(op.path) not in self.by_template or op.path.endswith("}")
        path = self.resolve_path(op, fresh_last=fresh)
        self.current_path = path
        body = self.body_for(op) if op.body else None
        query = {k: v(self) if callable(v) else v for k, v in QUERY.get(op.id, {}).items()}
        for p in op.query_params:
            if p.required and p.name not in query:
                value = self.schemas.synthesize(p.schema, direction="request")
                query[p.name] = str(value).lower() if isinstance(value, bool) else value
        deactivate = self.by_template.get(_key(op.path + "/lifecycle/deactivate"), {}).get("POST")
        if op.method == "DELETE" and deactivate is not None:
            self.client.post(path + "/lifecycle/deactivate")  # Okta deletes only what is deactivated
        headers: dict[str, str] = {}
        content: bytes | None = None
        files = None
        if op.body and not op.body_is_json:
            ctype = op.body["content"][0]
            if "multipart" in ctype:
                files = {"file": ("logo.png", PNG, "image/png")}
            else:
                content = body if isinstance(body, bytes) else (
                    b"-----BEGIN CERTIFICATE-----\nMII=\n-----END CERTIFICATE-----\n")
                headers["Content-Type"] = ctype
        if files is not None:
            resp = self.client.request(op.method, path, params=query, files=files)
        elif content is not None:
            resp = self.client.request(op.method, path, params=query, content=content, headers=headers)
        elif body is not None:
            resp = self.client.request(op.method, path, params=query, json=body)
        else:
            resp = self.client.request(op.method, path, params=query)
        try:
            data = resp.json() if resp.content else None
        except ValueError:
            data = resp.text
        return Outcome(op, resp.status_code, data)

    def check(self, out: Outcome) -> list[str]:
        op = out.op
        problems: list[str] = []
        if out.status != op.success and out.status not in op.responses:
            return [f"status {out.status} (want {op.success}): {json.dumps(out.body)[:600]}"]
        if op.id in RELAYED:
            return [] if out.body == RELAYED[op.id] else [f"relayed answer differs: {out.body}"]
        resp = op.responses.get(out.status, {})
        schema = resp.get("schema") if out.status != 204 else None
        json_reply = any("json" in c for c in resp.get("content", []))
        if schema is not None and json_reply:
            causes = self.schemas.validator(schema, direction="response")(out.body)
            problems += [f"schema: {c.field}: {c.reason}" for c in causes[:10]]
            problems += sdk_parse(schema, out.body, self.catalog)
        return problems


NAMED = ("name", "label", "displayName", "title")


def uniquify(value: Any) -> Any:
    """Synthesized bodies repeat the same strings; names must be unique in most Okta families."""
    if isinstance(value, dict):
        return {k: (unique(f"{v}-") if k in NAMED and isinstance(v, str) else uniquify(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [uniquify(v) for v in value]
    return value


def sdk_parse(schema: dict[str, Any], body: Any, catalog: Catalog) -> list[str]:
    """Parse the reply with the official SDK's model class, as an SDK user's code would."""
    import okta.models as models

    name, items = _model_name(schema, catalog)
    if name is None or not hasattr(models, name):
        return []
    cls = getattr(models, name)
    try:
        for item in body if items else [body]:
            cls.from_dict(item)
    except Exception as e:  # noqa: BLE001 - any parse failure is a finding
        return [f"sdk {name}: {str(e)[:400]}"]
    return []


def _model_name(schema: dict[str, Any], catalog: Catalog) -> tuple[str | None, bool]:
    ref = schema.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        target = catalog.schemas.get(name, {})
        if target.get("type") == "array" and "$ref" in target.get("items", {}):
            return target["items"]["$ref"].rsplit("/", 1)[-1], True
        return name, False
    if schema.get("type") == "array" and "$ref" in schema.get("items", {}):
        return schema["items"]["$ref"].rsplit("/", 1)[-1], True
    return None, False


def _key(path: str) -> str:
    return "/" + "/".join("{}" if s.startswith("{") else s for s in path.strip("/").split("/"))


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")
