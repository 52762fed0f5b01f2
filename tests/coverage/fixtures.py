"""Facts the coverage driver can't read off the schemas: bodies that must be meaningful, fixed parameter values,
which parameters name another family's objects, and the operations that need a party mokta can't reach."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

_n = itertools.count(1)


def _u(prefix: str) -> str:
    return f"{prefix}{next(_n)}"


def _user(_driver: Any = None) -> dict[str, Any]:
    login = _u("cover.user") + "@example.com"
    return {"profile": {"firstName": "Cover", "lastName": "Age", "email": login, "login": login}}


BODIES: dict[str, Any | Callable[[Any], Any]] = {
    "createUser": _user,
    "assignUserToApplication": lambda d: {"id": d.reference("/api/v1/users", True), "scope": "USER"},
    "addGroup": lambda _: {"profile": {"name": _u("cover-group-"), "description": "coverage"}},
    "replaceGroup": lambda _: {"profile": {"name": _u("cover-group-"), "description": "replaced"}},
    "createApplication": lambda _: {"name": "bookmark", "label": _u("Cover app "), "signOnMode": "BOOKMARK",
                                  "settings": {"app": {"url": "https://example.com/bookmark"}}},
    "replaceApplication": lambda _: {"name": "bookmark", "label": _u("Cover app "), "signOnMode": "BOOKMARK",
                                   "settings": {"app": {"url": "https://example.com/bookmark2"}}},
    "createAuthorizationServer": lambda _: {"name": _u("cover-as-"), "description": "coverage",
                                          "audiences": ["api://cover"]},
    "createLinkedObjectDefinition": lambda _: {
        "primary": {"name": _u("manager"), "title": "Manager", "type": "USER"},
        "associated": {"name": _u("subordinate"), "title": "Subordinate", "type": "USER"}},
    "createIdentitySourceUser": lambda _: {"externalId": _u("ext-"), "profile": {"userName": _u("ext.user")}},
    "createResourceSetBinding": lambda d: {"role": d.create_with("createRole"), "members": []},
    "createPolicy": lambda _: {"type": "OKTA_SIGN_ON", "name": _u("cover-policy-"), "description": "coverage"},
    "replacePolicy": lambda _: {"type": "OKTA_SIGN_ON", "name": _u("cover-policy-"), "description": "replaced"},
}

QUERY: dict[str, dict[str, Any]] = {
    "listPolicies": {"type": "OKTA_SIGN_ON"},
}

# Parameters that name another family's object: the driver creates (or reuses) one of those and points at it.
ROOT_OF_PARAM: dict[str, str] = {
    "userId": "/api/v1/users",
    "groupId": "/api/v1/groups",
    "targetGroupId": "/api/v1/groups",
    "appId": "/api/v1/apps",
}

# Fixed values by "operationId:param", by parameter template path, or by parameter name.
PARAM_VALUES: dict[str, Any] = {
    "schemaId": "default",
    "assignApplicationPolicy:policyId": lambda d: d.create_with("createPolicy"),
}

# Operations that end the caller's own access: each runs against a server of its own.
ISOLATED = {"revokeApiToken", "revokeCurrentApiToken"}

# Operations whose success needs a party mokta can't reach here: {operationId: (status, errorCode, why)}.
EXTERNAL: dict[str, tuple[int, str, str]] = {}
