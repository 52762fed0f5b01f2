"""Inline hooks over an OAUTH channel: mokta gets a token from the channel's token endpoint (`client_secret_post`, or a
`private_key_jwt` assertion signed with a hook key, checked here against the key mokta publishes) and calls the hook
with it as a bearer token; bad configurations and a failing token endpoint are Okta's 400s; secrets never return."""

from __future__ import annotations

import base64
import json
import secrets
import time
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from tests.conftest import Server
from tests.loopback import JsonHandler, serve

HOOKS = "/api/v1/inlineHooks"


def _b64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Endpoints:
    """A customer's OAuth token endpoint and inline-hook endpoint on one loopback server. The token endpoint checks
    the client's credentials (a `private_key_jwt` assertion's signature against the public key mokta serves for the
    header's `kid`); the hook answers only with a token it issued."""

    def __init__(self, server: Server) -> None:
        self.mokta = server
        self.published: dict[str, dict[str, Any]] = {}  # kid -> JWK, as fetched from mokta's public-key endpoint
        self.client_secret = secrets.token_urlsafe(16)
        self.issued: set[str] = set()
        self.assertions: list[dict[str, Any]] = []
        self.token_requests: list[dict[str, str]] = []
        self.hook_calls: list[dict[str, Any]] = []
        self.token_status = 200
        endpoints = self

        class Handler(JsonHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                raw = self.body()
                if self.path == "/token":
                    status, body = endpoints.token(dict((k, v[0]) for k, v in parse_qs(raw.decode()).items()))
                else:
                    status, body = endpoints.hook(self.headers.get("Authorization", ""), json.loads(raw))
                self.reply(status, json.dumps(body).encode())

        self.httpd = serve(Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        self.token_requests.append(form)
        if self.token_status != 200:
            return self.token_status, {"error": "server_error"}
        if form.get("grant_type") != "client_credentials":
            return 400, {"error": "unsupported_grant_type"}
        if "client_assertion" in form:
            if not self.verified(form["client_assertion"]):
                return 401, {"error": "invalid_client"}
        elif (form.get("client_id"), form.get("client_secret")) != ("hook-client", self.client_secret):
            return 401, {"error": "invalid_client"}
        token = secrets.token_urlsafe(24)
        self.issued.add(token)
        return 200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600}

    def verified(self, assertion: str) -> bool:
        header_b64, claims_b64, signature_b64 = assertion.split(".")
        header, claims = json.loads(_b64(header_b64)), json.loads(_b64(claims_b64))
        jwk = self.published.get(header["kid"])
        if jwk is None:
            return False
        public = rsa.RSAPublicNumbers(int.from_bytes(_b64(jwk["e"]), "big"),
                                      int.from_bytes(_b64(jwk["n"]), "big")).public_key()
        try:
            public.verify(_b64(signature_b64), f"{header_b64}.{claims_b64}".encode(), padding.PKCS1v15(),
                          hashes.SHA256())
        except Exception:
            return False
        self.assertions.append({"header": header, "claims": claims})
        return (header["alg"] == "RS256" and claims["iss"] == claims["sub"] == "hook-client"
                and claims["aud"] == f"{self.base}/token" and claims["exp"] > time.time() and bool(claims["jti"]))

    def trust(self, key_id: str) -> None:
        """Fetch the hook key's public half the way a customer does, before mokta calls (mokta answers one request at
        a time, so the token endpoint can't call back while mokta waits for it)."""
        with self.mokta.client() as api:
            resp = api.get(f"/api/v1/hook-keys/public/{key_id}")
        assert resp.status_code == 200 and resp.json()["kid"] == key_id
        self.published[key_id] = resp.json()

    def hook(self, authorization: str, payload: Any) -> tuple[int, dict[str, Any]]:
        self.hook_calls.append({"authorization": authorization, "payload": payload})
        if authorization.removeprefix("Bearer ") not in self.issued:
            return 401, {"error": "invalid_token"}
        return 200, {"commands": [{"type": "com.okta.identity.patch", "value": [{"op": "add", "path": "/claims/x",
                                                                                 "value": payload.get("n")}]}]}

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def endpoints(server: Server) -> Iterator[Endpoints]:
    e = Endpoints(server)
    yield e
    e.close()


def _oauth(endpoints: Endpoints, **config: Any) -> dict[str, Any]:
    return {"name": f"oauth-{uuid.uuid4().hex[:6]}", "type": "com.okta.oauth2.tokens.transform", "version": "1.0.0",
            "channel": {"type": "OAUTH", "version": "1.0.0",
                        "config": {"uri": f"{endpoints.base}/hook", "method": "POST", "clientId": "hook-client",
                                   "tokenUrl": f"{endpoints.base}/token", "scope": "hooks.call",
                                   "headers": [{"key": "X-Any", "value": "v"}], **config}}}


def _cause(resp: httpx.Response) -> str:
    assert resp.status_code == 400, resp.text
    assert resp.json()["errorCode"] == "E0000001"
    return str(resp.json()["errorCauses"][0]["errorSummary"])


def test_client_secret_post(api: httpx.Client, endpoints: Endpoints) -> None:
    made = api.post(HOOKS, json=_oauth(endpoints, authType="client_secret_post", clientSecret=endpoints.client_secret))
    assert made.status_code == 200, made.text
    hook = made.json()
    assert "clientSecret" not in hook["channel"]["config"] and endpoints.client_secret not in made.text
    assert hook["channel"]["config"]["authType"] == "client_secret_post"
    assert endpoints.client_secret not in api.get(f"{HOOKS}/{hook['id']}").text
    assert endpoints.client_secret not in api.get(HOOKS).text
    answer = api.post(f"{HOOKS}/{hook['id']}/execute", json={"n": 7})
    assert answer.status_code == 200, answer.text
    assert answer.json()["commands"][0]["value"][0]["value"] == 7
    form = endpoints.token_requests[-1]
    assert form["client_secret"] == endpoints.client_secret and form["scope"] == "hooks.call"
    assert endpoints.hook_calls[-1]["authorization"].removeprefix("Bearer ") in endpoints.issued
    renamed = api.post(f"{HOOKS}/{hook['id']}", json={"name": "renamed oauth hook"})
    assert renamed.status_code == 200 and endpoints.client_secret not in renamed.text
    assert api.post(f"{HOOKS}/{hook['id']}/execute", json={"n": 8}).status_code == 200  # the secret was kept


def test_private_key_jwt_signed_with_the_hook_key(api: httpx.Client, endpoints: Endpoints) -> None:
    key = api.post("/api/v1/hook-keys", json={"name": f"hook-key-{uuid.uuid4().hex[:6]}"}).json()
    made = api.post(HOOKS, json=_oauth(endpoints, authType="private_key_jwt", hookKeyId=key["id"]))
    assert made.status_code == 200, made.text
    hook = made.json()
    assert hook["channel"]["config"]["hookKeyId"] == key["id"]
    assert api.get(f"/api/v1/hook-keys/{key['id']}").json()["isUsed"] == "true"
    stranger = api.post("/api/v1/hook-keys", json={"name": f"other-key-{uuid.uuid4().hex[:6]}"}).json()
    endpoints.trust(stranger["keyId"])
    assert _cause(api.post(f"{HOOKS}/{hook['id']}/execute", json={"n": 1})).startswith("channel.config.tokenUrl")
    endpoints.trust(key["keyId"])
    answer = api.post(f"{HOOKS}/{hook['id']}/execute", json={"n": 1})
    assert answer.status_code == 200, answer.text
    assertion = endpoints.assertions[-1]
    assert assertion["header"]["kid"] == key["keyId"]
    assert endpoints.token_requests[-1]["client_assertion_type"].endswith("jwt-bearer")
    assert endpoints.hook_calls[-1]["authorization"].removeprefix("Bearer ") in endpoints.issued
    refused = api.delete(f"/api/v1/hook-keys/{key['id']}")
    assert refused.status_code == 400  # the key is in use
    assert api.post(f"{HOOKS}/{hook['id']}/lifecycle/deactivate").status_code == 200
    assert api.delete(f"{HOOKS}/{hook['id']}").status_code == 204
    assert api.get(f"/api/v1/hook-keys/{key['id']}").json()["isUsed"] == "false"
    assert api.delete(f"/api/v1/hook-keys/{key['id']}").status_code == 204


def test_bad_oauth_configurations(api: httpx.Client, endpoints: Endpoints) -> None:
    assert _cause(api.post(HOOKS, json=_oauth(endpoints, authType="private_key_jwt",
                                             hookKeyId="HKYnotAkey0000000000"))).startswith("channel.config.hookKeyId")
    assert _cause(api.post(HOOKS, json=_oauth(endpoints, authType="password"))).startswith("channel.config.authType")
    assert _cause(api.post(HOOKS, json=_oauth(endpoints, authType="client_secret_post"))).startswith(
        "channel.config.clientSecret")
    no_client = _oauth(endpoints, authType="client_secret_post", clientSecret="x")
    del no_client["channel"]["config"]["clientId"]
    assert _cause(api.post(HOOKS, json=no_client)).startswith("channel.config.clientId")
    assert _cause(api.post(HOOKS, json=_oauth(endpoints, authType="client_secret_post", clientSecret="x",
                                             tokenUrl="not a url"))).startswith("channel.config.tokenUrl")
    bad_type = _oauth(endpoints, authType="client_secret_post", clientSecret="x")
    bad_type["type"] = "com.okta.nope"
    assert _cause(api.post(HOOKS, json=bad_type)).startswith("type")
    bad_channel = _oauth(endpoints)
    bad_channel["channel"]["type"] = "SMTP"
    assert _cause(api.post(HOOKS, json=bad_channel)).startswith("channel.type")


def test_token_endpoint_failure_is_an_okta_error(api: httpx.Client, endpoints: Endpoints) -> None:
    hook = api.post(HOOKS, json=_oauth(endpoints, authType="client_secret_post", clientSecret="wrong")).json()
    cause = _cause(api.post(f"{HOOKS}/{hook['id']}/execute", json={"n": 1}))
    assert cause.startswith("channel.config.tokenUrl") and "401" in cause
    assert endpoints.hook_calls == []  # no token, no call
    endpoints.token_status = 503
    fixed = _oauth(endpoints, authType="client_secret_post", clientSecret=endpoints.client_secret)
    assert api.put(f"{HOOKS}/{hook['id']}", json={k: v for k, v in fixed.items() if k != "type"}).status_code == 200
    assert "503" in _cause(api.post(f"{HOOKS}/{hook['id']}/execute", json={"n": 1}))
    endpoints.token_status = 200
    assert api.post(f"{HOOKS}/{hook['id']}/execute", json={"n": 1}).status_code == 200
    endpoints.close()
    assert _cause(api.post(f"{HOOKS}/{hook['id']}/execute", json={"n": 1})).startswith("channel.config.tokenUrl")


def test_http_channel_secret_is_write_only(api: httpx.Client, endpoints: Endpoints) -> None:
    body = {"name": f"http-{uuid.uuid4().hex[:6]}", "type": "com.okta.import.transform", "version": "1.0.0",
            "channel": {"type": "HTTP", "version": "1.0.0",
                        "config": {"uri": f"{endpoints.base}/hook", "method": "POST",
                                   "authScheme": {"type": "HEADER", "key": "Authorization", "value": "Bearer xyz"}}}}
    made = api.post(HOOKS, json=body)
    assert made.status_code == 200 and "Bearer xyz" not in made.text
    endpoints.issued.add("xyz")
    assert api.post(f"{HOOKS}/{made.json()['id']}/execute", json={"n": 2}).status_code == 200
    assert endpoints.hook_calls[-1]["authorization"] == "Bearer xyz"
