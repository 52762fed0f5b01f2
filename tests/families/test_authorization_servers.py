"""Custom authorization servers over HTTP: real RSA signing keys that rotate ACTIVE → EXPIRED with a NEXT key ready,
one audience, Okta's system scopes and claims on every server, validated scopes, claims, access policies and rules
(priorities renumbered), resource-server encryption keys and trusted servers."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json

import httpx
from cryptography.hazmat.primitives.asymmetric import rsa

from mokta.engine.keys import rsa_signing_key

SERVERS = "/api/v1/authorizationServers"
_n = itertools.count(1)


def _server(api: httpx.Client, **extra: object) -> dict:
    body = {"name": f"as-{next(_n)}", "description": "test", "audiences": ["api://test"], **extra}
    resp = api.post(SERVERS, json=body)
    assert resp.status_code == 201, resp.text
    return resp.json()


def _cause(resp: httpx.Response) -> str:
    assert resp.status_code == 400, resp.text
    body = resp.json()
    assert body["errorCode"] == "E0000001"
    return " ".join(c["errorSummary"] for c in body["errorCauses"])


def _uint(text: str) -> int:
    return int.from_bytes(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), "big")


def _keys(api: httpx.Client, as_id: str) -> list[dict]:
    resp = api.get(f"{SERVERS}/{as_id}/credentials/keys")
    assert resp.status_code == 200, resp.text
    return resp.json()


# -- servers and signing keys -------------------------------------------------------------------------------------


def test_new_server_has_real_active_and_next_keys(api: httpx.Client) -> None:
    server = _server(api)
    keys = _keys(api, server["id"])
    assert [k["status"] for k in keys] == ["ACTIVE", "NEXT"]
    assert keys[0]["kid"] == server["credentials"]["signing"]["kid"]
    for key in keys:
        public = rsa.RSAPublicNumbers(_uint(key["e"]), _uint(key["n"])).public_key()
        assert public.key_size == 2048 and (key["kty"], key["alg"], key["use"]) == ("RSA", "RS256", "sig")
        thumb = json.dumps({"e": key["e"], "kty": "RSA", "n": key["n"]}, separators=(",", ":"), sort_keys=True)
        assert key["kid"] == base64.urlsafe_b64encode(hashlib.sha256(thumb.encode()).digest()).rstrip(b"=").decode()
        assert "privateKeyPem" not in key and "d" not in key
    links = server["_links"]
    assert links["rotateKey"]["href"].endswith(f"{SERVERS}/{server['id']}/credentials/lifecycle/keyRotate")
    assert links["scopes"]["href"].endswith(f"{SERVERS}/{server['id']}/scopes") and "deactivate" in links
    assert links["metadata"][1]["href"] == f"{server['issuer']}/.well-known/openid-configuration"
    api.post(f"{SERVERS}/{server['id']}/lifecycle/deactivate")
    assert "activate" in api.get(f"{SERVERS}/{server['id']}").json()["_links"]
    single = api.get(f"{SERVERS}/{server['id']}/credentials/keys/{keys[1]['kid']}").json()
    assert (single["kid"], single["status"]) == (keys[1]["kid"], "NEXT")


def test_rotation_promotes_next_and_keeps_one_expired_key(api: httpx.Client) -> None:
    server = _server(api)
    first, second = (k["kid"] for k in _keys(api, server["id"]))
    rotated = api.post(f"{SERVERS}/{server['id']}/credentials/lifecycle/keyRotate", json={"use": "sig"})
    assert rotated.status_code == 200, rotated.text
    statuses = {k["kid"]: k["status"] for k in rotated.json()}
    assert statuses[first] == "EXPIRED" and statuses[second] == "ACTIVE" and len(statuses) == 3
    third = next(kid for kid, status in statuses.items() if status == "NEXT")
    after = api.get(f"{SERVERS}/{server['id']}").json()["credentials"]["signing"]
    assert after["kid"] == second and after["lastRotated"] >= server["credentials"]["signing"]["lastRotated"]
    assert after["nextRotation"] > after["lastRotated"]

    again = api.post(f"{SERVERS}/{server['id']}/credentials/lifecycle/keyRotate", json={"use": "sig"}).json()
    assert first not in {k["kid"] for k in again}  # only the latest EXPIRED key is kept
    assert {k["kid"]: k["status"] for k in again if k["kid"] != third and k["status"] != "NEXT"} == {
        second: "EXPIRED"}
    assert [k["status"] for k in again] == ["ACTIVE", "NEXT", "EXPIRED"]
    gone = api.get(f"{SERVERS}/{server['id']}/credentials/keys/{first}")
    assert gone.status_code == 404


def test_rotation_checks_use_and_works_in_manual_mode(api: httpx.Client) -> None:
    server = _server(api)
    assert "use" in _cause(api.post(f"{SERVERS}/{server['id']}/credentials/lifecycle/keyRotate",
                                    json={"use": "enc"}))
    manual = api.put(f"{SERVERS}/{server['id']}", json={
        "name": server["name"], "audiences": ["api://test"], "credentials": {"signing": {"rotationMode": "MANUAL"}}})
    assert manual.status_code == 200, manual.text
    signing = manual.json()["credentials"]["signing"]
    assert signing["rotationMode"] == "MANUAL" and "nextRotation" not in signing
    assert signing["kid"] == server["credentials"]["signing"]["kid"]
    rotated = api.post(f"{SERVERS}/{server['id']}/credentials/lifecycle/keyRotate", json={"use": "sig"})
    assert rotated.status_code == 200
    assert api.get(f"{SERVERS}/{server['id']}").json()["credentials"]["signing"]["kid"] != signing["kid"]
    missing = api.post(f"{SERVERS}/ausMISSING0000000000/credentials/lifecycle/keyRotate", json={"use": "sig"})
    assert missing.status_code == 404


def test_exactly_one_audience_and_known_issuer_modes(api: httpx.Client) -> None:
    for audiences in ([], ["api://a", "api://b"], [""]):
        resp = api.post(SERVERS, json={"name": f"as-{next(_n)}", "audiences": audiences})
        assert "audiences" in _cause(resp)
    assert "audiences" in _cause(api.post(SERVERS, json={"name": f"as-{next(_n)}"}))
    assert "issuerMode" in _cause(api.post(SERVERS, json={"name": "x", "audiences": ["a"], "issuerMode": "NOPE"}))
    custom = api.post(SERVERS, json={"name": "x", "audiences": ["a"], "issuerMode": "CUSTOM_URL"})
    assert "issuerMode" in _cause(custom)
    dynamic = _server(api, issuerMode="DYNAMIC")
    assert dynamic["issuerMode"] == "DYNAMIC" and dynamic["issuer"].endswith(f"/oauth2/{dynamic['id']}")
    server = _server(api)
    assert "audiences" in _cause(api.put(f"{SERVERS}/{server['id']}", json={"name": "x", "audiences": []}))


def test_delete_removes_trust_and_associated_servers(api: httpx.Client) -> None:
    own, other, third = _server(api), _server(api), _server(api)
    trusted = api.post(f"{SERVERS}/{own['id']}/associatedServers", json={"trusted": [other["id"]]})
    assert trusted.status_code == 200 and [s["id"] for s in trusted.json()] == [other["id"]]
    listed = api.get(f"{SERVERS}/{own['id']}/associatedServers", params={"trusted": "true"}).json()
    assert [s["id"] for s in listed] == [other["id"]]
    untrusted = {s["id"] for s in api.get(f"{SERVERS}/{own['id']}/associatedServers",
                                          params={"trusted": "false"}).json()}
    assert third["id"] in untrusted and other["id"] not in untrusted and own["id"] not in untrusted
    assert "trusted" in _cause(api.post(f"{SERVERS}/{own['id']}/associatedServers", json={"trusted": [own["id"]]}))
    assert api.delete(f"{SERVERS}/{own['id']}/associatedServers/{other['id']}").status_code == 204
    assert api.delete(f"{SERVERS}/{own['id']}/associatedServers/{other['id']}").status_code == 404
    api.post(f"{SERVERS}/{own['id']}/associatedServers", json={"trusted": [third["id"]]})
    assert api.delete(f"{SERVERS}/{third['id']}").status_code == 204
    assert api.get(f"{SERVERS}/{own['id']}/associatedServers", params={"trusted": "true"}).json() == []


# -- scopes and claims --------------------------------------------------------------------------------------------


def test_system_scopes_on_every_server_and_undeletable(api: httpx.Client) -> None:
    server = _server(api)
    scopes = {s["name"]: s for s in api.get(f"{SERVERS}/{server['id']}/scopes").json()}
    assert {"openid", "profile", "email", "address", "phone", "offline_access", "device_sso"} <= set(scopes)
    assert all(scopes[n]["system"] for n in ("openid", "offline_access"))
    openid = scopes["openid"]
    denied = api.delete(f"{SERVERS}/{server['id']}/scopes/{openid['id']}")
    assert denied.status_code == 403 and denied.json()["errorCode"] == "E0000006"
    renamed = api.put(f"{SERVERS}/{server['id']}/scopes/{openid['id']}", json={"name": "openid2"})
    assert "name" in _cause(renamed)
    described = api.put(f"{SERVERS}/{server['id']}/scopes/{openid['id']}",
                        json={"name": "openid", "description": "Sign in"})
    assert described.status_code == 200 and described.json()["system"] is True
    assert described.json()["description"] == "Sign in"


def test_scope_names_unique_and_defaults(api: httpx.Client) -> None:
    server = _server(api)
    coll = f"{SERVERS}/{server['id']}/scopes"
    made = api.post(coll, json={"name": "car:drive", "system": True})
    assert made.status_code == 201, made.text
    scope = made.json()
    assert (scope["consent"], scope["metadataPublish"], scope["default"], scope["optional"], scope["system"]) == (
        "IMPLICIT", "NO_CLIENTS", False, False, False)
    assert "name" in _cause(api.post(coll, json={"name": "car:drive"}))
    assert "name" in _cause(api.post(coll, json={"name": "openid"}))
    assert "name" in _cause(api.post(coll, json={"name": "has space"}))
    assert "name" in _cause(api.post(coll, json={"name": "okta.users.read"}))
    other = _server(api)
    assert api.post(f"{SERVERS}/{other['id']}/scopes", json={"name": "car:drive"}).status_code == 201
    assert [s["name"] for s in api.get(coll, params={"q": "car"}).json()] == ["car:drive"]
    assert "name" in _cause(api.put(f"{coll}/{scope['id']}", json={"name": "okta.apps.read"}))
    renamed = api.put(f"{coll}/{scope['id']}", json={"name": "car:park", "consent": "REQUIRED"})
    assert renamed.status_code == 200 and (renamed.json()["name"], renamed.json()["consent"]) == (
        "car:park", "REQUIRED")
    assert api.delete(f"{coll}/{scope['id']}").status_code == 204


def test_claims_are_validated(api: httpx.Client) -> None:
    server = _server(api)
    coll = f"{SERVERS}/{server['id']}/claims"

    def claim(**fields: object) -> httpx.Response:
        return api.post(coll, json={"name": f"c{next(_n)}", "claimType": "RESOURCE", "valueType": "EXPRESSION",
                                    "value": "user.email", **fields})

    made = claim(name="dept", claimType="IDENTITY", alwaysIncludeInToken=False, conditions={"scopes": ["profile"]})
    assert made.status_code == 201, made.text
    assert (made.json()["status"], made.json()["system"]) == ("ACTIVE", False)
    assert claim(name="dept").status_code == 201  # the same name as an access-token claim is fine
    assert "name" in _cause(claim(name="dept", claimType="IDENTITY"))
    assert claim().json()["alwaysIncludeInToken"] is True  # access-token claims always are
    assert "value" in _cause(claim(value="user.email +"))
    assert "value" in _cause(claim(value=""))
    assert "name" in _cause(claim(name="sub"))
    assert "claimType" in _cause(claim(claimType="BOTH"))
    assert "valueType" in _cause(claim(valueType="SYSTEM"))
    assert "group_filter_type" in _cause(claim(valueType="GROUPS", value="Eng"))
    assert "value" in _cause(claim(valueType="GROUPS", value="(", group_filter_type="REGEX"))
    groups = claim(valueType="GROUPS", value="Eng", group_filter_type="STARTS_WITH")
    assert groups.status_code == 201 and groups.json()["group_filter_type"] == "STARTS_WITH"
    assert "conditions.scopes" in _cause(claim(conditions={"scopes": ["no:such"]}))
    replaced = api.put(f"{coll}/{made.json()['id']}", json={
        "name": "dept", "claimType": "IDENTITY", "valueType": "EXPRESSION", "value": "user.department"})
    assert replaced.status_code == 200 and replaced.json()["value"] == "user.department"

    sub = next(c for c in api.get(coll).json() if c["name"] == "sub")
    assert sub["system"] is True
    assert api.delete(f"{coll}/{sub['id']}").status_code == 403
    assert api.put(f"{coll}/{sub['id']}", json={"name": "sub", "claimType": "RESOURCE", "valueType": "EXPRESSION",
                                                 "value": "user.login"}).status_code == 403
    assert api.delete(f"{coll}/{made.json()['id']}").status_code == 204


# -- access policies and rules ------------------------------------------------------------------------------------


def _policy(api: httpx.Client, as_id: str, **extra: object) -> httpx.Response:
    return api.post(f"{SERVERS}/{as_id}/policies", json={
        "name": f"p{next(_n)}", "description": "d", "type": "OAUTH_AUTHORIZATION_POLICY",
        "conditions": {"clients": {"include": ["ALL_CLIENTS"]}}, **extra})


def _rule(api: httpx.Client, path: str, **extra: object) -> httpx.Response:
    body: dict = {"name": f"r{next(_n)}", "type": "RESOURCE_ACCESS",
                  "conditions": {"people": {"groups": {"include": ["EVERYONE"]}},
                                 "grantTypes": {"include": ["client_credentials", "authorization_code"]},
                                 "scopes": {"include": ["openid", "profile"]}},
                  "actions": {"token": {"accessTokenLifetimeMinutes": 30, "refreshTokenLifetimeMinutes": 0,
                                        "refreshTokenWindowMinutes": 10080}}}
    for key, value in extra.items():
        if key in ("grantTypes", "scopes", "people"):
            body["conditions"][key] = value
        elif key == "token":
            body["actions"]["token"] = value
        else:
            body[key] = value
    return api.post(f"{path}/rules", json=body)


def test_policy_clients_and_priorities(api: httpx.Client) -> None:
    server = _server(api)
    first, second = _policy(api, server["id"]).json(), _policy(api, server["id"]).json()
    assert (first["priority"], second["priority"]) == (1, 2)
    top = _policy(api, server["id"], priority=1).json()
    listed = api.get(f"{SERVERS}/{server['id']}/policies").json()
    assert [(p["id"], p["priority"]) for p in listed] == [(top["id"], 1), (first["id"], 2), (second["id"], 3)]
    assert "conditions.clients.include" in _cause(_policy(api, server["id"], conditions={}))
    assert "conditions.clients.include" in _cause(
        _policy(api, server["id"], conditions={"clients": {"include": ["0oaMISSING0000000000"]}}))
    bookmark = api.post("/api/v1/apps", json={"name": "bookmark", "label": f"b{next(_n)}", "signOnMode": "BOOKMARK",
                                              "settings": {"app": {"url": "https://example.com"}}}).json()["id"]
    assert "conditions.clients.include" in _cause(
        _policy(api, server["id"], conditions={"clients": {"include": [bookmark]}}))
    client = _oidc_app(api)
    named = _policy(api, server["id"], conditions={"clients": {"include": [client["id"]]}})
    assert named.status_code == 201 and named.json()["conditions"]["clients"]["include"] == [client["id"]]
    api.delete(f"{SERVERS}/{server['id']}/policies/{named.json()['id']}")
    assert "priority" in _cause(_policy(api, server["id"], priority=0))
    assert api.delete(f"{SERVERS}/{server['id']}/policies/{top['id']}").status_code == 204
    listed = api.get(f"{SERVERS}/{server['id']}/policies").json()
    assert [(p["id"], p["priority"]) for p in listed] == [(first["id"], 1), (second["id"], 2)]
    assert api.post(f"{SERVERS}/{server['id']}/policies/{first['id']}/lifecycle/deactivate").status_code == 204
    assert api.get(f"{SERVERS}/{server['id']}/policies/{first['id']}").json()["status"] == "INACTIVE"


def test_rules_renumber_and_validate(api: httpx.Client) -> None:
    server = _server(api)
    policy = _policy(api, server["id"]).json()
    path = f"{SERVERS}/{server['id']}/policies/{policy['id']}"
    ids = []
    for _ in range(3):
        made = _rule(api, path)
        assert made.status_code == 201, made.text
        ids.append(made.json()["id"])
    moved = api.put(f"{path}/rules/{ids[2]}", json={**api.get(f"{path}/rules/{ids[2]}").json(), "priority": 1})
    assert moved.status_code == 200, moved.text
    assert [(r["id"], r["priority"]) for r in api.get(f"{path}/rules").json()] == [
        (ids[2], 1), (ids[0], 2), (ids[1], 3)]
    assert api.delete(f"{path}/rules/{ids[0]}").status_code == 204
    assert [(r["id"], r["priority"]) for r in api.get(f"{path}/rules").json()] == [(ids[2], 1), (ids[1], 2)]

    rule = api.get(f"{path}/rules/{ids[1]}").json()
    assert rule["conditions"]["scopes"]["include"] == ["openid", "profile"]
    assert rule["actions"]["token"]["accessTokenLifetimeMinutes"] == 30
    assert "conditions.scopes.include" in _cause(_rule(api, path, scopes={"include": ["no:such"]}))
    assert _rule(api, path, scopes={"include": ["*"]}).status_code == 201
    assert "conditions.grantTypes.include" in _cause(_rule(api, path, grantTypes={"include": ["magic"]}))
    assert "conditions.grantTypes.include" in _cause(_rule(api, path, grantTypes={"include": []}))
    assert "conditions.people.groups.include" in _cause(
        _rule(api, path, people={"groups": {"include": ["00gMISSING0000000000"]}}))
    for minutes in (4, 1441):
        token = {"accessTokenLifetimeMinutes": minutes, "refreshTokenLifetimeMinutes": 0,
                 "refreshTokenWindowMinutes": 10080}
        assert "accessTokenLifetimeMinutes" in _cause(_rule(api, path, token=token))
    short = {"accessTokenLifetimeMinutes": 60, "refreshTokenLifetimeMinutes": 30, "refreshTokenWindowMinutes": 20}
    assert "refreshTokenLifetimeMinutes" in _cause(_rule(api, path, token=short))
    wide = {"accessTokenLifetimeMinutes": 60, "refreshTokenLifetimeMinutes": 120, "refreshTokenWindowMinutes": 240}
    assert "refreshTokenWindowMinutes" in _cause(_rule(api, path, token=wide))
    defaults = _rule(api, path, token={})
    assert defaults.json()["actions"]["token"] == {"accessTokenLifetimeMinutes": 60,
                                                   "refreshTokenLifetimeMinutes": 0,
                                                   "refreshTokenWindowMinutes": 10080}
    assert "type" in _cause(_rule(api, path, type="SIGN_ON"))
    hooked = {**defaults.json()["actions"]["token"], "inlineHook": {"id": "calMISSING0000000000"}}
    assert "actions.token.inlineHook.id" in _cause(_rule(api, path, token=hooked))
    hook = api.post("/api/v1/inlineHooks", json={
        "name": f"token-hook-{next(_n)}", "type": "com.okta.oauth2.tokens.transform", "version": "1.0.0",
        "channel": {"type": "HTTP", "version": "1.0.0",
                    "config": {"uri": "https://hooks.example.com/token", "method": "POST"}}})
    assert hook.status_code == 200, hook.text
    with_hook = _rule(api, path, token={**hooked, "inlineHook": {"id": hook.json()["id"]}})
    assert with_hook.status_code == 201, with_hook.text
    assert with_hook.json()["actions"]["token"]["inlineHook"]["id"] == hook.json()["id"]


# -- resource-server keys and clients -----------------------------------------------------------------------------


def test_resource_server_keys_lifecycle(api: httpx.Client) -> None:
    server = _server(api)
    coll = f"{SERVERS}/{server['id']}/resourceservercredentials/keys"
    jwk, _pem = rsa_signing_key()
    body = {"kty": "RSA", "use": "enc", "e": jwk["e"], "n": jwk["n"], "kid": "enc-1"}
    added = api.post(coll, json=body)
    assert added.status_code == 201, added.text
    key = added.json()
    assert key["status"] == "INACTIVE" and key["kid"] == "enc-1" and key["n"] == jwk["n"]
    assert "n" in _cause(api.post(coll, json=body))  # already registered
    assert "n" in _cause(api.post(coll, json={**body, "n": "AQAB"}))
    assert "n" in _cause(api.post(coll, json={**body, "n": "not base64!"}))
    assert "kty" in _cause(api.post(coll, json={**body, "kty": "EC"}))
    active = api.post(f"{coll}/{key['id']}/lifecycle/activate")
    assert active.status_code == 200 and active.json()["status"] == "ACTIVE"
    other_jwk, _ = rsa_signing_key()
    second = api.post(coll, json={"kty": "RSA", "e": other_jwk["e"], "n": other_jwk["n"], "status": "ACTIVE"}).json()
    assert second["status"] == "ACTIVE"
    assert api.get(f"{coll}/{key['id']}").json()["status"] == "INACTIVE"  # one ACTIVE key at a time
    assert "status" in _cause(api.delete(f"{coll}/{second['id']}"))
    assert api.post(f"{coll}/{second['id']}/lifecycle/deactivate").json()["status"] == "INACTIVE"
    assert api.delete(f"{coll}/{second['id']}").status_code == 204
    assert [k["id"] for k in api.get(coll).json()] == [key["id"]]


def _oidc_app(api: httpx.Client) -> dict:
    app = api.post("/api/v1/apps", json={
        "name": "oidc_client", "label": f"client-{next(_n)}", "signOnMode": "OPENID_CONNECT",
        "credentials": {"oauthClient": {"token_endpoint_auth_method": "client_secret_basic"}},
        "settings": {"oauthClient": {"grant_types": ["client_credentials"], "response_types": ["token"],
                                     "application_type": "service"}}})
    assert app.status_code == 200, app.text
    return dict(app.json())


def test_clients_and_refresh_tokens_of_a_server(api: httpx.Client) -> None:
    server = _server(api)
    client_id = _oidc_app(api)["credentials"]["oauthClient"]["client_id"]
    base = f"{SERVERS}/{server['id']}/clients"
    assert api.get(base).json() == []
    assert api.get(f"{base}/{client_id}/tokens").json() == []
    assert api.delete(f"{base}/{client_id}/tokens").status_code == 204
    assert api.get(f"{base}/{client_id}/tokens/oarMISSING0000000000").status_code == 404
    assert api.delete(f"{base}/{client_id}/tokens/oarMISSING0000000000").status_code == 404
    assert api.get(f"{base}/0oaMISSING0000000000/tokens").status_code == 404


def test_changes_are_logged_with_okta_event_types(api: httpx.Client) -> None:
    server = _server(api)
    api.post(f"{SERVERS}/{server['id']}/lifecycle/deactivate")
    scope = api.post(f"{SERVERS}/{server['id']}/scopes", json={"name": "logged:scope"}).json()

    def kinds(target: str) -> list[str]:
        events = api.get("/api/v1/logs", params={"filter": f'target.id eq "{target}"'}).json()
        return [e["eventType"] for e in events]

    api.post(f"{SERVERS}/{server['id']}/credentials/lifecycle/keyRotate", json={"use": "sig"})
    assert kinds(server["id"]) == ["oauth2.as.created", "oauth2.as.deactivated", "app.oauth2.as.key.rollover"]
    assert kinds(scope["id"]) == ["oauth2.scope.created"]
    policy = _policy(api, server["id"]).json()
    assert kinds(policy["id"]) == ["policy.lifecycle.create"]
