"""OpenAPI 3.0 component-schema engine: compiled validators, minimal-instance synthesis and response filling.

Why this exists: every request body and every response document goes through a schema check, so validators are
compiled once into plain closures (no interpretation of the schema dict on the hot path).  The same catalog is used
to invent minimal valid documents (``synthesize``) and to complete stored documents so that strict clients such as
the official Okta SDK (pydantic models) accept them (``fill``).

Only a subset of OpenAPI keywords is honoured (type, format, enum, default, required, properties,
additionalProperties, items, allOf, oneOf, anyOf, not, discriminator, nullable, readOnly, writeOnly, numeric and
length bounds, pattern, uniqueItems, min/maxProperties, ``$ref``); anything else is ignored.

Recursion traps handled here:
* self-referencing schemas (through properties/items) compile lazily via trampolines keyed by schema name;
* "inheritance" discriminators (``Application`` maps ``BOOKMARK`` to ``BookmarkApplication`` which is
  ``allOf: [Application, ...]``): a context of already-dispatched / already-entered schema names travels along
  everything that applies to the *same* instance (``$ref``, ``allOf``, ``oneOf``...) and is reset when descending into
  properties or items, so a base is never dispatched twice for one object.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Literal, NamedTuple

__all__ = ["Cause", "Direction", "Schemas"]

Direction = Literal["request", "response"]

_REF_PREFIX = "#/components/schemas/"
_MAX_DEPTH = 48  # hard stop for genuinely unsatisfiable (required-recursive) schemas
_FULL_DEPTH = 6  # how deep ``full=True`` expands optional properties

# Context = (names whose discriminator was already dispatched, names already applied) for ONE instance.
_Ctx = tuple[frozenset[str], frozenset[str]]
_EMPTY: _Ctx = (frozenset(), frozenset())


class Cause(NamedTuple):
    """One validation problem, shaped like an Okta ``errorCauses`` entry (field path + reason)."""

    field: str
    reason: str


Node = Callable[[Any], "list[Cause] | None"]


class _NoDoc:
    """Sentinel type: gathering for synthesis (no document to steer oneOf/discriminator choices)."""


_NO_DOC = _NoDoc()
_NULLABLE_ATOM: dict[str, Any] = {"nullable": True}


def _ok(_x: Any) -> None:
    """Validator that accepts everything (empty / unknown schema)."""
    return None


def _ref_name(schema: dict[str, Any]) -> str | None:
    """Return the component name of a ``$ref`` dict, or None when it is not a reference."""
    ref = schema.get("$ref")
    if not isinstance(ref, str):
        return None
    return ref[len(_REF_PREFIX) :] if ref.startswith(_REF_PREFIX) else ref.rsplit("/", 1)[-1]


def _prefix(causes: list[Cause], key: str) -> list[Cause]:
    """Re-root child causes under a property name or an ``[i]`` index."""
    out = []
    for c in causes:
        f = c.field
        if not f:
            out.append(Cause(key, c.reason))
        elif f[0] == "[":
            out.append(Cause(key + f, c.reason))
        else:
            out.append(Cause(f"{key}.{f}", c.reason))
    return out


def _num(v: Any) -> str:
    """Render a bound without a spurious ``.0``."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _copy(v: Any) -> Any:
    """Cheap deep copy of JSON data (cached synthesized values must never be shared)."""
    if isinstance(v, dict):
        return {k: _copy(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_copy(x) for x in v]
    return v


_KIND_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
}
_KIND_MSG: dict[str, str] = {
    "string": "must be a string",
    "integer": "must be an integer",
    "number": "must be a number",
    "boolean": "must be a boolean",
    "object": "must be an object",
    "array": "must be an array",
}


def kind_ok(x: Any, kind: str) -> bool:
    """JSON type test: bool is never a number, int is a number, dict/list subclasses are fine."""
    types = _KIND_TYPES.get(kind)
    if types is None:
        return True
    if isinstance(x, bool):
        return kind == "boolean"
    return isinstance(x, types)


def _discriminator(schema: dict[str, Any]) -> dict[str, Any] | None:
    """Return a usable discriminator object or None."""
    disc = schema.get("discriminator")
    if isinstance(disc, dict) and isinstance(disc.get("propertyName"), str):
        return disc
    return None


def _valid_datetime(s: str) -> bool:
    """Loose ISO-8601 check (what Okta and the SDK's datetime parsing accept)."""
    try:
        datetime.fromisoformat(s)
    except ValueError:
        return False
    return True


def _compile_pattern(p: Any) -> re.Pattern[str] | None:
    """Compile an ECMA/Java pattern if Python understands it; otherwise it is skipped."""
    if not isinstance(p, str):
        return None
    try:
        return re.compile(p)
    except re.error:
        return None


_FORMAT_VALUES: dict[str, str] = {
    "date-time": "2026-01-01T00:00:00.000Z",
    "date": "2026-01-01",
    "time": "00:00:00",
    "email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "uri-reference": "https://example.com",
    "hostname": "example.com",
    "ipv4": "10.0.0.1",
    "ipv6": "::1",
    "byte": "ZXhhbXBsZQ==",
    "base64": "ZXhhbXBsZQ==",
    "password": "Passw0rd!x",
    "regex": ".*",
}
_STRING_CANDIDATES: tuple[str, ...] = (
    "x",
    "example",
    "1",
    "*",
    "a1",
    "A",
    "x.y",
    "P1D",
    "+15555550100",
    "1.0",
    "1.0.0",
    "user@example.com",
    "https://example.com",
    "2026-01-01T00:00:00.000Z",
    "10.0.0.1",
)


class _Plan(NamedTuple):
    """Everything ``fill`` needs to know about the schemas of one document position."""

    atoms: list[dict[str, Any]]
    kind: str | None
    nullable: bool
    props: dict[str, list[dict[str, Any]]]
    required: tuple[str, ...]
    addl: list[dict[str, Any]]
    drop_extra: bool
    hidden: frozenset[str]
    items: list[dict[str, Any]]
    min_items: int
    min_props: int


