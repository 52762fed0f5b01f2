"""The email outbox and the links it carries, over HTTP: activation and reset emails land in the admin-only outbox,
their links work without an API token, set the password and activate the user, and are single-use and expiring."""

from __future__ import annotations

import os
import secrets
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from mokta.http.auth import digest
from mokta.store import open_store
from tests.conftest import Server

PASSWORD, NEW = "Tr0ub4dor&3xyz", "N3w-Passw0rd!x"


@pytest.fixture()
def public(server: Server) -> Iterator[httpx.Client]:
    """What a user's browser is: no Authorization header."""
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def staged(api: httpx.Client, password: str | None = None) -> dict[str, Any]:
    login = f"o{uuid.uuid4().hex[:10]}@example.com"
    body: dict[str, Any] = {"profile": {"firstName": "Olive", "lastName": "B", "email": login, "login": login}}
    if password:
        body["credentials"] = {"password": {"value": password}}
    resp = api.post("/api/v1/users", params={"activate": "false"}, json=body)
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def inbox(api: httpx.Client, user: dict[str, Any]) -> list[dict[str, Any]]:
    resp = api.get("/mokta/v1/outbox", params={"to": user["profile"]["email"]})
    assert resp.status_code == 200, resp.text
    return list(resp.json())


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def change(api: httpx.Client, user: dict[str, Any], old: str, new: str) -> httpx.Response:
    return api.post(f"/api/v1/users/{user['id']}/credentials/change_password",
                    json={"oldPassword": {"value": old}, "newPassword": {"value": new}})


def test_activation_email_link_activates_once(api: httpx.Client, public: httpx.Client) -> None:
    user = staged(api)
    resp = api.post(f"/api/v1/users/{user['id']}/lifecycle/activate", params={"sendEmail": "true"})
    assert resp.status_code == 200 and resp.json() == {}
    mails = inbox(api, user)
    assert len(mails) == 1
    mail = mails[0]
    assert mail["to"] == user["profile"]["email"] and mail["userId"] == user["id"]
    assert mail["template"] == "UserActivation" and mail["subject"] == "Welcome to Okta!"
    assert set(mail) >= {"id", "created", "links"} and mail["links"]["activation"] in mail["body"]
    link = path_of(mail["links"]["activation"])
    assert link.startswith("/welcome/")
    assert api.get(f"/api/v1/users/{user['id']}").json()["status"] == "PROVISIONED"

    check = public.get(link)
    assert check.status_code == 200, check.text
    assert check.json()["status"] == "VALID" and check.json()["userId"] == user["id"]
    done = public.post(link, json={"password": PASSWORD})
    assert done.status_code == 200, done.text
    after = api.get(f"/api/v1/users/{user['id']}").json()
    assert after["status"] == "ACTIVE"
    assert after["activated"] and after["statusChanged"] and after["passwordChanged"]
    assert change(api, user, PASSWORD, NEW).status_code == 200

    for again in (public.get(link), public.post(link, json={"password": "Other-Passw0rd!"})):
        assert again.status_code == 404 and again.json()["errorCode"] == "E0000007"


def test_activation_url_without_email(api: httpx.Client, public: httpx.Client) -> None:
    user = staged(api)
    resp = api.post(f"/api/v1/users/{user['id']}/lifecycle/activate", params={"sendEmail": "false"})
    body = resp.json()
    assert body["activationUrl"].endswith(f"/welcome/{body['activationToken']}")
    assert inbox(api, user) == []
    link = path_of(body["activationUrl"])
    blank = public.post(link, json={})
    assert blank.status_code == 400 and blank.json()["errorCode"] == "E0000001"
    assert public.post(link, json={"password": {"value": PASSWORD}}).status_code == 200
    assert api.get(f"/api/v1/users/{user['id']}").json()["status"] == "ACTIVE"
    assert public.post(link, json={"password": PASSWORD}).status_code == 404


def test_reset_password_email_sets_new_password(api: httpx.Client, public: httpx.Client) -> None:
    user = staged(api, PASSWORD)
    assert api.post(f"/api/v1/users/{user['id']}/lifecycle/activate", params={"sendEmail": "false"}).status_code == 200
    resp = api.post(f"/api/v1/users/{user['id']}/lifecycle/reset_password", params={"sendEmail": "true"})
    assert resp.status_code == 200 and resp.json() == {}
    assert api.get(f"/api/v1/users/{user['id']}").json()["status"] == "RECOVERY"
    (mail,) = inbox(api, user)
    assert mail["template"] == "PasswordResetByAdmin"
    link = path_of(mail["links"]["reset"])
    assert link.startswith("/reset_password/")
    assert public.get(link).json()["type"] == "RECOVERY"
    assert public.post(link, json={"password": NEW}).status_code == 200
    after = api.get(f"/api/v1/users/{user['id']}").json()
    assert after["status"] == "ACTIVE" and after["passwordChanged"] >= after["statusChanged"]
    assert change(api, user, PASSWORD, "Third-Passw0rd!").status_code == 403
    assert change(api, user, NEW, "Third-Passw0rd!").status_code == 200
    assert public.post(link, json={"password": "Fourth-Passw0rd!"}).status_code == 404


