"""Profile validation against the org's schemas: the user schema of the user's type and the group schema, with their
custom properties. Called by the users and groups families before they write a profile. Schemas change at runtime, so
each call reads the one schema document it needs; nothing is cached across requests."""

from __future__ import annotations

import re
from typing import Any

from mokta.engine import uniques
from mokta.engine.filters import Compare
from mokta.engine.indexes import narrowing
from mokta.http.errors import invalid
from mokta.spec.schema import kind_ok
from mokta.types import Context, Document

USER_SCHEMA = "/api/v1/meta/schemas/user/default"
GROUP_SCHEMA = "/api/v1/meta/schemas/group/default"
USER_TYPES = "/api/v1/meta/types/user"
COLLECTIONS = {"user": "/api/v1/users", "group": "/api/v1/groups"}
APP_CREDENTIAL_ATTRIBUTES = frozenset({"userName"})  # app user schema attributes held in the credentials
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# A login schema pattern this permissive leaves Okta's own rule in force: the login must look like an email address.
PERMISSIVE_LOGIN_PATTERNS = (None, "", ".+", ".*", "^.+$")


def validate_user_profile(ctx: Context, profile: dict[str, Any], *, user_type_id: str | None,
                          own_path: str | None, partial: bool = False) -> None:
    """Raise a 400 Okta error naming the attribute when `profile` breaks the user schema (types, required, enum,
    length, pattern, unique). `partial` is for merges, where required attributes may come from the stored profile."""
    _validate(ctx, profile, user_schema(ctx, user_type_id), "user", own_path, partial)


def validate_group_profile(ctx: Context, profile: dict[str, Any], *, own_path: str | None) -> None:
    """Raise a 400 Okta error naming the attribute when `profile` breaks the group schema."""
    _validate(ctx, profile, ctx.tx.get(ctx.org, GROUP_SCHEMA) or {}, "group", own_path, False)


def validate_app_user_profile(ctx: Context, profile: dict[str, Any], schema: Document, *,
                              partial: bool = False) -> None:
    """Raise a 400 Okta error naming the attribute when an app user's (or a group assignment's) profile breaks the
    app's user schema. The base `userName` is the app user's `credentials.userName`, so the profile never needs it."""
    _validate(ctx, profile, schema, "app", None, partial, exempt=APP_CREDENTIAL_ATTRIBUTES)


def user_schema(ctx: Context, user_type_id: str | None) -> Document:
    """The schema document of a user type: the default schema unless the type links to one of its own."""
    path = USER_SCHEMA
    if user_type_id and user_type_id != "default":
        user_type = ctx.tx.get(ctx.org, f"{USER_TYPES}/{user_type_id}")
        if user_type is None:
            raise invalid("type.id: The user type does not exist", "type.id")
        path = str(((user_type.get("_links") or {}).get("schema") or {}).get("href") or USER_SCHEMA)
    return ctx.tx.get(ctx.org, path) or {}


def attributes(schema: Document) -> tuple[dict[str, Document], set[str]]:
    """Every attribute (base and custom) with its definition, and the names that are required."""
    props: dict[str, Document] = {}
    required: set[str] = set()
    for part in ("base", "custom"):
        definition = (schema.get("definitions") or {}).get(part) or {}
        for name, attr in (definition.get("properties") or {}).items():
            if isinstance(attr, dict):
                props[name] = attr
                if attr.get("required") is True:
                    required.add(name)
        required.update(n for n in definition.get("required") or [] if n in props)
    return props, required


# -- private ------------------------------------------------------------------------------------------------------