class Schemas:
    """A catalog of component schemas with cached compiled validators, synthesis and filling."""

    def __init__(self, components: dict[str, Any]) -> None:
        self._components: dict[str, Any] = components
        self._named: dict[tuple[str, str], Node] = {}
        self._public: dict[tuple[Any, ...], tuple[Any, Callable[[Any], list[Cause]]]] = {}
        self._refdicts: dict[str, dict[str, str]] = {}
        self._inherits_cache: dict[tuple[str, str], bool] = {}
        self._synth_cache: dict[tuple[int, str], tuple[Any, Any]] = {}
        self._pick_cache: dict[tuple[Any, ...], tuple[Any, Any]] = {}
        self._picking: set[tuple[Any, ...]] = set()
        self._wrappers: dict[tuple[int, str], dict[str, Any]] = {}
        self._plans: dict[tuple[Any, ...], tuple[list[dict[str, Any]], _Plan]] = {}
        self._forced_atoms: dict[tuple[str, str], dict[str, Any]] = {}
        self._doc_picks = 0  # bumped whenever a gather choice depended on the document

    # ------------------------------------------------------------------ public API

    def resolve(self, schema: Any) -> dict[str, Any]:
        """Follow ``$ref`` chains (a bare component name is accepted too); unknown refs resolve to ``{}``."""
        if isinstance(schema, str):
            schema = self._ref(schema)
        seen: set[str] = set()
        while isinstance(schema, dict) and "$ref" in schema:
            name = _ref_name(schema)
            if name is None or name in seen or name not in self._components:
                return {}
            seen.add(name)
            schema = self._components[name]
        return schema if isinstance(schema, dict) else {}

    def validator(self, schema: dict[str, Any] | None, *, direction: Direction) -> Callable[[Any], list[Cause]]:
        """Return a cached validator; it returns the list of causes (empty list = valid)."""
        if schema is None:
            return _always_valid
        key = self._public_key(schema, direction)
        hit = self._public.get(key)
        if hit is not None:
            return hit[1]
        node = self._compile(schema, direction, _EMPTY)

        def validate(x: Any) -> list[Cause]:
            return node(x) or []

        self._public[key] = (schema, validate)  # keeps ``schema`` alive so its id() stays unique
        return validate

    def synthesize(self, schema: dict[str, Any] | None, *, direction: Direction = "request", full: bool = False) -> Any:
        """Return a minimal valid instance (all non-omitted properties with ``full=True``)."""
        if schema is None:
            return None
        return self._synth_list([self._canonical(schema)], direction, full, 0, frozenset())

    def fill(self, schema: dict[str, Any] | None, doc: Any, *, direction: Direction = "response") -> Any:
        """Return a copy of ``doc`` completed so it validates: missing required properties are synthesized.

        Existing values are kept, except: a value of the wrong JSON type is replaced by a synthesized one, a null
        for a non-nullable property is dropped (optional) or synthesized (required), and in the response direction
        properties rejected by ``additionalProperties: false`` and optional ``writeOnly`` properties are dropped.
        Required ``writeOnly`` properties are kept/added in responses because the SDK models require them.
        """
        if schema is None:
            return doc
        return self._fill([self._canonical(schema)], doc, direction, 0)

    # ------------------------------------------------------------------ helpers shared by all engines

    def _ref(self, name: str) -> dict[str, str]:
        """A stable ``{"$ref": ...}`` dict per name (stable ids keep the caches effective)."""
        d = self._refdicts.get(name)
        if d is None:
            d = self._refdicts[name] = {"$ref": _REF_PREFIX + name}
        return d

    def _forced(self, prop: str, value: str) -> dict[str, Any]:
        """Shared atom pinning a discriminator property to the chosen value (shared: caches key on ids)."""
        key = (prop, value)
        atom = self._forced_atoms.get(key)
        if atom is None:
            atom = self._forced_atoms[key] = {"properties": {prop: {"enum": [value]}}, "required": [prop]}
        return atom

    def _canonical(self, schema: dict[str, Any]) -> dict[str, Any]:
        """Replace a caller-built ``{"$ref": ...}`` by the shared one, so id-keyed caches do not grow per call."""
        if len(schema) == 1:
            name = _ref_name(schema)
            if name is not None:
                return self._ref(name)
        return schema

    def _public_key(self, schema: dict[str, Any], direction: str) -> tuple[Any, ...]:
        """Cache key: the ref name for pure references, else the object identity."""
        if len(schema) == 1:
            name = _ref_name(schema)
            if name is not None:
                return ("ref", name, direction)
        return ("id", id(schema), direction)

    def _check(self, schema: dict[str, Any], direction: Direction, x: Any) -> bool:
        """True when ``x`` is valid against ``schema``."""
        return not self.validator(schema, direction=direction)(x)

    def _mapping(self, schema: dict[str, Any], disc: dict[str, Any]) -> dict[str, str]:
        """Discriminator value -> component name (implicit mapping = variant names, as OpenAPI says)."""
        mapping = disc.get("mapping")
        out: dict[str, str] = {}
        if isinstance(mapping, dict):
            for k, v in mapping.items():
                if isinstance(v, str):
                    out[str(k)] = v[len(_REF_PREFIX) :] if v.startswith(_REF_PREFIX) else v.rsplit("/", 1)[-1]
        if not out:
            for kw in ("oneOf", "anyOf"):
                for variant in schema.get(kw) or ():
                    if isinstance(variant, dict) and (n := _ref_name(variant)) is not None:
                        out[n] = n
        return out

    def _disc_target(self, schema: dict[str, Any], name: str | None, mapping: dict[str, str], value: str) -> str | None:
        """Component selected by a discriminator value: the mapping, else a schema of that name that is a variant
        (listed in oneOf/anyOf or inheriting the base through allOf), as OpenAPI's implicit mapping says."""
        tname = mapping.get(value)
        if tname is not None or value not in self._components:
            return tname
        if name is not None and (value == name or self._inherits(value, name)):
            return value
        for kw in ("oneOf", "anyOf"):
            for variant in schema.get(kw) or ():
                if isinstance(variant, dict) and _ref_name(variant) == value:
                    return value
        return None

    def _inherits(self, child: str, base: str) -> bool:
        """True when ``child`` includes ``base`` through ``$ref``/``allOf`` (same-instance composition)."""
        key = (child, base)
        hit = self._inherits_cache.get(key)
        if hit is not None:
            return hit
        seen: set[str] = set()
        stack: list[Any] = [self._components.get(child)]
        found = False
        while stack and not found:
            s = stack.pop()
            if not isinstance(s, dict):
                continue
            name = _ref_name(s)
            if name is not None:
                if name == base:
                    found = True
                elif name not in seen:
                    seen.add(name)
                    stack.append(self._components.get(name))
                continue
            stack.extend(s.get("allOf") or ())
        self._inherits_cache[key] = found
        return found

    def _flag(self, schemas: Iterable[dict[str, Any]], flag: str) -> bool:
        """readOnly / writeOnly of a property, looking through one level of ``$ref`` and ``allOf``."""
        for s in schemas:
            if s.get(flag) is True:
                return True
            parts = [s, *[p for p in s.get("allOf") or () if isinstance(p, dict)]]
            for p in parts:
                name = _ref_name(p)
                if name is not None:
                    target = self._components.get(name)
                    if isinstance(target, dict) and target.get(flag) is True:
                        return True
        return False

    # ------------------------------------------------------------------ validator compilation

    def _compile(self, schema: Any, d: Direction, ctx: _Ctx) -> Node:
        """Compile any schema dict (reference or inline) into a validator node."""
        if not isinstance(schema, dict) or not schema:
            return _ok
        name = _ref_name(schema)
        if name is None:
            return self._compile_schema(schema, d, ctx, None)
        node = self._compile_ref(name, d, ctx)
        if schema.get("nullable") is True and node is not _ok:
            inner = node

            def nullable_ref(x: Any) -> list[Cause] | None:
                return None if x is None else inner(x)

            return nullable_ref
        return node

    def _compile_ref(self, name: str, d: Direction, ctx: _Ctx) -> Node:
        """Compile a named schema; only context-free compilations are cached (trampoline breaks cycles)."""
        target = self._components.get(name)
        if not isinstance(target, dict) or name in ctx[1]:
            return _ok
        if ctx != _EMPTY:
            return self._compile_schema(target, d, ctx, name)
        key = (name, d)
        node = self._named.get(key)
        if node is not None:
            return node
        holder: list[Node] = []

        def trampoline(x: Any) -> list[Cause] | None:
            return holder[0](x)

        self._named[key] = trampoline
        real = self._compile_schema(target, d, ctx, name)
        holder.append(real)
        self._named[key] = real
        return real

    def _compile_schema(self, schema: dict[str, Any], d: Direction, ctx: _Ctx, name: str | None) -> Node:
        """Compile a schema body, dispatching on its discriminator unless that was already done."""
        dispatched, entered = ctx
        inner: _Ctx = (dispatched, entered | {name}) if name else ctx
        if "$ref" in schema:  # alias component
            return self._compile(schema, d, inner)
        disc = _discriminator(schema)
        if disc is not None and (name is None or name not in dispatched):
            return self._compile_dispatch(schema, disc, d, ctx, name)
        return self._compile_body(schema, d, inner, suppress=disc is not None)

    def _compile_dispatch(
        self, schema: dict[str, Any], disc: dict[str, Any], d: Direction, ctx: _Ctx, name: str | None
    ) -> Node:
        """Select the variant from the discriminator value; targets are compiled lazily."""
        dispatched, entered = ctx
        d2 = dispatched | {name} if name else dispatched
        base = self._compile_body(schema, d, (d2, entered | {name} if name else entered), suppress=True)
        prop = disc["propertyName"]
        mapping = self._mapping(schema, disc)
        allowed = (
            "does not match any of the allowed values: " + ", ".join(mapping) if mapping else "is not a known type"
        )
        has_variants = bool(schema.get("oneOf") or schema.get("anyOf"))
        prop_schema = (schema.get("properties") or {}).get(prop)
        must_name = d == "request" and not (isinstance(prop_schema, dict) and self._flag([prop_schema], "readOnly"))
        targets: dict[str, Node] = {}

        def target_for(value: str) -> Node | None:
            t = targets.get(value)
            if t is not None:
                return t
            tname = self._disc_target(schema, name, mapping, value)
            if tname is None:
                return None
            if tname == name or tname in entered or tname not in self._components:
                t = base
            else:
                tnode = self._compile_ref(tname, d, (d2, entered))
                t = tnode if name is not None and self._inherits(tname, name) else _both(base, tnode)
            targets[value] = t
            return t

        def dispatch(x: Any) -> list[Cause] | None:
            if isinstance(x, dict):
                v = x.get(prop)
                if v is None:
                    if has_variants or must_name:  # Okta can't tell what the object is without it
                        return [Cause(prop, "is required")]
                    return base(x)
                t = target_for(v) if isinstance(v, str) else None
                if t is None:
                    return [Cause(prop, allowed)]
                return t(x)
            return base(x)

        return dispatch

    def _compile_body(self, s: dict[str, Any], d: Direction, ctx: _Ctx, *, suppress: bool) -> Node:
        """Compile the keywords of one (non-reference) schema."""
        request = d == "request"
        kind = _schema_kind(s)
        enum = s.get("enum") if isinstance(s.get("enum"), list) else None
        nullable = s.get("nullable") is True or (enum is not None and None in enum)
        checks: list[Node] = []
        if enum is not None:
            checks.append(_enum_check(enum))
        c = _string_check(s, request)
        if c is not None:
            checks.append(c)
        c = _number_check(s)
        if c is not None:
            checks.append(c)
        c = self._array_check(s, d)
        if c is not None:
            checks.append(c)
        c = self._object_check(s, d)
        if c is not None:
            checks.append(c)
        for part in s.get("allOf") or ():
            n = self._compile(part, d, ctx)
            if n is not _ok:
                checks.append(n)
        if not suppress:
            for kw in ("anyOf", "oneOf"):
                variants = s.get(kw)
                if isinstance(variants, list) and variants:
                    nodes = [self._compile(v, d, ctx) for v in variants]
                    exactly_one = kw == "oneOf" and not request
                    checks.append(_one_of(nodes) if exactly_one else _any_of(nodes))
        if isinstance(s.get("not"), dict):
            checks.append(_not(self._compile(s["not"], d, ctx)))
        return _assemble(kind, nullable, checks, request)

    def _array_check(self, s: dict[str, Any], d: Direction) -> Node | None:
        """items / minItems / maxItems / uniqueItems, applied only to lists."""
        items = s.get("items")
        lo = s.get("minItems")
        hi = s.get("maxItems")
        unique = s.get("uniqueItems") is True
        if not isinstance(items, dict) and lo is None and hi is None and not unique:
            return None
        item: Node = self._compile(items, d, _EMPTY) if isinstance(items, dict) else _ok
        lo_i = lo if isinstance(lo, int) else None
        hi_i = hi if isinstance(hi, int) else None

        def check_array(x: Any) -> list[Cause] | None:
            if not isinstance(x, list):
                return None
            errs: list[Cause] = []
            n = len(x)
            if lo_i is not None and n < lo_i:
                errs.append(Cause("", f"must contain at least {lo_i} items"))
            if hi_i is not None and n > hi_i:
                errs.append(Cause("", f"must contain at most {hi_i} items"))
            if unique and n > 1 and _has_duplicates(x):
                errs.append(Cause("", "must not contain duplicate items"))
            if item is not _ok:
                for i, v in enumerate(x):
                    r = item(v)
                    if r:
                        errs.extend(_prefix(r, f"[{i}]"))
            return errs or None

        return check_array

    def _object_check(self, s: dict[str, Any], d: Direction) -> Node | None:
        """properties / required / additionalProperties / min-maxProperties, applied only to dicts."""
        props = s.get("properties")
        props = props if isinstance(props, dict) else {}
        req_raw = s.get("required")
        req_raw = [r for r in req_raw if isinstance(r, str)] if isinstance(req_raw, list) else []
        addl = s.get("additionalProperties")
        min_p = s.get("minProperties")
        max_p = s.get("maxProperties")
        if not props and not req_raw and addl is None and min_p is None and max_p is None:
            return None
        request = d == "request"
        omit_flag = "readOnly" if request else "writeOnly"
        pnodes: dict[str, Node] = {}
        skip: set[str] = set()
        omitted: set[str] = set()
        for k, ps in props.items():
            if not isinstance(ps, dict):
                continue
            if self._flag([ps], omit_flag):
                omitted.add(k)
                if request:  # Okta ignores read-only fields sent by clients
                    skip.add(k)
                    continue
            pnodes[k] = self._compile(ps, d, _EMPTY)
        required = tuple(r for r in req_raw if r not in omitted)
        reqset = frozenset(required)
        extra: Node | None = None
        reject_extra = False
        if isinstance(addl, dict):
            extra = self._compile(addl, d, _EMPTY)
        elif addl is False and not request:
            reject_extra = True
        min_i = min_p if isinstance(min_p, int) else None
        max_i = max_p if isinstance(max_p, int) else None

        def check_object(x: Any) -> list[Cause] | None:
            if not isinstance(x, dict):
                return None
            errs: list[Cause] | None = None
            for r in required:
                if r not in x:
                    if errs is None:
                        errs = []
                    errs.append(Cause(r, "is required"))
            for k, v in x.items():
                n = pnodes.get(k)
                if n is None:
                    if k in skip:
                        continue
                    if extra is None:
                        if reject_extra:
                            if errs is None:
                                errs = []
                            errs.append(Cause(k, "is not a recognized property"))
                        continue
                    if v is None and request:
                        continue  # a map entry sent as null asks Okta to remove it (custom schema properties)
                    n = extra
                elif v is None and request and k not in reqset:
                    continue
                r = n(v)
                if r:
                    if errs is None:
                        errs = []
                    errs.extend(_prefix(r, k))
            if min_i is not None and len(x) < min_i:
                errs = (errs or []) + [Cause("", f"must have at least {min_i} properties")]
            if max_i is not None and len(x) > max_i:
                errs = (errs or []) + [Cause("", f"must have at most {max_i} properties")]
            return errs

        return check_object

    # ------------------------------------------------------------------ gathering (synthesis and fill)

    def _gather(self, schema: Any, d: Direction, ctx: _Ctx, doc: Any, out: list[dict[str, Any]], depth: int) -> None:
        """Append every atomic schema that applies to one instance (refs, allOf and chosen variants expanded)."""
        if not isinstance(schema, dict):
            return
        name = _ref_name(schema)
        if name is None:
            self._gather_schema(schema, d, ctx, doc, out, None, depth)
            return
        if schema.get("nullable") is True:
            out.append(_NULLABLE_ATOM)
        target = self._components.get(name)
        if isinstance(target, dict) and name not in ctx[1]:
            self._gather_schema(target, d, ctx, doc, out, name, depth)

    def _gather_schema(
        self,
        s: dict[str, Any],
        d: Direction,
        ctx: _Ctx,
        doc: Any,
        out: list[dict[str, Any]],
        name: str | None,
        depth: int,
    ) -> None:
        """Gather one schema body, following its discriminator (chosen from ``doc`` or by synthesis)."""
        dispatched, entered = ctx
        inner: _Ctx = (dispatched, entered | {name}) if name else ctx
        if "$ref" in s:
            self._gather(s, d, inner, doc, out, depth)
            return
        disc = _discriminator(s)
        if disc is None or (name is not None and name in dispatched):
            self._gather_body(s, d, inner, doc, out, disc is not None, depth)
            return
        d2 = dispatched | {name} if name else dispatched
        base_ctx: _Ctx = (d2, entered | {name} if name else entered)
        picked = self._pick_disc(s, disc, d, ctx, name, doc, depth)
        if picked is None:
            self._gather_body(s, d, base_ctx, doc, out, True, depth)
            return
        key, tname = picked
        out.append(self._forced(disc["propertyName"], key))
        if tname == name or tname in entered or tname not in self._components:
            self._gather_body(s, d, base_ctx, doc, out, True, depth)
            return
        if name is None or not self._inherits(tname, name):
            self._gather_body(s, d, base_ctx, doc, out, True, depth)
        self._gather(self._ref(tname), d, (d2, entered), doc, out, depth)

    def _gather_body(
        self,
        s: dict[str, Any],
        d: Direction,
        ctx: _Ctx,
        doc: Any,
        out: list[dict[str, Any]],
        suppress: bool,
        depth: int,
    ) -> None:
        """Add the schema itself, then its allOf parts and (unless suppressed) the chosen oneOf/anyOf variant."""
        out.append(s)
        for part in s.get("allOf") or ():
            self._gather(part, d, ctx, doc, out, depth)
        if suppress:
            return
        for kw in ("oneOf", "anyOf"):
            variants = s.get(kw)
            if isinstance(variants, list) and variants:
                v = self._pick_variant(s, kw, d, doc, depth)
                self._gather(v, d, ctx, doc, out, depth)

    def _pick_disc(
        self,
        s: dict[str, Any],
        disc: dict[str, Any],
        d: Direction,
        ctx: _Ctx,
        name: str | None,
        doc: Any,
        depth: int,
    ) -> tuple[str, str] | None:
        """Discriminator choice: the document's value if it has one, else the first mapping entry that works."""
        mapping = self._mapping(s, disc)
        prop = disc["propertyName"]
        if isinstance(doc, dict):
            self._doc_picks += 1
            v = doc.get(prop)
            if isinstance(v, str):
                t = self._disc_target(s, name, mapping, v)
                return (v, t) if t is not None else None
            if v is not None:
                return None
        for k, tname in mapping.items():  # inside a variant: its own key (BookmarkApplication -> BOOKMARK)
            if tname in ctx[1]:
                return k, tname
        if not mapping and name is not None:  # implicit mapping: the value is the schema name
            for entered in sorted(ctx[1]):
                if self._inherits(entered, name):
                    return entered, entered
            return name, name
        if not mapping:
            return None
        key = ("disc", id(s), d)
        hit = self._pick_cache.get(key)
        if hit is not None:
            return hit[1]
        first = next(iter(mapping.items()))
        if key in self._picking or depth > _MAX_DEPTH:
            return first
        self._picking.add(key)
        try:
            choice = first
            d2 = ctx[0] | {name} if name else ctx[0]
            for k, tname in mapping.items():
                if tname not in self._components:
                    continue
                atoms: list[dict[str, Any]] = [self._forced(prop, k)]
                self._gather(self._ref(tname), d, (d2, ctx[1]), _NO_DOC, atoms, depth + 1)
                inst = self._synth_atoms(atoms, d, False, depth + 1, frozenset())
                if self._check(self._ref(tname), d, inst):
                    choice = (k, tname)
                    break
        finally:
            self._picking.discard(key)
        self._pick_cache[key] = (s, choice)
        return choice

    def _pick_variant(self, s: dict[str, Any], kw: str, d: Direction, doc: Any, depth: int) -> Any:
        """oneOf/anyOf choice: a variant the document already satisfies, one it can be filled into, or the first
        variant whose synthesized instance satisfies the whole combinator."""
        variants: list[Any] = s[kw]
        whole = self._wrapper(s, kw)
        if not isinstance(doc, _NoDoc) and doc is not None and depth <= _MAX_DEPTH:
            self._doc_picks += 1
            if self._check(whole, d, doc):
                for v in variants:
                    if isinstance(v, dict) and self._check(v, d, doc):
                        return v
            for v in variants:
                if isinstance(v, dict):
                    filled = self._fill([v], doc, d, depth + 1)
                    if self._check(whole, d, filled):
                        return v
        key = ("variant", id(s), kw, d)
        hit = self._pick_cache.get(key)
        if hit is not None:
            return hit[1]
        if key in self._picking or depth > _MAX_DEPTH:
            return variants[0]
        self._picking.add(key)
        try:
            choice = variants[0]
            fallback = None
            for v in variants:
                if not isinstance(v, dict):
                    continue
                inst = self._synth_list([v], d, False, depth + 1, frozenset())
                if self._check(whole, d, inst):
                    choice = v
                    break
                if fallback is None and self._check(v, d, inst):
                    fallback = v
            else:
                choice = fallback if fallback is not None else variants[0]
        finally:
            self._picking.discard(key)
        self._pick_cache[key] = (s, choice)
        return choice

    def _wrapper(self, s: dict[str, Any], kw: str) -> dict[str, Any]:
        """A stable ``{kw: variants}`` dict used to check a choice against the combinator alone."""
        key = (id(s), kw)
        w = self._wrappers.get(key)
        if w is None:
            w = self._wrappers[key] = {kw: s[kw]}
        return w

    # ------------------------------------------------------------------ synthesis

    def _synth_list(
        self, schemas: list[dict[str, Any]], d: Direction, full: bool, depth: int, stack: frozenset[str]
    ) -> Any:
        """Synthesize a value satisfying all ``schemas`` at once (cached for single schemas, minimal mode)."""
        cacheable = not full and len(schemas) == 1
        if cacheable:
            hit = self._synth_cache.get((id(schemas[0]), d))
            if hit is not None:
                return _copy(hit[1])
        if depth > _MAX_DEPTH:
            return None
        atoms: list[dict[str, Any]] = []
        for s in schemas:
            self._gather(s, d, _EMPTY, _NO_DOC, atoms, depth)
        if full:  # components being expanded: full mode never re-enters one of them through an optional path
            stack = stack | {
                n
                for s in schemas
                for p in (s, *(s.get("allOf") or ()))
                if isinstance(p, dict) and (n := _ref_name(p)) is not None
            }
        value = self._synth_atoms(atoms, d, full, depth, stack)
        if cacheable:
            self._synth_cache[(id(schemas[0]), d)] = (schemas[0], value)
            return _copy(value)
        return value

    def _synth_atoms(
        self, atoms: list[dict[str, Any]], d: Direction, full: bool, depth: int, stack: frozenset[str]
    ) -> Any:
        """Build one value from the merged constraints of ``atoms``."""
        kind = _atoms_kind(atoms)
        enums = [_enum_values(a["enum"]) for a in atoms if isinstance(a.get("enum"), list)]
        for a in atoms:
            if "default" in a:
                v = a["default"]
                if v is not None and (kind is None or kind_ok(v, kind)) and all(_in_enum(v, e) for e in enums):
                    if not isinstance(v, str) or _string_ok(v, atoms):
                        return _copy(v)
        if enums:
            cands = [v for v in enums[0] if all(_in_enum(v, e) for e in enums[1:])]
            for v in cands:
                if v is not None and (kind is None or kind_ok(v, kind)):
                    return _copy(v)
            if _atoms_nullable(atoms) or not enums[0]:
                return None
            return _copy(enums[0][0])
        if kind == "string":
            return _synth_string(atoms)
        if kind in ("integer", "number"):
            return _synth_number(atoms, kind)
        if kind == "boolean":
            return False
        if kind == "array":
            return self._synth_array(atoms, d, full, depth, stack)
        if kind == "object":
            return self._synth_object(atoms, d, full, depth, stack)
        return None

    def _synth_array(
        self, atoms: list[dict[str, Any]], d: Direction, full: bool, depth: int, stack: frozenset[str]
    ) -> list[Any]:
        """minItems copies of a synthesized item (one item in full mode)."""
        items = [a["items"] for a in atoms if isinstance(a.get("items"), dict)]
        lo = max([a["minItems"] for a in atoms if isinstance(a.get("minItems"), int)] or [0])
        hi = min([a["maxItems"] for a in atoms if isinstance(a.get("maxItems"), int)] or [1 << 30])
        n = lo
        if full and n == 0 and hi > 0 and depth < _FULL_DEPTH:
            refs = _direct_refs(items)
            if not refs & stack:
                n = 1
        if n == 0:
            return []
        out = []
        for i in range(n):
            v = self._synth_list(items, d, full, depth + 1, stack) if items else "x"
            if i and isinstance(v, str):
                v = f"{v}{i}"
            elif i and isinstance(v, int) and not isinstance(v, bool):
                v = v + i
            out.append(v)
        return out

    def _synth_object(
        self, atoms: list[dict[str, Any]], d: Direction, full: bool, depth: int, stack: frozenset[str]
    ) -> dict[str, Any]:
        """Required (or, in full mode, all non-recursive) properties, minus direction-omitted ones."""
        props, req, addl, _ = _merge_object(atoms)
        omit_flag = "readOnly" if d == "request" else "writeOnly"
        out: dict[str, Any] = {}
        names = list(req) + [k for k in props if k not in req]
        for k in names:
            schemas = props.get(k, [])
            if schemas and self._flag(schemas, omit_flag) and (d == "request" or k not in req):
                continue  # required writeOnly stays in responses: the SDK models require them
            if k not in req:
                if not full or depth >= _FULL_DEPTH:
                    continue
                if _direct_refs(schemas) & stack:
                    continue
            sub_full = full and depth < _FULL_DEPTH
            v = self._synth_list(schemas, d, sub_full, depth + 1, stack)
            if k not in req and not all(self._check(ps, d, v) for ps in schemas):
                continue  # e.g. a subclass redefines a base property with a contradicting type
            out[k] = v
        min_p = max([a["minProperties"] for a in atoms if isinstance(a.get("minProperties"), int)] or [0])
        i = 0
        while len(out) < min_p and i < min_p + 1:
            extra = next((k for k in props if k not in out and not self._flag(props[k], omit_flag)), None)
            if extra is not None:
                out[extra] = self._synth_list(props[extra], d, False, depth + 1, stack)
            elif addl:
                out[f"key{i}"] = self._synth_list(addl, d, False, depth + 1, stack)
            else:
                out[f"key{i}"] = "x"
            i += 1
        return out

    # ------------------------------------------------------------------ filling

    def _plan(self, schemas: list[dict[str, Any]], doc: Any, d: Direction, depth: int) -> _Plan:
        """Merged view of ``schemas`` for one document; cached unless a oneOf/discriminator choice used ``doc``."""
        key = (id(schemas[0]) if len(schemas) == 1 else tuple(id(s) for s in schemas), d)
        hit = self._plans.get(key)
        if hit is not None:
            return hit[1]
        before = self._doc_picks
        atoms: list[dict[str, Any]] = []
        for s in schemas:
            self._gather(s, d, _EMPTY, doc, atoms, depth)
        props, req, addl, addl_false = _merge_object(atoms)
        request = d == "request"
        # Responses keep required writeOnly properties: the SDK's pydantic models insist on them.
        required = tuple(k for k in req if not (request and k in props and self._flag(props[k], "readOnly")))
        hidden = (
            frozenset()
            if request
            else frozenset(k for k, ps in props.items() if k not in req and self._flag(ps, "writeOnly"))
        )
        plan = _Plan(
            atoms=atoms,
            kind=_atoms_kind(atoms),
            nullable=_atoms_nullable(atoms),
            props=props,
            required=required,
            addl=addl,
            drop_extra=addl_false and not request,
            hidden=hidden,
            items=[a["items"] for a in atoms if isinstance(a.get("items"), dict)],
            min_items=max([a["minItems"] for a in atoms if isinstance(a.get("minItems"), int)] or [0]),
            min_props=max([a["minProperties"] for a in atoms if isinstance(a.get("minProperties"), int)] or [0]),
        )
        if self._doc_picks == before:
            self._plans[key] = (schemas, plan)
        return plan

    def _fill(self, schemas: list[dict[str, Any]], doc: Any, d: Direction, depth: int) -> Any:
        """Complete ``doc`` against all ``schemas`` (see ``fill``)."""
        if depth > _MAX_DEPTH:
            return doc
        plan = self._plan(schemas, doc, d, depth)
        kind = plan.kind
        if doc is None:
            if kind is None or plan.nullable:
                return None
            return self._synth_atoms(plan.atoms, d, False, depth, frozenset())
        if kind is not None and not kind_ok(doc, kind):
            return self._synth_atoms(plan.atoms, d, False, depth, frozenset())
        if isinstance(doc, dict):
            return self._fill_object(plan, doc, d, depth)
        if isinstance(doc, list):
            items = plan.items
            out = [self._fill(items, v, d, depth + 1) for v in doc] if items else list(doc)
            while len(out) < plan.min_items:
                out.append(self._synth_list(items, d, False, depth + 1, frozenset()) if items else "x")
            return out
        return doc

    def _fill_object(self, plan: _Plan, doc: dict[str, Any], d: Direction, depth: int) -> dict[str, Any]:
        """Recurse into known properties and add the missing required ones."""
        props = plan.props
        required = plan.required
        out: dict[str, Any] = {}
        hidden = plan.hidden
        for k, v in doc.items():
            schemas = props.get(k)
            if k in hidden:
                continue  # optional writeOnly values (passwords, secrets) never go back out
            if schemas is None:
                if plan.addl:
                    out[k] = self._fill(plan.addl, v, d, depth + 1) if v is not None else v
                elif not plan.drop_extra:
                    out[k] = v
                continue
            if v is None:
                if self._nullable(schemas, d):
                    out[k] = None
                elif k in required:
                    out[k] = self._synth_list(schemas, d, False, depth + 1, frozenset())
                elif d == "request":
                    out[k] = None
                continue
            out[k] = self._fill(schemas, v, d, depth + 1)
        for k in required:
            if k not in out:
                out[k] = self._synth_list(props.get(k, []), d, False, depth + 1, frozenset())
        if len(out) < plan.min_props:
            for k, ps in props.items():
                if len(out) >= plan.min_props:
                    break
                if k not in out and k not in hidden:
                    out[k] = self._synth_list(ps, d, False, depth + 1, frozenset())
        return out

    def _nullable(self, schemas: list[dict[str, Any]], d: Direction) -> bool:
        """Does the validator accept null for these property schemas?"""
        return all(self._check(s, d, None) for s in schemas)


