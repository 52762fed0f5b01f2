"""The authorization-code flow with PKCE: sign-in form, redirect with a one-time code, redemption at `token`."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt

from tests.conftest import Server
from tests.oauth.helpers import Client, make_client
from tests.oauth.test_tokens import PASSWORD, user_with_password

AUTHORIZE = "/oauth2/default/v1/authorize"
TOKEN = "/oauth2/default/v1/token"
REDIRECT = "http://localhost/cb"


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    return verifier, base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def web_client(api: httpx.Client, method: str = "client_secret_basic") -> Client:
    return make_client(api, method, grant_types=["authorization_code", "refresh_token"])


def params(client: Client, challenge: str | None, **extra: str) -> dict[str, str]:
    out = {"client_id": client.client_id, "response_type": "code", "redirect_uri": REDIRECT, "state": "st-1",
           "nonce": "n-1", "scope": "openid profile offline_access"}
    if challenge:
        out.update(code_challenge=challenge, code_challenge_method="S256")
    out.update(extra)
    return out


def sign_in(server: Server, query: dict[str, str], login: str, password: str = PASSWORD) -> httpx.Response:
    """What a browser does: load the page, then post its form (hidden fields included) with the credentials."""
    page = httpx.get(server.url + AUTHORIZE, params=query)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html"), page.text
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
    assert hidden["state"] == query["state"]
    action = re.search(r'<form method="post" action="([^"]+)"', page.text)
    assert action and action.group(1) == server.url + AUTHORIZE
    return httpx.post(action.group(1), data={**hidden, "username": login, "password": password})


def redirected(resp: httpx.Response) -> dict[str, str]:
    assert resp.status_code == 302, resp.text
    location = resp.headers["location"]
    assert location.startswith(REDIRECT + "?")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def test_code_flow_with_pkce(api: httpx.Client, server: Server) -> None:
    login = user_with_password(api)
    client = web_client(api)
    verifier, challenge = pkce()
    assert sign_in(server, params(client, challenge), login, "wrong").status_code == 401
    back = redirected(sign_in(server, params(client, challenge), login))
    assert back["state"] == "st-1" and back["code"]
    auth = (client.client_id, client.secret or "")
    wrong = httpx.post(server.url + TOKEN, auth=auth, data={"grant_type": "authorization_code", "code": back["code"],
                                                            "redirect_uri": REDIRECT, "code_verifier": "x" * 50})
    assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")
    back = redirected(sign_in(server, params(client, challenge), login))
    form = {"grant_type": "authorization_code", "code": back["code"], "redirect_uri": REDIRECT,
            "code_verifier": verifier}
    assert httpx.post(server.url + TOKEN, auth=auth, data={**form, "redirect_uri": REDIRECT + "/other"}).json()[
        "error"] == "invalid_grant"
    back = redirected(sign_in(server, params(client, challenge), login))
    form["code"] = back["code"]
    resp = httpx.post(server.url + TOKEN, auth=auth, data=form)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    identity = jwt.decode(body["id_token"], options={"verify_signature": False})
    assert identity["nonce"] == "n-1" and identity["aud"] == client.client_id
    assert identity["preferred_username"] == login and body["refresh_token"]
    replay = httpx.post(server.url + TOKEN, auth=auth, data=form)
    assert (replay.status_code, replay.json()["error"]) == (400, "invalid_grant")
    renewed = httpx.post(server.url + TOKEN, auth=auth, data={"grant_type": "refresh_token",
                                                              "refresh_token": body["refresh_token"]})
    assert renewed.status_code == 200, renewed.text


def test_public_client_must_use_pkce(api: httpx.Client, server: Server) -> None:
    login = user_with_password(api)
    client = web_client(api, "none")
    without = httpx.get(server.url + AUTHORIZE, params=params(client, None))
    assert redirected(without)["error"] == "invalid_request"
    verifier, challenge = pkce()
    back = redirected(sign_in(server, params(client, challenge, scope="openid"), login))
    resp = httpx.post(server.url + TOKEN, data={"grant_type": "authorization_code", "code": back["code"],
                                                "redirect_uri": REDIRECT, "code_verifier": verifier,
                                                "client_id": client.client_id})
    assert resp.status_code == 200, resp.text
    assert "refresh_token" not in resp.json() and resp.json()["scope"] == "openid"


def test_authorize_errors(api: httpx.Client, server: Server) -> None:
    client = web_client(api)
    _, challenge = pkce()
    bad_redirect = httpx.get(server.url + AUTHORIZE, params=params(client, challenge, redirect_uri="http://evil/cb"))
    assert bad_redirect.status_code == 400 and bad_redirect.json()["error"] == "invalid_request"
    unknown = httpx.get(server.url + AUTHORIZE, params=params(client, challenge, client_id="0oanosuchclient00000"))
    assert unknown.status_code == 400
    assert redirected(httpx.get(server.url + AUTHORIZE, params=params(client, challenge, prompt="none"))) == {
        "error": "login_required", "error_description": "The user is not signed in.", "state": "st-1"}
    implicit = redirected(httpx.get(server.url + AUTHORIZE, params=params(client, challenge, response_type="token")))
    assert implicit["error"] == "unsupported_response_type"
    plain = redirected(httpx.get(server.url + AUTHORIZE, params=params(client, "short", code_challenge_method="plain")))
    assert plain["error"] == "invalid_request"
    service = make_client(api)  # client_credentials only
    assert redirected(httpx.get(server.url + AUTHORIZE, params=params(service, challenge)))[
        "error"] == "unauthorized_client"


def test_org_server_signs_users_in_with_oidc_scopes_only(api: httpx.Client, server: Server) -> None:
    login = user_with_password(api)
    client = web_client(api)
    verifier, challenge = pkce()
    query = params(client, challenge, scope="openid email")
    page = httpx.get(f"{server.url}/oauth2/v1/authorize", params=query)
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
    back = redirected(httpx.post(f"{server.url}/oauth2/v1/authorize",
                                 data={**hidden, "username": login, "password": PASSWORD}))
    resp = httpx.post(f"{server.url}/oauth2/v1/token", auth=(client.client_id, client.secret or ""), data={
        "grant_type": "authorization_code", "code": back["code"], "redirect_uri": REDIRECT, "code_verifier": verifier})
    assert resp.status_code == 200, resp.text
    access = jwt.decode(resp.json()["access_token"], options={"verify_signature": False})
    assert access["iss"] == server.url and access["aud"] == server.url and access["scp"] == ["openid", "email"]
    denied = httpx.post(f"{server.url}/oauth2/v1/authorize",
                        data={**hidden, "scope": "openid okta.users.read", "username": login, "password": PASSWORD})
    assert redirected(denied)["error"] == "invalid_scope"
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {resp.json()['access_token']}"}) as http:
        assert http.get("/api/v1/users").status_code == 403  # a user's OIDC token carries no okta.* scope


def test_sign_in_page_escapes_what_it_echoes(api: httpx.Client, server: Server) -> None:
    client = web_client(api)
    _, challenge = pkce()
    hostile = '"><script>alert(1)</script>'
    page = httpx.get(server.url + AUTHORIZE, params=params(client, challenge, state=hostile, login_hint=hostile))
    assert page.status_code == 200 and "<script>" not in page.text
    assert "&quot;&gt;&lt;script&gt;" in page.text
