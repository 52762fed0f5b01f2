"""Custom servers decide scopes and lifetimes from their policies and rules, in priority order; access tokens carry
the server's claims and verify against its published keys with an independent JOSE library."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.conftest import Server
from tests.oauth.helpers import basic_token, jwks_verify, make_client

CC = "client_credentials"


def new_server(api: httpx.Client, scopes: tuple[str, ...] = ("a:read", "b:read")) -> dict[str, Any]:
    name = "as-" + uuid.uuid4().hex[:8]
    resp = api.post("/api/v1/authorizationServers", json={"name": name, "description": "test",
                                                           "audiences": [f"api://{name}"]})
    assert resp.status_code in (200, 201), resp.text
    server = resp.json()
    for scope in scopes:
        assert api.post(f"/api/v1/authorizationServers/{server['id']}/scopes", json={"name": scope}).status_code == 201
    return server


def add_policy(api: httpx.Client, sid: str, clients: list[str], priority: int = 1) -> str:
    resp = api.post(f"/api/v1/authorizationServers/{sid}/policies", json={
        "type": "OAUTH_AUTHORIZATION_POLICY", "name": "p-" + uuid.uuid4().hex[:6], "description": "test",
        "priority": priority, "status": "ACTIVE", "conditions": {"clients": {"include": clients}}})
    assert resp.status_code in (200, 201), resp.text
    return str(resp.json()["id"])


def add_rule(api: httpx.Client, sid: str, pid: str, *, grants: list[str], scopes: list[str], minutes: int,
             priority: int = 1) -> str:
    resp = api.post(f"/api/v1/authorizationServers/{sid}/policies/{pid}/rules", json={
        "type": "RESOURCE_ACCESS", "name": "r-" + uuid.uuid4().hex[:6], "priority": priority, "status": "ACTIVE",
        "conditions": {"people": {"groups": {"include": ["EVERYONE"]}}, "grantTypes": {"include": grants},
                       "scopes": {"include": scopes}},
        "actions": {"token": {"accessTokenLifetimeMinutes": minutes, "refreshTokenLifetimeMinutes": 0,
                              "refreshTokenWindowMinutes": 10080}}})
    assert resp.status_code in (200, 201), resp.text
    return str(resp.json()["id"])


def error_of(resp: httpx.Response) -> tuple[int, str]:
    return resp.status_code, resp.json().get("error", "")


def test_no_policy_is_access_denied(api: httpx.Client, server: Server) -> None:
    srv = new_server(api)
    client = make_client(api)
    resp = basic_token(server, client, f"/oauth2/{srv['id']}/v1", grant_type=CC, scope="a:read")
    assert error_of(resp) == (400, "access_denied")
    assert resp.json()["error_description"].startswith("Policy evaluation failed")


def test_rule_limits_scopes_and_sets_lifetime(api: httpx.Client, server: Server) -> None:
    srv = new_server(api)
    path = f"/oauth2/{srv['id']}/v1"
    add_rule(api, srv["id"], add_policy(api, srv["id"], ["ALL_CLIENTS"]), grants=[CC], scopes=["a:read"], minutes=5)
    client = make_client(api)
    ok = basic_token(server, client, path, grant_type=CC, scope="a:read")
    assert ok.status_code == 200, ok.text
    assert ok.json()["expires_in"] == 300 and ok.json()["scope"] == "a:read"
    assert error_of(basic_token(server, client, path, grant_type=CC, scope="a:read b:read")) == (400, "access_denied")
    assert error_of(basic_token(server, client, path, grant_type=CC, scope="zzz:unknown")) == (400, "invalid_scope")
    assert error_of(basic_token(server, client, path, grant_type=CC)) == (400, "invalid_scope")
    assert error_of(basic_token(server, client, path, grant_type=CC, scope="openid")) == (400, "invalid_scope")


def test_policy_for_named_clients_only(api: httpx.Client, server: Server) -> None:
    srv = new_server(api)
    chosen, other = make_client(api), make_client(api)
    pid = add_policy(api, srv["id"], [chosen.client_id])
    add_rule(api, srv["id"], pid, grants=[CC], scopes=["*"], minutes=15)
    path = f"/oauth2/{srv['id']}/v1"
    assert basic_token(server, chosen, path, grant_type=CC, scope="b:read").json()["expires_in"] == 900
    assert error_of(basic_token(server, other, path, grant_type=CC, scope="b:read")) == (400, "access_denied")


def test_rules_in_priority_order_and_inactive_skipped(api: httpx.Client, server: Server) -> None:
    srv = new_server(api)
    pid = add_policy(api, srv["id"], ["ALL_CLIENTS"])
    first = add_rule(api, srv["id"], pid, grants=[CC], scopes=["*"], minutes=7, priority=1)
    add_rule(api, srv["id"], pid, grants=[CC], scopes=["*"], minutes=11, priority=2)
    client = make_client(api)
    path = f"/oauth2/{srv['id']}/v1"
    assert basic_token(server, client, path, grant_type=CC, scope="a:read").json()["expires_in"] == 420
    rule_url = f"/api/v1/authorizationServers/{srv['id']}/policies/{pid}/rules/{first}"
    assert api.post(f"{rule_url}/lifecycle/deactivate").status_code in (200, 204)
    assert api.get(rule_url).json()["status"] == "INACTIVE"
    assert basic_token(server, client, path, grant_type=CC, scope="a:read").json()["expires_in"] == 660


def test_token_claims_verify_against_published_keys(api: httpx.Client, server: Server) -> None:
    srv = new_server(api)
    sid = srv["id"]
    add_rule(api, sid, add_policy(api, sid, ["ALL_CLIENTS"]), grants=[CC], scopes=["*"], minutes=60)
    for name, value, scopes in (("client_label", "app.clientId", []), ("only_b", '"b-was-granted"', ["b:read"]),
                                ("needs_user", "user.login", [])):
        resp = api.post(f"/api/v1/authorizationServers/{sid}/claims", json={
            "name": name, "status": "ACTIVE", "claimType": "RESOURCE", "valueType": "EXPRESSION", "value": value,
            "conditions": {"scopes": scopes}, "alwaysIncludeInToken": True})
        assert resp.status_code in (200, 201), resp.text
    client = make_client(api)
    resp = basic_token(server, client, f"/oauth2/{sid}/v1", grant_type=CC, scope="a:read")
    assert resp.status_code == 200, resp.text
    claims = jwks_verify(server, f"/oauth2/{sid}/v1", resp.json()["access_token"], audience=f"api://{srv['name']}",
                         issuer=f"{server.url}/oauth2/{sid}")
    assert claims["ver"] == 1 and claims["cid"] == client.client_id and claims["sub"] == client.client_id
    assert claims["scp"] == ["a:read"] and claims["exp"] - claims["iat"] == 3600 and claims["jti"]
    assert claims["client_label"] == client.client_id
    assert "only_b" not in claims and "needs_user" not in claims