# ---------------------------------------------------------------------- validator building blocks


def _always_valid(_x: Any) -> list[Cause]:
    """Validator for ``schema=None``."""
    return []


def _assemble(kind: str | None, nullable: bool, checks: list[Node], request: bool) -> Node:
    """Combine the null rule, the type test and the keyword checks into one node (specialized for speed)."""
    if kind is None:
        if not checks:
            return _ok
        if nullable:
            checks_n = checks

            def untyped_nullable(x: Any) -> list[Cause] | None:
                if x is None:
                    return None
                return _run(checks_n, x)

            return untyped_nullable
        if len(checks) == 1:
            return checks[0]
        checks_u = checks

        def untyped(x: Any) -> list[Cause] | None:
            return _run(checks_u, x)

        return untyped

    msg = _KIND_MSG[kind]
    types = _KIND_TYPES[kind]
    accept_float_int = kind == "integer" and request

    def type_fail(x: Any) -> bool:
        if type(x) in types:
            return False
        if isinstance(x, bool):
            return kind != "boolean"
        if accept_float_int and type(x) is float and x.is_integer():
            return False
        return not isinstance(x, types)

    n = len(checks)
    if n == 0:

        def leaf(x: Any) -> list[Cause] | None:
            if type(x) in types:
                return None
            if x is None:
                return None if nullable else [Cause("", "must not be null")]
            if type_fail(x):
                return [Cause("", msg)]
            return None

        return leaf
    if n == 1:
        only = checks[0]

        def single(x: Any) -> list[Cause] | None:
            if type(x) not in types:
                if x is None:
                    return None if nullable else [Cause("", "must not be null")]
                if type_fail(x):
                    return [Cause("", msg)]
            return only(x)

        return single
    checks_t = checks

    def typed(x: Any) -> list[Cause] | None:
        if type(x) not in types:
            if x is None:
                return None if nullable else [Cause("", "must not be null")]
            if type_fail(x):
                return [Cause("", msg)]
        return _run(checks_t, x)

    return typed


