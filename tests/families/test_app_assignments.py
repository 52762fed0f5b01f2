"""App assignments: direct app users, group assignments with priorities and JSON Patch, GROUP-scoped app users that
follow memberships (by hand, by rule, at user creation) and user status, write-only passwords, the app user schema,
the derived reads (`/users/{id}/appLinks`, `/groups/{id}/apps`) and the System Log events."""

from __future__ import annotations

import secrets
import time
from typing import Any

import httpx

APPS = "/api/v1/apps"
GROUPS = "/api/v1/groups"
USERS = "/api/v1/users"


def _app(api: httpx.Client, **extra: Any) -> dict[str, Any]:
    body = {"name": "bookmark", "label": f"Assigned {secrets.token_hex(4)}", "signOnMode": "BOOKMARK",
            "settings": {"app": {"requestIntegration": False, "url": "https://example.com/"}}, **extra}
    resp = api.post(APPS, json=body)
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def _user(api: httpx.Client, first: str = "Ada", **profile: Any) -> dict[str, Any]:
    login = f"{first.lower()}.{secrets.token_hex(4)}@example.com"
    body = {"profile": {"firstName": first, "lastName": "Lovelace", "email": login, "login": login, **profile}}
    resp = api.post(USERS, json=body)
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def _group(api: httpx.Client, *members: dict[str, Any]) -> dict[str, Any]:
    resp = api.post(GROUPS, json={"profile": {"name": f"assign-{secrets.token_hex(4)}"}})
    assert resp.status_code == 200, resp.text
    group = dict(resp.json())
    for user in members:
        assert api.put(f"{GROUPS}/{group['id']}/users/{user['id']}").status_code == 204
    return group


def _assign_group(api: httpx.Client, app: dict[str, Any], group: dict[str, Any], **body: Any) -> dict[str, Any]:
    resp = api.put(f"{APPS}/{app['id']}/groups/{group['id']}", json=body)
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def _app_user(api: httpx.Client, app: dict[str, Any], user: dict[str, Any]) -> httpx.Response:
    return api.get(f"{APPS}/{app['id']}/users/{user['id']}")


def _app_user_ids(api: httpx.Client, app: dict[str, Any]) -> set[str]:
    return {u["id"] for u in api.get(f"{APPS}/{app['id']}/users", params={"limit": 200}).json()}


# -- application users ----------------------------------------------------------------------------------------------


def test_assign_user_directly(api: httpx.Client) -> None:
    app, user = _app(api), _user(api)
    resp = api.post(f"{APPS}/{app['id']}/users", json={"id": user["id"], "scope": "USER"})
    assert resp.status_code == 200, resp.text
    out = resp.json()
    assert out["id"] == user["id"] and out["scope"] == "USER" and out["status"] == "ACTIVE"
    assert out["syncState"] == "DISABLED" and out["passwordChanged"] is None
    assert out["credentials"] == {"userName": user["profile"]["login"]}  # the default template: the Okta login
    assert out["created"] == out["lastUpdated"] == out["statusChanged"]
    links = out["_links"]
    assert links["app"]["href"].endswith(f"{APPS}/{app['id']}")
    assert links["user"]["href"].endswith(f"{USERS}/{user['id']}")
    assert links["self"]["href"].endswith(f"{APPS}/{app['id']}/users/{user['id']}") and "group" not in links
    assert _app_user(api, app, user).json()["credentials"]["userName"] == user["profile"]["login"]


def test_user_name_follows_the_apps_template(api: httpx.Client) -> None:
    template = {"template": '${fn:substringBefore(source.login, "@")}', "type": "BUILT_IN"}
    app, user = _app(api, credentials={"userNameTemplate": template}), _user(api)
    out = api.post(f"{APPS}/{app['id']}/users", json={"id": user["id"]}).json()
    assert out["credentials"]["userName"] == user["profile"]["login"].split("@")[0]
    lower = _app(api, credentials={"userNameTemplate": {"template": "${fn:toLowerCase(source.firstName)}"}})
    assert api.post(f"{APPS}/{lower['id']}/users", json={"id": user["id"]}).json()["credentials"] == {
        "userName": "ada"}
    chosen = api.post(f"{APPS}/{lower['id']}/users", json={"id": user["id"], "credentials": {"userName": "ada-l"}})
    assert chosen.json()["credentials"]["userName"] == "ada-l"  # assigning again updates the app user


