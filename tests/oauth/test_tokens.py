"""Introspection, revocation, refresh tokens (static and rotating) and signing-key rotation, over HTTP."""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from typing import Any

import httpx
import jwt

from mokta.oauth import tokens
from mokta.seed_data import AS_KEYS_ROOT
from tests.conftest import Server, store_tx
from tests.oauth.helpers import Client, basic_token, jwks_verify, make_client
from tests.oauth.test_policy import add_policy, add_rule, new_server

CC = "client_credentials"
PASSWORD = "Tr0ub4dor&3-horse"
DEFAULT = "/oauth2/default/v1"


def post(server: Server, client: Client, path: str, endpoint: str, **data: str) -> httpx.Response:
    return httpx.post(f"{server.url}{path}/{endpoint}", data=data, auth=(client.client_id, client.secret or ""),
                      timeout=30)


def custom_server(api: httpx.Client) -> tuple[dict[str, Any], str]:
    srv = new_server(api)
    add_rule(api, srv["id"], add_policy(api, srv["id"], ["ALL_CLIENTS"]), grants=[CC], scopes=["*"], minutes=60)
    return srv, f"/oauth2/{srv['id']}/v1"


def user_with_password(api: httpx.Client) -> str:
    login = f"oauth-{uuid.uuid4().hex[:10]}@example.com"
    resp = api.post("/api/v1/users", params={"activate": "true"}, json={
        "profile": {"firstName": "O", "lastName": "Auth", "email": login, "login": login},
        "credentials": {"password": {"value": PASSWORD}}})
    assert resp.status_code == 200, resp.text
    return login


def test_introspect_then_revoke_access_token(api: httpx.Client, server: Server) -> None:
    srv, path = custom_server(api)
    client, stranger = make_client(api), make_client(api)
    access = basic_token(server, client, path, grant_type=CC, scope="a:read").json()["access_token"]
    info = post(server, stranger, path, "introspect", token=access).json()
    assert info["active"] is True and info["client_id"] == client.client_id and info["scope"] == "a:read"
    assert info["token_type"] == "Bearer" and info["iss"] == f"{server.url}/oauth2/{srv['id']}"
    assert info["exp"] > time.time()
    assert httpx.post(f"{server.url}{path}/introspect", data={"token": access}).status_code == 401
    assert post(server, client, path, "introspect").json()["error"] == "invalid_request"
    foreign = post(server, stranger, path, "revoke", token=access)
    assert foreign.status_code == 200 and foreign.content == b""
    assert post(server, client, path, "introspect", token=access).json()["active"] is True
    assert post(server, client, path, "revoke", token=access).status_code == 200
    assert post(server, client, path, "introspect", token=access).json() == {"active": False}
    assert post(server, client, path, "revoke", token="never-issued").status_code == 200
    assert post(server, client, DEFAULT, "introspect", token="not-a-token").json() == {"active": False}


def test_token_of_another_server_is_inactive(api: httpx.Client, server: Server) -> None:
    _, path = custom_server(api)
    _, elsewhere = custom_server(api)
    client = make_client(api)
    access = basic_token(server, client, path, grant_type=CC, scope="a:read").json()["access_token"]
    assert post(server, client, elsewhere, "introspect", token=access).json() == {"active": False}


def test_expired_token_is_inactive(api: httpx.Client, server: Server) -> None:
    srv, path = custom_server(api)
    client = make_client(api)
    access = basic_token(server, client, path, grant_type=CC, scope="a:read").json()["access_token"]
    claims = jwt.decode(access, options={"verify_signature": False})
    with store_tx(server) as (tx, org):
        key = next(d for _, _, d in tx.list(org, f"{AS_KEYS_ROOT}/{srv['id']}") if d["status"] == "ACTIVE")
    stale = jwt.encode({**claims, "iat": claims["iat"] - 7200, "exp": claims["iat"] - 3600}, key["privateKeyPem"],
                       algorithm="RS256", headers={"kid": key["kid"]})
    assert post(server, client, path, "introspect", token=stale).json() == {"active": False}
    assert post(server, client, path, "introspect", token=access).json()["active"] is True


