"""Group membership, stats and owners: idempotent adds and removes on OKTA_GROUP groups only, `lastMembershipUpdated`
moved by real changes, paged member lists, `expand=stats`, and owners that must exist."""

from __future__ import annotations

import secrets
import time
from typing import Any

import httpx

GROUPS = "/api/v1/groups"


def _group(api: httpx.Client) -> dict[str, Any]:
    resp = api.post(GROUPS, json={"profile": {"name": f"members-{secrets.token_hex(4)}"}})
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def _user(api: httpx.Client) -> dict[str, Any]:
    login = f"{secrets.token_hex(4)}@example.com"
    resp = api.post("/api/v1/users", json={"profile": {"firstName": "Group", "lastName": "Member", "email": login,
                                                       "login": login}})
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def _everyone(api: httpx.Client) -> dict[str, Any]:
    return dict(api.get(GROUPS, params={"q": "Everyone"}).json()[0])


def test_membership_is_idempotent_and_stamped(api: httpx.Client) -> None:
    group, user = _group(api), _user(api)
    path = f"{GROUPS}/{group['id']}/users/{user['id']}"
    time.sleep(0.002)
    assert api.put(path).status_code == 204
    stamped = api.get(f"{GROUPS}/{group['id']}").json()["lastMembershipUpdated"]
    assert stamped > group["lastMembershipUpdated"]
    time.sleep(0.002)
    assert api.put(path).status_code == 204  # already a member: nothing changes
    assert api.get(f"{GROUPS}/{group['id']}").json()["lastMembershipUpdated"] == stamped
    assert [u["id"] for u in api.get(f"{GROUPS}/{group['id']}/users").json()] == [user["id"]]
    assert api.delete(path).status_code == 204
    removed = api.get(f"{GROUPS}/{group['id']}").json()["lastMembershipUpdated"]
    assert removed > stamped
    assert api.delete(path).status_code == 204  # not a member any more: still fine
    assert api.get(f"{GROUPS}/{group['id']}").json()["lastMembershipUpdated"] == removed
    assert api.get(f"{GROUPS}/{group['id']}/users").json() == []


def test_missing_user_or_group_is_404(api: httpx.Client) -> None:
    group, user = _group(api), _user(api)
    assert api.put(f"{GROUPS}/{group['id']}/users/00uNOSUCHUSER0000000").json()["errorCode"] == "E0000007"
    assert api.put(f"{GROUPS}/00gNOSUCHGROUP000000/users/{user['id']}").status_code == 404
    assert api.delete(f"{GROUPS}/00gNOSUCHGROUP000000/users/{user['id']}").status_code == 404


def test_only_okta_groups_change_by_hand(api: httpx.Client) -> None:
    everyone, user = _everyone(api), _user(api)
    for resp in (api.put(f"{GROUPS}/{everyone['id']}/users/{user['id']}"),
                 api.delete(f"{GROUPS}/{everyone['id']}/users/{user['id']}")):
        assert resp.status_code == 403 and resp.json()["errorCode"] == "E0000006"


def test_members_page_with_after(api: httpx.Client) -> None:
    group = _group(api)
    users = [_user(api)["id"] for _ in range(3)]
    for uid in users:
        assert api.put(f"{GROUPS}/{group['id']}/users/{uid}").status_code == 204
    first = api.get(f"{GROUPS}/{group['id']}/users", params={"limit": 2})
    assert [u["id"] for u in first.json()] == users[:2]
    assert 'rel="next"' in first.headers["link"]
    next_url = first.headers["link"].split('rel="self"')[-1].split("<")[1].split(">")[0]
    second = api.get(next_url)
    assert [u["id"] for u in second.json()] == users[2:]
    assert 'rel="next"' not in second.headers["link"]
    assert len(api.get(f"{GROUPS}/{group['id']}/users").json()) == 3  # default limit 1000


