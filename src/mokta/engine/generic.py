"""The behaviour every operation gets without family code: collections, items, lifecycle verbs, singletons, actions.

Documents are stored in wire shape under their canonical path; the engine stamps ids, timestamps and status, fills
what the response schema requires, and adds `_links.self` on the way out.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from mokta.engine import filters, ids, indexes
from mokta.engine.shapes import CREATE_STATUS, LIFECYCLE_STATUS, NATURAL_KEYS, REFERENCE_PARAMS, Shape, template_key
from mokta.http.errors import invalid, not_found
from mokta.http.paging import decode_cursor, encode_cursor, limit_of, paged
from mokta.types import Context, Document, Reply

TIMESTAMP_FIELDS_CREATE = ("created", "createdDate")
TIMESTAMP_FIELDS_UPDATE = ("lastUpdated", "lastUpdate")


def serve(ctx: Context) -> Reply:
    shape = ctx.rt.shapes.of(ctx.op)
    return KINDS[shape.kind](ctx, shape)


# -- helpers shared with family modules ---------------------------------------------------------------------------


def concrete(ctx: Context, segments: tuple[str, ...]) -> str:
    """Turn a template prefix into the concrete path of this request (parameters filled from the URL)."""
    parts = []
    for seg in segments:
        parts.append(ctx.path_params[seg[1:-1]] if seg.startswith("{") else seg)
    return "/" + "/".join(parts)


def output(ctx: Context, path: str, doc: Document) -> Document:
    """The wire form: the stored document plus `_links.self` as the canonical absolute URL."""
    out = dict(doc)
    links = dict(out.get("_links") or {}) if isinstance(out.get("_links"), dict) else {}
    for rel, link in links.items():
        links[rel] = _absolute(ctx, link)
    links["self"] = {**(links.get("self") or {}), "href": ctx.url(path)}
    out["_links"] = links
    return out


def _absolute(ctx: Context, link: Any) -> Any:
    """Stored links are org-relative paths; on the wire they are absolute URLs of the request's host."""
    if isinstance(link, dict):
        href = link.get("href")
        return {**link, "href": ctx.url(href)} if isinstance(href, str) and href.startswith("/") else link
    if isinstance(link, list):
        return [_absolute(ctx, item) for item in link]
    return link


def load(ctx: Context, path: str, what: str | None = None, segments: tuple[str, ...] | None = None) -> Document:
    """The stored document, or Okta's default for an enum-keyed item that exists implicitly (a notification type,
    a contact type, an authenticator method); 404 otherwise."""
    doc = ctx.tx.get(ctx.org, path)
    if doc is None and segments is not None and implicit(ctx, segments):
        return implicit_default(ctx, segments)
    if doc is None:
        raise not_found(f"Resource not found: {path.rsplit('/', 1)[-1]} ({what or _kind_name(path)})")
    return doc


def implicit(ctx: Context, segments: tuple[str, ...]) -> bool:
    """True when the item's key is a valid value of an enum path parameter: every such item exists in Okta."""
    last = segments[-1]
    if not last.startswith("{"):
        return False
    name = last[1:-1]
    spec = next((p for p in ctx.op.params if p.name == name and p.location == "path"), None)
    if spec is None:
        return False
    allowed = ctx.rt.resolve(spec.schema).get("enum")
    return bool(allowed) and ctx.path_params.get(name) in allowed


def implicit_default(ctx: Context, segments: tuple[str, ...]) -> Document:
    schema = _item_schema_at(ctx, segments)
    doc: Document = {}
    names = ctx.rt.property_names(schema)
    name = segments[-1][1:-1]
    for field in (name, "type" if name.lower().endswith("type") else name, "key"):
        if field in names:
            doc[field] = ctx.path_params[name]
            break
    disc = ctx.rt.resolve(schema).get("discriminator") or {}
    if ctx.path_params[name] in (disc.get("mapping") or {}):
        doc[disc["propertyName"]] = ctx.path_params[name]
    return fill(ctx, schema, doc)