def test_forgot_password_email(api: httpx.Client, public: httpx.Client) -> None:
    login = f"f{uuid.uuid4().hex[:10]}@example.com"
    user = api.post("/api/v1/users", json={
        "profile": {"firstName": "F", "lastName": "P", "email": login, "login": login},
        "credentials": {"password": {"value": PASSWORD},
                        "recovery_question": {"question": "Pet?", "answer": "Rex the dog"}}}).json()
    resp = api.post(f"/api/v1/users/{user['id']}/credentials/forgot_password", params={"sendEmail": "true"})
    assert resp.status_code == 200, resp.text
    (mail,) = inbox(api, user)
    assert mail["template"] == "ForgotPassword" and mail["subject"] == "Account password reset"
    link = path_of(mail["links"]["reset"])
    assert link.startswith("/signin/reset-password/")
    assert public.post(link, json={"password": NEW}).status_code == 200
    assert change(api, user, NEW, "Third-Passw0rd!").status_code == 200


def test_expired_and_unknown_links_refused(api: httpx.Client, public: httpx.Client, server: Server) -> None:
    user = staged(api)
    assert api.post(f"/api/v1/users/{user['id']}/lifecycle/activate", params={"sendEmail": "false"}).status_code == 200
    token = "expired" + uuid.uuid4().hex
    url = server.database_url or "sqlite:///" + os.path.join(os.path.abspath(server.data_dir), "mokta.db")
    store = open_store(url)
    try:
        with store.transaction() as tx:
            org = tx.orgs()[0][0]
            tx.put_secret(org, digest(token), "user.activation", f"/api/v1/users/{user['id']}",
                          "2020-01-01T00:00:00.000Z")
    finally:
        store.close()
    for resp in (public.get(f"/welcome/{token}"), public.post(f"/welcome/{token}", json={"password": PASSWORD})):
        assert resp.status_code == 401 and resp.json()["errorCode"] == "E0000011"
    assert api.get(f"/api/v1/users/{user['id']}").json()["status"] == "PROVISIONED"
    unknown = public.get("/reset_password/nosuchtoken")
    assert unknown.status_code == 404 and unknown.json()["errorCode"] == "E0000007"
    assert set(unknown.json()) >= {"errorSummary", "errorLink", "errorId", "errorCauses"}


def test_activation_link_is_not_a_reset_link(api: httpx.Client, public: httpx.Client) -> None:
    user = staged(api)
    token = api.post(f"/api/v1/users/{user['id']}/lifecycle/activate",
                     params={"sendEmail": "false"}).json()["activationToken"]
    assert public.post(f"/reset_password/{token}", json={"password": NEW}).status_code == 404
    assert public.get(f"/welcome/{token}").status_code == 200


def test_outbox_is_admin_only_and_clearable(api: httpx.Client, public: httpx.Client) -> None:
    assert public.get("/mokta/v1/outbox").status_code == 401
    assert public.delete("/mokta/v1/outbox").status_code == 401
    first, second = staged(api), staged(api)
    for user in (first, second):
        api.post(f"/api/v1/users/{user['id']}/lifecycle/activate", params={"sendEmail": "true"})
    everything = api.get("/mokta/v1/outbox").json()
    mine = [m["userId"] for m in everything if m["userId"] in (first["id"], second["id"])]
    assert mine == [second["id"], first["id"]]  # newest first
    assert [m["userId"] for m in inbox(api, first)] == [first["id"]]
    assert api.delete("/mokta/v1/outbox").status_code == 204
    assert inbox(api, second) == []


def test_create_without_password_mails_activation(api: httpx.Client, public: httpx.Client) -> None:
    login = f"n{uuid.uuid4().hex[:10]}@example.com"
    user = api.post("/api/v1/users", json={"profile": {"firstName": "N", "lastName": "P", "email": login,
                                                       "login": login}}).json()
    assert user["status"] == "PROVISIONED"
    (mail,) = inbox(api, user)
    assert mail["template"] == "UserActivation"
    assert public.post(path_of(mail["links"]["activation"]), json={"password": PASSWORD}).status_code == 200
    assert api.get(f"/api/v1/users/{user['id']}").json()["status"] == "ACTIVE"


def test_a_new_link_replaces_the_old_one(api: httpx.Client, server: Server) -> None:
    login = f"relink{secrets.token_hex(4)}@example.com"
    user = api.post("/api/v1/users", params={"activate": "false"},
                    json={"profile": {"firstName": "Re", "lastName": "Link", "email": login, "login": login}}).json()
    first = api.post(f"/api/v1/users/{user['id']}/lifecycle/activate", params={"sendEmail": "false"}).json()
    api.post(f"/api/v1/users/{user['id']}/lifecycle/deactivate")
    second = api.post(f"/api/v1/users/{user['id']}/lifecycle/activate", params={"sendEmail": "false"}).json()
    with httpx.Client(base_url=server.url) as anon:
        old = anon.get(first["activationUrl"].replace(server.url, ""))
        assert old.status_code == 404
        assert anon.get(second["activationUrl"].replace(server.url, "")).status_code == 200
