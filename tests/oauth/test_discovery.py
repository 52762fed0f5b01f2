"""Discovery documents and key sets, served under the address the caller used, for the org and custom servers."""

from __future__ import annotations

import httpx

from tests.conftest import Server


def test_org_server_metadata(server: Server) -> None:
    for doc in ("openid-configuration", "oauth-authorization-server"):
        resp = httpx.get(f"{server.url}/.well-known/{doc}")
        assert resp.status_code == 200, resp.text
        meta = resp.json()
        assert meta["issuer"] == server.url
        assert meta["token_endpoint"] == f"{server.url}/oauth2/v1/token"
        assert meta["jwks_uri"] == f"{server.url}/oauth2/v1/keys"
        assert meta["introspection_endpoint"] == f"{server.url}/oauth2/v1/introspect"
        assert meta["revocation_endpoint"] == f"{server.url}/oauth2/v1/revoke"
        assert "private_key_jwt" in meta["token_endpoint_auth_methods_supported"]
        assert ("userinfo_endpoint" in meta) == (doc == "openid-configuration")


def test_custom_server_metadata_and_published_scopes(api: httpx.Client, server: Server) -> None:
    assert api.post("/api/v1/authorizationServers/default/scopes",
                    json={"name": "published:read", "metadataPublish": "ALL_CLIENTS"}).status_code == 201
    assert api.post("/api/v1/authorizationServers/default/scopes", json={"name": "hidden:read"}).status_code == 201
    meta = httpx.get(f"{server.url}/oauth2/default/.well-known/openid-configuration").json()
    assert meta["issuer"] == f"{server.url}/oauth2/default"
    assert meta["token_endpoint"] == f"{server.url}/oauth2/default/v1/token"
    assert meta["jwks_uri"] == f"{server.url}/oauth2/default/v1/keys"
    assert "published:read" in meta["scopes_supported"] and "hidden:read" not in meta["scopes_supported"]
    assert "openid" in meta["scopes_supported"]
    oauth = httpx.get(f"{server.url}/oauth2/default/.well-known/oauth-authorization-server").json()
    assert oauth["issuer"] == meta["issuer"] and "userinfo_endpoint" not in oauth


def test_keys_match_the_servers_signing_key(api: httpx.Client, server: Server) -> None:
    default = api.get("/api/v1/authorizationServers/default").json()
    keys = httpx.get(f"{server.url}/oauth2/default/v1/keys").json()["keys"]
    assert default["credentials"]["signing"]["kid"] in [k["kid"] for k in keys]
    listed = {k["kid"]: k for k in api.get("/api/v1/authorizationServers/default/credentials/keys").json()}
    for key in keys:
        assert set(key) == {"kty", "alg", "kid", "use", "e", "n"}
        assert key["n"] == listed[key["kid"]]["n"] and key["e"] == listed[key["kid"]]["e"]
    org = httpx.get(f"{server.url}/oauth2/v1/keys")
    assert org.status_code == 200 and org.json()["keys"][0]["kty"] == "RSA"
    assert "privateKeyPem" not in org.text and "\"d\"" not in org.text


def test_unknown_and_inactive_servers_are_not_found(api: httpx.Client, server: Server) -> None:
    created = api.post("/api/v1/authorizationServers", json={"name": "soon-off", "description": "x",
                                                              "audiences": ["api://soon-off"]})
    assert created.status_code in (200, 201), created.text
    sid = created.json()["id"]
    assert httpx.get(f"{server.url}/oauth2/{sid}/v1/keys").status_code == 200
    assert api.post(f"/api/v1/authorizationServers/{sid}/lifecycle/deactivate").status_code in (200, 204)
    for sid_ in (sid, "ausnosuchserver00000"):
        for url in (f"/oauth2/{sid_}/v1/keys", f"/oauth2/{sid_}/.well-known/openid-configuration"):
            resp = httpx.get(server.url + url)
            assert resp.status_code == 404 and resp.json()["errorCode"] == "E0000007", resp.text
        resp = httpx.post(f"{server.url}/oauth2/{sid_}/v1/token", data={"grant_type": "client_credentials"})
        assert resp.status_code == 404 and resp.json()["errorCode"] == "E0000007"


def test_catalog_routes_under_oauth2_still_served(api: httpx.Client, server: Server) -> None:
    """mokta's OAuth routes sit beside the management API's `/oauth2/v1/clients/…` operations."""
    resp = api.get("/oauth2/v1/clients/0oanosuchclient00000/roles")
    assert resp.status_code in (200, 404), resp.text
    assert "error" not in resp.json() if isinstance(resp.json(), dict) else isinstance(resp.json(), list)
    anonymous = httpx.get(f"{server.url}/oauth2/v1/clients/0oanosuchclient00000/roles")
    assert anonymous.status_code == 401 and anonymous.json()["errorCode"] == "E0000011"