def test_unknown_user_or_app_is_404_and_bad_input_400(api: httpx.Client) -> None:
    app, user = _app(api), _user(api)
    missing = api.post(f"{APPS}/{app['id']}/users", json={"id": "00uNOSUCHUSER0000000"})
    assert missing.status_code == 404 and missing.json()["errorCode"] == "E0000007"
    assert api.post(f"{APPS}/0oaNOSUCHAPP00000000/users", json={"id": user["id"]}).status_code == 404
    assert api.get(f"{APPS}/{app['id']}/users/{user['id']}").status_code == 404  # not assigned
    assert api.get(f"{APPS}/0oaNOSUCHAPP00000000/users").status_code == 404
    blank = api.post(f"{APPS}/{app['id']}/users", json={"scope": "USER"})
    assert blank.status_code == 400 and "id" in blank.json()["errorCauses"][0]["errorSummary"]
    scope = api.post(f"{APPS}/{app['id']}/users", json={"id": user["id"], "scope": "EVERYONE"})
    assert scope.status_code == 400 and "scope" in scope.json()["errorCauses"][0]["errorSummary"]
    long = api.post(f"{APPS}/{app['id']}/users", json={"id": user["id"], "credentials": {"userName": "x" * 101}})
    assert long.status_code == 400 and "credentials.userName" in long.json()["errorCauses"][0]["errorSummary"]
    group_scope = api.post(f"{APPS}/{app['id']}/users", json={"id": user["id"], "scope": "GROUP"})
    assert group_scope.status_code == 400  # no group grants this app
    assert api.get(f"{APPS}/{app['id']}/users/{user['id']}").status_code == 404  # nothing half-written


def test_password_is_write_only(api: httpx.Client) -> None:
    app, user = _app(api), _user(api)
    body = {"id": user["id"], "credentials": {"userName": "ada", "password": {"value": "Sup3r-secret!"}}}
    out = api.post(f"{APPS}/{app['id']}/users", json=body).json()
    assert out["credentials"] == {"userName": "ada", "password": {}}
    assert out["passwordChanged"] is not None
    for doc in (_app_user(api, app, user).json(), api.get(f"{APPS}/{app['id']}/users").json()[0]):
        assert "Sup3r-secret!" not in str(doc) and doc["credentials"]["password"] == {}
    time.sleep(0.002)
    changed = api.post(f"{APPS}/{app['id']}/users/{user['id']}",
                       json={"credentials": {"password": {"value": "An0ther-secret!"}}}).json()
    assert changed["passwordChanged"] > out["passwordChanged"] and "An0ther" not in str(changed)
    bad = api.post(f"{APPS}/{app['id']}/users/{user['id']}", json={"credentials": {"password": {"value": 7}}})
    assert bad.status_code == 400 and "credentials.password.value" in bad.text


def test_update_merges_profile_and_credentials(api: httpx.Client) -> None:
    app, user = _app(api), _user(api)
    schema = {"definitions": {"custom": {"id": "#custom", "type": "object", "properties": {
        "team": {"title": "Team", "type": "string"}, "level": {"title": "Level", "type": "integer"}}}}}
    assert api.post(f"/api/v1/meta/schemas/apps/{app['id']}/default", json=schema).status_code == 200
    api.post(f"{APPS}/{app['id']}/users", json={"id": user["id"], "profile": {"team": "core"}})
    time.sleep(0.002)
    out = api.post(f"{APPS}/{app['id']}/users/{user['id']}", json={"profile": {"level": 3}}).json()
    assert out["profile"] == {"team": "core", "level": 3}
    renamed = api.post(f"{APPS}/{app['id']}/users/{user['id']}", json={"credentials": {"userName": "ada2"}}).json()
    assert renamed["credentials"]["userName"] == "ada2" and renamed["profile"]["level"] == 3
    assert renamed["lastUpdated"] > renamed["created"]
    assert api.post(f"{APPS}/{app['id']}/users/00uNOSUCHUSER0000000", json={}).status_code == 404


