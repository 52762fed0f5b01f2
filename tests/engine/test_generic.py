"""What every operation gets from the generic engine, over HTTP on both stores: required fields, parents that must
exist, children that go with their parent, settings objects with defaults that persist, lifecycle verbs, hosts."""

from __future__ import annotations

import httpx

from tests.conftest import Server


def test_missing_required_field_is_named(api: httpx.Client) -> None:
    resp = api.post("/api/v1/apps", json={"label": "no sign-on mode"})
    assert resp.status_code == 400
    assert any("signOnMode" in c["errorSummary"] for c in resp.json()["errorCauses"])


def test_sub_resources_need_both_parents(api: httpx.Client) -> None:
    group = api.post("/api/v1/groups", json={"profile": {"name": "parents"}}).json()
    user = api.get("/api/v1/users").json()[0]
    assert api.put(f"/api/v1/groups/{group['id']}/users/00uNOSUCHUSER0000000").status_code == 404
    assert api.put(f"/api/v1/groups/00gNOSUCHGROUP000000/users/{user['id']}").status_code == 404
    assert api.put(f"/api/v1/groups/{group['id']}/users/{user['id']}").status_code == 204
    members = api.get(f"/api/v1/groups/{group['id']}/users").json()
    assert [m["id"] for m in members] == [user["id"]]
    assert members[0]["profile"]["login"] == user["profile"]["login"]  # the user itself, not a link record
    assert api.delete(f"/api/v1/groups/{group['id']}/users/{user['id']}").status_code == 204
    assert api.get(f"/api/v1/groups/{group['id']}/users").json() == []


def test_children_go_with_their_parent(api: httpx.Client) -> None:
    server = api.post("/api/v1/authorizationServers", json={"name": "parent-as", "audiences": ["api://p"]}).json()
    scope = api.post(f"/api/v1/authorizationServers/{server['id']}/scopes", json={"name": "child:scope"}).json()
    assert api.get(f"/api/v1/authorizationServers/{server['id']}/scopes/{scope['id']}").status_code == 200
    api.post(f"/api/v1/authorizationServers/{server['id']}/lifecycle/deactivate")
    assert api.delete(f"/api/v1/authorizationServers/{server['id']}").status_code == 204
    assert api.get(f"/api/v1/authorizationServers/{server['id']}/scopes/{scope['id']}").status_code == 404
    assert api.get(f"/api/v1/authorizationServers/{server['id']}/scopes").status_code == 404


def test_settings_singleton_starts_from_defaults_and_persists(api: httpx.Client) -> None:
    first = api.get("/api/v1/threats/configuration")
    assert first.status_code == 200 and first.json()["action"] == "none"
    changed = api.post("/api/v1/threats/configuration", json={"action": "audit", "excludeZones": []})
    assert changed.status_code == 200 and changed.json()["action"] == "audit"
    assert api.get("/api/v1/threats/configuration").json()["action"] == "audit"


def test_lifecycle_verbs_move_status(api: httpx.Client) -> None:
    zone = api.post("/api/v1/zones", json={"name": "lifecycle zone", "type": "IP",
                                           "gateways": [{"type": "CIDR", "value": "10.20.0.0/16"}]}).json()
    assert zone["status"] == "ACTIVE"
    assert api.post(f"/api/v1/zones/{zone['id']}/lifecycle/deactivate").json()["status"] == "INACTIVE"
    assert api.get(f"/api/v1/zones/{zone['id']}").json()["status"] == "INACTIVE"
    assert api.post(f"/api/v1/zones/{zone['id']}/lifecycle/activate").json()["status"] == "ACTIVE"
    assert api.post("/api/v1/zones/nzoNOSUCHZONE0000000/lifecycle/activate").status_code == 404


def test_documented_success_codes(api: httpx.Client) -> None:
    server = api.post("/api/v1/authorizationServers", json={"name": "codes-as", "audiences": ["api://c"]})
    assert server.status_code == 201  # createAuthorizationServer documents 201
    assert api.post("/api/v1/groups", json={"profile": {"name": "codes"}}).status_code == 200  # addGroup: 200


def test_unknown_host_reaches_the_default_org_with_its_own_links(server: Server) -> None:
    with httpx.Client(base_url=server.url, headers={"Authorization": f"SSWS {server.token}",
                                                      "Host": "other.example.com"}) as api:
        users = api.get("/api/v1/users")
        assert users.status_code == 200
        assert users.json()[0]["_links"]["self"]["href"].startswith("http://other.example.com/api/v1/users/")


def test_generic_lists_apply_filter_expressions(api: httpx.Client) -> None:
    for name in ("filter-a", "filter-b"):
        origin = {"name": name, "origin": f"https://{name}.example.com", "scopes": [{"type": "CORS"}]}
        assert api.post("/api/v1/trustedOrigins", json=origin).status_code == 200
    found = api.get("/api/v1/trustedOrigins", params={"filter": 'name eq "filter-b" and status eq "ACTIVE"'})
    assert [o["name"] for o in found.json()] == ["filter-b"]
    bad = api.get("/api/v1/trustedOrigins", params={"filter": 'name eqq "x"'})
    assert bad.status_code == 400 and bad.json()["errorCauses"][0]["errorSummary"].startswith("filter:")