def check_parents(ctx: Context, segments: tuple[str, ...]) -> None:
    """Every stored parent named in the path must exist (404 otherwise), checked outermost first."""
    shapes = ctx.rt.shapes
    for i, seg in enumerate(segments[:-1]):
        if not seg.startswith("{"):
            continue
        prefix = segments[: i + 1]
        name = seg[1:-1]
        if shapes.item_exists_in_catalog(prefix):
            path = concrete(ctx, prefix)
            if not ctx.tx.exists(ctx.org, path) and not implicit(ctx, prefix):
                raise not_found(f"Resource not found: {ctx.path_params[name]} ({_kind_name(path)})")
        elif name in shapes.ref_params:
            root = shapes.ref_params[name] + "/" + ctx.path_params[name]
            if not ctx.tx.exists(ctx.org, root):
                raise not_found(f"Resource not found: {ctx.path_params[name]} ({_kind_name(root)})")


def stamp_new(ctx: Context, schema: dict[str, Any] | None, doc: Document, key: str | None) -> Document:
    """Server-owned fields of a new document: id, timestamps, a default status; then fill what the schema requires."""
    names = ctx.rt.property_names(schema)
    stamp = ids.now()
    if key is not None:
        if "id" in names or not names:
            doc["id"] = key
    for f in TIMESTAMP_FIELDS_CREATE + TIMESTAMP_FIELDS_UPDATE:
        if f in names:
            doc[f] = stamp
    if "status" in names and "status" not in doc:
        status = _default_status(ctx, schema)
        if status:
            doc["status"] = status
    return fill(ctx, schema, doc)


def stamp_update(ctx: Context, schema: dict[str, Any] | None, doc: Document) -> Document:
    names = ctx.rt.property_names(schema)
    stamp = ids.now()
    for f in TIMESTAMP_FIELDS_UPDATE:
        if f in names:
            doc[f] = stamp
    return fill(ctx, schema, doc)


def fill(ctx: Context, schema: dict[str, Any] | None, doc: Any) -> Any:
    """Complete a document so it satisfies the response schema (and the SDK's stricter models)."""
    if schema is None:
        return doc
    return ctx.rt.schemas.fill(schema, doc, direction="response")