def test_app_user_schema_validates_profiles(api: httpx.Client) -> None:
    app, user = _app(api), _user(api)
    schema = {"definitions": {"custom": {"id": "#custom", "type": "object", "properties": {
        "level": {"title": "Level", "type": "integer"},
        "costCenter": {"title": "Cost center", "type": "string", "required": True}},
        "required": ["costCenter"]}}}
    assert api.post(f"/api/v1/meta/schemas/apps/{app['id']}/default", json=schema).status_code == 200
    unknown = api.post(f"{APPS}/{app['id']}/users", json={"id": user["id"], "profile": {"costCenter": "x",
                                                                                        "shoeSize": 9}})
    assert unknown.status_code == 400 and unknown.json()["errorCode"] == "E0000001"
    assert "shoeSize" in unknown.json()["errorCauses"][0]["errorSummary"]
    typed = api.post(f"{APPS}/{app['id']}/users", json={"id": user["id"], "profile": {"costCenter": "x",
                                                                                      "level": "high"}})
    assert typed.status_code == 400 and "level" in typed.json()["errorCauses"][0]["errorSummary"]
    required = api.post(f"{APPS}/{app['id']}/users", json={"id": user["id"], "profile": {"level": 1}})
    assert required.status_code == 400 and "costCenter" in required.json()["errorCauses"][0]["errorSummary"]
    good = api.post(f"{APPS}/{app['id']}/users", json={"id": user["id"], "profile": {"costCenter": "cc1"}})
    assert good.status_code == 200 and good.json()["profile"] == {"costCenter": "cc1"}
    patch = api.post(f"{APPS}/{app['id']}/users/{user['id']}", json={"profile": {"level": 2}})
    assert patch.status_code == 200 and patch.json()["profile"] == {"costCenter": "cc1", "level": 2}
    group = _group(api)
    bad_group = api.put(f"{APPS}/{app['id']}/groups/{group['id']}", json={"profile": {"shoeSize": 9}})
    assert bad_group.status_code == 400 and "shoeSize" in bad_group.text


def test_list_q_expand_and_paging(api: httpx.Client) -> None:
    app = _app(api)
    people = [_user(api, first) for first in ("Grace", "Gordon", "Linus")]
    for person in people:
        assert api.post(f"{APPS}/{app['id']}/users", json={"id": person["id"]}).status_code == 200
    assert [u["id"] for u in api.get(f"{APPS}/{app['id']}/users").json()] == [p["id"] for p in people]
    hits = api.get(f"{APPS}/{app['id']}/users", params={"q": "G"}).json()
    assert [u["id"] for u in hits] == [people[0]["id"], people[1]["id"]]  # the userName starts with the first name
    first = api.get(f"{APPS}/{app['id']}/users", params={"limit": 2})
    assert len(first.json()) == 2 and 'rel="next"' in first.headers.get("link", "")
    rest = api.get(first.links["next"]["url"]).json()
    assert [u["id"] for u in rest] == [people[2]["id"]]
    expanded = api.get(f"{APPS}/{app['id']}/users", params={"expand": "user"}).json()
    assert expanded[0]["_embedded"]["user"]["profile"]["login"] == people[0]["profile"]["login"]
    one = api.get(f"{APPS}/{app['id']}/users/{people[2]['id']}", params={"expand": "user"}).json()
    assert one["_embedded"]["user"]["id"] == people[2]["id"]


def test_unassign_user(api: httpx.Client) -> None:
    app, user = _app(api), _user(api)
    api.post(f"{APPS}/{app['id']}/users", json={"id": user["id"], "credentials": {"password": {"value": "x1Y!"}}})
    assert api.delete(f"{APPS}/{app['id']}/users/{user['id']}", params={"sendEmail": "false"}).status_code == 204
    assert _app_user(api, app, user).status_code == 404
    assert api.delete(f"{APPS}/{app['id']}/users/{user['id']}").status_code == 404
    again = api.post(f"{APPS}/{app['id']}/users", json={"id": user["id"]}).json()
    assert "password" not in again["credentials"] and again["passwordChanged"] is None  # nothing survived


# -- application groups ---------------------------------------------------------------------------------------------


