"""A new org holds Okta's built-ins, each shaped so the spec's response schema and the official SDK accept it."""

from __future__ import annotations

import copy
import inspect
import re
from collections import Counter
from typing import Any

import httpx
import okta.api
import okta.models
import pytest
from cryptography.hazmat.primitives import serialization

from mokta import seed_data
from mokta.bootstrap import ADMIN_LOGIN, seed_documents
from mokta.engine.keys import b64url_uint
from mokta.spec.catalog import Catalog, Operation
from mokta.spec.schema import Schemas
from mokta.types import Document

STAMP = "2025-01-02T03:04:05.678Z"
CATALOG = Catalog.load()
SCHEMAS = Schemas(CATALOG.schemas)


@pytest.fixture(scope="module")
def seeded() -> list[tuple[str, Document]]:
    return seed_documents("00oTESTORG0000000000", "acme", STAMP)


def _served(seeded: list[tuple[str, Document]]) -> list[tuple[str, Document]]:
    return [(p, d) for p, d in seeded if not p.startswith(seed_data.PRIVATE_ROOT + "/")]


def _by_coll(seeded: list[tuple[str, Document]], coll: str) -> list[Document]:
    return [d for p, d in seeded if p.rsplit("/", 1)[0] == coll]


def _route(method: str, path: str) -> Operation | None:
    try:
        return CATALOG.route(method, [s for s in path.split("/") if s])[0]
    except Exception:
        return None


def _item(schema: dict[str, Any] | None) -> dict[str, Any] | None:
    """The element schema of an array response (settings GETs that answer a one-element list), else the schema."""
    resolved = SCHEMAS.resolve(schema)
    return resolved.get("items") if resolved.get("type") == "array" else schema


def _wire(path: str, doc: Document) -> Document:
    """What the server sends: the stored document plus `_links.self`."""
    out = copy.deepcopy(doc)
    out.setdefault("_links", {})["self"] = {"href": "http://127.0.0.1:8007" + path}
    return out


_SDK_TYPES: dict[str, str | None] = {}


def _sdk_model(op: Operation, schema: dict[str, Any]) -> Any:
    """The SDK class that parses this response: the `$ref` schema's model, or the type the generated API names."""
    ref = str(schema.get("$ref", "")).rsplit("/", 1)[-1]
    if ref:
        return getattr(okta.models, ref, None)
    if op.id not in _SDK_TYPES:
        snake = re.sub(r"(?<!^)(?=[A-Z])", "_", op.id).lower()
        _SDK_TYPES[op.id] = None
        for _, cls in inspect.getmembers(okta.api, inspect.isclass):
            method = getattr(cls, snake, None)
            if method is not None:
                found = re.search(r'"2\d\d": "(?:List\[)?(\w+)', inspect.getsource(method))
                _SDK_TYPES[op.id] = found.group(1) if found else None
                break
    name = _SDK_TYPES[op.id]
    return getattr(okta.models, name, None) if name else None


def _checks(path: str, doc: Document) -> list[tuple[Operation, dict[str, Any]]]:
    """Every (operation, schema) that serves this document: its GET (or PUT-only singleton) and its parent list."""
    out = []
    op = _route("GET", path)
    if op is not None and op.response_schema is not None:
        out.append((op, _item(op.response_schema)))
    elif op is None:
        put = _route("PUT", path)
        assert put is not None, f"no operation serves {path}"
        if put.body_schema is not None:
            out.append((put, put.body_schema))
    parent = _route("GET", path.rsplit("/", 1)[0])
    if parent is not None and SCHEMAS.resolve(parent.response_schema).get("type") == "array":
        out.append((parent, _item(parent.response_schema)))
    return [(o, s) for o, s in out if s is not None]


def test_every_seeded_document_validates_and_parses_in_the_sdk(seeded: list[tuple[str, Document]]) -> None:
    problems: list[str] = []
    checked = 0
    for path, doc in _served(seeded):
        checks = _checks(path, doc)
        if not checks:  # a membership reference (`/groups/{g}/users/{u}`): the id of another family's object
            assert doc == {"id": path.rsplit("/", 1)[-1]}, path
            continue
        wire = _wire(path, doc)
        for op, schema in checks:
            checked += 1
            causes = SCHEMAS.validator(schema, direction="response")(copy.deepcopy(wire))
            problems.extend(f"{path} [{op.id}] {c.field}: {c.reason}" for c in causes)
            model = _sdk_model(op, schema)
            if model is None:
                problems.append(f"{path} [{op.id}] no SDK model for {schema}")
                continue
            try:
                assert model.from_dict(copy.deepcopy(wire)) is not None
            except Exception as exc:  # noqa: BLE001 - report every failing document at once
                problems.append(f"{path} [{op.id}] SDK {model.__name__}: {str(exc)[:300]}")
    assert checked > 300
    assert not problems, "\n".join(problems)


