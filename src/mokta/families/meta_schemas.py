"""Profile schemas and user types. A schema POST is a merge that adds, changes or removes (`null`) custom properties;
base properties allow only the few changes Okta permits. Each user type owns a schema cloned from the default one at
creation; the default type and types assigned to users can't be deleted."""

from __future__ import annotations

import copy
import re
from typing import Any

from mokta.engine import generic, ids, uniques
from mokta.engine.registry import handles
from mokta.families.profiles import GROUP_SCHEMA, USER_SCHEMA, USER_TYPES, matching
from mokta.http.errors import OktaError, invalid, not_found
from mokta.types import Context, Document, Reply

USER_SCHEMAS = "/api/v1/meta/schemas/user"
APP_SCHEMAS = "/api/v1/meta/schemas/apps"
USERS = "/api/v1/users"
APPS = "/api/v1/apps"
MAX_USER_TYPES = 10  # the default type plus nine more
TYPE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
PROPERTY_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
ATTRIBUTE_TYPES = ("string", "boolean", "integer", "number", "array")
ITEM_TYPES = ("string", "integer", "number")
FORMATS = ("country-code", "date-time", "email", "encrypted", "hashed", "language-code", "locale", "ref-id",
           "timezone", "uri")
ENUMS = {"mutability": ("IMMUTABLE", "READ_ONLY", "READ_WRITE", "WRITE_ONLY"), "scope": ("NONE", "SELF"),
         "format": FORMATS}
# What a base property may change (Okta: permissions, nullability of first/last name, and login's pattern).
BASE_CHANGES: dict[str, tuple[str, ...]] = {"firstName": ("required",), "lastName": ("required",),
                                            "login": ("pattern",)}
BASE_ALWAYS = ("permissions",)
NEW_ATTRIBUTE_DEFAULTS: Document = {"mutability": "READ_WRITE", "scope": "NONE",
                                    "permissions": [{"principal": "SELF", "action": "READ_ONLY"}],
                                    "master": {"type": "PROFILE_MASTER"}}
uniques.unique_fields(USER_TYPES, "name")


@handles("getGroupSchema")
def get_group_schema(ctx: Context) -> Reply:
    return Reply(200, _schema_out(ctx, GROUP_SCHEMA, generic.load(ctx, GROUP_SCHEMA, "GroupSchema")))


@handles("updateGroupSchema")
def update_group_schema(ctx: Context) -> Reply:
    return Reply(200, _update(ctx, GROUP_SCHEMA, "group"))


@handles("getUserSchema")
def get_user_schema(ctx: Context) -> Reply:
    path = f"{USER_SCHEMAS}/{ctx.path_params['schemaId']}"
    return Reply(200, _schema_out(ctx, path, generic.load(ctx, path, "UserSchema")))


@handles("updateUserProfile")
def update_user_schema(ctx: Context) -> Reply:
    return Reply(200, _update(ctx, f"{USER_SCHEMAS}/{ctx.path_params['schemaId']}", "user"))


@handles("getApplicationUserSchema")
def get_app_user_schema(ctx: Context) -> Reply:
    path, doc = _app_schema(ctx)
    return Reply(200, _schema_out(ctx, path, doc))


@handles("updateApplicationUserProfile")
def update_app_user_schema(ctx: Context) -> Reply:
    path, doc = _app_schema(ctx)
    return Reply(200, _update(ctx, path, "app", doc))


