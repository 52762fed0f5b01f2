"""Group rules over HTTP: expressions checked at create, INACTIVE until activated, memberships made and taken back
by the rule while it is active, hand-made memberships never touched."""

from __future__ import annotations

import itertools

import httpx

_n = itertools.count(1)


def _user(api: httpx.Client, department: str) -> dict:
    login = f"rule.user{next(_n)}.{department.lower()}@example.com"
    resp = api.post("/api/v1/users", json={"profile": {"firstName": "Rule", "lastName": "User", "email": login,
                                                       "login": login, "department": department}})
    assert resp.status_code == 200, resp.text
    return resp.json()


def _group(api: httpx.Client, name: str) -> str:
    resp = api.post("/api/v1/groups", json={"profile": {"name": f"{name}-{next(_n)}"}})
    assert resp.status_code == 200, resp.text
    return str(resp.json()["id"])


def _rule(api: httpx.Client, expression: str, group_id: str, **people: list[str]) -> httpx.Response:
    body: dict = {"type": "group_rule", "name": f"rule-{next(_n)}",
                  "conditions": {"expression": {"value": expression, "type": "urn:okta:expression:1.0"}},
                  "actions": {"assignUserToGroups": {"groupIds": [group_id]}}}
    if people:
        body["conditions"]["people"] = {"users": {"exclude": people.get("users", [])},
                                        "groups": {"exclude": people.get("groups", [])}}
    return api.post("/api/v1/groups/rules", json=body)


def _members(api: httpx.Client, group_id: str) -> set[str]:
    return {u["id"] for u in api.get(f"/api/v1/groups/{group_id}/users").json()}


def test_invalid_expressions_are_rejected_with_the_reason(api: httpx.Client) -> None:
    group = _group(api, "rule-target")
    for expression, words in (('user.department == "x', "string"), ("user.nosuchattr == 'x'", "nosuchattr"),
                              ('String.nosuch(user.login)', "nosuch"), ("user.department = 'x'", "")):
        resp = _rule(api, expression, group)
        assert resp.status_code == 400, (expression, resp.text)
        cause = resp.json()["errorCauses"][0]["errorSummary"]
        assert cause.startswith("conditions.expression.value") and words.lower() in cause.lower()


def test_rule_lifecycle_and_memberships(api: httpx.Client) -> None:
    group = _group(api, "engineering")
    engineer, sales = _user(api, "Engineering"), _user(api, "Sales")
    resp = _rule(api, 'user.department == "Engineering"', group)
    assert resp.status_code == 200, resp.text
    rule = resp.json()
    assert rule["status"] == "INACTIVE" and rule["type"] == "group_rule"
    assert _members(api, group) == set()
    assert api.post(f"/api/v1/groups/rules/{rule['id']}/lifecycle/activate").status_code == 204
    assert api.get(f"/api/v1/groups/rules/{rule['id']}").json()["status"] == "ACTIVE"
    assert _members(api, group) == {engineer["id"]}
    replaced = api.put(f"/api/v1/groups/rules/{rule['id']}", json={**rule, "name": "renamed"})
    assert replaced.status_code == 400  # only INACTIVE rules can be replaced
    assert api.post(f"/api/v1/groups/rules/{rule['id']}/lifecycle/deactivate").status_code == 204
    assert _members(api, group) == {engineer["id"]}  # deactivating keeps what the rule made
    assert api.put(f"/api/v1/groups/rules/{rule['id']}", json={**rule, "name": "renamed"}).status_code == 200
    assert sales["id"] not in _members(api, group)


def test_delete_with_remove_users_spares_hand_made_memberships(api: httpx.Client) -> None:
    group = _group(api, "ops")
    by_rule, by_hand = _user(api, "Ops"), _user(api, "Ops")
    assert api.put(f"/api/v1/groups/{group}/users/{by_hand['id']}").status_code == 204
    rule = _rule(api, 'user.department == "Ops"', group).json()
    api.post(f"/api/v1/groups/rules/{rule['id']}/lifecycle/activate")
    assert {by_rule["id"], by_hand["id"]} <= _members(api, group)
    assert api.delete(f"/api/v1/groups/rules/{rule['id']}", params={"removeUsers": "true"}).status_code == 202
    members = _members(api, group)
    assert by_hand["id"] in members and by_rule["id"] not in members
    assert api.get(f"/api/v1/groups/rules/{rule['id']}").status_code == 404


def test_exclusions_and_group_membership_functions(api: httpx.Client) -> None:
    source, target = _group(api, "source"), _group(api, "target")
    inside, excluded = _user(api, "Legal"), _user(api, "Legal")
    for user in (inside, excluded):
        api.put(f"/api/v1/groups/{source}/users/{user['id']}")
    rule = _rule(api, f'isMemberOfAnyGroup("{source}") and user.department == "Legal"', target,
                 users=[excluded["id"]]).json()
    api.post(f"/api/v1/groups/rules/{rule['id']}/lifecycle/activate")
    assert _members(api, target) == {inside["id"]}


def test_active_rule_follows_users_as_they_are_created_and_changed(api: httpx.Client) -> None:
    group = _group(api, "finance")
    rule = _rule(api, 'user.department == "Finance"', group).json()
    api.post(f"/api/v1/groups/rules/{rule['id']}/lifecycle/activate")
    newcomer = _user(api, "Finance")
    assert newcomer["id"] in _members(api, group)  # joins at creation
    moved = api.post(f"/api/v1/users/{newcomer['id']}", json={"profile": {"department": "Sales"}})
    assert moved.status_code == 200, moved.text
    assert newcomer["id"] not in _members(api, group)  # leaves when it stops matching
    back = api.post(f"/api/v1/users/{newcomer['id']}", json={"profile": {"department": "Finance"}})
    assert back.status_code == 200 and newcomer["id"] in _members(api, group)
    groups = {g["id"] for g in api.get(f"/api/v1/users/{newcomer['id']}/groups").json()}
    assert group in groups
