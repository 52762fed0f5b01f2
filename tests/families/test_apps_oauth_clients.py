"""OIDC clients: Okta's consistency rules between application type, grant types, response types, redirect URIs and
token endpoint auth method; client secrets (masked after create, at most two, lifecycle rules) and client JWKs (real
keys only), and the credentials the token endpoint reads through `engine.clients`."""

from __future__ import annotations

import base64
import copy
import uuid
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from mokta.engine import clients
from mokta.engine.keys import b64url_uint, rsa_signing_key
from tests.conftest import Server, store_tx

APPS = "/api/v1/apps"
WEB = {"application_type": "web", "grant_types": ["authorization_code"], "response_types": ["code"],
       "redirect_uris": ["https://example.com/callback"]}


def oidc(settings: dict[str, Any] | None = None, method: str | None = "client_secret_basic",
         **credentials: Any) -> dict[str, Any]:
    client: dict[str, Any] = dict(credentials)
    if method:
        client["token_endpoint_auth_method"] = method
    return {"label": f"OIDC {uuid.uuid4().hex[:8]}", "name": "oidc_client", "signOnMode": "OPENID_CONNECT",
            "credentials": {"oauthClient": client}, "settings": {"oauthClient": copy.deepcopy(settings or WEB)}}


def cause(resp: httpx.Response) -> str:
    assert resp.status_code == 400, resp.text
    return str(resp.json()["errorCauses"][0]["errorSummary"])


def rsa_jwk(**extra: Any) -> dict[str, Any]:
    jwk, _pem = rsa_signing_key()
    return {**jwk, **extra}


def ec_jwk() -> dict[str, Any]:
    numbers = ec.generate_private_key(ec.SECP256R1()).public_key().public_numbers()
    return {"kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": uuid.uuid4().hex,
            "x": b64url_uint(numbers.x), "y": b64url_uint(numbers.y)}


BAD_CLIENTS = [  # (settings changes, auth method, the field the 400 must name)
    ({"response_types": ["token"]}, "client_secret_basic", "settings.oauthClient.response_types"),
    ({"redirect_uris": []}, "client_secret_basic", "settings.oauthClient.redirect_uris"),
    ({"grant_types": ["implicit"], "response_types": ["code"]}, "client_secret_basic",
     "settings.oauthClient.response_types"),
    ({"redirect_uris": ["/relative/callback"]}, "client_secret_basic", "settings.oauthClient.redirect_uris"),
    ({"redirect_uris": ["https://example.com/cb#frag"]}, "client_secret_basic", "settings.oauthClient.redirect_uris"),
    ({"redirect_uris": ["myapp://callback"]}, "client_secret_basic", "settings.oauthClient.redirect_uris"),
    ({"application_type": "browser"}, "client_secret_basic",
     "credentials.oauthClient.token_endpoint_auth_method"),
    ({"application_type": "service", "grant_types": ["authorization_code"]}, "client_secret_basic",
     "settings.oauthClient.grant_types"),
    ({"application_type": "service", "grant_types": ["client_credentials"], "response_types": ["token"],
      "redirect_uris": []}, "none", "credentials.oauthClient.token_endpoint_auth_method"),
    ({"grant_types": ["refresh_token"], "response_types": [], "redirect_uris": []}, "client_secret_basic",
     "settings.oauthClient.grant_types"),
    ({}, "private_key_jwt", "settings.oauthClient.jwks"),
]


@pytest.mark.parametrize(("change", "method", "field"), BAD_CLIENTS)
def test_inconsistent_clients_are_400(api: httpx.Client, change: dict[str, Any], method: str, field: str) -> None:
    body = oidc({**WEB, **change}, method)
    if not change.get("response_types", True):
        del body["settings"]["oauthClient"]["response_types"]
    assert cause(api.post(APPS, json=body)).startswith(field)


