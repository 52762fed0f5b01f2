"""Linked objects: definition names unique in either role, values set and read from both sides, and a removed
definition takes its values with it."""

from __future__ import annotations

import uuid

import httpx

DEFS = "/api/v1/meta/schemas/user/linkedObjects"


def _user(api: httpx.Client) -> str:
    login = f"lo{uuid.uuid4().hex[:8]}@example.com"
    return str(api.post("/api/v1/users", json={"profile": {"firstName": "L", "lastName": "O", "email": login,
                                                           "login": login}}).json()["id"])


def _definition(primary: str, associated: str) -> dict:
    return {"primary": {"name": primary, "title": "P", "type": "USER"},
            "associated": {"name": associated, "title": "A", "type": "USER"}}


def test_linked_objects(api: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:6]
    manager, reports = f"manager{tag}", f"reports{tag}"
    assert api.post(DEFS, json=_definition(manager, reports)).status_code == 201
    for clash in (_definition(manager, f"x{tag}"), _definition(f"y{tag}", manager), _definition(f"z{tag}", reports)):
        resp = api.post(DEFS, json=clash)
        assert resp.status_code == 400 and "already exists" in resp.json()["errorCauses"][0]["errorSummary"]
    assert api.get(f"{DEFS}/{reports}").json()["primary"]["name"] == manager  # found by either name
    boss, worker_a, worker_b = _user(api), _user(api), _user(api)
    for worker in (worker_a, worker_b):
        assert api.put(f"/api/v1/users/{worker}/linkedObjects/{manager}/{boss}").status_code == 204
    primary = api.get(f"/api/v1/users/{worker_a}/linkedObjects/{manager}").json()
    assert [link["_links"]["self"]["href"].rsplit("/", 1)[-1] for link in primary] == [boss]
    associated = api.get(f"/api/v1/users/{boss}/linkedObjects/{reports}").json()
    assert {link["_links"]["self"]["href"].rsplit("/", 1)[-1] for link in associated} == {worker_a, worker_b}
    assert api.delete(f"/api/v1/users/{worker_b}/linkedObjects/{manager}").status_code == 204
    assert len(api.get(f"/api/v1/users/{boss}/linkedObjects/{reports}").json()) == 1
    assert api.delete(f"{DEFS}/{manager}").status_code == 204
    assert api.get(f"{DEFS}/{manager}").status_code == 404
    assert api.post(DEFS, json=_definition(manager, reports)).status_code == 201  # values did not survive it
    assert api.get(f"/api/v1/users/{worker_a}/linkedObjects/{manager}").json() == []
