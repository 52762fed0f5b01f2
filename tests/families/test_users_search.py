"""`search` and `filter` on the user list (grammar in engine/filters.py): both keep DEPROVISIONED users, `sortBy`
orders search results and pages them, and malformed expressions are 400s naming the parameter."""

from __future__ import annotations

import uuid

import httpx


def make(api: httpx.Client, tag: str, first: str) -> dict[str, str]:
    login = f"{first.lower()}.{uuid.uuid4().hex[:8]}@example.com"
    body = {"profile": {"firstName": first, "lastName": tag, "email": login, "login": login, "department": tag}}
    return dict(api.post("/api/v1/users", json=body).json())


def test_search_filter_and_sort(api: httpx.Client) -> None:
    tag = f"S{uuid.uuid4().hex[:8]}"
    users = [make(api, tag, name) for name in ("Carol", "alice", "Bob")]
    api.post(f"/api/v1/users/{users[2]['id']}/lifecycle/deactivate")
    found = api.get("/api/v1/users", params={"search": f'profile.department eq "{tag.lower()}"'}).json()
    assert {u["id"] for u in found} == {u["id"] for u in users}  # values case-insensitive, DEPROVISIONED kept
    ordered = api.get("/api/v1/users", params={"search": f'profile.lastName eq "{tag}"', "sortBy": "profile.firstName",
                                               "sortOrder": "desc", "limit": 2})
    assert [u["profile"]["firstName"] for u in ordered.json()] == ["Carol", "Bob"]
    after = ordered.links["next"]["url"]
    assert [u["profile"]["firstName"] for u in api.get(after).json()] == ["alice"]
    filtered = api.get("/api/v1/users", params={"filter": f'status eq "DEPROVISIONED" and profile.lastName eq "{tag}"'})
    assert [u["id"] for u in filtered.json()] == [users[2]["id"]]


def test_bad_expressions_are_400(api: httpx.Client) -> None:
    for params in ({"search": "profile.firstName"}, {"filter": 'profile.department eq "x"'},
                   {"filter": 'profile.login sw "a"'}):
        resp = api.get("/api/v1/users", params=params)
        assert resp.status_code == 400 and resp.json()["errorCode"] == "E0000001", (params, resp.text)
        assert resp.json()["errorCauses"][0]["errorSummary"].startswith(next(iter(params)))