def test_deleting_a_group_removes_its_memberships(api: httpx.Client) -> None:
    group, user = _group(api), _user(api)
    assert api.put(f"{GROUPS}/{group['id']}/users/{user['id']}").status_code == 204
    assert api.delete(f"{GROUPS}/{group['id']}").status_code == 204
    assert api.get(f"{GROUPS}/{group['id']}/users").status_code == 404
    assert group["id"] not in [g["id"] for g in api.get(f"/api/v1/users/{user['id']}/groups").json()]


def test_expand_stats(api: httpx.Client) -> None:
    group, user = _group(api), _user(api)
    assert "_embedded" not in api.get(f"{GROUPS}/{group['id']}").json()
    assert api.put(f"{GROUPS}/{group['id']}/users/{user['id']}").status_code == 204
    stats = api.get(f"{GROUPS}/{group['id']}", params={"expand": "stats"}).json()["_embedded"]["stats"]
    assert stats["usersCount"] == 1 and stats["appsCount"] == 0 and stats["groupPushMappingsCount"] == 0
    assert stats["hasAdminPrivilege"] is False
    listed = api.get(GROUPS, params={"expand": "stats", "limit": 200}).json()
    assert all("stats" in g["_embedded"] for g in listed)
    found = api.get(GROUPS, params={"q": group["profile"]["name"], "expand": "stats"}).json()
    assert found[0]["_embedded"]["stats"]["usersCount"] == 1


def test_owners(api: httpx.Client) -> None:
    group, other, user = _group(api), _group(api), _user(api)
    owners = f"{GROUPS}/{group['id']}/owners"
    made = api.post(owners, json={"id": user["id"], "type": "USER"})
    assert made.status_code == 201, made.text
    assert made.json()["displayName"] == "Group Member" and made.json()["originType"] == "OKTA_DIRECTORY"
    assert api.post(owners, json={"id": user["id"], "type": "USER"}).status_code == 201  # still one owner
    assert api.post(owners, json={"id": other["id"], "type": "GROUP"}).json()["displayName"] == other["profile"][
        "name"]
    assert [o["id"] for o in api.get(owners).json()] == [user["id"], other["id"]]
    assert [o["id"] for o in api.get(owners, params={"search": 'type eq "GROUP"'}).json()] == [other["id"]]
    assert api.get(owners, params={"search": "displayName co x"}).status_code == 400
    assert api.post(owners, json={"id": "00uNOSUCHUSER0000000", "type": "USER"}).status_code == 404
    assert api.post(owners, json={"id": user["id"], "type": "GROUP"}).status_code == 404  # not a group
    assert api.post(owners, json={"id": user["id"], "type": "APP"}).status_code == 400
    assert api.post(f"{GROUPS}/00gNOSUCHGROUP000000/owners", json={"id": user["id"], "type": "USER"}).status_code == 404
    assert api.delete(f"{owners}/{user['id']}").status_code == 204
    assert api.delete(f"{owners}/{user['id']}").status_code == 404
    assert [o["id"] for o in api.get(owners).json()] == [other["id"]]


def test_adding_by_hand_claims_a_rule_made_membership(api: httpx.Client) -> None:
    group, user = _group(api), _user(api)
    rule = api.post("/api/v1/groups/rules", json={
        "type": "group_rule", "name": f"claim-{secrets.token_hex(3)}",
        "conditions": {"expression": {"value": f'user.login == "{user["profile"]["login"]}"',
                                      "type": "urn:okta:expression:1.0"}},
        "actions": {"assignUserToGroups": {"groupIds": [group["id"]]}}}).json()
    assert api.post(f"/api/v1/groups/rules/{rule['id']}/lifecycle/activate").status_code == 204
    assert [u["id"] for u in api.get(f"{GROUPS}/{group['id']}/users").json()] == [user["id"]]
    assert api.put(f"{GROUPS}/{group['id']}/users/{user['id']}").status_code == 204
    assert api.delete(f"/api/v1/groups/rules/{rule['id']}", params={"removeUsers": "true"}).status_code == 202
    assert [u["id"] for u in api.get(f"{GROUPS}/{group['id']}/users").json()] == [user["id"]]