def merge(base: Any, patch: Any) -> Any:
    """Okta's partial update: objects merge recursively, anything else replaces."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for k, v in patch.items():
            out[k] = merge(base.get(k), v) if k in base else copy.deepcopy(v)
        return out
    return copy.deepcopy(patch)


def body_object(ctx: Context) -> Document:
    return copy.deepcopy(ctx.body) if isinstance(ctx.body, dict) else {}


# -- the kinds ----------------------------------------------------------------------------------------------------


def list_items(ctx: Context, shape: Shape) -> Reply:
    check_parents(ctx, shape.item_segments + ("{_}",))
    return list_where(ctx, concrete(ctx, shape.item_segments), shape=shape, node=query_node(ctx))


def query_node(ctx: Context) -> filters.Node | None:
    """The list's `filter` and `search` expressions under the endpoint's documented rules; a malformed one is a
    400 naming the parameter."""
    nodes: list[filters.Node] = []
    presets = filters.PRESETS.get(ctx.op.id, (filters.GENERIC, filters.GENERIC_SEARCH))
    for name, rules in (("filter", presets[0]), ("search", presets[1])):
        text = ctx.query.get(name)
        if isinstance(text, str) and text.strip() and any(p.name == name for p in ctx.op.query_params):
            try:
                nodes.append(filters.parse(text, rules))
            except filters.FilterError as e:
                raise invalid(f"{name}: {e}", str(e)) from None
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else filters.And(nodes[0], nodes[1])


def list_where(ctx: Context, coll: str, keep: Callable[[Document], bool] | None = None,
               shape: Shape | None = None, node: filters.Node | None = None) -> Reply:
    """A keyset page of a collection in insertion order, only the documents that satisfy `node` (a search or
    filter expression, narrowed through the attribute index where it can be) and pass `keep`; the `after` cursor
    and `Link` headers work the same either way."""
    limit = limit_of(ctx)
    after = decode_cursor(ctx.query.get("after"))
    test = _combined(node, keep)
    narrowed = indexes.narrowing(ctx.org, coll, node) if node is not None else None
    if test is None:
        rows = ctx.tx.list(ctx.org, coll, after=after, limit=None if limit is None else limit + 1)
    elif narrowed is not None:
        rows = _narrowed_rows(ctx, coll, narrowed, test, after, limit)
    else:
        rows = [r for r in ctx.tx.list(ctx.org, coll, after=after) if test(r[2])]
    more = limit is not None and len(rows) > limit
    rows = rows[:limit] if limit is not None else rows
    docs = [output(ctx, path, doc) for _, path, doc in rows]
    item_schema = ctx.rt.item_schema(ctx.op.response_schema)
    if shape is not None:
        docs = _resolve_references(ctx, shape, docs, item_schema)
    docs = [fill(ctx, item_schema, d) for d in docs]
    return paged(ctx, docs, encode_cursor(rows[-1][0]) if more and rows else None)


def matching(ctx: Context, coll: str, node: filters.Node) -> list[tuple[int, str, Document]]:
    """Every document of a collection that satisfies `node`, narrowed through the index where it can be (for
    searches that must see all matches at once, such as sorted ones)."""
    narrowed = indexes.narrowing(ctx.org, coll, node)
    rows = (ctx.tx.list_narrowed(ctx.org, coll, narrowed[0], narrowed[1]) if narrowed is not None
            else ctx.tx.list(ctx.org, coll))
    return [r for r in rows if filters.matches(node, r[2])]


def _combined(node: filters.Node | None, keep: Callable[[Document], bool] | None) -> Callable[[Document], bool] | None:
    if node is None:
        return keep
    if keep is None:
        return lambda doc: filters.matches(node, doc)
    return lambda doc: filters.matches(node, doc) and keep(doc)


def _narrowed_rows(ctx: Context, coll: str, narrowed: tuple[str, list[Any]], test: Callable[[Document], bool],
                   after: int, limit: int | None) -> list[tuple[int, str, Document]]:
    """Candidates from the index in pages, confirmed by the evaluator, until the page is full (plus one)."""
    want = None if limit is None else limit + 1
    batch = max(50, (want or 0) * 2)
    rows: list[tuple[int, str, Document]] = []
    while True:
        chunk = ctx.tx.list_narrowed(ctx.org, coll, narrowed[0], narrowed[1], after=after,
                                     limit=None if want is None else batch)
        rows.extend(r for r in chunk if test(r[2]))
        if want is None or len(rows) >= want or len(chunk) < batch:
            return rows if want is None else rows[:want]
        after = chunk[-1][0]


def create_item(ctx: Context, shape: Shape) -> Reply:
    check_parents(ctx, shape.item_segments)
    coll = concrete(ctx, shape.item_segments[:-1])
    schema = ctx.op.response_schema or ctx.op.body_schema
    doc = body_object(ctx)
    if shape.ref_root is not None:
        key = str(doc.get("id") or "")
        if not key:
            raise invalid("id: is required", "id")
        if not ctx.tx.exists(ctx.org, f"{shape.ref_root}/{key}"):
            raise not_found(f"Resource not found: {key} ({_kind_name(shape.ref_root + '/x')})")
    else:
        key = _natural_key(ctx, shape, schema, doc) or _conforming_id(
            ctx, schema, ids.new_id(ctx.rt.shapes.id_prefix(shape.item_segments[:-1])))
    if "activate" in ctx.query and "status" in ctx.rt.property_names(schema):
        allowed = _status_enum(ctx, schema)
        wanted = CREATE_STATUS[bool(ctx.query["activate"])]
        doc["status"] = next((c for c in wanted if not allowed or c in allowed), wanted[0])
    doc = stamp_new(ctx, schema, doc, key)
    path = f"{coll}/{key}"
    ctx.tx.put(ctx.org, path, doc)
    return Reply(ctx.op.success, output(ctx, path, doc) if ctx.op.response_schema is not None else None)


def get_item(ctx: Context, shape: Shape) -> Reply:
    check_parents(ctx, shape.item_segments)
    path = concrete(ctx, shape.item_segments)
    doc = load(ctx, path, segments=shape.item_segments)
    if ctx.op.response_schema is not None and isinstance(doc, dict):
        return Reply(ctx.op.success, output(ctx, path, doc))  # stored documents were filled when written
    return Reply(ctx.op.success, _shape_reply(ctx, path, doc))


def replace_item(ctx: Context, shape: Shape) -> Reply:
    check_parents(ctx, shape.item_segments)
    path = concrete(ctx, shape.item_segments)
    old = ctx.tx.get(ctx.org, path)
    schema = ctx.op.response_schema or ctx.op.body_schema
    body = body_object(ctx)
    if old is None and implicit(ctx, shape.item_segments):
        old = implicit_default(ctx, shape.item_segments)
    if old is None:
        if shape.ref_root is None and not _upsertable(ctx, shape):
            raise not_found(f"Resource not found: {path.rsplit('/', 1)[-1]} ({_kind_name(path)})")
        root = shape.ref_root or ctx.rt.shapes.ref_params.get(shape.item_segments[-1][1:-1])
        if root is not None:
            ref = f"{root}/{path.rsplit('/', 1)[-1]}"
            if not ctx.tx.exists(ctx.org, ref):
                raise not_found(f"Resource not found: {path.rsplit('/', 1)[-1]} ({_kind_name(ref)})")
        doc = stamp_new(ctx, schema, body, path.rsplit("/", 1)[-1])
    else:
        doc = _keep_server_fields(ctx, schema, old, body)
        doc = stamp_update(ctx, schema, doc)
    ctx.tx.put(ctx.org, path, doc)
    return Reply(ctx.op.success, _shape_reply(ctx, path, doc))


def update_item(ctx: Context, shape: Shape) -> Reply:
    check_parents(ctx, shape.item_segments)
    path = concrete(ctx, shape.item_segments)
    old = ctx.tx.get(ctx.org, path)
    if old is None and implicit(ctx, shape.item_segments):
        old = implicit_default(ctx, shape.item_segments)
    if old is None:
        if not _upsertable(ctx, shape):
            load(ctx, path)
        return replace_item(ctx, shape)
    schema = ctx.op.response_schema or ctx.op.body_schema
    if isinstance(ctx.body, list):
        doc = apply_json_patch(old, ctx.body)
    else:
        doc = merge(old, _without_server_fields(ctx, schema, body_object(ctx)))
    doc = stamp_update(ctx, schema, doc)
    ctx.tx.put(ctx.org, path, doc)
    return Reply(ctx.op.success, _shape_reply(ctx, path, doc))


def delete_item(ctx: Context, shape: Shape) -> Reply:
    check_parents(ctx, shape.item_segments)
    path = concrete(ctx, shape.item_segments)
    load(ctx, path, segments=shape.item_segments)
    ctx.tx.delete_tree(ctx.org, path)
    return Reply(ctx.op.success, None)


def delete_all(ctx: Context, shape: Shape) -> Reply:
    check_parents(ctx, shape.item_segments + ("{_}",))
    path = concrete(ctx, shape.item_segments)
    for _, child, _doc in ctx.tx.list(ctx.org, path):
        ctx.tx.delete_tree(ctx.org, child)
    ctx.tx.delete_tree(ctx.org, path)
    return Reply(ctx.op.success, None)


def lifecycle(ctx: Context, shape: Shape) -> Reply:
    check_parents(ctx, shape.item_segments)
    path = concrete(ctx, shape.item_segments)
    doc = load(ctx, path, segments=shape.item_segments)
    candidates = LIFECYCLE_STATUS.get(shape.verb or ctx.path_params.get("lifecycle", ""), ())
    item_schema = _item_schema_at(ctx, shape.item_segments)
    if candidates and ("status" in doc or "status" in ctx.rt.property_names(item_schema)):
        allowed = _status_enum(ctx, item_schema)
        target = next((c for c in candidates if not allowed or c in allowed), None)
        if target is not None:
            doc["status"] = target
            doc = stamp_update(ctx, item_schema, doc)
            ctx.tx.put(ctx.org, path, doc)
    return Reply(ctx.op.success, _shape_reply(ctx, path, doc))


def singleton(ctx: Context, shape: Shape) -> Reply:
    """Settings objects: start from Okta's defaults (seeded or synthesized) and persist every write."""
    check_parents(ctx, shape.item_segments + ("{_}",))
    path = concrete(ctx, shape.item_segments)
    schema = ctx.op.response_schema or ctx.op.body_schema
    doc = ctx.tx.get(ctx.org, path)
    if ctx.op.method == "GET":
        if doc is None:
            doc = fill(ctx, schema, {}) if _is_object(ctx, schema) else ctx.rt.schemas.synthesize(
                schema, direction="response")
        return Reply(ctx.op.success, _shape_reply(ctx, path, doc))
    body = body_object(ctx)
    if ctx.op.method == "PUT":
        new = _keep_server_fields(ctx, schema, doc or {}, body) if doc else body
    elif isinstance(ctx.body, list):
        new = apply_json_patch(doc or {}, ctx.body)
    else:
        new = merge(doc or {}, body)
    new = stamp_update(ctx, schema, new)
    ctx.tx.put(ctx.org, path, new, listed=False)
    return Reply(ctx.op.success, _shape_reply(ctx, path, new))