@handles("createUserType")
def create_user_type(ctx: Context) -> Reply:
    body = generic.body_object(ctx)
    name = str(body.get("name") or "")
    if not name:
        raise invalid("name: The field cannot be left blank", "name")
    if not TYPE_NAME.match(name):
        raise invalid("name: The name must start with a letter and contain only letters, digits and underscores")
    _require(body, "displayName")
    uniques.check(ctx, USER_TYPES, body, None, invalid("name: A user type with this name already exists", "name"))
    if ctx.tx.count(ctx.org, USER_TYPES) >= MAX_USER_TYPES:
        raise invalid(f"name: An org can have at most {MAX_USER_TYPES} user types", "name")
    type_id, schema_id = ids.new_id("oty"), ids.new_id("osc")
    schema = copy.deepcopy(generic.load(ctx, USER_SCHEMA, "UserSchema"))
    stamp = ids.now()
    schema.update(id=f"/meta/schemas/user/{schema_id}", name=name, created=stamp, lastUpdated=stamp)
    schema.pop("_links", None)
    ctx.tx.put(ctx.org, f"{USER_SCHEMAS}/{schema_id}", schema)
    who = ctx.caller.user_id if ctx.caller else None
    doc: Document = {"id": type_id, "name": name, "displayName": body["displayName"],
                     "description": body.get("description") or "", "default": False, "createdBy": who,
                     "lastUpdatedBy": who, "created": stamp, "lastUpdated": stamp,
                     "_links": {"schema": {"href": f"{USER_SCHEMAS}/{schema_id}"}}}
    path = f"{USER_TYPES}/{type_id}"
    ctx.tx.put(ctx.org, path, doc)
    return Reply(200, generic.output(ctx, path, doc))


@handles("getUserType")
def get_user_type(ctx: Context) -> Reply:
    path, doc = _user_type(ctx)
    return Reply(200, generic.output(ctx, path, doc))


@handles("updateUserType", "replaceUserType")
def update_user_type(ctx: Context) -> Reply:
    """POST changes displayName and description; PUT needs all three fields. The name is fixed at creation."""
    path, doc = _user_type(ctx)
    body = generic.body_object(ctx)
    if ctx.op.method == "PUT":
        for field in ("name", "displayName", "description"):
            _require(body, field)
        if body["name"] != doc.get("name"):
            raise invalid("name: A user type's name can't be changed", "name")
    for field in ("displayName", "description"):
        if field in body:
            if not isinstance(body[field], str):
                raise invalid(f"{field}: must be a string", field)
            doc[field] = body[field]
    doc.update(lastUpdated=ids.now(), lastUpdatedBy=ctx.caller.user_id if ctx.caller else doc.get("lastUpdatedBy"))
    ctx.tx.put(ctx.org, path, doc)
    return Reply(200, generic.output(ctx, path, doc))


@handles("deleteUserType")
def delete_user_type(ctx: Context) -> Reply:
    path, doc = _user_type(ctx)
    if doc.get("default"):
        raise OktaError(403, "E0000006", "You do not have permission to perform the requested action",
                        ["The default user type can't be deleted"])
    if any((u.get("type") or {}).get("id") == doc["id"] for _, u in matching(ctx, USERS, "type.id", doc["id"])):
        raise invalid("typeId: The user type is assigned to users and can't be deleted", "typeId")
    schema = str(((doc.get("_links") or {}).get("schema") or {}).get("href") or "")
    if schema.startswith(USER_SCHEMAS + "/") and schema != USER_SCHEMA:
        ctx.tx.delete_tree(ctx.org, schema)
    ctx.tx.delete_tree(ctx.org, path)
    return Reply(204)


# -- private ------------------------------------------------------------------------------------------------------


def _user_type(ctx: Context) -> tuple[str, Document]:
    """The type addressed by id, or the default type as `default`."""
    type_id = ctx.path_params["typeId"]
    if type_id == "default":
        for _, path, doc in ctx.tx.list(ctx.org, USER_TYPES):
            if doc.get("default"):
                return path, doc
    path = f"{USER_TYPES}/{type_id}"
    doc = ctx.tx.get(ctx.org, path)
    if doc is None:
        raise not_found(f"Resource not found: {type_id} (UserType)")
    return path, doc


def _require(body: Document, field: str) -> None:
    if not isinstance(body.get(field), str) or not body[field].strip():
        raise invalid(f"{field}: The field cannot be left blank", field)


def _schema_out(ctx: Context, path: str, doc: Document) -> Document:
    """Okta names a schema by its absolute URL in `id`, like `$schema` does."""
    out = generic.output(ctx, path, doc)
    if isinstance(out.get("id"), str) and out["id"].startswith("/"):
        out["id"] = ctx.url(out["id"])
    return out