def test_group_assignment_round_trip(api: httpx.Client) -> None:
    app, group = _app(api), _group(api)
    out = _assign_group(api, app, group)
    assert out["id"] == group["id"] and out["priority"] == 0 and out["profile"] == {}
    assert out["_links"]["app"]["href"].endswith(f"{APPS}/{app['id']}")
    assert out["_links"]["group"]["href"].endswith(f"{GROUPS}/{group['id']}")
    assert out["_links"]["self"]["href"].endswith(f"{APPS}/{app['id']}/groups/{group['id']}")
    got = api.get(f"{APPS}/{app['id']}/groups/{group['id']}", params={"expand": "group"}).json()
    assert got["_embedded"]["group"]["profile"]["name"] == group["profile"]["name"]
    listed = api.get(f"{APPS}/{app['id']}/groups", params={"q": group["profile"]["name"][:10]}).json()
    assert [g["id"] for g in listed] == [group["id"]]
    assert api.get(f"{APPS}/{app['id']}/groups", params={"q": "zz-nothing"}).json() == []
    assert [a["id"] for a in api.get(f"{GROUPS}/{group['id']}/apps").json()] == [app["id"]]
    assert api.delete(f"{APPS}/{app['id']}/groups/{group['id']}").status_code == 204
    assert api.get(f"{APPS}/{app['id']}/groups/{group['id']}").status_code == 404
    assert api.get(f"{GROUPS}/{group['id']}/apps").json() == []
    assert api.put(f"{APPS}/{app['id']}/groups/00gNOSUCHGROUP000000", json={}).status_code == 404
    assert api.put(f"{APPS}/0oaNOSUCHAPP00000000/groups/{group['id']}", json={}).status_code == 404
    bad = api.put(f"{APPS}/{app['id']}/groups/{group['id']}", json={"priority": -1})
    assert bad.status_code == 400 and "priority" in bad.json()["errorCauses"][0]["errorSummary"]


def test_priorities_renumber(api: httpx.Client) -> None:
    app = _app(api)
    a, b, c = _group(api), _group(api), _group(api)
    for g in (a, b):
        _assign_group(api, app, g)
    assert _assign_group(api, app, c, priority=0)["priority"] == 0  # goes first; the others move down

    def order() -> dict[str, int]:
        return {g["id"]: g["priority"] for g in api.get(f"{APPS}/{app['id']}/groups").json()}

    assert order() == {c["id"]: 0, a["id"]: 1, b["id"]: 2}
    assert _assign_group(api, app, a, priority=9)["priority"] == 2  # past the end lands at the end
    assert order() == {c["id"]: 0, b["id"]: 1, a["id"]: 2}
    assert api.delete(f"{APPS}/{app['id']}/groups/{c['id']}").status_code == 204
    assert order() == {b["id"]: 0, a["id"]: 1}
    assert _assign_group(api, app, b)["priority"] == 0  # re-assigning without priority keeps its place


def test_json_patch(api: httpx.Client) -> None:
    app, group, other = _app(api), _group(api), _group(api)
    schema = {"definitions": {"custom": {"id": "#custom", "type": "object", "properties": {
        "team": {"title": "Team", "type": "string"}, "level": {"title": "Level", "type": "integer"}}}}}
    assert api.post(f"/api/v1/meta/schemas/apps/{app['id']}/default", json=schema).status_code == 200
    _assign_group(api, app, group, profile={"team": "core", "level": 1})
    _assign_group(api, app, other)
    path = f"{APPS}/{app['id']}/groups/{group['id']}"
    ops = [{"op": "replace", "path": "/profile/team", "value": "edge"}, {"op": "remove", "path": "/profile/level"},
           {"op": "replace", "path": "/priority", "value": 1}]
    out = api.patch(path, json=ops)
    assert out.status_code == 200, out.text
    assert out.json()["profile"] == {"team": "edge"} and out.json()["priority"] == 1
    assert api.get(f"{APPS}/{app['id']}/groups/{other['id']}").json()["priority"] == 0
    for bad_ops, field in (([{"op": "replace", "path": "/id", "value": "x"}], "[0].path"),
                           ([{"op": "move", "path": "/profile/team", "from": "/profile/x"}], "[0].op"),
                           ([{"op": "add", "path": "/profile/level", "value": "one"}], "level"),
                           ([{"op": "replace", "path": "/priority", "value": "first"}], "priority"),
                           ({"op": "replace"}, "body")):
        resp = api.patch(path, json=bad_ops)
        assert resp.status_code == 400, (bad_ops, resp.text)
        assert field in resp.json()["errorCauses"][0]["errorSummary"]
    assert api.get(path).json()["profile"] == {"team": "edge"}  # failed patches change nothing
    assert api.patch(f"{APPS}/{app['id']}/groups/00gNOSUCHGROUP000000", json=ops).status_code == 404