def _run(checks: list[Node], x: Any) -> list[Cause] | None:
    """Run all checks and concatenate their causes."""
    errs: list[Cause] | None = None
    for c in checks:
        r = c(x)
        if r:
            if errs is None:
                errs = list(r)
            else:
                errs.extend(r)
    return errs


def _both(a: Node, b: Node) -> Node:
    """Base schema + selected variant, without repeating identical causes."""

    def both(x: Any) -> list[Cause] | None:
        r1 = a(x)
        r2 = b(x)
        if not r1:
            return r2
        if not r2:
            return r1
        seen = set(r1)
        return r1 + [c for c in r2 if c not in seen]

    return both


def _enum_check(values: list[Any]) -> Node:
    """Exact membership (no case folding, ``True`` never equals ``1``)."""
    values = _enum_values(values)
    strs = frozenset(v for v in values if isinstance(v, str))
    others = [v for v in values if not isinstance(v, str) and v is not None]
    msg = "does not match any of the allowed values: " + ", ".join(str(v) for v in values if v is not None)

    def check_enum(x: Any) -> list[Cause] | None:
        if isinstance(x, str):
            if x in strs:
                return None
        else:
            for v in others:
                if type(v) is type(x) and v == x:
                    return None
                if isinstance(v, (int, float)) and not isinstance(v, bool) and type(x) in (int, float) and v == x:
                    return None
        return [Cause("", msg)]

    return check_enum


