"""Each client authentication method at the token endpoint, and every way a client can fail to prove itself."""

from __future__ import annotations

import time

import httpx
import jwt

from tests.conftest import Server, store_tx
from tests.oauth.helpers import JWT_BEARER, assertion, basic_token, ec_jwk, make_client, rsa_jwk, token

SCOPE = "okta.users.read"


def assert_oauth_error(resp: httpx.Response, status: int, error: str) -> None:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["error"] == error and body["error_description"], body
    assert resp.headers["content-type"].startswith("application/json")


def test_client_secret_basic(api: httpx.Client, server: Server) -> None:
    client = make_client(api, grants=[SCOPE])
    resp = basic_token(server, client, grant_type="client_credentials", scope=SCOPE)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600 and body["scope"] == SCOPE
    assert resp.headers["cache-control"] == "no-store"


def test_client_secret_post(api: httpx.Client, server: Server) -> None:
    client = make_client(api, "client_secret_post", grants=[SCOPE])
    resp = token(server, grant_type="client_credentials", scope=SCOPE, client_id=client.client_id,
                 client_secret=client.secret or "")
    assert resp.status_code == 200, resp.text
    wrong = token(server, grant_type="client_credentials", scope=SCOPE, client_id=client.client_id,
                  client_secret="nope")
    assert_oauth_error(wrong, 401, "invalid_client")


def test_client_secret_jwt(api: httpx.Client, server: Server) -> None:
    client = make_client(api, "client_secret_jwt", grants=[SCOPE])
    aud = f"{server.url}/oauth2/v1/token"
    signed = assertion(client.client_id, aud, client.secret, alg="HS256")
    resp = token(server, grant_type="client_credentials", scope=SCOPE, client_assertion_type=JWT_BEARER,
                 client_assertion=signed)
    assert resp.status_code == 200, resp.text
    forged = assertion(client.client_id, aud, "not-the-secret-but-long-enough-for-hs256", alg="HS256")
    assert_oauth_error(token(server, grant_type="client_credentials", scope=SCOPE, client_assertion_type=JWT_BEARER,
                             client_assertion=forged), 401, "invalid_client")


def test_private_key_jwt_rsa_and_ec(api: httpx.Client, server: Server) -> None:
    rsa_key, rsa_public = rsa_jwk()
    ec_key, ec_public = ec_jwk()
    client = make_client(api, "private_key_jwt", jwks=[rsa_public, ec_public], grants=[SCOPE])
    aud = f"{server.url}/oauth2/v1/token"
    for key, alg, kid in ((rsa_key, "RS256", rsa_public["kid"]), (ec_key, "ES256", ec_public["kid"]),
                          (rsa_key, "RS256", None)):
        resp = token(server, grant_type="client_credentials", scope=SCOPE, client_assertion_type=JWT_BEARER,
                     client_assertion=assertion(client.client_id, aud, key, alg=alg, kid=kid))
        assert resp.status_code == 200, resp.text


def test_private_key_jwt_refusals(api: httpx.Client, server: Server) -> None:
    key, public = rsa_jwk()
    other, _ = rsa_jwk()
    client = make_client(api, "private_key_jwt", jwks=[public], grants=[SCOPE])
    aud = f"{server.url}/oauth2/v1/token"
    cid = client.client_id

    def attempt(signed: str) -> httpx.Response:
        return token(server, grant_type="client_credentials", scope=SCOPE, client_assertion_type=JWT_BEARER,
                     client_assertion=signed)

    now = int(time.time())
    bad = {
        "wrong audience": assertion(cid, f"{server.url}/oauth2/default/v1/token", key),
        "wrong signer": assertion(cid, aud, other),
        "expired": assertion(cid, aud, key, iat=now - 900, exp=now - 600),
        "too long": assertion(cid, aud, key, exp=now + 7200),
        "no jti": assertion(cid, aud, key, jti=None),
        "iss not client": assertion(cid, aud, key, iss="someone-else"),
        "alg none": jwt.encode({"iss": cid, "sub": cid, "aud": aud, "exp": now + 60, "jti": "x"}, None,
                               algorithm="none"),
        "garbage": "not.a.jwt",
    }
    for reason, signed in bad.items():
        resp = attempt(signed)
        assert resp.status_code == 401 and resp.json()["error"] == "invalid_client", (reason, resp.text)
    once = assertion(cid, aud, key)
    assert attempt(once).status_code == 200
    replay = attempt(once)
    assert_oauth_error(replay, 401, "invalid_client")
    assert "jti" in replay.json()["error_description"]


def test_custom_server_audience_is_its_own_token_url(api: httpx.Client, server: Server) -> None:
    api.post("/api/v1/authorizationServers/default/scopes", json={"name": "widgets:read"})
    key, public = rsa_jwk()
    client = make_client(api, "private_key_jwt", jwks=[public])
    aud = f"{server.url}/oauth2/default/v1/token"
    resp = token(server, "/oauth2/default/v1", grant_type="client_credentials", scope="widgets:read",
                 client_assertion_type=JWT_BEARER, client_assertion=assertion(client.client_id, aud, key))
    assert resp.status_code == 200, resp.text
    org_aud = assertion(client.client_id, f"{server.url}/oauth2/v1/token", key)
    assert_oauth_error(token(server, "/oauth2/default/v1", grant_type="client_credentials", scope="widgets:read",
                             client_assertion_type=JWT_BEARER, client_assertion=org_aud), 401, "invalid_client")