def test_rotated_keys_keep_old_tokens_verifiable_until_removed(api: httpx.Client, server: Server) -> None:
    """keyRotate: the old ACTIVE key stays published as EXPIRED (its tokens verify) until the next rotation drops it."""
    srv, path = custom_server(api)
    client = make_client(api)
    old = basic_token(server, client, path, grant_type=CC, scope="a:read").json()["access_token"]
    old_kid = jwt.get_unverified_header(old)["kid"]
    rotate = f"/api/v1/authorizationServers/{srv['id']}/credentials/lifecycle/keyRotate"
    assert api.post(rotate, json={"use": "sig"}).status_code == 200
    new = basic_token(server, client, path, grant_type=CC, scope="a:read").json()["access_token"]
    new_kid = jwt.get_unverified_header(new)["kid"]
    assert new_kid != old_kid
    published = {k["kid"] for k in httpx.get(f"{server.url}{path}/keys").json()["keys"]}
    assert {old_kid, new_kid} <= published
    issuer, audience = f"{server.url}/oauth2/{srv['id']}", f"api://{srv['name']}"
    for token in (old, new):
        assert jwks_verify(server, path, token, audience, issuer)["cid"] == client.client_id
        assert post(server, client, path, "introspect", token=token).json()["active"] is True
    assert api.post(rotate, json={"use": "sig"}).status_code == 200
    published = {k["kid"] for k in httpx.get(f"{server.url}{path}/keys").json()["keys"]}
    assert old_kid not in published and new_kid in published
    assert post(server, client, path, "introspect", token=old).json() == {"active": False}
    assert post(server, client, path, "introspect", token=new).json()["active"] is True


def password_client(api: httpx.Client, rotation: str) -> Client:
    return make_client(api, grant_types=["password", "refresh_token"], refresh_rotation=rotation)


def test_password_grant_and_static_refresh(api: httpx.Client, server: Server) -> None:
    login = user_with_password(api)
    client, other = password_client(api, "STATIC"), password_client(api, "STATIC")
    assert post(server, client, DEFAULT, "token", grant_type="password", username=login, password="wrong",
                scope="openid").json()["error"] == "invalid_grant"
    plain = post(server, client, DEFAULT, "token", grant_type="password", username=login, password=PASSWORD,
                 scope="openid").json()
    assert "access_token" in plain and "refresh_token" not in plain
    first = post(server, client, DEFAULT, "token", grant_type="password", username=login, password=PASSWORD,
                 scope="openid offline_access")
    assert first.status_code == 200, first.text
    body = first.json()
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["sub"] == login and claims["uid"] and claims["scp"] == ["openid", "offline_access"]
    refresh = body["refresh_token"]
    info = post(server, client, DEFAULT, "introspect", token=refresh, token_type_hint="refresh_token").json()
    assert info["active"] is True and info["client_id"] == client.client_id
    again = post(server, client, DEFAULT, "token", grant_type="refresh_token", refresh_token=refresh)
    assert again.status_code == 200, again.text
    assert again.json()["refresh_token"] == refresh and again.json()["access_token"] != body["access_token"]
    narrowed = post(server, client, DEFAULT, "token", grant_type="refresh_token", refresh_token=refresh,
                    scope="openid")
    assert narrowed.json()["scope"] == "openid"
    wider = post(server, client, DEFAULT, "token", grant_type="refresh_token", refresh_token=refresh,
                 scope="openid profile")
    assert wider.json()["error"] == "invalid_scope"
    stolen = post(server, other, DEFAULT, "token", grant_type="refresh_token", refresh_token=refresh)
    assert (stolen.status_code, stolen.json()["error"]) == (400, "invalid_grant")
    assert post(server, client, DEFAULT, "revoke", token=refresh).status_code == 200
    gone = post(server, client, DEFAULT, "token", grant_type="refresh_token", refresh_token=refresh)
    assert gone.json()["error"] == "invalid_grant"
    assert post(server, client, DEFAULT, "introspect", token=refresh).json() == {"active": False}


def test_rotating_refresh_tokens(api: httpx.Client, server: Server) -> None:
    login = user_with_password(api)
    client = password_client(api, "ROTATE")
    first = post(server, client, DEFAULT, "token", grant_type="password", username=login, password=PASSWORD,
                 scope="offline_access").json()["refresh_token"]
    second = post(server, client, DEFAULT, "token", grant_type="refresh_token", refresh_token=first).json()
    assert second["refresh_token"] != first
    reused = post(server, client, DEFAULT, "token", grant_type="refresh_token", refresh_token=first)
    assert reused.json()["error"] == "invalid_grant"
    third = post(server, client, DEFAULT, "token", grant_type="refresh_token", refresh_token=second["refresh_token"])
    assert third.status_code == 200 and third.json()["refresh_token"] not in (first, second["refresh_token"])


def test_refresh_refused_for_deactivated_user(api: httpx.Client, server: Server) -> None:
    login = user_with_password(api)
    client = password_client(api, "STATIC")
    refresh = post(server, client, DEFAULT, "token", grant_type="password", username=login, password=PASSWORD,
                   scope="offline_access").json()["refresh_token"]
    user = api.get(f"/api/v1/users/{login}").json()
    assert api.post(f"/api/v1/users/{user['id']}/lifecycle/suspend").status_code == 200
    refused = post(server, client, DEFAULT, "token", grant_type="refresh_token", refresh_token=refresh)
    assert (refused.status_code, refused.json()["error"]) == (400, "invalid_grant")