def test_metadata_expand(api: httpx.Client) -> None:
    app, group = _app(api), _group(api)
    schema = {"definitions": {"custom": {"id": "#custom", "type": "object", "properties": {
        "team": {"title": "Team", "type": "string"}}}}}
    api.post(f"/api/v1/meta/schemas/apps/{app['id']}/default", json=schema)
    _assign_group(api, app, group, profile={"team": "core"})
    listed = api.get(f"{APPS}/{app['id']}/groups", params={"expand": "metadata"}).json()
    metadata = listed[0]["_embedded"]["metadata"]
    assert metadata["profile"]["team"]["source"]["value"][0]["id"] == group["id"]


# -- group-granted app users ----------------------------------------------------------------------------------------


def test_group_members_get_group_scoped_app_users(api: httpx.Client) -> None:
    app = _app(api)
    direct, member = _user(api), _user(api, "Bo")
    api.post(f"{APPS}/{app['id']}/users", json={"id": direct["id"]})
    group = _group(api, direct, member)
    _assign_group(api, app, group)
    granted = _app_user(api, app, member).json()
    assert granted["scope"] == "GROUP" and granted["credentials"]["userName"] == member["profile"]["login"]
    assert granted["_links"]["group"]["href"].endswith(f"{GROUPS}/{group['id']}")
    assert _app_user(api, app, direct).json()["scope"] == "USER"  # a direct assignment stays the admin's
    assert api.delete(f"{APPS}/{app['id']}/groups/{group['id']}").status_code == 204
    assert _app_user(api, app, member).status_code == 404
    assert _app_user(api, app, direct).json()["scope"] == "USER"


def test_later_members_by_hand_rule_and_creation(api: httpx.Client) -> None:
    app, group = _app(api), _group(api)
    _assign_group(api, app, group)
    by_hand = _user(api)
    api.put(f"{GROUPS}/{group['id']}/users/{by_hand['id']}")
    assert _app_user(api, app, by_hand).json()["scope"] == "GROUP"
    login = f"born.{secrets.token_hex(4)}@example.com"
    created = api.post(USERS, json={"profile": {"firstName": "Born", "lastName": "In", "email": login, "login": login},
                                    "groupIds": [group["id"]]}).json()
    assert _app_user(api, app, created).json()["scope"] == "GROUP"
    department = f"dept-{secrets.token_hex(3)}"
    rule = api.post(f"{GROUPS}/rules", json={
        "type": "group_rule", "name": f"rule-{secrets.token_hex(3)}",
        "conditions": {"expression": {"value": f'user.department=="{department}"', "type": "urn:okta:expression:1.0"}},
        "actions": {"assignUserToGroups": {"groupIds": [group["id"]]}}}).json()
    assert api.post(f"{GROUPS}/rules/{rule['id']}/lifecycle/activate").status_code == 204
    ruled = _user(api, "Rule", department=department)
    assert _app_user(api, app, ruled).json()["scope"] == "GROUP"
    moved = api.post(f"{USERS}/{ruled['id']}", json={"profile": {"department": "elsewhere"}})
    assert moved.status_code == 200
    assert _app_user(api, app, ruled).status_code == 404  # the rule took the membership back, and the app with it
    api.delete(f"{GROUPS}/{group['id']}/users/{by_hand['id']}")
    assert _app_user(api, app, by_hand).status_code == 404
    api.post(f"{GROUPS}/rules/{rule['id']}/lifecycle/deactivate")