def singleton_list(ctx: Context, shape: Shape) -> Reply:
    """A settings object that the spec reads back wrapped in a one-element array."""
    path = concrete(ctx, shape.item_segments)
    item_schema = ctx.rt.item_schema(ctx.op.response_schema)
    doc = ctx.tx.get(ctx.org, path)
    if doc is None:
        doc = fill(ctx, item_schema, {})
    return Reply(ctx.op.success, [fill(ctx, item_schema, doc)])


def action(ctx: Context, shape: Shape) -> Reply:
    """A verb with no generic state change: check the parents, answer in the documented shape."""
    check_parents(ctx, shape.item_segments + ("{_}",))
    schema = ctx.op.response_schema
    if schema is None:
        return Reply(ctx.op.success, None)
    sibling = shape.item_segments[:-1] + ("{}",)
    sibling_schema = _item_schema_at(ctx, sibling) if ctx.rt.shapes.has_template(sibling) else None
    if sibling_schema is not None and ctx.rt.resolve(sibling_schema) is ctx.rt.resolve(schema):
        return _generate(ctx, shape, schema)
    parent = _nearest_item(ctx, shape.item_segments)
    base: Document = {}
    if parent is not None and ctx.rt.resolve(schema) is ctx.rt.resolve(_item_schema_at(ctx, parent[0])):
        base = parent[1]
    doc = merge(base, body_object(ctx)) if base else body_object(ctx)
    doc = fill(ctx, schema, doc)
    return Reply(ctx.op.success, doc)