def test_no_duplicate_paths_and_parents_come_first(seeded: list[tuple[str, Document]]) -> None:
    paths = [p for p, _ in seeded]
    assert len(paths) == len(set(paths))
    seen: set[str] = set()
    for path in paths:
        parent = path.rsplit("/", 1)[0]
        if parent in paths:
            assert parent in seen, f"{path} is seeded before its parent"
        seen.add(path)


def test_people_admin_everyone_and_schemas(seeded: list[tuple[str, Document]]) -> None:
    docs = dict(seeded)
    users = _by_coll(seeded, "/api/v1/users")
    assert [u["profile"]["login"] for u in users] == [ADMIN_LOGIN]
    admin = users[0]
    roles = _by_coll(seeded, f"/api/v1/users/{admin['id']}/roles")
    assert [(r["type"], r["assignmentType"], r["status"]) for r in roles] == [("SUPER_ADMIN", "USER", "ACTIVE")]
    groups = _by_coll(seeded, "/api/v1/groups")
    assert [(g["profile"]["name"], g["type"]) for g in groups] == [("Everyone", "BUILT_IN")]
    assert docs[f"/api/v1/groups/{groups[0]['id']}/users/{admin['id']}"] == {"id": admin["id"]}
    types = _by_coll(seeded, "/api/v1/meta/types/user")
    assert len(types) == 1 and types[0]["default"] is True and admin["type"]["id"] == types[0]["id"]
    assert types[0]["_links"]["schema"]["href"] == "/api/v1/meta/schemas/user/default"
    realms = _by_coll(seeded, "/api/v1/realms")
    assert [r["isDefault"] for r in realms] == [True] and admin["realmId"] == realms[0]["id"]
    schema = docs["/api/v1/meta/schemas/user/default"]
    base = schema["definitions"]["base"]
    assert base["required"] == ["login", "firstName", "lastName", "email"]
    assert all(base["properties"][k]["required"] is True for k in base["required"])
    assert base["properties"]["email"]["format"] == "email"
    assert set(base["properties"]) >= {"login", "email", "firstName", "lastName", "mobilePhone", "secondEmail"}
    assert docs["/api/v1/meta/schemas/group/default"]["definitions"]["base"]["required"] == ["name"]


def test_system_policies_one_per_type_with_a_rule(seeded: list[tuple[str, Document]]) -> None:
    policies = _by_coll(seeded, "/api/v1/policies")
    by_type = Counter(p["type"] for p in policies)
    expected = {"OKTA_SIGN_ON", "PASSWORD", "MFA_ENROLL", "ACCESS_POLICY", "PROFILE_ENROLLMENT", "IDP_DISCOVERY",
                "ENTITY_RISK", "POST_AUTH_SESSION"}
    assert set(by_type) == expected and set(by_type.values()) == {1}
    rule_type = {"OKTA_SIGN_ON": "SIGN_ON"}
    for policy in policies:
        assert (policy["system"], policy["status"], policy["priority"]) == (True, "ACTIVE", 1)
        rules = _by_coll(seeded, f"/api/v1/policies/{policy['id']}/rules")
        assert len(rules) == 1, policy["type"]
        assert rules[0]["type"] == rule_type.get(policy["type"], policy["type"])
        assert rules[0]["system"] is True


def test_zones_authenticators_and_catalogues(seeded: list[tuple[str, Document]]) -> None:
    zones = {z["name"]: z for z in _by_coll(seeded, "/api/v1/zones")}
    assert set(zones) == {"LegacyIpZone", "BlockedIpZone", "DefaultEnhancedDynamicZone", "DefaultExemptIpZone"}
    assert all(z["system"] is True and z["id"].startswith("nzo") for z in zones.values())
    assert (zones["BlockedIpZone"]["type"], zones["BlockedIpZone"]["usage"]) == ("IP", "BLOCKLIST")
    assert zones["DefaultEnhancedDynamicZone"]["type"] == "DYNAMIC_V2"
    keys = Counter(a["key"] for a in _by_coll(seeded, "/api/v1/authenticators"))
    assert set(keys) >= {"okta_password", "okta_email", "okta_verify", "phone_number", "security_question",
                         "webauthn"}
    assert set(keys.values()) == {1}
    brands = _by_coll(seeded, "/api/v1/brands")
    assert len(brands) == 1 and brands[0]["isDefault"] is True
    assert len(_by_coll(seeded, f"/api/v1/brands/{brands[0]['id']}/themes")) == 1
    templates = {t["name"] for t in _by_coll(seeded, f"/api/v1/brands/{brands[0]['id']}/templates/email")}
    assert templates == set(seed_data.EMAIL_TEMPLATES)
    docs = dict(seeded)
    for kind in ("aws_eventbridge", "splunk_cloud_logstreaming"):
        assert docs[f"/api/v1/meta/schemas/logStream/{kind}"]["required"] == ["name", "settings"]
    assert {c["contactType"] for c in _by_coll(seeded, "/api/v1/org/contacts")} == {"BILLING", "TECHNICAL"}
    assert [t["type"] for t in _by_coll(seeded, "/api/v1/templates/sms")] == ["SMS_VERIFY_CODE"]
    assert docs["/api/v1/threats/configuration"]["action"] == "none"