def test_grants_and_revocations_are_logged(api: httpx.Client, server: Server) -> None:
    _, path = custom_server(api)
    client = make_client(api)
    access = basic_token(server, client, path, grant_type=CC, scope="a:read").json()["access_token"]
    jti = jwt.decode(access, options={"verify_signature": False})["jti"]
    assert post(server, client, path, "revoke", token=access).status_code == 200
    events = api.get("/api/v1/logs", params={"filter": f'target.id eq "{jti}"', "since": "2000-01-01T00:00:00Z"})
    assert events.status_code == 200, events.text
    kinds = sorted(e["eventType"] for e in events.json())
    assert kinds == ["app.oauth2.as.token.grant.access_token", "app.oauth2.as.token.revoke"]
    assert all(e["actor"]["id"] == client.client_id and e["actor"]["type"] == "PublicClientApp"
               for e in events.json())


def test_expired_token_records_are_purged(api: httpx.Client, server: Server) -> None:
    _, path = custom_server(api)
    client = make_client(api)
    old = basic_token(server, client, path, grant_type=CC, scope="a:read").json()["access_token"]
    key = tokens.digest(jwt.decode(old, options={"verify_signature": False})["jti"])
    with store_tx(server) as (tx, org):  # as if its hour had passed
        _, held, _ = tx.find_secret(key, tokens.ACCESS_KIND)
        tx.delete_secret(key)
        tx.put_secret(org, key, tokens.ACCESS_KIND, held, "2020-01-01T00:00:00")
    assert basic_token(server, client, path, grant_type=CC, scope="a:read").status_code == 200
    with store_tx(server) as (tx, _):
        assert tx.find_secret(key, tokens.ACCESS_KIND) is None


