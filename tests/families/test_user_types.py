"""User types: a unique name fixed at creation, a schema of their own cloned from the default one, at most ten per
org, and neither the default type nor a type assigned to users can be deleted."""

from __future__ import annotations

import secrets
from typing import Any

import httpx

TYPES = "/api/v1/meta/types/user"


def _type(api: httpx.Client, **extra: Any) -> httpx.Response:
    body = {"name": f"type_{secrets.token_hex(4)}", "displayName": "Contractor", "description": "contractors"}
    body.update(extra)
    return api.post(TYPES, json=body)


def _cause(resp: httpx.Response, status: int = 400, code: str = "E0000001") -> str:
    assert resp.status_code == status, resp.text
    assert resp.json()["errorCode"] == code
    return str(resp.json()["errorCauses"][0]["errorSummary"])


def test_create_gets_its_own_schema(api: httpx.Client) -> None:
    created = _type(api)
    assert created.status_code == 200, created.text
    user_type = created.json()
    assert user_type["id"].startswith("oty") and user_type["default"] is False
    assert user_type["createdBy"] and user_type["created"] and user_type["lastUpdated"]
    schema_url = user_type["_links"]["schema"]["href"]
    assert "/api/v1/meta/schemas/user/osc" in schema_url
    schema = api.get(schema_url).json()
    default = api.get("/api/v1/meta/schemas/user/default").json()
    assert schema["definitions"]["base"] == default["definitions"]["base"]
    assert schema["id"].endswith(schema_url.rsplit("/api/v1", 1)[1])
    assert api.get(f"{TYPES}/{user_type['id']}").json()["name"] == user_type["name"]

    # the type's schema changes apart from the default one, and applies to users of that type
    attr = f"badge{secrets.token_hex(3)}"
    props = {"definitions": {"custom": {"properties": {attr: {"title": "Badge", "type": "integer"}}}}}
    assert api.post(schema_url, json=props).status_code == 200
    assert attr not in api.get("/api/v1/meta/schemas/user/default").json()["definitions"]["custom"]["properties"]
    login = f"{secrets.token_hex(4)}@example.com"
    profile = {"firstName": "T", "lastName": "U", "email": login, "login": login, attr: "x"}
    bad = api.post("/api/v1/users", json={"profile": profile, "type": {"id": user_type["id"]}})
    assert _cause(bad) == f"{attr}: Does not match required type integer"
    assert api.delete(f"{TYPES}/{user_type['id']}").status_code == 204
    assert api.get(f"{TYPES}/{user_type['id']}").status_code == 404
    assert api.get(schema_url).status_code == 404


def test_name_rules(api: httpx.Client) -> None:
    name = f"named_{secrets.token_hex(4)}"
    first = _type(api, name=name)
    assert first.status_code == 200
    assert _cause(_type(api, name=name.upper())).startswith("name:")  # unique, case-insensitively
    assert _cause(_type(api, name="9starts_with_digit")).startswith("name:")
    assert _cause(_type(api, name="has space")).startswith("name:")
    assert _cause(_type(api, displayName="")).startswith("displayName:")
    assert "name" in _cause(api.post(TYPES, json={"displayName": "No name"}))
    api.delete(f"{TYPES}/{first.json()['id']}")


def test_update_and_replace_keep_the_name(api: httpx.Client) -> None:
    user_type = _type(api).json()
    path = f"{TYPES}/{user_type['id']}"
    updated = api.post(path, json={"displayName": "Renamed"})
    assert updated.status_code == 200 and updated.json()["displayName"] == "Renamed"
    assert updated.json()["description"] == "contractors" and updated.json()["name"] == user_type["name"]
    assert updated.json()["lastUpdated"] >= user_type["lastUpdated"]
    assert _cause(api.put(path, json={"name": "other_name", "displayName": "Again", "description": "d2"})) \
        .startswith("name:")  # the name is fixed at creation
    replaced = api.put(path, json={"name": user_type["name"], "displayName": "Again", "description": "d2"})
    assert replaced.status_code == 200
    assert (replaced.json()["name"], replaced.json()["displayName"]) == (user_type["name"], "Again")
    assert _cause(api.put(path, json={"name": user_type["name"], "displayName": "x"})).startswith("description:")
    assert api.delete(path).status_code == 204


def test_default_type_is_protected(api: httpx.Client) -> None:
    default = api.get(f"{TYPES}/default")
    assert default.status_code == 200 and default.json()["default"] is True
    assert default.json()["_links"]["schema"]["href"].endswith("/api/v1/meta/schemas/user/default")
    _cause(api.delete(f"{TYPES}/default"), 403, "E0000006")
    _cause(api.delete(f"{TYPES}/{default.json()['id']}"), 403, "E0000006")
    assert api.delete(f"{TYPES}/otyNOSUCHTYPE0000000").status_code == 404


def test_type_in_use_cannot_be_deleted(api: httpx.Client) -> None:
    user_type = _type(api).json()
    login = f"{secrets.token_hex(4)}@example.com"
    user = api.post("/api/v1/users", json={"profile": {"firstName": "In", "lastName": "Use", "email": login,
                                                       "login": login}, "type": {"id": user_type["id"]}})
    assert user.status_code == 200, user.text
    assert user.json()["type"]["id"] == user_type["id"]
    assert _cause(api.delete(f"{TYPES}/{user_type['id']}")).startswith("typeId:")
    assert api.get(f"{TYPES}/{user_type['id']}").status_code == 200
    for _ in range(2):  # deactivate, then delete: the type is free again
        api.delete(f"/api/v1/users/{user.json()['id']}")
    assert api.delete(f"{TYPES}/{user_type['id']}").status_code == 204


def test_at_most_ten_types(api: httpx.Client) -> None:
    made: list[str] = []
    try:
        while len(api.get(TYPES).json()) < 10:
            made.append(_type(api).json()["id"])
        assert _cause(_type(api)).startswith("name:")
    finally:
        for type_id in made:
            api.delete(f"{TYPES}/{type_id}")
