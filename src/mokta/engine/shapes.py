"""What each operation is, read off its path and method once: collection, item, lifecycle verb, singleton or action.

The generic engine serves an operation from its shape alone; family modules override only what Okta does specially.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from mokta.spec.catalog import Catalog, Operation

# Family id prefixes, by collection template with parameters written `{}`. Others get a prefix derived from the name.
ID_PREFIXES: dict[str, str] = {
    "/api/v1/users": "00u",
    "/api/v1/groups": "00g",
    "/api/v1/groups/rules": "0pr",
    "/api/v1/apps": "0oa",
    "/api/v1/authorizationServers": "aus",
    "/api/v1/authorizationServers/{}/scopes": "scp",
    "/api/v1/authorizationServers/{}/claims": "ocl",
    "/api/v1/authorizationServers/{}/policies": "00p",
    "/api/v1/authorizationServers/{}/policies/{}/rules": "0pr",
    "/api/v1/policies": "00p",
    "/api/v1/policies/{}/rules": "0pr",
    "/api/v1/zones": "nzo",
    "/api/v1/trustedOrigins": "tos",
    "/api/v1/eventHooks": "who",
    "/api/v1/inlineHooks": "cal",
    "/api/v1/logStreams": "0oa",
    "/api/v1/idps": "0oa",
    "/api/v1/brands": "bnd",
    "/api/v1/brands/{}/themes": "thm",
    "/api/v1/domains": "OcD",
    "/api/v1/email-domains": "OeD",
    "/api/v1/authenticators": "aut",
    "/api/v1/behaviors": "abr",
    "/api/v1/api-tokens": "00T",
    "/api/v1/meta/types/user": "oty",
    "/api/v1/meta/uischemas": "uis",
    "/api/v1/iam/roles": "cr0",
    "/api/v1/iam/resource-sets": "iam",
    "/api/v1/users/{}/factors": "ufs",
    "/api/v1/users/{}/roles": "ra1",
    "/api/v1/groups/{}/roles": "ra1",
    "/api/v1/devices": "guo",
    "/api/v1/device-assurances": "dae",
    "/api/v1/push-providers": "ppc",
    "/api/v1/templates/sms": "cst",
    "/api/v1/apps/{}/credentials/secrets": "ocs",
    "/api/v1/apps/{}/credentials/jwks": "pks",
    "/api/v1/brands/{}/templates/email/{}/customizations": "oel",
    "/api/v1/mappings": "prm",
    "/api/v1/realms": "guo",
    "/api/v1/sessions": "102",
    "/api/v1/hook-keys": "HKY",
    "/api/v1/captchas": "cap",
}

# Parameters that, in a sub-collection, point at another family's object instead of naming a new one:
# `/groups/{groupId}/users/{userId}` is a membership of an existing user, not a new user.
REFERENCE_PARAMS: dict[str, str] = {
    "userId": "/api/v1/users",
    "groupId": "/api/v1/groups",
    "targetGroupId": "/api/v1/groups",
    "appId": "/api/v1/apps",
}

# Objects addressed by a field of their own other than `id`: collection template -> path of that field in the body.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "/api/v1/meta/schemas/user/linkedObjects": ("primary", "name"),
    "/api/v1/iam/resource-sets/{}/bindings": ("role",),
    "/api/v1/identity-sources/{}/users": ("externalId",),
}

# Lifecycle verbs that move `status`, and where to: the first of the candidates the object's status enum allows.
LIFECYCLE_STATUS: dict[str, tuple[str, ...]] = {
    "activate": ("ACTIVE",),
    "deactivate": ("INACTIVE", "DEACTIVATED", "DEPROVISIONED", "DISABLED"),
    "suspend": ("SUSPENDED",),
    "unsuspend": ("ACTIVE",),
    "unlock": ("ACTIVE",),
    "expire_password": ("PASSWORD_EXPIRED",),
    "expire_password_with_temp_password": ("PASSWORD_EXPIRED",),
    "reset_password": ("RECOVERY",),
    "reactivate": ("PROVISIONED",),
    "enable": ("ENABLED", "ACTIVE"),
    "disable": ("DISABLED", "INACTIVE"),
}

# A new object's status: ACTIVE unless created with `activate=false`.
CREATE_STATUS = {True: ("ACTIVE", "ENABLED", "VALID"), False: ("INACTIVE", "STAGED", "DISABLED", "DEACTIVATED")}


def template_key(segments: tuple[str, ...]) -> str:
    return "/" + "/".join("{}" if s.startswith("{") else s for s in segments)


@dataclass(frozen=True)
class Shape:
    kind: str                      # list | create | get | replace | update | delete | lifecycle | singleton | action
    item_segments: tuple[str, ...]  # the item a verb acts on (lifecycle), or the item template (item ops)
    ref_root: str | None = None    # for items keyed by another family's id: that family's collection template
    verb: str | None = None        # lifecycle verb


class Shapes:
    """Shape of every operation plus the cross-family facts the engine needs (which params name which family)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.templates = {template_key(op.segments): op.segments for op in catalog.operations.values()}
        self.ops_by_template: dict[str, dict[str, Operation]] = {}
        for op in catalog.operations.values():
            self.ops_by_template.setdefault(template_key(op.segments), {})[op.method] = op
        self.ref_params = self._root_params()

    def _root_params(self) -> dict[str, str]:
        """Parameter names that always mean one family's id, for existence checks outside that family's paths."""
        return {**REFERENCE_PARAMS, "policyId": "/api/v1/policies"}

    def has_template(self, segments: tuple[str, ...]) -> bool:
        return template_key(segments) in self.templates

    def item_exists_in_catalog(self, segments: tuple[str, ...]) -> bool:
        """True when some operation reads or writes this item template (so stored instances are expected)."""
        return template_key(segments) in self.templates and any(
            op.method == "GET" for op in self._ops_at(segments))

    def _ops_at(self, segments: tuple[str, ...]) -> list[Operation]:
        return list(self.ops_by_template.get(template_key(segments), {}).values())

    @cache  # noqa: B019 - one Shapes per process, operations are immortal
    def of(self, op: Operation) -> Shape:
        segs, method = op.segments, op.method
        if len(segs) >= 3 and segs[-2] == "lifecycle" and method == "POST" and segs[-3].startswith("{"):
            return Shape("lifecycle", segs[:-2], verb=segs[-1])
        last = segs[-1]
        if last == "{lifecycle}" and method == "POST":
            return Shape("lifecycle", segs[:-1])  # the verb is the parameter (`/features/{id}/enable`)
        if last.startswith("{"):
            root = REFERENCE_PARAMS.get(last[1:-1])
            if root is not None and "/" + "/".join(segs[:-1]) == root:
                root = None  # the family's own item, not a reference to another family
            kind = {"GET": "get", "PUT": "replace", "POST": "update", "PATCH": "update", "DELETE": "delete"}[method]
            return Shape(kind, segs, ref_root=root)
        child_items = any(len(t) == len(segs) + 1 and t[:-1] == segs and t[-1].startswith("{")
                          for t in self.templates.values())
        is_array = _is_array(self.catalog, op.response_schema)
        if method == "GET":
            if is_array and not child_items and self._written_as_object(op):
                return Shape("singleton_list", segs)
            return Shape("list" if is_array else "singleton", segs)
        if child_items and method == "POST":
            item = segs + ("{" + self._child_param(segs) + "}",)
            root = REFERENCE_PARAMS.get(item[-1][1:-1])
            if root is not None and "/" + "/".join(segs) == root:
                root = None
            return Shape("create", item, ref_root=root)
        if method == "POST" and self._lists_what_it_creates(op):
            return Shape("create", segs + ("{id}",))
        if method in ("PUT", "PATCH") or (method == "POST" and "GET" in self.catalog.by_path.get(op.path, {})):
            return Shape("singleton", segs)
        if method == "DELETE":
            return Shape("delete_all" if child_items or is_array or "GET" in self.catalog.by_path.get(op.path, {})
                         else "action", segs)
        return Shape("action", segs)

    def _written_as_object(self, op: Operation) -> bool:
        """A settings object the spec reads as a one-element array (attack-protection settings)."""
        for method in ("PUT", "POST", "PATCH"):
            writer = self.catalog.by_path.get(op.path, {}).get(method)
            if writer is not None and writer.response_schema is not None and not _is_array(
                    self.catalog, writer.response_schema):
                return True
        return False

    def _lists_what_it_creates(self, op: Operation) -> bool:
        """A POST beside a GET that lists the very objects the POST returns is a create without item routes."""
        lister = self.catalog.by_path.get(op.path, {}).get("GET")
        if lister is None or op.response_schema is None:
            return False
        listed = _resolve(self.catalog, lister.response_schema)
        return listed.get("type") == "array" and listed.get("items") == op.response_schema

    def _child_param(self, segs: tuple[str, ...]) -> str:
        for t in self.templates.values():
            if len(t) == len(segs) + 1 and t[:-1] == segs and t[-1].startswith("{"):
                return t[-1][1:-1]
        return "id"

    def id_prefix(self, coll_segments: tuple[str, ...]) -> str:
        key = template_key(coll_segments)
        if key in ID_PREFIXES:
            return ID_PREFIXES[key]
        name = "".join(c for c in coll_segments[-1] if c.isalnum()) or "obj"
        return (name[:3] + "000")[:3].lower()


def _resolve(catalog: Catalog, schema: dict[str, Any] | None) -> dict[str, Any]:
    seen = 0
    while schema and "$ref" in schema and seen < 10:
        schema = catalog.schemas.get(schema["$ref"].rsplit("/", 1)[-1])
        seen += 1
    return schema or {}


def _is_array(catalog: Catalog, schema: dict[str, Any] | None) -> bool:
    return _resolve(catalog, schema).get("type") == "array"