def test_another_group_still_grants(api: httpx.Client) -> None:
    app, user = _app(api), _user(api)
    schema = {"definitions": {"custom": {"id": "#custom", "type": "object", "properties": {
        "team": {"title": "Team", "type": "string"}, "site": {"title": "Site", "type": "string"}}}}}
    api.post(f"/api/v1/meta/schemas/apps/{app['id']}/default", json=schema)
    first, second = _group(api, user), _group(api, user)
    _assign_group(api, app, first, profile={"team": "red", "site": "north"})
    _assign_group(api, app, second, profile={"team": "blue"})
    granted = _app_user(api, app, user).json()
    assert granted["_links"]["group"]["href"].endswith(first["id"])  # the top-priority group
    assert granted["profile"] == {"team": "red", "site": "north"}  # its values win
    _assign_group(api, app, second, priority=0, profile={"team": "blue"})
    assert _app_user(api, app, user).json()["profile"] == {"team": "blue", "site": "north"}
    api.delete(f"{GROUPS}/{second['id']}/users/{user['id']}")
    still = _app_user(api, app, user).json()
    assert still["scope"] == "GROUP" and still["_links"]["group"]["href"].endswith(first["id"])
    assert still["profile"] == {"team": "red", "site": "north"}
    assert api.delete(f"{GROUPS}/{first['id']}").status_code == 204  # deleting the group takes its grant along
    assert _app_user(api, app, user).status_code == 404
    assert [g["id"] for g in api.get(f"{APPS}/{app['id']}/groups").json()] == [second["id"]]


def test_group_grant_blocks_unassigning_and_direct_assignment_converts(api: httpx.Client) -> None:
    app, user = _app(api), _user(api)
    group = _group(api, user)
    _assign_group(api, app, group)
    refused = api.delete(f"{APPS}/{app['id']}/users/{user['id']}")
    assert refused.status_code == 403 and refused.json()["errorCode"] == "E0000046"
    direct = api.post(f"{APPS}/{app['id']}/users", json={"id": user["id"], "scope": "USER"}).json()
    assert direct["scope"] == "USER" and "group" not in direct["_links"]
    assert api.delete(f"{APPS}/{app['id']}/users/{user['id']}").status_code == 403  # the group still grants it
    back = api.post(f"{APPS}/{app['id']}/users/{user['id']}", json={"scope": "GROUP"})
    assert back.status_code == 400 and "scope" in back.text
    api.delete(f"{GROUPS}/{group['id']}/users/{user['id']}")
    assert _app_user(api, app, user).json()["scope"] == "USER"  # the direct assignment outlives the group
    assert api.delete(f"{APPS}/{app['id']}/users/{user['id']}").status_code == 204


def test_deactivated_users_lose_app_users(api: httpx.Client) -> None:
    app, user, other = _app(api), _user(api), _user(api, "Cy")
    group = _group(api, user)
    _assign_group(api, app, group)
    api.post(f"{APPS}/{app['id']}/users", json={"id": other["id"]})
    assert _app_user_ids(api, app) == {user["id"], other["id"]}
    for person in (user, other):
        assert api.post(f"{USERS}/{person['id']}/lifecycle/deactivate").status_code == 200
    assert _app_user_ids(api, app) == set()
    refused = api.post(f"{APPS}/{app['id']}/users", json={"id": other["id"]})
    assert refused.status_code == 400
    for person in (user, other):
        assert api.post(f"{USERS}/{person['id']}/lifecycle/activate", params={"sendEmail": "false"}).status_code == 200
    assert _app_user_ids(api, app) == {user["id"]}  # memberships bring the group's app back; direct ones are gone
    api.post(f"{USERS}/{user['id']}/lifecycle/deactivate")
    assert api.delete(f"{USERS}/{user['id']}").status_code == 204
    assert _app_user_ids(api, app) == set()


def test_app_links_follow_assignments(api: httpx.Client) -> None:
    app, granted_app, user = _app(api), _app(api), _user(api)
    api.post(f"{APPS}/{app['id']}/users", json={"id": user["id"]})
    group = _group(api, user)
    _assign_group(api, granted_app, group)
    links = api.get(f"{USERS}/{user['id']}/appLinks").json()
    assert {link["appInstanceId"] for link in links} == {app["id"], granted_app["id"]}
    api.delete(f"{GROUPS}/{group['id']}/users/{user['id']}")
    assert [link["appInstanceId"] for link in api.get(f"{USERS}/{user['id']}/appLinks").json()] == [app["id"]]


def test_group_apps_pages(api: httpx.Client) -> None:
    group = _group(api)
    apps = [_app(api) for _ in range(3)]
    for app in apps:
        _assign_group(api, app, group)
    first = api.get(f"{GROUPS}/{group['id']}/apps", params={"limit": 2})
    assert [a["id"] for a in first.json()] == [a["id"] for a in apps[:2]]
    rest = api.get(first.links["next"]["url"]).json()
    assert [a["id"] for a in rest] == [apps[2]["id"]]
    assert api.get(f"{GROUPS}/00gNOSUCHGROUP000000/apps").status_code == 404