_TAG = re.compile(r"<[^>]*>")


def _enum_values(values: list[Any]) -> list[Any]:
    """Enum values with stray HTML removed (5.1.0 PolicyType has ``'<x-lifecycle ...></x-lifecycle> DEVICE_...'``)."""
    if not any(isinstance(v, str) and "<" in v for v in values):
        return values
    return [_TAG.sub("", v).strip() if isinstance(v, str) and "<" in v else v for v in values]


def _in_enum(v: Any, values: list[Any]) -> bool:
    """Exact membership used by synthesis."""
    return any(type(e) is type(v) and e == v for e in values)


def _string_check(s: dict[str, Any], request: bool) -> Node | None:
    """minLength / maxLength / pattern / (response) date-time, applied only to strings."""
    lo = s.get("minLength")
    hi = s.get("maxLength")
    lo_i = lo if isinstance(lo, int) and lo > 0 else None
    hi_i = hi if isinstance(hi, int) else None
    pat = _compile_pattern(s.get("pattern"))
    dt = not request and s.get("format") == "date-time"
    if lo_i is None and hi_i is None and pat is None and not dt:
        return None
    pat_msg = f"does not match the required pattern {s.get('pattern')}"

    def check_string(x: Any) -> list[Cause] | None:
        if not isinstance(x, str):
            return None
        errs: list[Cause] = []
        n = len(x)
        if lo_i is not None and n < lo_i:
            errs.append(Cause("", f"must be at least {lo_i} characters"))
        if hi_i is not None and n > hi_i:
            errs.append(Cause("", f"must be at most {hi_i} characters"))
        if pat is not None and pat.search(x) is None:
            errs.append(Cause("", pat_msg))
        if dt and not _valid_datetime(x):
            errs.append(Cause("", "is not a valid date-time"))
        return errs or None

    return check_string