def _generate(ctx: Context, shape: Shape, schema: Any) -> Reply:
    """`…/keys/generate` and friends: the action mints a new item of the collection it sits in."""
    coll = concrete(ctx, shape.item_segments[:-1])
    doc = body_object(ctx)
    key = ids.new_id(ctx.rt.shapes.id_prefix(shape.item_segments[:-1]))
    names = ctx.rt.property_names(schema)
    if "id" not in names:
        for field in ("kid", "name", "key"):
            if field in names:
                doc[field] = key
                break
    doc = stamp_new(ctx, schema, doc, key)
    path = f"{coll}/{key}"
    ctx.tx.put(ctx.org, path, doc)
    return Reply(ctx.op.success, output(ctx, path, doc))


KINDS = {
    "list": list_items, "create": create_item, "get": get_item, "replace": replace_item, "update": update_item,
    "delete": delete_item, "delete_all": delete_all, "lifecycle": lifecycle, "singleton": singleton,
    "singleton_list": singleton_list,
    "action": action,
}


# -- private ------------------------------------------------------------------------------------------------------


def _shape_reply(ctx: Context, path: str, doc: Any) -> Any:
    if ctx.op.response_schema is None:
        return None
    if not isinstance(doc, dict):
        return fill(ctx, ctx.op.response_schema, doc)
    out = output(ctx, path, doc)
    return fill(ctx, ctx.op.response_schema, out)


