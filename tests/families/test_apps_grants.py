"""Admin consent grants (only Okta API scopes, issued by this org, once each; revoke removes them) and app refresh
tokens, which only an end-user sign-in mints."""

from __future__ import annotations

import uuid

import httpx

from tests.conftest import Server

APPS = "/api/v1/apps"


def service_app(api: httpx.Client) -> dict[str, str]:
    body = {"label": f"svc {uuid.uuid4().hex[:8]}", "name": "oidc_client", "signOnMode": "OPENID_CONNECT",
            "credentials": {"oauthClient": {"token_endpoint_auth_method": "client_secret_basic"}},
            "settings": {"oauthClient": {"application_type": "service", "grant_types": ["client_credentials"]}}}
    return dict(api.post(APPS, json=body).json())


def test_grant_lifecycle(api: httpx.Client, server: Server) -> None:
    app = service_app(api)
    grants = f"{APPS}/{app['id']}/grants"
    made = api.post(grants, json={"issuer": server.url, "scopeId": "okta.users.read"})
    assert made.status_code == 201, made.text
    grant = made.json()
    assert (grant["scopeId"], grant["source"], grant["status"]) == ("okta.users.read", "ADMIN", "ACTIVE")
    assert grant["clientId"] == app["id"] and grant["issuer"] == server.url and grant["id"].startswith("oag")
    assert grant["createdBy"]["type"] == "User" and grant["createdBy"]["id"]
    listed = api.get(grants, params={"expand": "scope"}).json()
    assert [g["id"] for g in listed] == [grant["id"]] and listed[0]["_embedded"]["scope"]["id"] == "okta.users.read"
    assert api.get(f"{grants}/{grant['id']}").json()["scopeId"] == "okta.users.read"
    assert api.delete(f"{grants}/{grant['id']}").status_code == 204
    assert api.get(f"{grants}/{grant['id']}").status_code == 404
    assert api.get(grants).json() == []


def test_grants_are_checked(api: httpx.Client, server: Server) -> None:
    grants = f"{APPS}/{service_app(api)['id']}/grants"

    def cause(body: dict[str, str]) -> str:
        resp = api.post(grants, json=body)
        assert resp.status_code == 400, resp.text
        return str(resp.json()["errorCauses"][0]["errorSummary"])

    assert cause({"issuer": server.url, "scopeId": "okta.unicorns.read"}).startswith("scopeId")
    assert cause({"issuer": server.url, "scopeId": "openid"}).startswith("scopeId")
    assert cause({"issuer": "https://other.okta.com", "scopeId": "okta.users.read"}).startswith("issuer")
    assert api.post(grants, json={"issuer": server.url, "scopeId": "okta.groups.manage"}).status_code == 201
    assert cause({"issuer": server.url, "scopeId": "okta.groups.manage"}).startswith("scopeId")
    assert api.post(f"{APPS}/0oaMISSINGMISSING000/grants",
                    json={"issuer": server.url, "scopeId": "okta.users.read"}).status_code == 404


def test_refresh_tokens_exist_only_after_a_sign_in(api: httpx.Client) -> None:
    tokens = f"{APPS}/{service_app(api)['id']}/tokens"
    assert api.get(tokens).json() == []
    missing = api.get(f"{tokens}/oarMISSINGMISSING000")
    assert missing.status_code == 404 and missing.json()["errorCode"] == "E0000007"
    assert api.delete(f"{tokens}/oarMISSINGMISSING000").status_code == 404
    assert api.delete(tokens).status_code == 204