def test_default_authorization_server_has_a_real_signing_key(seeded: list[tuple[str, Document]]) -> None:
    docs = dict(seeded)
    root = "/api/v1/authorizationServers/default"
    server = docs[root]
    assert server["id"] == "default" and server["audiences"] == ["api://default"]
    scopes = {s["name"] for s in _by_coll(seeded, f"{root}/scopes")}
    assert scopes >= {"openid", "profile", "email", "address", "phone", "offline_access", "device_sso"}
    assert {c["name"] for c in _by_coll(seeded, f"{root}/claims")} >= {"sub", "email", "name"}
    policies = _by_coll(seeded, f"{root}/policies")
    assert len(policies) == 1 and len(_by_coll(seeded, f"{root}/policies/{policies[0]['id']}/rules")) == 1
    keys = _by_coll(seeded, f"{root}/credentials/keys")
    assert [k["status"] for k in keys] == ["ACTIVE", "NEXT"]  # AUTO rotation keeps the next key ready
    assert keys[0]["kid"] == server["credentials"]["signing"]["kid"]
    assert keys[0]["alg"] == "RS256" and "d" not in keys[0]
    private = docs[f"{seed_data.AS_KEYS_ROOT}/default/{keys[0]['kid']}"]
    key = serialization.load_pem_private_key(private["privateKeyPem"].encode(), None)
    numbers = key.public_key().public_numbers()  # type: ignore[union-attr]
    assert key.key_size == 2048 and b64url_uint(numbers.n) == keys[0]["n"]  # type: ignore[union-attr]
    assert _route("GET", f"{seed_data.AS_KEYS_ROOT}/default/{keys[0]['kid']}") is None


def test_each_org_gets_its_own_ids_and_key(seeded: list[tuple[str, Document]]) -> None:
    mine, other = dict(seeded), dict(seed_documents("00oOTHERORG000000000", "other", STAMP))
    minted = {p for p, d in mine.items() if len(str(d.get("id"))) == 20 and p.endswith("/" + str(d["id"]))}
    assert minted and not minted & set(other)
    signing = "/api/v1/authorizationServers/default"
    assert mine[signing]["credentials"]["signing"]["kid"] != other[signing]["credentials"]["signing"]["kid"]


# -- over HTTP, on both stores ---------------------------------------------------------------------------------


def test_seeded_objects_over_http(api: httpx.Client) -> None:
    org = api.get("/api/v1/org")
    assert org.status_code == 200 and org.json()["status"] == "ACTIVE"
    server = api.get("/api/v1/authorizationServers/default")
    assert server.status_code == 200, server.text
    body = server.json()
    assert body["id"] == "default" and body["_links"]["self"]["href"].endswith("/api/v1/authorizationServers/default")
    keys = api.get("/api/v1/authorizationServers/default/credentials/keys").json()
    assert [(k["kid"] == body["credentials"]["signing"]["kid"], k["status"]) for k in keys] == [
        (True, "ACTIVE"), (False, "NEXT")]
    assert "privateKeyPem" not in str(keys)
    zones = {z["name"]: z for z in api.get("/api/v1/zones").json()}
    assert {"LegacyIpZone", "BlockedIpZone", "DefaultEnhancedDynamicZone", "DefaultExemptIpZone"} <= set(zones)
    zone = api.get(f"/api/v1/zones/{zones['BlockedIpZone']['id']}").json()
    assert (zone["system"], zone["usage"], zone["type"]) == (True, "BLOCKLIST", "IP")
    policies = api.get("/api/v1/policies", params={"type": "PASSWORD"}).json()
    password = [p for p in policies if p["type"] == "PASSWORD" and p.get("system")]
    assert len(password) == 1
    policy = api.get(f"/api/v1/policies/{password[0]['id']}").json()
    assert (policy["name"], policy["system"]) == ("Default Policy", True)
    assert policy["settings"]["password"]["lockout"]["maxAttempts"] == 10
    rules = api.get(f"/api/v1/policies/{policy['id']}/rules").json()
    assert [r["type"] for r in rules] == ["PASSWORD"]
    everyone = [g for g in api.get("/api/v1/groups").json() if g["profile"]["name"] == "Everyone"]
    members = api.get(f"/api/v1/groups/{everyone[0]['id']}/users").json()
    assert ADMIN_LOGIN in [u["profile"]["login"] for u in members]
    assert api.get("/mokta/keys/authorizationServers/default").status_code == 404