def test_password_grant_with_openid_returns_an_id_token(api: httpx.Client, server: Server) -> None:
    login = user_with_password(api)
    client = password_client(api, "STATIC")
    body = post(server, client, DEFAULT, "token", grant_type="password", username=login, password=PASSWORD,
                scope="openid profile email").json()
    keys = httpx.get(f"{server.url}{DEFAULT}/keys").json()["keys"]
    kid = jwt.get_unverified_header(body["id_token"])["kid"]
    public = jwt.algorithms.RSAAlgorithm.from_jwk(next(k for k in keys if k["kid"] == kid))
    claims = jwt.decode(body["id_token"], public, algorithms=["RS256"], audience=client.client_id,
                        issuer=f"{server.url}/oauth2/default")
    user = api.get(f"/api/v1/users/{login}").json()
    assert claims["sub"] == user["id"] and claims["preferred_username"] == login and claims["email"] == login
    assert claims["name"] == "O Auth" and claims["amr"] == ["pwd"]
    digest = hashlib.sha256(body["access_token"].encode()).digest()[:16]
    assert claims["at_hash"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    no_openid = post(server, client, DEFAULT, "token", grant_type="password", username=login, password=PASSWORD,
                     scope="profile").json()
    assert "id_token" not in no_openid and "access_token" in no_openid


def test_groups_and_identity_claims_for_user_grants(api: httpx.Client, server: Server) -> None:
    srv = new_server(api, scopes=("a:read",))
    sid = srv["id"]
    held = {s["name"] for s in api.get(f"/api/v1/authorizationServers/{sid}/scopes").json()}
    if "openid" not in held:  # new servers may or may not come with Okta's system scopes
        assert api.post(f"/api/v1/authorizationServers/{sid}/scopes", json={"name": "openid"}).status_code == 201
    pid = add_policy(api, sid, ["ALL_CLIENTS"])
    add_rule(api, sid, pid, grants=["password"], scopes=["*"], minutes=30)
    login = user_with_password(api)
    user = api.get(f"/api/v1/users/{login}").json()
    tag = uuid.uuid4().hex[:6]
    for name in (f"eng-{tag}", f"ops-{tag}"):
        group = api.post("/api/v1/groups", json={"profile": {"name": name}}).json()
        assert api.put(f"/api/v1/groups/{group['id']}/users/{user['id']}").status_code == 204
    claims = (("groups", "RESOURCE", "GROUPS", "STARTS_WITH", "eng-"),
              ("dept", "IDENTITY", "EXPRESSION", None, 'user.email + "!"'),
              ("is_ops", "RESOURCE", "EXPRESSION", None, f'isMemberOfGroupName("ops-{tag}")'))
    for name, claim_type, value_type, group_filter, value in claims:
        body = {"name": name, "status": "ACTIVE", "claimType": claim_type, "valueType": value_type, "value": value,
                "conditions": {"scopes": []}, "alwaysIncludeInToken": True}
        if group_filter:
            body["group_filter_type"] = group_filter
        assert api.post(f"/api/v1/authorizationServers/{sid}/claims", json=body).status_code in (200, 201)
    client = password_client(api, "STATIC")
    body = post(server, client, f"/oauth2/{sid}/v1", "token", grant_type="password", username=login,
                password=PASSWORD, scope="openid a:read").json()
    access = jwt.decode(body["access_token"], options={"verify_signature": False})
    identity = jwt.decode(body["id_token"], options={"verify_signature": False})
    assert access["groups"] == [f"eng-{tag}"] and access["is_ops"] is True and "dept" not in access
    assert identity["dept"] == login + "!" and "groups" not in identity
    assert access["exp"] - access["iat"] == 1800


def test_userinfo(api: httpx.Client, server: Server) -> None:
    login = user_with_password(api)
    client = password_client(api, "STATIC")
    user = api.get(f"/api/v1/users/{login}").json()
    full = post(server, client, DEFAULT, "token", grant_type="password", username=login, password=PASSWORD,
                scope="openid profile email").json()["access_token"]
    for method in ("GET", "POST"):
        resp = httpx.request(method, f"{server.url}{DEFAULT}/userinfo", headers={"Authorization": f"Bearer {full}"})
        assert resp.status_code == 200, resp.text
        info = resp.json()
        assert info["sub"] == user["id"] and info["email"] == login and info["preferred_username"] == login
        assert info["given_name"] == "O" and info["family_name"] == "Auth"
    narrow = post(server, client, DEFAULT, "token", grant_type="password", username=login, password=PASSWORD,
                  scope="openid").json()["access_token"]
    assert httpx.get(f"{server.url}{DEFAULT}/userinfo", headers={"Authorization": f"Bearer {narrow}"}).json() == {
        "sub": user["id"]}
    no_openid = post(server, client, DEFAULT, "token", grant_type="password", username=login, password=PASSWORD,
                     scope="profile").json()["access_token"]
    refused = httpx.get(f"{server.url}{DEFAULT}/userinfo", headers={"Authorization": f"Bearer {no_openid}"})
    assert refused.status_code == 403 and "insufficient_scope" in refused.headers["www-authenticate"]
    for header in ({"Authorization": "Bearer nonsense"}, {}):
        bad = httpx.get(f"{server.url}{DEFAULT}/userinfo", headers=header)
        assert bad.status_code == 401 and bad.json()["error"] == "invalid_token"
    assert post(server, client, DEFAULT, "revoke", token=full).status_code == 200
    assert httpx.get(f"{server.url}{DEFAULT}/userinfo", headers={"Authorization": f"Bearer {full}"}).status_code == 401


def test_auto_rotation_happens_when_due(api: httpx.Client, server: Server) -> None:
    """An AUTO server whose nextRotation has passed rotates before it signs again; a MANUAL one never does."""
    srv, path = custom_server(api)
    client = make_client(api)
    before = jwt.get_unverified_header(
        basic_token(server, client, path, grant_type=CC, scope="a:read").json()["access_token"])["kid"]
    with store_tx(server) as (tx, org):
        doc = tx.get(org, f"/api/v1/authorizationServers/{srv['id']}")
        doc["credentials"]["signing"]["nextRotation"] = "2020-01-01T00:00:00.000Z"
        tx.put(org, f"/api/v1/authorizationServers/{srv['id']}", doc)
    after = basic_token(server, client, path, grant_type=CC, scope="a:read").json()["access_token"]
    assert jwt.get_unverified_header(after)["kid"] != before
    signing = api.get(f"/api/v1/authorizationServers/{srv['id']}").json()["credentials"]["signing"]
    assert signing["kid"] == jwt.get_unverified_header(after)["kid"] and signing["nextRotation"] > "2026"
    keys = {k["kid"]: k["status"] for k in api.get(f"/api/v1/authorizationServers/{srv['id']}/credentials/keys")
            .json()}
    assert keys[before] == "EXPIRED" and sorted(keys.values()) == ["ACTIVE", "EXPIRED", "NEXT"]
    again = basic_token(server, client, path, grant_type=CC, scope="a:read").json()["access_token"]
    assert jwt.get_unverified_header(again)["kid"] == signing["kid"]  # rotated once, not on every request
    with store_tx(server) as (tx, org):
        doc = tx.get(org, f"/api/v1/authorizationServers/{srv['id']}")
        doc["credentials"]["signing"].update(rotationMode="MANUAL", nextRotation="2020-01-01T00:00:00.000Z")
        tx.put(org, f"/api/v1/authorizationServers/{srv['id']}", doc)
    manual = basic_token(server, client, path, grant_type=CC, scope="a:read").json()["access_token"]
    assert jwt.get_unverified_header(manual)["kid"] == signing["kid"]