def test_method_must_match_the_app(api: httpx.Client, server: Server) -> None:
    client = make_client(api, "client_secret_post", grants=[SCOPE])
    resp = basic_token(server, client, grant_type="client_credentials", scope=SCOPE)
    assert_oauth_error(resp, 401, "invalid_client")
    key, public = rsa_jwk()
    keyed = make_client(api, "private_key_jwt", jwks=[public], grants=[SCOPE])
    hs = assertion(keyed.client_id, f"{server.url}/oauth2/v1/token", "a-shared-secret-of-sufficient-length",
                   alg="HS256")
    assert_oauth_error(token(server, grant_type="client_credentials", scope=SCOPE, client_assertion_type=JWT_BEARER,
                             client_assertion=hs), 401, "invalid_client")


def test_malformed_registered_jwk_is_not_a_crash(api: httpx.Client, server: Server) -> None:
    """The management API refuses a broken key; one broken in storage still only fails the client, never a 500."""
    key, public = rsa_jwk()
    broken = {**public, "n": "%%%not-base64%%%"}
    app = {"name": "oidc_client", "label": "broken key", "signOnMode": "OPENID_CONNECT",
           "credentials": {"oauthClient": {"token_endpoint_auth_method": "private_key_jwt"}},
           "settings": {"oauthClient": {"grant_types": ["client_credentials"], "application_type": "service",
                                        "response_types": ["token"], "jwks": {"keys": [broken]}}}}
    refused = api.post("/api/v1/apps", json=app)
    assert refused.status_code == 400 and "jwks.keys[0].n" in refused.text
    client = make_client(api, "private_key_jwt", jwks=[public], grants=[SCOPE])
    with store_tx(server) as (tx, org):
        for _, path, doc in tx.list(org, f"/api/v1/apps/{client.app['id']}/credentials/jwks"):
            tx.put(org, path, {**doc, "n": broken["n"]})
    resp = token(server, grant_type="client_credentials", scope=SCOPE, client_assertion_type=JWT_BEARER,
                 client_assertion=assertion(client.client_id, f"{server.url}/oauth2/v1/token", key,
                                            kid=public["kid"]))
    assert_oauth_error(resp, 401, "invalid_client")


def test_unknown_and_inactive_clients(api: httpx.Client, server: Server) -> None:
    ghost = httpx.post(f"{server.url}/oauth2/v1/token", data={"grant_type": "client_credentials", "scope": SCOPE},
                       auth=("0oanosuchclient00000", "secret"))
    assert_oauth_error(ghost, 401, "invalid_client")
    client = make_client(api, grants=[SCOPE])
    assert api.post(f"/api/v1/apps/{client.app['id']}/lifecycle/deactivate").status_code == 200
    assert_oauth_error(basic_token(server, client, grant_type="client_credentials", scope=SCOPE), 401,
                       "invalid_client")
    assert_oauth_error(token(server, grant_type="client_credentials", scope=SCOPE), 401, "invalid_client")


def test_request_errors(api: httpx.Client, server: Server) -> None:
    client = make_client(api, grants=[SCOPE])
    assert_oauth_error(basic_token(server, client, scope=SCOPE), 400, "invalid_request")
    assert_oauth_error(basic_token(server, client, grant_type="urn:made:up", scope=SCOPE), 400,
                       "unsupported_grant_type")
    assert_oauth_error(basic_token(server, client, grant_type="password", username="u", password="p"), 400,
                       "unauthorized_client")
    as_json = httpx.post(f"{server.url}/oauth2/v1/token", json={"grant_type": "client_credentials"},
                         auth=(client.client_id, client.secret or ""))
    assert_oauth_error(as_json, 400, "invalid_request")
    doubled = httpx.post(f"{server.url}/oauth2/v1/token", content="grant_type=client_credentials&scope=a&scope=b",
                         headers={"content-type": "application/x-www-form-urlencoded"},
                         auth=(client.client_id, client.secret or ""))
    assert_oauth_error(doubled, 400, "invalid_request")
    both = httpx.post(f"{server.url}/oauth2/v1/token", auth=(client.client_id, client.secret or ""),
                      data={"grant_type": "client_credentials", "scope": SCOPE, "client_id": client.client_id,
                            "client_secret": client.secret or ""})
    assert_oauth_error(both, 400, "invalid_request")


def test_dpop_proof_on_the_token_request_is_ignored(api: httpx.Client, server: Server) -> None:
    """The Node SDK always sends a DPoP proof; without DPoP-bound clients it must not change the answer."""
    client = make_client(api, grants=[SCOPE])
    resp = httpx.post(f"{server.url}/oauth2/v1/token", data={"grant_type": "client_credentials", "scope": SCOPE},
                      auth=(client.client_id, client.secret or ""), headers={"DPoP": "not.even.checked"})
    assert resp.status_code == 200 and resp.json()["token_type"] == "Bearer"
