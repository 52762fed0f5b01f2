"""Apps: each sign-on mode's required settings, `activate`, `q`/`filter`/`expand`, policy assignment, logos, and
delete only when inactive (taking every sub-resource with it)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.conftest import Server, store_tx
from tests.families.apps_support import VALID, app_body, label

APPS = "/api/v1/apps"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


MISSING = {  # mode -> (field removed, the dotted name the error must give)
    "BOOKMARK": ("url", "settings.app.url"),
    "BASIC_AUTH": ("authURL", "settings.app.authURL"),
    "BROWSER_PLUGIN": ("buttonField", "settings.app.buttonField"),
    "SECURE_PASSWORD_STORE": ("passwordField", "settings.app.passwordField"),
    "WS_FEDERATION": ("wReplyURL", "settings.app.wReplyURL"),
}


def create(api: httpx.Client, mode: str = "BOOKMARK", **params: str) -> dict[str, Any]:
    resp = api.post(APPS, json=app_body(mode), params=params)
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def cause(resp: httpx.Response) -> str:
    assert resp.status_code == 400, resp.text
    assert resp.json()["errorCode"] == "E0000001"
    return str(resp.json()["errorCauses"][0]["errorSummary"])


@pytest.mark.parametrize("mode", sorted(VALID))
def test_every_sign_on_mode_round_trips(api: httpx.Client, mode: str) -> None:
    app = create(api, mode)
    assert app["signOnMode"] == mode and app["status"] == "ACTIVE" and app["id"].startswith("0oa")
    assert app["name"] and app["orn"].endswith(app["id"])
    assert app["visibility"]["hide"] == {"iOS": False, "web": False} and app["accessibility"]["selfService"] is False
    assert app["visibility"]["appLinks"] == {f"{app['name']}_link": True} and app["features"] == []
    assert app["credentials"]["userNameTemplate"]["template"] == "${source.login}"
    fetched = api.get(f"{APPS}/{app['id']}").json()
    assert fetched["settings"] == app["settings"] and fetched["name"] == app["name"]
    if mode in ("SAML_1_1", "SAML_2_0", "WS_FEDERATION"):
        kid = app["credentials"]["signing"]["kid"]
        assert api.get(f"{APPS}/{app['id']}/credentials/keys/{kid}").json()["kid"] == kid
    if mode == "SAML_2_0":
        sign_on = app["settings"]["signOn"]
        assert sign_on["recipient"] == sign_on["ssoAcsUrl"] == "https://sp.example.com/acs"
        assert sign_on["responseSigned"] is True and sign_on["subjectNameIdTemplate"] == "${user.userName}"


@pytest.mark.parametrize("mode", sorted(MISSING))
def test_missing_mode_settings_name_the_field(api: httpx.Client, mode: str) -> None:
    field, dotted = MISSING[mode]
    body = app_body(mode)
    del body["settings"]["app"][field]
    assert dotted in cause(api.post(APPS, json=body))


def test_saml_and_auto_login_need_their_urls(api: httpx.Client) -> None:
    body = app_body("SAML_2_0")
    del body["settings"]["signOn"]["ssoAcsUrl"]
    assert "settings.signOn.ssoAcsUrl" in cause(api.post(APPS, json=body))
    body = app_body("SAML_2_0")
    body["settings"]["signOn"]["ssoAcsUrl"] = "not a url"
    assert "settings.signOn.ssoAcsUrl" in cause(api.post(APPS, json=body))
    body = app_body("AUTO_LOGIN")
    body["settings"]["signOn"] = {"redirectUrl": "https://example.com"}
    assert "settings.signOn.loginUrl" in cause(api.post(APPS, json=body))


def test_unknown_mode_and_missing_label_are_400(api: httpx.Client) -> None:
    assert "signOnMode" in cause(api.post(APPS, json={"label": label(), "signOnMode": "NOPE", "name": "x"}))
    resp = api.post(APPS, json={"signOnMode": "BOOKMARK", "name": "bookmark",
                                "settings": {"app": {"url": "https://example.com"}}})
    assert "label" in cause(resp)


def test_activate_false_and_lifecycle(api: httpx.Client) -> None:
    app = create(api, activate="false")
    assert app["status"] == "INACTIVE" and "activate" in app["_links"] and "deactivate" not in app["_links"]
    assert api.post(f"{APPS}/{app['id']}/lifecycle/activate").status_code == 200
    active = api.get(f"{APPS}/{app['id']}").json()
    assert active["status"] == "ACTIVE" and active["_links"]["deactivate"]["href"].endswith("/lifecycle/deactivate")
    assert "activate" not in active["_links"]
    refused = api.delete(f"{APPS}/{app['id']}")
    assert refused.status_code == 403 and refused.json()["errorCode"] == "E0000056"


def test_replace_keeps_mode_and_checks_settings(api: httpx.Client) -> None:
    app = create(api)
    body = app_body("BOOKMARK")
    body["settings"]["app"]["url"] = "https://example.com/new"
    replaced = api.put(f"{APPS}/{app['id']}", json=body)
    assert replaced.status_code == 200 and replaced.json()["settings"]["app"]["url"] == "https://example.com/new"
    assert replaced.json()["created"] == app["created"] and replaced.json()["orn"] == app["orn"]
    del body["settings"]["app"]["url"]
    assert "settings.app.url" in cause(api.put(f"{APPS}/{app['id']}", json=body))
    assert "signOnMode" in cause(api.put(f"{APPS}/{app['id']}", json=app_body("SAML_2_0")))


def test_filters_read_assignments_and_expand_embeds_the_app_user(api: httpx.Client) -> None:
    first, second = create(api), create(api)
    login = f"app.{uuid.uuid4().hex[:8]}@example.com"
    user_id = api.post("/api/v1/users", params={"activate": "false"}, json={"profile": {
        "firstName": "A", "lastName": "B", "email": login, "login": login}}).json()["id"]
    group_id = api.post("/api/v1/groups", json={"profile": {"name": label("grp")}}).json()["id"]
    assigned = api.post(f"{APPS}/{first['id']}/users", json={"id": user_id, "scope": "USER"})
    assert assigned.status_code == 200, assigned.text
    assert api.put(f"{APPS}/{second['id']}/groups/{group_id}", json={}).status_code == 200
    by_user = api.get(APPS, params={"filter": f'user.id eq "{user_id}"', "expand": f"user/{user_id}"})
    assert [a["id"] for a in by_user.json()] == [first["id"]]
    assert by_user.json()[0]["_embedded"]["user"]["id"] == user_id
    by_group = api.get(APPS, params={"filter": f'group.id eq "{group_id}"'})
    assert [a["id"] for a in by_group.json()] == [second["id"]]
    one = api.get(f"{APPS}/{first['id']}", params={"expand": f"user/{user_id}"}).json()
    assert one["_embedded"]["user"]["scope"] == "USER"
    assert api.get(APPS, params={"expand": f"user/{user_id}"}).status_code == 400  # needs the matching filter
    assert "filter" in cause(api.get(APPS, params={"filter": 'label sw "x"'}))


def test_filter_by_name_status_and_signing_kid(api: httpx.Client) -> None:
    saml = create(api, "SAML_2_0")
    kid = saml["credentials"]["signing"]["kid"]
    found = api.get(APPS, params={"filter": f'credentials.signing.kid eq "{kid}"'}).json()
    assert [a["id"] for a in found] == [saml["id"]]
    inactive = create(api, activate="false")
    listed = api.get(APPS, params={"filter": 'status eq "INACTIVE" and name eq "bookmark"',
                                   "includeNonDeleted": "true"}).json()
    assert inactive["id"] in {a["id"] for a in listed} and all(a["status"] == "INACTIVE" for a in listed)
    label = inactive["label"]
    assert [a["id"] for a in api.get(APPS, params={"q": label[:12].lower()}).json()] == [inactive["id"]]


def test_delete_removes_sub_resources(api: httpx.Client, server: Server) -> None:
    app = create(api, "SAML_2_0", activate="false")
    kid = app["credentials"]["signing"]["kid"]
    claim = api.post(f"{APPS}/{app['id']}/federated-claims", json={"name": "role", "expression": "user.title"})
    assert claim.status_code == 201, claim.text
    assert api.delete(f"{APPS}/{app['id']}").status_code == 204
    assert api.get(f"{APPS}/{app['id']}").status_code == 404
    assert api.get(f"{APPS}/{app['id']}/credentials/keys/{kid}").status_code == 404
    paths = [f"{APPS}/{app['id']}/federated-claims/{claim.json()['id']}", f"/mokta/appKeys/{app['id']}/{kid}"]
    with store_tx(server) as (tx, org):
        assert [p for p in paths if tx.get(org, p) is not None] == []


def test_policy_assignment_needs_an_access_policy(api: httpx.Client) -> None:
    app = create(api)
    access = api.post("/api/v1/policies", json={"type": "ACCESS_POLICY", "name": label("access")}).json()
    sign_on = api.post("/api/v1/policies", json={"type": "OKTA_SIGN_ON", "name": label("sign-on")}).json()
    assert "ACCESS_POLICY" in cause(api.put(f"{APPS}/{app['id']}/policies/{sign_on['id']}"))
    missing = api.put(f"{APPS}/{app['id']}/policies/00pMISSINGMISSING000")
    assert missing.status_code == 404
    assert api.put(f"{APPS}/{app['id']}/policies/{access['id']}").status_code == 204
    link = api.get(f"{APPS}/{app['id']}").json()["_links"]["accessPolicy"]["href"]
    assert link.endswith(f"/api/v1/policies/{access['id']}")


def test_logo_upload_is_served_back(api: httpx.Client, server: Server) -> None:
    app = create(api)
    resp = api.post(f"{APPS}/{app['id']}/logo", files={"file": ("logo.png", PNG, "image/png")})
    assert resp.status_code == 201, resp.text
    logo = api.get(f"{APPS}/{app['id']}").json()["_links"]["logo"][0]
    assert logo["type"] == "image/png" and logo["href"].startswith(server.url)
    served = httpx.get(logo["href"])
    assert served.status_code == 200 and served.content == PNG
    assert served.headers["content-type"] == "image/png"
    bad = api.post(f"{APPS}/{app['id']}/logo", files={"file": ("logo.txt", b"hello", "text/plain")})
    assert "file" in cause(bad)
    assert "file" in cause(api.post(f"{APPS}/{app['id']}/logo", files={"other": ("x.png", PNG, "image/png")}))



def test_catalog_apps_bring_their_own_settings(api: httpx.Client) -> None:
    catalog = api.post(APPS, json={"label": label("sf"), "name": "salesforce", "signOnMode": "SAML_2_0",
                                   "settings": {"app": {"instanceType": "PRODUCTION"}, "signOn": {
                                       "responseSigned": True, "assertionSigned": True, "honorForceAuthn": True,
                                       "requestCompressed": False, "allowMultipleAcsEndpoints": False}}})
    assert catalog.status_code == 200, catalog.text
    assert catalog.json()["name"] == "salesforce" and catalog.json()["credentials"]["signing"]["kid"]
    custom = create(api, "SAML_2_0")
    assert custom["name"].endswith("_1")  # named by Okta, so still checked as a custom app on replace
    body = {k: custom[k] for k in ("label", "name", "signOnMode", "settings")}
    del body["settings"]["signOn"]["audience"]
    assert "settings.signOn.audience" in cause(api.put(f"{APPS}/{custom['id']}", json=body))


def test_multiple_acs_endpoints_need_urls(api: httpx.Client) -> None:
    body = app_body("SAML_2_0")
    body["settings"]["signOn"]["allowMultipleAcsEndpoints"] = True
    assert "settings.signOn.acsEndpoints" in cause(api.post(APPS, json=body))
    body["settings"]["signOn"]["acsEndpoints"] = [{"url": "nope", "index": 0}]
    assert "acsEndpoints[0].url" in cause(api.post(APPS, json=body))
    body["settings"]["signOn"]["acsEndpoints"] = [{"url": "https://sp.example.com/acs2", "index": 0}]
    assert api.post(APPS, json=body).status_code == 200


def test_app_changes_are_logged_with_okta_event_types(api: httpx.Client) -> None:
    app = create(api, activate="false")
    api.post(f"{APPS}/{app['id']}/lifecycle/activate")
    api.post(f"{APPS}/{app['id']}/lifecycle/deactivate")
    api.put(f"{APPS}/{app['id']}", json=app_body("BOOKMARK"))
    api.delete(f"{APPS}/{app['id']}")
    assert "settings.app.url" in cause(api.post(APPS, json={**app_body("BOOKMARK"), "settings": {"app": {}}}))
    events = api.get("/api/v1/logs", params={"filter": f'target.id eq "{app["id"]}"'}).json()
    assert [e["eventType"] for e in events] == [
        "application.lifecycle.create", "application.lifecycle.activate", "application.lifecycle.deactivate",
        "application.lifecycle.update", "application.lifecycle.delete"]
    assert all(e["target"][0]["type"] == "AppInstance" for e in events)