def _app_schema(ctx: Context) -> tuple[str, Document]:
    app = generic.load(ctx, f"{APPS}/{ctx.path_params['appId']}", "Application")
    return f"{APP_SCHEMAS}/{app['id']}/default", app_user_schema(ctx, app)


def app_user_schema(ctx: Context, app: Document) -> Document:
    """Every app has an app-user schema: Okta's base (`userName`) until an admin adds custom properties."""
    app_id = app["id"]
    stored = ctx.tx.get(ctx.org, f"{APP_SCHEMAS}/{app_id}/default")
    if stored is not None:
        return stored
    stamp = str(app.get("created") or ids.now())
    user_name = {"title": "Username", "type": "string", "required": True, "scope": "NONE", "maxLength": 100,
                 "master": {"type": "PROFILE_MASTER"}}
    return {
        "id": f"/meta/schemas/apps/{app_id}/default", "$schema": "http://json-schema.org/draft-04/schema#",
        "name": str(app.get("name") or "app"), "title": f"{app.get('label') or 'App'} User", "type": "object",
        "created": stamp, "lastUpdated": stamp,
        "definitions": {
            "base": {"id": "#base", "type": "object", "properties": {"userName": user_name}, "required": ["userName"]},
            "custom": {"id": "#custom", "type": "object", "properties": {}, "required": []},
        },
        "properties": {"profile": {"allOf": [{"$ref": "#/definitions/custom"}, {"$ref": "#/definitions/base"}]}},
    }


def _update(ctx: Context, path: str, kind: str, schema: Document | None = None) -> Document:
    """Merge the body's property changes into the stored schema, checking each one, and bump `lastUpdated`."""
    if schema is None:
        schema = generic.load(ctx, path, "UserSchema" if kind == "user" else "GroupSchema")
    body = generic.body_object(ctx)
    definitions = body.get("definitions") or {}
    if not isinstance(definitions, dict):
        raise invalid("definitions: must be an object", "definitions")
    base = schema["definitions"]["base"]
    custom = schema["definitions"]["custom"]
    for name, change in _properties(definitions.get("base"), "base").items():
        _change_base(base, name, change)
    for name, change in _properties(definitions.get("custom"), "custom").items():
        if name in base.get("properties", {}):
            raise invalid(f"{name}: A custom property can't have the name of a base property", name)
        _change_custom(custom, name, change, kind)
    if isinstance(body.get("title"), str) and body["title"]:
        schema["title"] = body["title"]
    if kind == "group" and isinstance(body.get("description"), str):
        schema["description"] = body["description"]
    schema["lastUpdated"] = ids.now()
    ctx.tx.put(ctx.org, path, schema)
    return _schema_out(ctx, path, schema)


def _properties(definition: Any, part: str) -> dict[str, Any]:
    if definition is None:
        return {}
    props = definition.get("properties") if isinstance(definition, dict) else None
    if props is None:
        return {}
    if not isinstance(props, dict):
        raise invalid(f"definitions.{part}.properties: must be an object", f"definitions.{part}.properties")
    return props


def _change_base(base: Document, name: str, change: Any) -> None:
    """Base attributes stay; only their permissions and the few rules Okta lets admins relax may change."""
    current = base.get("properties", {}).get(name)
    if current is None:
        raise invalid(f"{name}: Property name '{name}' is not defined in the base schema", name)
    if not isinstance(change, dict):
        raise invalid(f"{name}: A base property can't be removed", name)
    allowed = BASE_CHANGES.get(name, ()) + BASE_ALWAYS
    for key, value in change.items():
        if current.get(key) != value and key not in allowed:
            raise invalid(f"{name}: The {key} of a base property can't be changed", name)
    if "pattern" in change:
        _compiles(name, change["pattern"])
    if "required" in change and not isinstance(change["required"], bool):
        raise invalid(f"{name}: required must be a boolean", name)
    current.update(change)
    required = [n for n in base.get("required", []) if n != name]
    base["required"] = required + [name] if current.get("required") else required


