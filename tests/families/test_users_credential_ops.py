"""Credential operations over HTTP: change_password checks the old password against the stored hash (mokta's own
scrypt or an imported BCRYPT/SHA/PBKDF2 hash), moves PASSWORD_EXPIRED/RECOVERY users to ACTIVE, and the recovery
question flows check the answer case-insensitively; wrong secrets get Okta's 403s."""

from __future__ import annotations

import base64
import hashlib
import uuid
from typing import Any

import bcrypt
import httpx
import pytest

OLD, NEW = "Old-Passw0rd!", "New-Passw0rd!"
QUESTION = {"question": "First pet?", "answer": "Rex The Dog"}


def create(api: httpx.Client, password: dict[str, Any] | None, **params: str) -> dict[str, Any]:
    login = f"c{uuid.uuid4().hex[:10]}@example.com"
    body: dict[str, Any] = {"profile": {"firstName": "C", "lastName": "D", "email": login, "login": login}}
    if password is not None:
        body["credentials"] = {"password": password, "recovery_question": QUESTION}
    resp = api.post("/api/v1/users", params=params, json=body)
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def change(api: httpx.Client, user: dict[str, Any], old: str, new: str = NEW) -> httpx.Response:
    return api.post(f"/api/v1/users/{user['id']}/credentials/change_password",
                    json={"oldPassword": {"value": old}, "newPassword": {"value": new}})


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def imported(kind: str) -> dict[str, Any]:
    salt = b"0123456789abcdef"
    if kind == "BCRYPT":
        full = bcrypt.hashpw(OLD.encode(), bcrypt.gensalt(rounds=4)).decode()
        return {"algorithm": "BCRYPT", "workFactor": 4, "salt": full[7:29], "value": full[29:]}
    if kind == "PBKDF2":
        value = hashlib.pbkdf2_hmac("sha512", OLD.encode(), salt, 1000, 64)
        return {"algorithm": "PBKDF2", "digestAlgorithm": "SHA512_HMAC", "iterationCount": 1000, "keySize": 64,
                "salt": b64(salt), "value": b64(value)}
    name = {"SHA-512": "sha512", "SHA-256": "sha256", "SHA-1": "sha1", "MD5": "md5"}[kind]
    return {"algorithm": kind, "salt": b64(salt), "saltOrder": "POSTFIX",
            "value": b64(hashlib.new(name, OLD.encode() + salt).digest())}


@pytest.mark.parametrize("kind", ["value", "BCRYPT", "SHA-512", "SHA-256", "SHA-1", "MD5", "PBKDF2"])
def test_change_password_checks_the_stored_hash(api: httpx.Client, kind: str) -> None:
    user = create(api, {"value": OLD} if kind == "value" else {"hash": imported(kind)})
    assert user["status"] == "ACTIVE"
    wrong = change(api, user, "not-it-at-all")
    assert (wrong.status_code, wrong.json()["errorCode"]) == (403, "E0000014")
    assert wrong.json()["errorCauses"][0]["errorSummary"].startswith("oldPassword:")
    done = change(api, user, OLD)
    assert done.status_code == 200 and done.json()["password"] == {}
    assert change(api, user, OLD, "Third-Passw0rd!").status_code == 403  # the old one is gone
    assert change(api, user, NEW, "Third-Passw0rd!").status_code == 200


def test_change_password_activates_expired_and_recovering(api: httpx.Client) -> None:
    expired = create(api, {"value": OLD}, nextLogin="changePassword")
    assert expired["status"] == "PASSWORD_EXPIRED"
    assert change(api, expired, OLD).status_code == 200
    after = api.get(f"/api/v1/users/{expired['id']}").json()
    assert after["status"] == "ACTIVE" and after["passwordChanged"] > expired["passwordChanged"]
    no_password = create(api, None)
    refused = change(api, no_password, OLD)
    assert (refused.status_code, refused.json()["errorCode"]) == (403, "E0000014")


def test_recovery_question_flows(api: httpx.Client) -> None:
    user = create(api, {"value": OLD})
    swap = {"password": {"value": OLD}, "recovery_question": {"question": "Town?", "answer": "Springfield"}}
    changed = api.post(f"/api/v1/users/{user['id']}/credentials/change_recovery_question", json=swap)
    assert changed.json()["recovery_question"] == {"question": "Town?"}
    bad = api.post(f"/api/v1/users/{user['id']}/credentials/change_recovery_question",
                   json={**swap, "password": {"value": "wrong"}})
    assert (bad.status_code, bad.json()["errorCode"]) == (403, "E0000014")
    link = api.post(f"/api/v1/users/{user['id']}/credentials/forgot_password", params={"sendEmail": "false"})
    assert "resetPasswordUrl" in link.json()
    wrong = api.post(f"/api/v1/users/{user['id']}/credentials/forgot_password_recovery_question",
                     json={"password": {"value": NEW}, "recovery_question": {"answer": "Shelbyville"}})
    assert (wrong.status_code, wrong.json()["errorCode"]) == (403, "E0000087")
    right = api.post(f"/api/v1/users/{user['id']}/credentials/forgot_password_recovery_question",
                     json={"password": {"value": NEW}, "recovery_question": {"answer": " SPRINGFIELD "}})
    assert right.status_code == 200
    assert change(api, user, NEW, "Third-Passw0rd!").status_code == 200
    provisioned = create(api, None)
    refused = api.post(f"/api/v1/users/{provisioned['id']}/credentials/forgot_password")
    assert (refused.status_code, refused.json()["errorCode"]) == (403, "E0000034")
