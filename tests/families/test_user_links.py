"""A user's app links follow its direct and group app assignments; its identity providers follow IdP links."""

from __future__ import annotations

import secrets

import httpx


def test_app_links_follow_assignments(api: httpx.Client) -> None:
    login = f"links{secrets.token_hex(4)}@example.com"
    user = api.post("/api/v1/users", json={"profile": {"firstName": "L", "lastName": "K", "email": login,
                                                       "login": login}}).json()
    direct = api.post("/api/v1/apps", json={"name": "bookmark", "label": "Direct", "signOnMode": "BOOKMARK",
                                             "settings": {"app": {"url": "https://example.com/d"}}}).json()
    via_group = api.post("/api/v1/apps", json={"name": "bookmark", "label": "Via group", "signOnMode": "BOOKMARK",
                                                "settings": {"app": {"url": "https://example.com/g"}}}).json()
    api.post("/api/v1/apps", json={"name": "bookmark", "label": "Unassigned", "signOnMode": "BOOKMARK",
                                   "settings": {"app": {"url": "https://example.com/u"}}})
    assert api.get(f"/api/v1/users/{user['id']}/appLinks").json() == []
    assert api.post(f"/api/v1/apps/{direct['id']}/users", json={"id": user["id"], "scope": "USER"}).status_code == 200
    group = api.post("/api/v1/groups", json={"profile": {"name": f"links-{secrets.token_hex(4)}"}}).json()
    api.put(f"/api/v1/groups/{group['id']}/users/{user['id']}")
    assert api.put(f"/api/v1/apps/{via_group['id']}/groups/{group['id']}", json={}).status_code == 200
    links = api.get(f"/api/v1/users/{user['id']}/appLinks").json()
    assert [(link["label"], link["appInstanceId"]) for link in links] == [("Direct", direct["id"]),
                                                                         ("Via group", via_group["id"])]
    assert all(link["linkUrl"].startswith("http") and link["appName"] == "bookmark" for link in links)
    api.post(f"/api/v1/apps/{direct['id']}/lifecycle/deactivate")
    assert [link["label"] for link in api.get(f"/api/v1/users/{user['id']}/appLinks").json()] == ["Via group"]
    assert api.get("/api/v1/users/00uNOSUCHUSER0000000/appLinks").status_code == 404