def test_client_kinds_get_their_credentials(api: httpx.Client) -> None:
    web = api.post(APPS, json=oidc()).json()
    assert web["credentials"]["oauthClient"]["client_id"] == web["id"]
    assert len(web["credentials"]["oauthClient"]["client_secret"]) == 64
    native_settings = {**WEB, "application_type": "native", "redirect_uris": ["com.example:/cb"]}
    defaulted = api.post(APPS, json=oidc(native_settings, method=None)).json()["credentials"]["oauthClient"]
    assert defaulted["token_endpoint_auth_method"] == "client_secret_basic" and defaulted["client_secret"]
    native = api.post(APPS, json=oidc(native_settings, method="none")).json()
    assert "client_secret" not in native["credentials"]["oauthClient"]
    assert native["credentials"]["oauthClient"]["pkce_required"] is True
    spa_settings = {**WEB, "application_type": "browser"}
    assert cause(api.post(APPS, json=oidc(spa_settings, method=None))).startswith(
        "credentials.oauthClient.token_endpoint_auth_method")
    spa = api.post(APPS, json=oidc({**WEB, "application_type": "browser",
                                    "grant_types": ["authorization_code", "implicit"],
                                    "response_types": ["code", "id_token", "token"]}, "none")).json()
    assert spa["settings"]["oauthClient"]["application_type"] == "browser"
    service = api.post(APPS, json=oidc({"application_type": "service", "grant_types": ["client_credentials"]},
                                       "client_secret_post")).json()
    assert service["settings"]["oauthClient"]["response_types"] == ["token"]
    keyed = api.post(APPS, json=oidc({"application_type": "service", "grant_types": ["client_credentials"],
                                      "jwks": {"keys": [rsa_jwk()]}}, "private_key_jwt"))
    assert keyed.status_code == 200, keyed.text
    assert "client_secret" not in keyed.json()["credentials"]["oauthClient"]
    assert keyed.json()["settings"]["oauthClient"]["jwks"]["keys"][0]["id"].startswith("pks")
    own = api.post(APPS, json=oidc(client_id=f"my-client-{uuid.uuid4().hex[:6]}")).json()
    assert own["credentials"]["oauthClient"]["client_id"].startswith("my-client-")
    taken = oidc(client_id=own["credentials"]["oauthClient"]["client_id"])
    assert cause(api.post(APPS, json=taken)).startswith("credentials.oauthClient.client_id")


def test_secret_lifecycle_and_masking(api: httpx.Client) -> None:
    app = api.post(APPS, json=oidc()).json()
    minted = app["credentials"]["oauthClient"]["client_secret"]
    secrets = f"{APPS}/{app['id']}/credentials/secrets"
    listed = api.get(secrets).json()
    assert len(listed) == 1 and listed[0]["status"] == "ACTIVE"
    assert listed[0]["client_secret"] != minted and "......" in listed[0]["client_secret"]
    assert minted.startswith(listed[0]["client_secret"].split("......")[0])
    first = listed[0]["id"]
    assert cause(api.post(f"{secrets}/{first}/lifecycle/deactivate")).startswith("status")  # the last active one
    created = api.post(secrets, json={})
    assert created.status_code == 201 and len(created.json()["client_secret"]) == 64
    second = created.json()["id"]
    assert "......" in api.get(f"{secrets}/{second}").json()["client_secret"]
    assert cause(api.post(secrets, json={})).startswith("client_secret")  # two at most
    assert cause(api.delete(f"{secrets}/{first}")).startswith("status")  # still ACTIVE
    assert api.post(f"{secrets}/{first}/lifecycle/deactivate").json()["status"] == "INACTIVE"
    assert api.delete(f"{secrets}/{first}").status_code == 204
    assert [s["id"] for s in api.get(secrets).json()] == [second]
    assert api.get(f"{secrets}/{first}").status_code == 404
    custom = api.post(secrets, json={"client_secret": "short"})
    assert cause(custom).startswith("client_secret")


def test_secrets_reach_the_token_endpoint_contract(api: httpx.Client, server: Server) -> None:
    app = api.post(APPS, json=oidc()).json()
    minted = app["credentials"]["oauthClient"]["client_secret"]
    secrets = f"{APPS}/{app['id']}/credentials/secrets"
    chosen = "a-chosen-secret-" + uuid.uuid4().hex
    made = api.post(secrets, json={"client_secret": chosen})
    assert made.json()["client_secret"] == chosen
    with store_tx(server) as (tx, org):
        found = clients.client_app(tx, org, app["id"])
        assert found is not None and sorted(clients.active_client_secrets(tx, org, found)) == sorted([minted, chosen])
    api.post(f"{secrets}/{made.json()['id']}/lifecycle/deactivate")
    with store_tx(server) as (tx, org):
        assert clients.active_client_secrets(tx, org, clients.client_app(tx, org, app["id"]) or {}) == [minted]


def test_secrets_only_for_oauth_clients(api: httpx.Client) -> None:
    bookmark = api.post(APPS, json={"label": "bm", "name": "bookmark", "signOnMode": "BOOKMARK",
                                    "settings": {"app": {"url": "https://example.com"}}}).json()
    assert cause(api.get(f"{APPS}/{bookmark['id']}/credentials/secrets")).startswith("signOnMode")