def _resolve_references(ctx: Context, shape: Shape, docs: list[Document], item_schema: Any) -> list[Document]:
    """Sub-collections that hold another family's ids (group members) list the referenced objects themselves."""
    item_template = shape.item_segments + ("{" + ctx.rt.shapes._child_param(shape.item_segments) + "}",)
    root = REFERENCE_PARAMS.get(item_template[-1][1:-1])
    if root is None or not docs:
        return docs
    root_get = ctx.rt.catalog.by_path.get(root + "/{" + item_template[-1][1:-1] + "}", {}).get("GET")
    if root_get is None:
        root_get = next((op for p, ops in ctx.rt.catalog.by_path.items() for m, op in ops.items()
                         if m == "GET" and p.startswith(root + "/{") and p.count("/") == root.count("/") + 1), None)
    if root_get is None or ctx.rt.resolve(root_get.response_schema) is not ctx.rt.resolve(item_schema):
        return docs
    paths = [f"{root}/{d.get('id')}" for d in docs]
    found = ctx.tx.get_many(ctx.org, paths)
    return [output(ctx, p, found[p]) for p in paths if p in found]


def _conforming_id(ctx: Context, schema: Any, key: str) -> str:
    """Most ids are Okta-style; a few schemas insist on UUIDs."""
    prop = _property_schema(ctx, schema, "id")
    if prop and (prop.get("format") == "uuid" or "[0-9a-f]{8}" in str(prop.get("pattern", ""))):
        import uuid

        return str(uuid.uuid4())
    return key


def _property_schema(ctx: Context, schema: Any, name: str) -> dict[str, Any] | None:
    stack = [schema]
    while stack:
        node = ctx.rt.resolve(stack.pop())
        prop = node.get("properties", {}).get(name)
        if prop is not None:
            return ctx.rt.resolve(prop)
        stack.extend(node.get("allOf", []))
    return None


def _is_object(ctx: Context, schema: Any) -> bool:
    resolved = ctx.rt.resolve(schema)
    return resolved.get("type", "object") == "object" or "properties" in resolved or "allOf" in resolved


def _natural_key(ctx: Context, shape: Shape, schema: Any, doc: Document) -> str | None:
    """Objects without an `id` are addressed by another field (`kid`, `aaguid`, `name`): use the client's value,
    or mint one into that field."""
    natural = NATURAL_KEYS.get(template_key(shape.item_segments[:-1]))
    if natural is not None:
        value: Any = doc
        for part in natural:
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, str) and value:
            return value
        raise invalid(f"{'.'.join(natural)}: is required")
    names = ctx.rt.property_names(schema)
    if "id" in names or not names:
        return None
    param = shape.item_segments[-1][1:-1]
    for field in (param, "kid", "aaguid", "name", "key"):
        if field in names:
            value = doc.get(field)
            if isinstance(value, str) and value and "/" not in value:
                return value
            value = ids.new_id(ctx.rt.shapes.id_prefix(shape.item_segments[:-1]))
            doc[field] = value
            return value
    return None


def _upsertable(ctx: Context, shape: Shape) -> bool:
    """PUT creates when the item has no create operation of its own (keyed settings such as app features)."""
    coll = shape.item_segments[:-1]
    return "POST" not in ctx.rt.catalog.by_path.get("/" + "/".join(coll), {})


def _keep_server_fields(ctx: Context, schema: Any, old: Document, body: Document) -> Document:
    new = _without_server_fields(ctx, schema, body)
    for f in ("id", "status", "_links", "_embedded") + TIMESTAMP_FIELDS_CREATE + TIMESTAMP_FIELDS_UPDATE:
        if f in old and f not in new:
            new[f] = old[f]
    for f in _read_only(ctx, schema):
        if f in old:
            new[f] = old[f]
    return new


def _without_server_fields(ctx: Context, schema: Any, body: Document) -> Document:
    drop = {"id", "_links", "_embedded", *TIMESTAMP_FIELDS_CREATE, *TIMESTAMP_FIELDS_UPDATE}
    return {k: v for k, v in body.items() if k not in drop}


