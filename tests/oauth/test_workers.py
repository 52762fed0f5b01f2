"""Tokens, spent assertion jtis and the org key live in the store: two servers on one PostgreSQL database, reached
under one org address (as behind a load balancer), agree on all of them."""

from __future__ import annotations

import httpx
import jwt

from tests.conftest import fresh_pg_schema, start_server, stop_server
from tests.oauth.helpers import JWT_BEARER, assertion, make_client, rsa_jwk

SCOPE = "okta.users.read"


def test_two_servers_share_tokens_jtis_and_keys() -> None:
    url = fresh_pg_schema()
    a = start_server("postgres", database_url=url, token="00" + "b" * 40)
    b = start_server("postgres", database_url=url, token="00" + "b" * 40)
    try:
        org = a.url  # both are addressed as server a's URL; b is reached with a's Host header
        host = {"Host": org.removeprefix("http://")}
        with a.client() as api:
            key, public = rsa_jwk()
            client = make_client(api, "private_key_jwt", jwks=[public], grants=[SCOPE])
        signed = assertion(client.client_id, f"{org}/oauth2/v1/token", key)
        form = {"grant_type": "client_credentials", "scope": SCOPE, "client_assertion_type": JWT_BEARER,
                "client_assertion": signed}
        first = httpx.post(f"{a.url}/oauth2/v1/token", data=form)
        assert first.status_code == 200, first.text
        refused = httpx.post(f"{b.url}/oauth2/v1/token", data=form, headers=host)
        assert refused.status_code == 401 and "jti" in refused.json()["error_description"]
        assert httpx.get(f"{a.url}/oauth2/v1/keys").json() == httpx.get(f"{b.url}/oauth2/v1/keys").json()
        access = first.json()["access_token"]
        bearer = {"Authorization": f"Bearer {access}"}
        assert httpx.get(f"{b.url}/api/v1/users", headers={**bearer, **host}).status_code == 200
        assert jwt.decode(access, options={"verify_signature": False})["iss"] == org
        revoke = httpx.post(f"{b.url}/oauth2/v1/revoke", headers=host, data={
            "token": access, "client_assertion_type": JWT_BEARER,
            "client_assertion": assertion(client.client_id, f"{org}/oauth2/v1/revoke", key)})
        assert revoke.status_code == 200
        after = httpx.get(f"{a.url}/api/v1/users", headers=bearer)
        assert after.status_code == 401 and after.json()["errorCode"] == "E0000011"
    finally:
        stop_server(a)
        stop_server(b)