def _bounds(s: dict[str, Any]) -> tuple[Any, bool, Any, bool]:
    """(minimum, exclusive?, maximum, exclusive?) accepting both 3.0 boolean and 3.1 numeric exclusives."""
    lo = s.get("minimum")
    hi = s.get("maximum")
    xlo = s.get("exclusiveMinimum")
    xhi = s.get("exclusiveMaximum")
    lo_x = xlo is True
    hi_x = xhi is True
    if isinstance(xlo, (int, float)) and not isinstance(xlo, bool):
        lo, lo_x = xlo, True
    if isinstance(xhi, (int, float)) and not isinstance(xhi, bool):
        hi, hi_x = xhi, True
    lo = lo if isinstance(lo, (int, float)) and not isinstance(lo, bool) else None
    hi = hi if isinstance(hi, (int, float)) and not isinstance(hi, bool) else None
    return lo, lo_x, hi, hi_x


def _number_check(s: dict[str, Any]) -> Node | None:
    """minimum / maximum (exclusive forms too), applied only to numbers."""
    lo, lo_x, hi, hi_x = _bounds(s)
    if lo is None and hi is None:
        return None

    def check_number(x: Any) -> list[Cause] | None:
        if type(x) not in (int, float):
            return None
        errs: list[Cause] = []
        if lo is not None:
            if lo_x and x <= lo:
                errs.append(Cause("", f"must be greater than {_num(lo)}"))
            elif not lo_x and x < lo:
                errs.append(Cause("", f"must be at least {_num(lo)}"))
        if hi is not None:
            if hi_x and x >= hi:
                errs.append(Cause("", f"must be less than {_num(hi)}"))
            elif not hi_x and x > hi:
                errs.append(Cause("", f"must be at most {_num(hi)}"))
        return errs or None

    return check_number