def test_jwks_are_real_keys_with_a_lifecycle(api: httpx.Client, server: Server) -> None:
    rsa_key = rsa_jwk()
    app = api.post(APPS, json=oidc({"application_type": "service", "grant_types": ["client_credentials"],
                                    "jwks": {"keys": [rsa_key]}}, "private_key_jwt")).json()
    jwks = f"{APPS}/{app['id']}/credentials/jwks"
    first = api.get(jwks).json()[0]
    assert (first["kid"], first["n"], first["status"]) == (rsa_key["kid"], rsa_key["n"], "ACTIVE")
    assert cause(api.post(f"{jwks}/{first['id']}/lifecycle/deactivate")).startswith("status")  # private_key_jwt
    added = api.post(jwks, json=ec_jwk())
    assert added.status_code == 201, added.text
    assert added.json()["kty"] == "EC" and added.json()["id"].startswith("pks")
    assert api.post(f"{jwks}/{first['id']}/lifecycle/deactivate").json()["status"] == "INACTIVE"
    with store_tx(server) as (tx, org):
        active = clients.active_client_jwks(tx, org, clients.client_app(tx, org, app["id"]) or {})
        assert [k["kid"] for k in active] == [added.json()["kid"]]
    assert cause(api.delete(f"{jwks}/{added.json()['id']}")).startswith("status")
    assert api.delete(f"{jwks}/{first['id']}").status_code == 204
    mirrored = api.get(f"{APPS}/{app['id']}").json()["settings"]["oauthClient"]["jwks"]["keys"]
    assert [k["kid"] for k in mirrored] == [added.json()["kid"]]
    short = rsa_jwk()
    short["n"] = base64.urlsafe_b64encode(b"\xc1" * 128).rstrip(b"=").decode()  # 1024 bits
    assert cause(api.post(jwks, json=short)).startswith("n")
    off_curve = {**ec_jwk(), "y": ec_jwk()["x"]}
    assert cause(api.post(jwks, json=off_curve)).startswith("x")
    bad_curve = {**ec_jwk(), "crv": "P-192"}
    assert cause(api.post(jwks, json=bad_curve)).startswith("crv")
    dup = {**rsa_jwk(), "kid": added.json()["kid"]}
    assert cause(api.post(jwks, json=dup)).startswith("kid")


def test_replace_keeps_credentials_and_checks_rules(api: httpx.Client) -> None:
    app = api.post(APPS, json=oidc()).json()
    client = app["credentials"]["oauthClient"]
    body = oidc(method=None)
    replaced = api.put(f"{APPS}/{app['id']}", json=body).json()
    assert replaced["credentials"]["oauthClient"]["client_id"] == client["client_id"]
    assert replaced["credentials"]["oauthClient"]["client_secret"] == client["client_secret"]
    assert len(api.get(f"{APPS}/{app['id']}/credentials/secrets").json()) == 1  # no second secret minted
    bad = oidc({**WEB, "response_types": ["token"]})
    assert cause(api.put(f"{APPS}/{app['id']}", json=bad)).startswith("settings.oauthClient.response_types")


def test_client_secret_jwt_needs_a_long_secret(api: httpx.Client) -> None:
    short = oidc(method="client_secret_jwt", client_secret="only-twenty-chars-xx")
    assert cause(api.post(APPS, json=short)).startswith("client_secret: must be 32")
    long_enough = oidc(method="client_secret_jwt", client_secret="x" * 40)
    made = api.post(APPS, json=long_enough)
    assert made.status_code == 200 and made.json()["credentials"]["oauthClient"]["client_secret"] == "x" * 40
    basic = oidc(client_secret="fourteen-chars")
    assert api.post(APPS, json=basic).status_code == 200


def test_replace_with_a_key_set_keeps_named_keys(api: httpx.Client) -> None:
    first, second = rsa_jwk(), rsa_jwk()
    settings = {"application_type": "service", "grant_types": ["client_credentials"], "jwks": {"keys": [first]}}
    app = api.post(APPS, json=oidc(settings, "private_key_jwt")).json()
    jwks = f"{APPS}/{app['id']}/credentials/jwks"
    original = api.get(jwks).json()[0]
    round_trip = {k: app[k] for k in ("label", "name", "signOnMode", "credentials", "settings")}
    assert api.put(f"{APPS}/{app['id']}", json=round_trip).status_code == 200
    assert [k["id"] for k in api.get(jwks).json()] == [original["id"]]  # GET then PUT changes nothing
    round_trip["settings"]["oauthClient"]["jwks"] = {"keys": [second]}
    assert api.put(f"{APPS}/{app['id']}", json=round_trip).status_code == 200
    assert [k["kid"] for k in api.get(jwks).json()] == [second["kid"]]
    swapped = {**second, "n": "AQAB"}  # the same kid naming other (unusable) key material
    round_trip["settings"]["oauthClient"]["jwks"] = {"keys": [{**first, "kid": None}, swapped]}
    assert cause(api.put(f"{APPS}/{app['id']}", json=round_trip)).startswith("settings.oauthClient.jwks.keys[1].n")
    assert [k["kid"] for k in api.get(jwks).json()] == [second["kid"]]  # a refused replace changes nothing
