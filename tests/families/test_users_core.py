"""Users core over HTTP: the create status table, credentials never echoed, lookup by login and short name, ETags,
POST merge versus PUT replace, lists with `q`, and memberships (Everyone, `groupIds`, `/users/{id}/groups`)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

PASSWORD = {"value": "Tr0ub4dor&3xyz"}


def login() -> str:
    return f"u{uuid.uuid4().hex[:10]}@example.com"


def profile(name: str | None = None, **extra: Any) -> dict[str, Any]:
    name = name or login()
    return {"firstName": "Grace", "lastName": "Hopper", "email": name, "login": name, **extra}


def create(api: httpx.Client, body: dict[str, Any] | None = None, **params: str) -> dict[str, Any]:
    resp = api.post("/api/v1/users", params=params, json=body or {"profile": profile()})
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def error_of(resp: httpx.Response, status: int, code: str) -> list[str]:
    assert resp.status_code == status, resp.text
    assert resp.json()["errorCode"] == code
    return [c["errorSummary"] for c in resp.json()["errorCauses"]]


@pytest.mark.parametrize(("params", "creds", "status"), [
    ({"activate": "false"}, PASSWORD, "STAGED"),
    ({"activate": "false"}, None, "STAGED"),
    ({}, PASSWORD, "ACTIVE"),
    ({"activate": "true"}, None, "PROVISIONED"),
    ({"nextLogin": "changePassword"}, PASSWORD, "PASSWORD_EXPIRED"),
    ({"provider": "true"}, None, "ACTIVE"),
    ({}, {"hook": {"type": "default"}}, "ACTIVE"),
    ({}, {"hash": {"algorithm": "SHA-256", "value": "aGFzaA==", "salt": "c2FsdA==", "saltOrder": "PREFIX"}}, "ACTIVE"),
])
def test_create_status_table(api: httpx.Client, params: dict[str, str], creds: dict[str, Any] | None,
                             status: str) -> None:
    body: dict[str, Any] = {"profile": profile()}
    if creds is not None:
        body["credentials"] = {"password": creds}
    user = create(api, body, **params)
    assert user["status"] == status
    assert user["id"].startswith("00u") and len(user["id"]) == 20
    assert user["created"].endswith("Z") and user["lastUpdated"] and user["lastLogin"] is None
    assert (user["activated"] is not None) == (status in ("ACTIVE", "PASSWORD_EXPIRED"))
    assert (user["passwordChanged"] is not None) == (creds is not None)
    if creds is not None:
        assert user["credentials"]["password"] == {}  # never the value or the hash
    assert user["credentials"]["provider"] == {"type": "OKTA", "name": "OKTA"}


def test_next_login_needs_a_password(api: httpx.Client) -> None:
    resp = api.post("/api/v1/users", params={"nextLogin": "changePassword"}, json={"profile": profile()})
    assert error_of(resp, 400, "E0000001") == ["password: A password is required when nextLogin is changePassword"]


def test_secrets_stay_out_of_the_user(api: httpx.Client) -> None:
    body = {"profile": profile(), "credentials": {"password": PASSWORD,
                                                   "recovery_question": {"question": "Pet?", "answer": "Rex the dog"}}}
    user = create(api, body)
    fetched = api.get(f"/api/v1/users/{user['id']}")
    assert fetched.json()["credentials"]["password"] == {}
    assert fetched.json()["credentials"]["recovery_question"] == {"question": "Pet?"}
    assert "Tr0ub4dor" not in fetched.text and "Rex" not in fetched.text
    assert api.get(f"/mokta/credentials/users/{user['id']}").status_code == 404  # not routed


def test_login_required_unique_and_email_checked(api: httpx.Client) -> None:
    name = login()
    create(api, {"profile": profile(name)})
    dup = api.post("/api/v1/users", json={"profile": profile(name.upper())})
    assert error_of(dup, 400, "E0000001") == ["login: An object with this field already exists in the current "
                                              "organization"]
    assert dup.json()["errorSummary"] == "Api validation failed: login"
    missing = api.post("/api/v1/users", json={"profile": {"firstName": "A", "lastName": "B"}})
    assert error_of(missing, 400, "E0000001") == ["login: The field cannot be left blank",
                                                  "email: The field cannot be left blank"]
    bad = api.post("/api/v1/users", json={"profile": profile(login(), email="not-an-email")})
    assert error_of(bad, 400, "E0000001") == ["email: Does not match required pattern"]


def test_type_and_groups_on_create(api: httpx.Client) -> None:
    bad_type = api.post("/api/v1/users", json={"profile": profile(), "type": {"id": "otyNOPE"}})
    assert error_of(bad_type, 400, "E0000001")[0].startswith("type.id")
    bad_group = api.post("/api/v1/users", json={"profile": profile(), "groupIds": ["00gNOPE"]})
    assert error_of(bad_group, 400, "E0000001")[0].startswith("groupIds")
    group = api.post("/api/v1/groups", json={"profile": {"name": f"g-{uuid.uuid4().hex[:8]}"}}).json()
    user = create(api, {"profile": profile(), "groupIds": [group["id"]]})
    groups = api.get(f"/api/v1/users/{user['id']}/groups").json()
    assert {g["profile"]["name"] for g in groups} == {"Everyone", group["profile"]["name"]}
    default_type = next(t for t in api.get("/api/v1/meta/types/user").json() if t["default"])
    assert user["type"]["id"] == default_type["id"]


def test_lookup_by_login_short_name_and_me(api: httpx.Client) -> None:
    name = login()
    user = create(api, {"profile": profile(name)})
    for key in (user["id"], name, name.upper(), name.split("@")[0]):
        assert api.get(f"/api/v1/users/{key}").json()["id"] == user["id"]
    assert error_of(api.get("/api/v1/users/nobody-here"), 404, "E0000007") == []
    me = api.get("/api/v1/users/me").json()
    assert me["status"] == "ACTIVE" and me["profile"]["login"]


def test_ambiguous_short_name_is_not_found(api: httpx.Client) -> None:
    short = f"s{uuid.uuid4().hex[:8]}"
    create(api, {"profile": profile(f"{short}@one.example.com")})
    create(api, {"profile": profile(f"{short}@two.example.com")})
    assert api.get(f"/api/v1/users/{short}").status_code == 404


def test_etag_and_if_match(api: httpx.Client) -> None:
    user = create(api)
    got = api.get(f"/api/v1/users/{user['id']}")
    tag = got.headers["etag"]
    stale = api.post(f"/api/v1/users/{user['id']}", headers={"If-Match": '"0000"'},
                     json={"profile": {"nickName": "x"}})
    assert stale.status_code == 412
    fresh = api.post(f"/api/v1/users/{user['id']}", headers={"If-Match": tag}, json={"profile": {"nickName": "x"}})
    assert fresh.status_code == 200 and fresh.headers["etag"] != tag
    assert api.put(f"/api/v1/users/{user['id']}", headers={"If-Match": tag},
                   json={"profile": user["profile"]}).status_code == 412


def test_update_merges_and_replace_drops(api: httpx.Client) -> None:
    user = create(api, {"profile": profile(title="Admiral", department="Navy")})
    merged = api.post(f"/api/v1/users/{user['id']}", json={"profile": {"title": "Rear Admiral"}}).json()
    assert (merged["profile"]["title"], merged["profile"]["department"]) == ("Rear Admiral", "Navy")
    assert merged["lastUpdated"] >= user["lastUpdated"]
    replaced = api.put(f"/api/v1/users/{user['id']}", json={"profile": profile(user["profile"]["login"])}).json()
    assert "title" not in replaced["profile"] and "department" not in replaced["profile"]
    incomplete = api.put(f"/api/v1/users/{user['id']}", json={"profile": {"firstName": "G"}})
    assert error_of(incomplete, 400, "E0000001")[0] == "login: The field cannot be left blank"


def test_type_changes_only_by_replace(api: httpx.Client) -> None:
    name = f"t{uuid.uuid4().hex[:8]}"
    other = api.post("/api/v1/meta/types/user", json={"name": name, "displayName": name, "description": "x"}).json()
    user = create(api)
    moved = api.post(f"/api/v1/users/{user['id']}", json={"type": {"id": other["id"]}})
    assert error_of(moved, 400, "E0000001")[0].startswith("type.id")
    same = api.post(f"/api/v1/users/{user['id']}", json={"type": user["type"], "profile": {"nickName": "n"}})
    assert same.status_code == 200
    replaced = api.put(f"/api/v1/users/{user['id']}", json={"type": {"id": other["id"]}, "profile": user["profile"]})
    assert replaced.json()["type"]["id"] == other["id"]


def test_login_unique_on_update(api: httpx.Client) -> None:
    first, second = create(api), create(api)
    clash = api.post(f"/api/v1/users/{second['id']}", json={"profile": {"login": first["profile"]["login"]}})
    assert error_of(clash, 400, "E0000001")[0].startswith("login: An object")
    assert api.post(f"/api/v1/users/{second['id']}",
                    json={"profile": {"login": second["profile"]["login"].upper()}}).status_code == 200


def test_password_set_by_admin_update(api: httpx.Client) -> None:
    user = create(api)
    assert user["status"] == "PROVISIONED" and user["passwordChanged"] is None
    updated = api.post(f"/api/v1/users/{user['id']}", json={"credentials": {"password": PASSWORD}}).json()
    assert updated["credentials"]["password"] == {} and updated["passwordChanged"]


def test_delete_twice_and_memberships_go(api: httpx.Client) -> None:
    group = api.post("/api/v1/groups", json={"profile": {"name": f"g-{uuid.uuid4().hex[:8]}"}}).json()
    user = create(api, {"profile": profile(), "groupIds": [group["id"]]})
    assert api.delete(f"/api/v1/users/{user['id']}").status_code == 204
    assert api.get(f"/api/v1/users/{user['id']}").json()["status"] == "DEPROVISIONED"
    assert api.delete(f"/api/v1/users/{user['id']}").status_code == 204
    assert api.get(f"/api/v1/users/{user['id']}").status_code == 404
    assert api.delete(f"/api/v1/users/{user['id']}").status_code == 404
    members = api.get(f"/api/v1/groups/{group['id']}/users").json()
    assert user["id"] not in {m["id"] for m in members}
    again = api.post("/api/v1/users", json={"profile": user["profile"]})  # the login is free again
    assert again.status_code == 200


def test_list_omits_deprovisioned_and_q(api: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:8]
    live = create(api, {"profile": profile(firstName=f"Q{tag}")})
    gone = create(api, {"profile": profile(lastName=f"Q{tag}")})
    api.post(f"/api/v1/users/{gone['id']}/lifecycle/deactivate")
    listed = {u["id"] for u in api.get("/api/v1/users", params={"limit": 200}).json()}
    assert live["id"] in listed and gone["id"] not in listed
    hits = api.get("/api/v1/users", params={"q": f"q{tag}"})
    assert [u["id"] for u in hits.json()] == [live["id"]]
    assert 'rel="next"' not in hits.headers.get("link", "")
    for _ in range(11):
        create(api, {"profile": profile(firstName=f"M{tag}")})
    assert len(api.get("/api/v1/users", params={"q": f"M{tag}"}).json()) == 10
    assert len(api.get("/api/v1/users", params={"q": f"M{tag}", "limit": 11}).json()) == 11


def test_omit_credentials_shaping(api: httpx.Client) -> None:
    user = create(api)
    shaped = api.get(f"/api/v1/users/{user['id']}",
                     headers={"Content-Type": "application/json; okta-response=omitCredentials"})
    assert "credentials" not in shaped.json()


def test_omit_credentials_on_lists(api: httpx.Client) -> None:
    user = create(api)
    shaped = api.get("/api/v1/users", params={"limit": 200},
                     headers={"Content-Type": "application/json; okta-response=omitCredentials"})
    assert shaped.status_code == 200 and all("credentials" not in u for u in shaped.json())
    plain = api.get(f"/api/v1/users/{user['id']}")
    assert "credentials" in plain.json()


def test_expand_embeds_blocks_and_classification(api: httpx.Client) -> None:
    login = f"expand{uuid.uuid4().hex[:8]}@example.com"
    user = api.post("/api/v1/users", json={"profile": {"firstName": "E", "lastName": "X", "email": login,
                                                       "login": login}}).json()
    got = api.get(f"/api/v1/users/{user['id']}", params={"expand": "blocks,classification"}).json()
    assert got["_embedded"]["blocks"] == []
    assert got["_embedded"]["classification"]["type"] == "STANDARD"
    assert "_embedded" not in api.get(f"/api/v1/users/{user['id']}").json()
