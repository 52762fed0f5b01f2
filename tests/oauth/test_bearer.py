"""The management API in Bearer/DPoP mode: org-server access tokens, limited to the `okta.*` scopes granted to the
app; expired, revoked, foreign or malformed tokens are E0000011, a missing scope is E0000006."""

from __future__ import annotations

import time

import httpx
import jwt

from mokta.oauth.servers import ORG_KEYS
from tests.conftest import Server, store_tx
from tests.oauth.helpers import Client, basic_token, jwks_verify, make_client
from tests.oauth.test_policy import add_policy, add_rule, new_server

CC = "client_credentials"


def bearer(server: Server, token: str, scheme: str = "Bearer") -> httpx.Client:
    return httpx.Client(base_url=server.url, headers={"Authorization": f"{scheme} {token}"}, timeout=30)


def org_token(server: Server, client: Client, scope: str) -> str:
    resp = basic_token(server, client, grant_type=CC, scope=scope)
    assert resp.status_code == 200, resp.text
    return str(resp.json()["access_token"])


def assert_error(resp: httpx.Response, status: int, code: str) -> None:
    assert resp.status_code == status, resp.text
    assert resp.json()["errorCode"] == code and resp.json()["errorSummary"]


def test_granted_read_scope_reads_and_nothing_more(api: httpx.Client, server: Server) -> None:
    client = make_client(api, grants=["okta.users.read"])
    token = org_token(server, client, "okta.users.read")
    claims = jwks_verify(server, "/oauth2/v1", token, audience=server.url, issuer=server.url)
    assert claims["scp"] == ["okta.users.read"] and claims["cid"] == client.client_id
    for scheme in ("Bearer", "DPoP"):
        with bearer(server, token, scheme) as http:
            users = http.get("/api/v1/users", params={"limit": 2})
            assert users.status_code == 200 and isinstance(users.json(), list)
            assert_error(http.get("/api/v1/groups"), 403, "E0000006")
            denied = http.post("/api/v1/users", json={"profile": {"login": "x@example.com"}})
            assert_error(denied, 403, "E0000006")
            assert "insufficient_scope" in denied.headers["www-authenticate"]
    assert api.get("/api/v1/users", params={"limit": 1}).status_code == 200  # SSWS unchanged


def test_manage_implies_read(api: httpx.Client, server: Server) -> None:
    client = make_client(api, grants=["okta.groups.manage"])
    with bearer(server, org_token(server, client, "okta.groups.manage")) as http:
        created = http.post("/api/v1/groups", json={"profile": {"name": f"bearer-{time.time_ns()}"}})
        assert created.status_code == 200, created.text
        assert http.get(f"/api/v1/groups/{created.json()['id']}").status_code == 200
        assert_error(http.get("/api/v1/users"), 403, "E0000006")
    logged = api.get("/api/v1/logs", params={"filter": f'target.id eq "{created.json()["id"]}"',
                                             "since": "2000-01-01T00:00:00Z"}).json()
    assert [(e["eventType"], e["actor"]["type"], e["actor"]["id"]) for e in logged] == [
        ("group.lifecycle.create", "PublicClientApp", client.client_id)]


def test_only_granted_okta_scopes_are_issued(api: httpx.Client, server: Server) -> None:
    client = make_client(api, grants=["okta.users.read"])
    for scope in ("okta.users.manage", "okta.users.read okta.groups.read", "custom:scope"):
        resp = basic_token(server, client, grant_type=CC, scope=scope)
        assert (resp.status_code, resp.json()["error"]) == (400, "invalid_scope"), scope
    grants = f"/api/v1/apps/{client.app['id']}/grants"
    assert api.delete(f"{grants}/{api.get(grants).json()[0]['id']}").status_code == 204
    assert basic_token(server, client, grant_type=CC, scope="okta.users.read").json()["error"] == "invalid_scope"


def test_revoked_expired_foreign_and_malformed_tokens(api: httpx.Client, server: Server) -> None:
    client = make_client(api, grants=["okta.users.read"])
    token = org_token(server, client, "okta.users.read")
    with bearer(server, token) as http:
        assert http.get("/api/v1/users", params={"limit": 1}).status_code == 200
    revoked = httpx.post(f"{server.url}/oauth2/v1/revoke", data={"token": token},
                         auth=(client.client_id, client.secret or ""))
    assert revoked.status_code == 200
    with bearer(server, token) as http:
        assert_error(http.get("/api/v1/users"), 401, "E0000011")
    fresh = org_token(server, client, "okta.users.read")
    claims = jwt.decode(fresh, options={"verify_signature": False})
    with store_tx(server) as (tx, org):
        key = next(d for _, _, d in tx.list(org, ORG_KEYS) if d["status"] == "ACTIVE")
    expired = jwt.encode({**claims, "iat": int(time.time()) - 7200, "exp": int(time.time()) - 60},
                         key["privateKeyPem"], algorithm="RS256", headers={"kid": key["kid"]})
    srv = new_server(api)
    add_rule(api, srv["id"], add_policy(api, srv["id"], ["ALL_CLIENTS"]), grants=[CC], scopes=["*"], minutes=60)
    foreign = basic_token(server, client, f"/oauth2/{srv['id']}/v1", grant_type=CC, scope="a:read")
    forged = fresh[:-8] + ("AAAAAAAA" if not fresh.endswith("AAAAAAAA") else "BBBBBBBB")
    for bad in (expired, foreign.json()["access_token"], forged, "garbage", "a.b.c"):
        with bearer(server, bad) as http:
            assert_error(http.get("/api/v1/users"), 401, "E0000011")
    assert_error(httpx.get(f"{server.url}/api/v1/users", headers={"Authorization": "Bearer"}), 401, "E0000011")
    with bearer(server, fresh) as http:
        assert http.get("/api/v1/users", params={"limit": 1}).status_code == 200
