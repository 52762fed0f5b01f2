"""The user status state machine over HTTP: every lifecycle verb from every status the API can reach, allowed ones
landing in Okta's next status and the rest answered with Okta's error code; plus each verb's response and timestamps.
LOCKED_OUT is reached only by failed sign-ins, which the admin API can't cause."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
import pytest

PASSWORD = {"value": "Tr0ub4dor&3xyz"}
STATUSES = ("STAGED", "PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "SUSPENDED", "DEPROVISIONED")
VERBS = ("activate", "reactivate", "deactivate", "suspend", "unsuspend", "unlock", "expire_password",
         "expire_password_with_temp_password", "reset_password", "reset_factors")
# (verb, from) -> status afterwards; every pair not listed must fail with ERRORS[verb]
ALLOWED = {
    ("activate", "STAGED"): "ACTIVE", ("activate", "DEPROVISIONED"): "ACTIVE",
    ("reactivate", "PROVISIONED"): "PROVISIONED", ("reactivate", "RECOVERY"): "PROVISIONED",
    **{("deactivate", s): "DEPROVISIONED" for s in STATUSES if s != "DEPROVISIONED"},
    ("suspend", "ACTIVE"): "SUSPENDED", ("unsuspend", "SUSPENDED"): "ACTIVE",
    **{(v, s): "PASSWORD_EXPIRED" for v in ("expire_password", "expire_password_with_temp_password")
       for s in ("ACTIVE", "PASSWORD_EXPIRED")},
    **{("reset_password", s): "RECOVERY" for s in ("PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED")},
    **{("reset_factors", s): s for s in ("PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "SUSPENDED")},
}
ERRORS = {"activate": (403, "E0000016"), "suspend": (400, "E0000001"), "unsuspend": (400, "E0000001"),
          "unlock": (403, "E0000032")}
NOT_ALLOWED = (403, "E0000038")


def user_in(api: httpx.Client, status: str) -> dict[str, Any]:
    """A fresh user brought to `status` through the API only."""
    login = f"l{uuid.uuid4().hex[:10]}@example.com"
    body: dict[str, Any] = {"profile": {"firstName": "Ada", "lastName": "L", "email": login, "login": login}}
    params: dict[str, str] = {}
    if status != "PROVISIONED":
        body["credentials"] = {"password": PASSWORD}
    if status == "STAGED":
        params["activate"] = "false"
    if status == "PASSWORD_EXPIRED":
        params["nextLogin"] = "changePassword"
    user = api.post("/api/v1/users", params=params, json=body).json()
    then = {"RECOVERY": "reset_password?sendEmail=false", "SUSPENDED": "suspend", "DEPROVISIONED": "deactivate"}
    if status in then:
        assert api.post(f"/api/v1/users/{user['id']}/lifecycle/{then[status]}").status_code == 200
    user = api.get(f"/api/v1/users/{user['id']}").json()
    assert user["status"] == status
    return dict(user)


@pytest.mark.parametrize("status", STATUSES)
def test_every_verb_from_every_status(api: httpx.Client, status: str) -> None:
    for verb in VERBS:
        user = user_in(api, status)
        params = {"sendEmail": "false"} if verb == "reset_password" else {}
        resp = api.post(f"/api/v1/users/{user['id']}/lifecycle/{verb}", params=params)
        after = api.get(f"/api/v1/users/{user['id']}").json()
        if (verb, status) in ALLOWED:
            assert resp.status_code == 200, (verb, status, resp.text)
            assert after["status"] == ALLOWED[verb, status], (verb, status)
        else:
            want = ERRORS.get(verb, NOT_ALLOWED)
            assert (resp.status_code, resp.json()["errorCode"]) == want, (verb, status, resp.text)
            assert after["status"] == status and after["lastUpdated"] == user["lastUpdated"]


def test_unknown_user_is_404_for_every_verb(api: httpx.Client) -> None:
    for verb in VERBS:
        resp = api.post(f"/api/v1/users/00uNOSUCHUSER0000000/lifecycle/{verb}", params={"sendEmail": "false"})
        assert (resp.status_code, resp.json()["errorCode"]) == (404, "E0000007"), verb


def test_activation_answers_and_timestamps(api: httpx.Client) -> None:
    staged = user_in(api, "STAGED")
    assert staged["activated"] is None and staged["statusChanged"] is None
    time.sleep(0.002)
    quiet = api.post(f"/api/v1/users/{staged['id']}/lifecycle/activate", params={"sendEmail": "false"}).json()
    assert set(quiet) >= {"activationToken", "activationUrl"} and quiet["activationUrl"].endswith(
        "/welcome/" + quiet["activationToken"])
    active = api.get(f"/api/v1/users/{staged['id']}").json()
    assert active["activated"] and active["statusChanged"] and active["lastUpdated"] > staged["lastUpdated"]
    mailed = user_in(api, "STAGED")
    assert api.post(f"/api/v1/users/{mailed['id']}/lifecycle/activate").json() == {}  # sendEmail defaults to true
    provisioned = user_in(api, "PROVISIONED")
    again = api.post(f"/api/v1/users/{provisioned['id']}/lifecycle/reactivate").json()
    assert again["activationUrl"].endswith(again["activationToken"])  # sendEmail defaults to false here


def test_activate_without_password_is_provisioned(api: httpx.Client) -> None:
    login = f"l{uuid.uuid4().hex[:10]}@example.com"
    body = {"profile": {"firstName": "A", "lastName": "B", "email": login, "login": login}}
    user = api.post("/api/v1/users", params={"activate": "false"}, json=body).json()
    api.post(f"/api/v1/users/{user['id']}/lifecycle/activate")
    after = api.get(f"/api/v1/users/{user['id']}").json()
    assert after["status"] == "PROVISIONED" and after["activated"] is None


def test_reset_and_temp_password_answers(api: httpx.Client) -> None:
    user = user_in(api, "ACTIVE")
    reset = api.post(f"/api/v1/users/{user['id']}/lifecycle/reset_password", params={"sendEmail": "false"}).json()
    assert "/reset_password/" in reset["resetPasswordUrl"]
    mailed = user_in(api, "ACTIVE")
    assert api.post(f"/api/v1/users/{mailed['id']}/lifecycle/reset_password",
                    params={"sendEmail": "true"}).json() == {}
    temp = user_in(api, "ACTIVE")
    answer = api.post(f"/api/v1/users/{temp['id']}/lifecycle/expire_password_with_temp_password").json()
    assert len(answer["tempPassword"]) >= 8 and answer["status"] == "PASSWORD_EXPIRED"
    assert answer["passwordChanged"] >= temp["passwordChanged"]


def test_deactivate_then_delete_twice(api: httpx.Client) -> None:
    user = user_in(api, "SUSPENDED")
    assert api.delete(f"/api/v1/users/{user['id']}").status_code == 204
    gone = api.get(f"/api/v1/users/{user['id']}").json()
    assert gone["status"] == "DEPROVISIONED" and gone["activated"] is None
    assert api.delete(f"/api/v1/users/{user['id']}").status_code == 204
    assert api.get(f"/api/v1/users/{user['id']}").json()["errorCode"] == "E0000007"


def test_prefer_respond_async_is_accepted_with_202(api: httpx.Client) -> None:
    login = f"async{uuid.uuid4().hex[:8]}@example.com"
    user = api.post("/api/v1/users", json={"profile": {"firstName": "A", "lastName": "Sync", "email": login,
                                                       "login": login}}).json()
    resp = api.post(f"/api/v1/users/{user['id']}/lifecycle/deactivate", headers={"Prefer": "respond-async"})
    assert resp.status_code == 202
    assert api.get(f"/api/v1/users/{user['id']}").json()["status"] == "DEPROVISIONED"
    assert api.delete(f"/api/v1/users/{user['id']}", headers={"Prefer": "respond-async"}).status_code == 202
    assert api.get(f"/api/v1/users/{user['id']}").status_code == 404