def test_events_are_logged(api: httpx.Client) -> None:
    app, user = _app(api), _user(api)
    group = _group(api, user)
    _assign_group(api, app, group)
    api.post(f"{APPS}/{app['id']}/users/{user['id']}", json={"credentials": {"userName": "renamed"}})
    api.delete(f"{APPS}/{app['id']}/groups/{group['id']}")
    kinds = [event["eventType"] for target in (app["id"], group["id"]) for event in
             api.get("/api/v1/logs", params={"filter": f'target.id eq "{target}"', "limit": 1000}).json()]
    for kind in ("application.group_membership.add", "application.user_membership.add",
                 "application.user_membership.change_username", "application.user_membership.remove",
                 "application.group_membership.remove"):
        assert kind in kinds, (kind, kinds)
    direct = _user(api)
    api.post(f"{APPS}/{app['id']}/users", json={"id": direct["id"]})
    added = api.get("/api/v1/logs", params={"filter": 'eventType eq "application.user_membership.add" and '
                                                      f'target.id eq "{direct["id"]}"'}).json()
    assert [(t["id"], t["type"]) for t in added[0]["target"]] == [(app["id"], "AppInstance"), (direct["id"], "User")]


def test_templated_user_names_follow_the_login(api: httpx.Client) -> None:
    app, chosen_app, user = _app(api), _app(api), _user(api)
    api.post(f"{APPS}/{app['id']}/users", json={"id": user["id"]})
    api.post(f"{APPS}/{chosen_app['id']}/users", json={"id": user["id"], "credentials": {"userName": "mine"}})
    login = f"renamed.{secrets.token_hex(4)}@example.com"
    assert api.post(f"{USERS}/{user['id']}", json={"profile": {"login": login}}).status_code == 200
    assert _app_user(api, app, user).json()["credentials"]["userName"] == login
    assert _app_user(api, chosen_app, user).json()["credentials"]["userName"] == "mine"  # the admin's choice stays
    logged = api.get("/api/v1/logs", params={"filter": 'eventType eq "application.user_membership.change_username"'
                                                       f' and target.id eq "{app["id"]}"'}).json()
    assert len(logged) == 1 and {t["id"] for t in logged[0]["target"]} == {app["id"], user["id"]}


def test_direct_assignment_cannot_become_group_scoped(api: httpx.Client) -> None:
    app, user = _app(api), _user(api)
    api.post(f"{APPS}/{app['id']}/users", json={"id": user["id"]})
    group = _group(api, user)
    _assign_group(api, app, group)
    refused = api.post(f"{APPS}/{app['id']}/users", json={"id": user["id"], "scope": "GROUP"})
    assert refused.status_code == 400 and "scope" in refused.json()["errorCauses"][0]["errorSummary"]
    assert _app_user(api, app, user).json()["scope"] == "USER"


def test_rule_deleted_with_its_users_takes_the_app(api: httpx.Client) -> None:
    app, group = _app(api), _group(api)
    _assign_group(api, app, group)
    department = f"dept-{secrets.token_hex(3)}"
    rule = api.post(f"{GROUPS}/rules", json={
        "type": "group_rule", "name": f"rule-{secrets.token_hex(3)}",
        "conditions": {"expression": {"value": f'user.department=="{department}"', "type": "urn:okta:expression:1.0"}},
        "actions": {"assignUserToGroups": {"groupIds": [group["id"]]}}}).json()
    api.post(f"{GROUPS}/rules/{rule['id']}/lifecycle/activate")
    ruled = _user(api, "Rule", department=department)
    assert _app_user(api, app, ruled).json()["scope"] == "GROUP"
    stats = api.get(f"{GROUPS}/{group['id']}", params={"expand": "stats"}).json()["_embedded"]["stats"]
    assert stats["appsCount"] == 1
    api.post(f"{GROUPS}/rules/{rule['id']}/lifecycle/deactivate")
    assert api.delete(f"{GROUPS}/rules/{rule['id']}", params={"removeUsers": "true"}).status_code == 202
    assert _app_user(api, app, ruled).status_code == 404