def _has_duplicates(x: list[Any]) -> bool:
    """uniqueItems test that works for unhashable JSON values."""
    seen: list[Any] = []
    for v in x:
        for w in seen:
            if type(v) is type(w) and v == w:
                return True
        seen.append(v)
    return False


def _any_of(nodes: list[Node]) -> Node:
    """At least one variant; on failure report the closest variant's causes."""

    def any_of(x: Any) -> list[Cause] | None:
        best: list[Cause] | None = None
        for n in nodes:
            r = n(x)
            if not r:
                return None
            if best is None or len(r) < len(best):
                best = r
        return best

    return any_of


def _one_of(nodes: list[Node]) -> Node:
    """Exactly one variant (response direction without discriminator); objects/arrays only, see below."""

    def one_of(x: Any) -> list[Cause] | None:
        matched = 0
        best: list[Cause] | None = None
        for n in nodes:
            r = n(x)
            if not r:
                matched += 1
            elif best is None or len(r) < len(best):
                best = r
        if matched == 1:
            return None
        if matched == 0:
            return best
        if not isinstance(x, (dict, list)):
            return None  # scalars: ``oneOf: [integer, number]`` is a type union (the SDK accepts 5 there)
        return [Cause("", "matches more than one of the allowed schemas")]

    return one_of