def _validate(ctx: Context, profile: Any, schema: Document, kind: str, own_path: str | None, partial: bool,
              exempt: frozenset[str] = frozenset()) -> None:
    if not isinstance(profile, dict):
        raise invalid("profile: must be an object", "profile")
    props, required = attributes(schema)
    required -= exempt
    causes: list[str] = []
    for name, value in profile.items():
        attr = props.get(name)
        if attr is None:
            causes.append(f"{name}: Property name '{name}' is not defined in the schema")
        elif value is None or value == "":
            if name in required:
                causes.append(f"{name}: The field cannot be left blank")
        else:
            reason = _check_value(name, value, attr, kind)
            if reason:
                causes.append(f"{name}: {reason}")
    if not partial:
        causes.extend(f"{n}: The field cannot be left blank" for n in sorted(required)
                      if n not in profile and n in props)
    if not causes:
        causes.extend(_duplicates(ctx, profile, props, kind, own_path))
    if causes:
        raise invalid(causes, causes[0])


def _check_value(name: str, value: Any, attr: Document, kind: str) -> str | None:
    """Why one value breaks its attribute's definition, in Okta's words; None when it fits."""
    kind_name = str(attr.get("type") or "string")
    if not kind_ok(value, kind_name):
        return f"Does not match required type {kind_name}"
    values = value if kind_name == "array" else [value]
    items = (attr.get("items") or {}) if kind_name == "array" else attr
    for item in values:
        if kind_name == "array" and not kind_ok(item, str(items.get("type") or "string")):
            return f"Does not match required type {items.get('type')}"
        allowed = _allowed(items)
        if allowed is not None and item not in allowed:
            return "Does not match any of the allowed values"
    if isinstance(value, str):
        return _check_string(name, value, attr, kind)
    return None


def _check_string(name: str, value: str, attr: Document, kind: str) -> str | None:
    min_len, max_len = attr.get("minLength"), attr.get("maxLength")
    if isinstance(min_len, int) and len(value) < min_len:
        return f"The field is too short (minimum {min_len} characters)"
    if isinstance(max_len, int) and len(value) > max_len:
        return f"The field is too long (maximum {max_len} characters)"
    pattern = attr.get("pattern")
    if kind == "user" and name == "login" and pattern in PERMISSIVE_LOGIN_PATTERNS:
        if not EMAIL.match(value):
            return "Username must be in the form of an email address"
    elif isinstance(pattern, str) and pattern:
        try:
            if re.fullmatch(pattern, value) is None:
                return "Does not match required pattern"
        except re.error:
            pass  # the schema update rejects patterns that don't compile; old data must not turn into a 500
    if attr.get("format") == "email" and not EMAIL.match(value):
        return "Does not match required pattern"
    return None


def _allowed(attr: Document) -> list[Any] | None:
    if isinstance(attr.get("enum"), list):
        return list(attr["enum"])
    if isinstance(attr.get("oneOf"), list):
        return [o.get("const") for o in attr["oneOf"] if isinstance(o, dict)]
    return None


def _duplicates(ctx: Context, profile: dict[str, Any], props: dict[str, Document], kind: str,
                own_path: str | None) -> list[str]:
    """`unique` attributes: no other object of the collection may hold the same value (case-insensitive). Custom
    attributes become unique at runtime, so this asks the attribute index rather than a declared unique scope."""
    coll = COLLECTIONS.get(kind)
    causes: list[str] = []
    if coll is None:
        return causes  # app user profiles live per app; Okta checks uniqueness only for users and groups
    for name, attr in props.items():
        value = profile.get(name)
        if attr.get("unique") is not True or value in (None, "") or isinstance(value, list | dict):
            continue
        holders = matching(ctx, coll, f"profile.{name}", value)
        wanted = uniques.normalized(value)
        if any(path != own_path and uniques.normalized((doc.get("profile") or {}).get(name)) == wanted
               for path, doc in holders):
            causes.append(f"{name}: An object with this field already exists in the current organization")
    return causes


def matching(ctx: Context, coll: str, attr: str, value: Any) -> list[tuple[str, Document]]:
    """The documents of a searchable collection whose `attr` may equal `value` (the index narrows; callers confirm)."""
    narrowed = narrowing(ctx.org, coll, Compare(attr, "eq", value))
    if narrowed is None:
        return [(path, doc) for _, path, doc in ctx.tx.list(ctx.org, coll)]
    sql, params = narrowed
    return [(path, doc) for _, path, doc in ctx.tx.list_narrowed(ctx.org, coll, sql, params)]
