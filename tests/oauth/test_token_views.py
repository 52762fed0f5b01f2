"""The refresh tokens the token endpoint issued, seen and revoked through the management API: per authorization
server and client, per app, and per user and client; a revoked token no longer refreshes."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import Server
from tests.oauth.test_tokens import DEFAULT, PASSWORD, password_client, post, user_with_password


def issued(api: httpx.Client, server: Server) -> tuple[Any, str, str, str]:
    """A client, its user, and a refresh token (value) the default server issued to them by the password grant."""
    login = user_with_password(api)
    user_id = api.get(f"/api/v1/users/{login}").json()["id"]
    client = password_client(api, "STATIC")
    answer = post(server, client, DEFAULT, "token", grant_type="password", username=login, password=PASSWORD,
                  scope="openid offline_access").json()
    assert "refresh_token" in answer, answer
    return client, user_id, answer["refresh_token"], login


def refresh(server: Server, client: Any, value: str) -> httpx.Response:
    return post(server, client, DEFAULT, "token", grant_type="refresh_token", refresh_token=value,
                scope="openid offline_access")


def test_views_agree_on_one_token(api: httpx.Client, server: Server) -> None:
    client, user_id, _value, _login = issued(api, server)
    app_id = client.app["id"]
    by_app = api.get(f"/api/v1/apps/{app_id}/tokens")
    assert by_app.status_code == 200, by_app.text
    [token] = by_app.json()
    assert token["clientId"] == client.client_id and token["userId"] == user_id and token["status"] == "ACTIVE"
    assert set(token["scopes"]) == {"openid", "offline_access"}
    assert token["issuer"] == f"{server.url}/oauth2/default"
    by_server = api.get(f"/api/v1/authorizationServers/default/clients/{client.client_id}/tokens").json()
    by_user = api.get(f"/api/v1/users/{user_id}/clients/{client.client_id}/tokens").json()
    assert [t["id"] for t in by_server] == [t["id"] for t in by_user] == [token["id"]]
    one = api.get(f"/api/v1/users/{user_id}/clients/{client.client_id}/tokens/{token['id']}")
    assert one.status_code == 200 and one.json()["id"] == token["id"]
    assert api.get(f"/api/v1/apps/{app_id}/tokens/{token['id']}").json()["userId"] == user_id
    clients = api.get(f"/api/v1/users/{user_id}/clients").json()
    assert [c["client_id"] for c in clients] == [client.client_id]
    assert clients[0]["_links"]["tokens"]["href"].endswith(f"/users/{user_id}/clients/{client.client_id}/tokens")


def test_revoking_through_the_app_ends_the_refresh_token(api: httpx.Client, server: Server) -> None:
    client, _user_id, value, _login = issued(api, server)
    [token] = api.get(f"/api/v1/apps/{client.app['id']}/tokens").json()
    assert refresh(server, client, value).status_code == 200  # STATIC rotation: the same value refreshes again
    assert api.delete(f"/api/v1/apps/{client.app['id']}/tokens/{token['id']}").status_code == 204
    assert refresh(server, client, value).json()["error"] == "invalid_grant"
    assert api.get(f"/api/v1/apps/{client.app['id']}/tokens/{token['id']}").status_code == 404
    assert api.get(f"/api/v1/apps/{client.app['id']}/tokens").json() == []


def test_revoking_all_of_a_users_tokens_for_a_client(api: httpx.Client, server: Server) -> None:
    client, user_id, value, login = issued(api, server)
    second = post(server, client, DEFAULT, "token", grant_type="password", username=login, password=PASSWORD,
                  scope="openid offline_access").json()["refresh_token"]
    tokens = f"/api/v1/users/{user_id}/clients/{client.client_id}/tokens"
    assert len(api.get(tokens).json()) == 2
    assert api.delete(tokens).status_code == 204
    assert api.get(tokens).json() == [] and api.get(f"/api/v1/users/{user_id}/clients").json() == []
    for old in (value, second):
        assert refresh(server, client, old).json()["error"] == "invalid_grant"


def test_unknown_owners_are_404(api: httpx.Client, server: Server) -> None:
    client, user_id, _value, _login = issued(api, server)
    assert api.get("/api/v1/apps/0oanosuchapp000000/tokens").status_code == 404
    assert api.get(f"/api/v1/users/00unosuchuser00000/clients/{client.client_id}/tokens").status_code == 404
    assert api.get(f"/api/v1/users/{user_id}/clients/0oanosuchclient0000/tokens").status_code == 404
    assert api.get(f"/api/v1/users/{user_id}/clients/{client.client_id}/tokens/oarnosuch").status_code == 404