def _not(node: Node) -> Node:
    """``not``: the subschema must fail."""

    def check_not(x: Any) -> list[Cause] | None:
        if node(x):
            return None
        return [Cause("", "must not match the disallowed schema")]

    return check_not


# ---------------------------------------------------------------------- synthesis helpers


def _schema_kind(s: dict[str, Any]) -> str | None:
    """Declared type, corrected where 5.1.0 contradicts itself the way the SDK resolves it:
    ``type: string`` + ``items`` is an array, ``type: string`` + ``additionalProperties`` is an object."""
    t = s.get("type")
    if not isinstance(t, str) or t not in _KIND_TYPES:
        return None
    if t == "string":
        if isinstance(s.get("items"), dict):
            return "array"
        ap = s.get("additionalProperties")
        if ap is True or isinstance(ap, dict):
            return "object"
    return t


def _atoms_kind(atoms: list[dict[str, Any]]) -> str | None:
    """The JSON type the atoms agree on (first declared), inferred from structure keywords when absent."""
    for a in atoms:
        t = _schema_kind(a)
        if t is not None:
            return t
    for a in atoms:
        if any(k in a for k in ("properties", "required", "additionalProperties", "minProperties")):
            return "object"
        if "items" in a or "minItems" in a:
            return "array"
    return None


def _atoms_nullable(atoms: list[dict[str, Any]]) -> bool:
    """Whether any atom allows null."""
    return any(a.get("nullable") is True or (isinstance(a.get("enum"), list) and None in a["enum"]) for a in atoms)


def _merge_object(
    atoms: list[dict[str, Any]],
) -> tuple[dict[str, list[dict[str, Any]]], list[str], list[dict[str, Any]], bool]:
    """Union of properties (name -> every schema for it), required names, additionalProperties schemas."""
    props: dict[str, list[dict[str, Any]]] = {}
    req: list[str] = []
    addl: list[dict[str, Any]] = []
    addl_false = False
    for a in atoms:
        ps = a.get("properties")
        if isinstance(ps, dict):
            for k, s in ps.items():
                if isinstance(s, dict):
                    props.setdefault(k, []).append(s)
        r = a.get("required")
        if isinstance(r, list):
            for k in r:
                if isinstance(k, str) and k not in req:
                    req.append(k)
        ap = a.get("additionalProperties")
        if isinstance(ap, dict):
            addl.append(ap)
        elif ap is False:
            addl_false = True
    return props, req, addl, addl_false


def _direct_refs(schemas: Iterable[Any]) -> frozenset[str]:
    """Component names referenced by inline schemas without crossing into another component."""
    out: set[str] = set()
    stack = list(schemas)
    while stack:
        s = stack.pop()
        if isinstance(s, list):
            stack.extend(s)
        elif isinstance(s, dict):
            n = _ref_name(s)
            if n is not None:
                out.add(n)
                continue
            for k in ("items", "additionalProperties", "allOf", "oneOf", "anyOf"):
                if k in s:
                    stack.append(s[k])
            ps = s.get("properties")
            if isinstance(ps, dict):
                stack.extend(ps.values())
    return frozenset(out)


def _string_ok(v: str, atoms: list[dict[str, Any]]) -> bool:
    """Length and pattern constraints of every atom hold for ``v``."""
    for a in atoms:
        lo = a.get("minLength")
        hi = a.get("maxLength")
        if isinstance(lo, int) and len(v) < lo:
            return False
        if isinstance(hi, int) and len(v) > hi:
            return False
        p = _compile_pattern(a.get("pattern"))
        if p is not None and p.search(v) is None:
            return False
        if a.get("format") == "date-time" and not _valid_datetime(v):
            return False
    return True


def _synth_string(atoms: list[dict[str, Any]]) -> str:
    """Format-specific value or the first candidate meeting length/pattern constraints."""
    fmt = next((a["format"] for a in atoms if isinstance(a.get("format"), str)), None)
    cands: list[str] = []
    if fmt == "uuid":
        cands.append(str(uuid.uuid4()))
    elif fmt in _FORMAT_VALUES:
        cands.append(_FORMAT_VALUES[fmt])
    cands.extend(_STRING_CANDIDATES)
    cands.append(str(uuid.uuid4()))
    for c in cands:
        if _string_ok(c, atoms):
            return c
    lo = max([a["minLength"] for a in atoms if isinstance(a.get("minLength"), int)] or [1])
    for c in cands:
        padded = c + "x" * max(0, lo - len(c))
        if _string_ok(padded, atoms):
            return padded
    for ch in "xXa1":
        if _string_ok(ch * lo, atoms):
            return ch * lo
    return "x" * lo


def _synth_number(atoms: list[dict[str, Any]], kind: str) -> int | float:
    """Zero, or the closest value inside the declared bounds."""
    lo: float | None = None
    hi: float | None = None
    for a in atoms:
        alo, alo_x, ahi, ahi_x = _bounds(a)
        step = 1 if kind == "integer" else 0.5
        if alo is not None:
            v = alo + step if alo_x else alo
            lo = v if lo is None else max(lo, v)
        if ahi is not None:
            v = ahi - step if ahi_x else ahi
            hi = v if hi is None else min(hi, v)
    value: float = 0
    if lo is not None and value < lo:
        value = lo
    if hi is not None and value > hi:
        value = hi
    if kind == "integer":
        iv = int(value)
        if lo is not None and iv < lo:
            iv += 1
        return iv
    return float(value)  # a float, so ``oneOf: [integer, number]`` has exactly one match
