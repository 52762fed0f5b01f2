"""What the OAuth token runtime reads from the store, checked there: each public signing key has a private half at
`/mokta/keys/authorizationServers/{asId}/{kid}` with the same status after every rotation, and the refresh-token
records it writes at `/mokta/oauth/refreshTokens/{id}` are what the clients operations list and revoke."""

from __future__ import annotations

import base64
import itertools
import time

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from mokta.seed_data import AS_KEYS_ROOT, PRIVATE_ROOT
from tests.conftest import Server, store_tx

SERVERS = "/api/v1/authorizationServers"
REFRESH_TOKENS = f"{PRIVATE_ROOT}/oauth/refreshTokens"
_n = itertools.count(1)


def _n_of(text: str) -> int:
    return int.from_bytes(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), "big")


def test_private_keys_follow_every_rotation(api: httpx.Client, server: Server) -> None:
    created = api.post(SERVERS, json={"name": f"rt-{next(_n)}", "audiences": ["api://rt"]}).json()
    for _ in range(3):
        public = api.post(f"{SERVERS}/{created['id']}/credentials/lifecycle/keyRotate", json={"use": "sig"}).json()
    with store_tx(server) as (tx, org):
        private = {doc["kid"]: doc for _, _, doc in tx.list(org, f"{AS_KEYS_ROOT}/{created['id']}")}
    assert {k["kid"]: k["status"] for k in public} == {kid: doc["status"] for kid, doc in private.items()}
    for key in public:
        loaded = serialization.load_pem_private_key(private[key["kid"]]["privateKeyPem"].encode(), None)
        assert isinstance(loaded, rsa.RSAPrivateKey)
        assert loaded.public_key().public_numbers().n == _n_of(key["n"])
    active = next(k["kid"] for k in public if k["status"] == "ACTIVE")
    assert api.get(f"{SERVERS}/{created['id']}").json()["credentials"]["signing"]["kid"] == active


def test_clients_list_and_revoke_the_runtime_refresh_tokens(api: httpx.Client, server: Server) -> None:
    created = api.post(SERVERS, json={"name": f"rt-{next(_n)}", "audiences": ["api://rt"]}).json()
    app = api.post("/api/v1/apps", json={
        "name": "oidc_client", "label": f"rt-client-{next(_n)}", "signOnMode": "OPENID_CONNECT",
        "credentials": {"oauthClient": {"token_endpoint_auth_method": "client_secret_basic"}},
        "settings": {"oauthClient": {"grant_types": ["client_credentials"], "response_types": ["token"],
                                     "application_type": "service"}}}).json()
    cid = app["credentials"]["oauthClient"]["client_id"]
    user = api.get("/api/v1/users").json()[0]["id"]
    now = int(time.time())
    records = {"oarLIVE" + str(next(_n)).rjust(13, "0"): now + 3600,
               "oarLIVE" + str(next(_n)).rjust(13, "0"): None,
               "oarGONE" + str(next(_n)).rjust(13, "0"): now - 10}
    with store_tx(server) as (tx, org):
        for rid, end in records.items():
            tx.put(org, f"{REFRESH_TOKENS}/{rid}", {
                "id": rid, "server": created["id"], "cid": cid, "scp": ["openid", "offline_access"], "uid": user,
                "grant": "password", "end": end, "idleUntil": None, "created": "2026-11-29T00:00:00.000Z"})
    live = [rid for rid, end in records.items() if end is None or end > now]
    base = f"{SERVERS}/{created['id']}/clients"
    clients = api.get(base).json()
    assert [(c["client_id"], c["client_name"]) for c in clients] == [(cid, app["label"])]
    tokens = api.get(f"{base}/{cid}/tokens", params={"expand": "scope"}).json()
    assert sorted(t["id"] for t in tokens) == sorted(live)
    token = next(t for t in tokens if t["id"] == live[0])
    assert (token["status"], token["clientId"], token["userId"], token["scopes"]) == (
        "ACTIVE", cid, user, ["openid", "offline_access"])
    assert token["issuer"] == created["issuer"] and token["expiresAt"].endswith("Z")
    assert {s["name"] for s in token["_embedded"]["scopes"]} == {"openid", "offline_access"}
    expired = next(rid for rid in records if rid not in live)
    assert api.get(f"{base}/{cid}/tokens/{expired}").status_code == 404
    assert api.delete(f"{base}/{cid}/tokens/{live[0]}").status_code == 204
    assert api.get(f"{base}/{cid}/tokens/{live[0]}").status_code == 404
    assert api.delete(f"{base}/{cid}/tokens").status_code == 204
    assert api.get(f"{base}/{cid}/tokens").json() == [] and api.get(base).json() == []