def _read_only(ctx: Context, schema: Any) -> list[str]:
    resolved = ctx.rt.resolve(schema)
    out = [k for k, v in resolved.get("properties", {}).items() if isinstance(v, dict) and v.get("readOnly")]
    for part in resolved.get("allOf", []):
        out.extend(k for k, v in ctx.rt.resolve(part).get("properties", {}).items()
                   if isinstance(v, dict) and v.get("readOnly"))
    return out


def _default_status(ctx: Context, schema: Any) -> str | None:
    allowed = _status_enum(ctx, schema)
    if not allowed:
        return "ACTIVE"
    for s in ("ACTIVE", "ENABLED", "VALID"):
        if s in allowed:
            return s
    return allowed[0]


def _status_enum(ctx: Context, schema: Any) -> list[str]:
    stack = [schema]
    while stack:
        node = ctx.rt.resolve(stack.pop())
        prop = node.get("properties", {}).get("status")
        if prop is not None:
            return list(ctx.rt.resolve(prop).get("enum", []))
        stack.extend(node.get("allOf", []))
    return []


def _item_schema_at(ctx: Context, segments: tuple[str, ...]) -> Any:
    ops = ctx.rt.shapes.ops_by_template.get(template_key(segments), {})
    for method in ("GET", "PUT", "POST"):
        if method in ops and ops[method].response_schema is not None:
            return ops[method].response_schema
    return None


def _nearest_item(ctx: Context, segments: tuple[str, ...]) -> tuple[tuple[str, ...], Document] | None:
    for end in range(len(segments), 0, -1):
        prefix = segments[:end]
        if prefix[-1].startswith("{") and ctx.rt.shapes.item_exists_in_catalog(prefix):
            doc = ctx.tx.get(ctx.org, concrete(ctx, prefix))
            return (prefix, doc) if doc is not None else None
    return None


def _kind_name(path: str) -> str:
    """`/api/v1/policies/00p…` → `Policy`, for Okta's "Resource not found: … (Policy)"."""
    parts = [p for p in path.split("/") if p]
    coll = parts[-2] if len(parts) >= 2 else parts[-1]
    if coll.endswith("ies"):
        coll = coll[:-3] + "y"
    elif coll.endswith("s") and not coll.endswith("ss"):
        coll = coll[:-1]
    return "".join(w[:1].upper() + w[1:] for w in coll.replace("_", "-").split("-"))


def apply_json_patch(doc: Document, ops: list[Any]) -> Document:
    """RFC 6902 add/replace/remove on object paths (what Okta's PATCH endpoints accept)."""
    out = copy.deepcopy(doc)
    for i, op in enumerate(ops):
        if not isinstance(op, dict) or "op" not in op or "path" not in op:
            raise invalid(f"[{i}]: must be a JSON Patch operation with op and path")
        keys = [k.replace("~1", "/").replace("~0", "~") for k in str(op["path"]).split("/")[1:]]
        if not keys:
            raise invalid(f"[{i}].path: must not be empty")
        target: Any = out
        for k in keys[:-1]:
            if isinstance(target, dict):
                target = target.setdefault(k, {})
            elif isinstance(target, list) and k.isdigit() and int(k) < len(target):
                target = target[int(k)]
            else:
                raise invalid(f"[{i}].path: {op['path']} does not exist")
        last = keys[-1]
        kind = op["op"]
        if kind in ("add", "replace"):
            if isinstance(target, list):
                if last == "-":
                    target.append(op.get("value"))
                elif last.isdigit():
                    target.insert(int(last), op.get("value")) if kind == "add" else target.__setitem__(
                        int(last), op.get("value"))
            elif isinstance(target, dict):
                target[last] = op.get("value")
        elif kind == "remove":
            if isinstance(target, dict):
                target.pop(last, None)
            elif isinstance(target, list) and last.isdigit() and int(last) < len(target):
                target.pop(int(last))
        else:
            raise invalid(f"[{i}].op: {kind} is not supported")
    return out