def _change_custom(custom: Document, name: str, change: Any, kind: str) -> None:
    props = custom.setdefault("properties", {})
    required = [n for n in custom.get("required", []) if n != name]
    if change is None:
        props.pop(name, None)
        custom["required"] = required
        return
    if not PROPERTY_NAME.match(name):
        raise invalid(f"{name}: A property name starts with a letter and holds only letters, digits and underscores")
    if not isinstance(change, dict):
        raise invalid(f"{name}: A property definition must be an object", name)
    attr = generic.merge(props.get(name) or copy.deepcopy(NEW_ATTRIBUTE_DEFAULTS), change)
    _check_attribute(name, attr, kind)
    props[name] = attr
    custom["required"] = required + [name] if attr.get("required") else required


def _check_attribute(name: str, attr: Document, kind: str) -> None:
    """A custom attribute definition Okta accepts: a title, a known type, sane lengths, enums of that type."""
    if not isinstance(attr.get("title"), str) or not attr["title"].strip():
        raise invalid(f"{name}: The title cannot be left blank", name)
    kind_name = attr.get("type")
    if kind_name not in ATTRIBUTE_TYPES:
        raise invalid(f"{name}: type must be one of {', '.join(ATTRIBUTE_TYPES)}", name)
    if kind_name == "array":
        items = attr.get("items")
        if not isinstance(items, dict) or items.get("type") not in ITEM_TYPES:
            raise invalid(f"{name}: items.type must be one of {', '.join(ITEM_TYPES)}", name)
    elif "items" in attr and attr["items"] is not None:
        raise invalid(f"{name}: items is only allowed on an array", name)
    for field, allowed in ENUMS.items():
        if attr.get(field) is not None and attr[field] not in allowed:
            raise invalid(f"{name}: {field} must be one of {', '.join(allowed)}", name)
    for field in ("minLength", "maxLength"):
        value = attr.get(field)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise invalid(f"{name}: {field} must be a non-negative integer", name)
    if isinstance(attr.get("minLength"), int) and isinstance(attr.get("maxLength"), int) and (
            attr["minLength"] > attr["maxLength"]):
        raise invalid(f"{name}: minLength must not exceed maxLength", name)
    for field in ("required", "unique"):
        if attr.get(field) is not None and not isinstance(attr[field], bool):
            raise invalid(f"{name}: {field} must be a boolean", name)
    if attr.get("pattern") is not None:
        if kind == "group":
            raise invalid(f"{name}: pattern is not supported on group properties", name)
        _compiles(name, attr["pattern"])
    _check_choices(name, attr, kind_name)


def _check_choices(name: str, attr: Document, kind_name: str) -> None:
    """enum values and oneOf consts must be of the attribute's (item) type."""
    target = attr.get("items") if kind_name == "array" else attr
    item_type = (target or {}).get("type") if kind_name == "array" else kind_name
    py = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,)}.get(str(item_type), ())
    for source in (target or {}, attr) if kind_name == "array" else (attr,):
        enum = source.get("enum")
        if enum is not None and (not isinstance(enum, list) or not all(
                isinstance(v, py) and not (isinstance(v, bool) and item_type != "boolean") for v in enum)):
            raise invalid(f"{name}: enum values must be of type {item_type}", name)
        one_of = source.get("oneOf")
        if one_of is not None and (not isinstance(one_of, list) or not all(
                isinstance(o, dict) and "const" in o and isinstance(o.get("title"), str) for o in one_of)):
            raise invalid(f"{name}: oneOf entries need a const and a title", name)
        if isinstance(enum, list) and isinstance(one_of, list) and sorted(map(str, enum)) != sorted(
                str(o["const"]) for o in one_of):
            raise invalid(f"{name}: enum and oneOf must list the same values", name)


def _compiles(name: str, pattern: Any) -> None:
    try:
        re.compile(str(pattern))
    except re.error as e:
        raise invalid(f"{name}: pattern is not a valid regular expression ({e.msg})", name) from e
    if not isinstance(pattern, str):
        raise invalid(f"{name}: pattern must be a string", name)
