"""The default PASSWORD policy over HTTP: complexity on every password value set (create, update, replace,
change_password, forgot password), history on self-service changes and `strict` admin sets, minimum age with `strict`,
and an admin's PUT of the policy taking effect on the next request. Errors carry Okta's codes and wording."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import bcrypt
import httpx
import pytest

GOOD, WEAK = "Good-Passw0rd", "weak"
HISTORY = ["Hist-Passw0rd-0", "Hist-Passw0rd-1", "Hist-Passw0rd-2", "Hist-Passw0rd-3", "Hist-Passw0rd-4"]
DEFAULT_RULES = ("Password requirements were not met. Password requirements: at least 8 characters, a lowercase "
                 "letter, an uppercase letter, a number, no parts of your username. Your password cannot be any of "
                 "your last 4 passwords.")
QUESTION = {"question": "First pet?", "answer": "Rex The Dog"}


def profile(login: str | None = None) -> dict[str, Any]:
    login = login or f"p{uuid.uuid4().hex[:10]}@example.com"
    return {"firstName": "Quincy", "lastName": "Marlowe", "email": login, "login": login}


def create(api: httpx.Client, password: dict[str, Any], login: str | None = None) -> httpx.Response:
    body = {"profile": profile(login), "credentials": {"password": password, "recovery_question": QUESTION}}
    return api.post("/api/v1/users", json=body)


def user_with(api: httpx.Client, value: str = GOOD) -> dict[str, Any]:
    resp = create(api, {"value": value})
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def change(api: httpx.Client, user: dict[str, Any], old: str, new: str, **params: str) -> httpx.Response:
    return api.post(f"/api/v1/users/{user['id']}/credentials/change_password", params=params,
                    json={"oldPassword": {"value": old}, "newPassword": {"value": new}})


def causes(resp: httpx.Response, status: int, code: str) -> list[str]:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["errorCode"] == code
    return [c["errorSummary"] for c in body["errorCauses"]]


def assert_too_weak(resp: httpx.Response, rules: str = DEFAULT_RULES) -> None:
    assert causes(resp, 400, "E0000001") == [f"password: {rules}"]
    assert resp.json()["errorSummary"] == "Api validation failed: password"


@contextmanager
def tightened(api: httpx.Client, complexity: dict[str, Any] | None = None,
              age: dict[str, Any] | None = None) -> Iterator[None]:
    """PUT new settings on the default PASSWORD policy, and put the original back whatever happens."""
    listed = api.get("/api/v1/policies", params={"type": "PASSWORD"}).json()
    original = next(p for p in listed if p.get("system"))
    changed = dict(original)
    password = original["settings"]["password"]
    changed["settings"] = {**original["settings"], "password": {
        **password, "complexity": {**password["complexity"], **(complexity or {})},
        "age": {**password["age"], **(age or {})}}}
    resp = api.put(f"/api/v1/policies/{original['id']}", json=changed)
    assert resp.status_code == 200, resp.text
    try:
        yield
    finally:
        restored = api.put(f"/api/v1/policies/{original['id']}", json=original)
        assert restored.status_code == 200, restored.text


@pytest.mark.parametrize(("value", "ok"), [
    ("Sh0rt-a", False),  # 7 characters
    ("nouppercase1", False),
    ("NOLOWERCASE1", False),
    ("No-Numbers-Here", False),
    (GOOD, True),
    ("Exactly8", True),
])
def test_complexity_on_create(api: httpx.Client, value: str, ok: bool) -> None:
    resp = create(api, {"value": value})
    if ok:
        assert resp.status_code == 200, resp.text
    else:
        assert_too_weak(resp)


def test_exclude_username_uses_login_parts_of_four_or_more(api: httpx.Client) -> None:
    login = f"zebra.ab.{uuid.uuid4().hex[:6]}@example.com"
    assert_too_weak(create(api, {"value": "Zebra-Passw0rd"}, login))
    assert_too_weak(create(api, {"value": "My-Example-Pw1"}, login))
    assert create(api, {"value": "Ab-Comet-Passw0rd"}, login).status_code == 200  # "ab" is short, "com" the TLD


def test_update_replace_and_change_password_check_complexity(api: httpx.Client) -> None:
    user = user_with(api)
    assert_too_weak(api.post(f"/api/v1/users/{user['id']}", json={"credentials": {"password": {"value": WEAK}}}))
    assert_too_weak(api.put(f"/api/v1/users/{user['id']}",
                            json={"profile": user["profile"], "credentials": {"password": {"value": WEAK}}}))
    assert_too_weak(change(api, user, GOOD, WEAK))
    assert change(api, user, GOOD, "Better-Passw0rd").status_code == 200


def test_change_password_history(api: httpx.Client) -> None:
    user = user_with(api, HISTORY[0])
    for old, new in zip(HISTORY[:3], HISTORY[1:4], strict=True):
        assert change(api, user, old, new).status_code == 200
    # current is HISTORY[3]; the last 4 passwords are 3, 2, 1, 0
    assert causes(change(api, user, HISTORY[3], HISTORY[0]), 403, "E0000014") == [
        "password: Password has been used too recently"]
    assert change(api, user, HISTORY[3], HISTORY[4]).status_code == 200
    assert change(api, user, HISTORY[4], HISTORY[0]).status_code == 200  # 0 is now the fifth one back


def test_admin_set_checks_history_only_when_strict(api: httpx.Client) -> None:
    user = user_with(api, HISTORY[0])
    assert change(api, user, HISTORY[0], HISTORY[1]).status_code == 200
    body = {"credentials": {"password": {"value": HISTORY[0]}}}
    refused = api.post(f"/api/v1/users/{user['id']}", params={"strict": "true"}, json=body)
    assert causes(refused, 403, "E0000014") == ["password: Password has been used too recently"]
    assert refused.json()["errorSummary"] == "Update of credentials failed"
    assert api.post(f"/api/v1/users/{user['id']}", json=body).status_code == 200


def test_imported_hash_skips_complexity_but_counts_for_history(api: httpx.Client) -> None:
    full = bcrypt.hashpw(WEAK.encode(), bcrypt.gensalt(rounds=4)).decode()
    weak = create(api, {"hash": {"algorithm": "BCRYPT", "workFactor": 4, "salt": full[7:29], "value": full[29:]}})
    assert weak.status_code == 200, weak.text
    full = bcrypt.hashpw(HISTORY[0].encode(), bcrypt.gensalt(rounds=4)).decode()
    resp = create(api, {"hash": {"algorithm": "BCRYPT", "workFactor": 4, "salt": full[7:29], "value": full[29:]}})
    user = resp.json()
    assert change(api, user, HISTORY[0], HISTORY[1]).status_code == 200
    assert causes(change(api, user, HISTORY[1], HISTORY[0]), 403, "E0000014") == [
        "password: Password has been used too recently"]


def test_forgot_password_set_new_password_checks_policy(api: httpx.Client) -> None:
    user = user_with(api, HISTORY[0])
    url = f"/api/v1/users/{user['id']}/credentials/forgot_password_recovery_question"

    def reset(value: str) -> httpx.Response:
        return api.post(url, json={"password": {"value": value}, "recovery_question": {"answer": QUESTION["answer"]}})

    assert_too_weak(reset(WEAK))
    assert causes(reset(HISTORY[0]), 403, "E0000014") == ["password: Password has been used too recently"]
    assert reset(HISTORY[1]).status_code == 200


def test_strict_enforces_minimum_age(api: httpx.Client) -> None:
    user = user_with(api, HISTORY[0])
    with tightened(api, age={"minAgeMinutes": 60}):
        refused = change(api, user, HISTORY[0], HISTORY[1], strict="true")
        assert causes(refused, 403, "E0000014") == [
            "password: At least 1 hour(s) must have elapsed since you last changed your password."]
        body = {"credentials": {"password": {"value": HISTORY[1]}}}
        admin = api.post(f"/api/v1/users/{user['id']}", params={"strict": "true"}, json=body)
        assert causes(admin, 403, "E0000014")[0].startswith("password: At least 1 hour(s)")
        assert change(api, user, HISTORY[0], HISTORY[1]).status_code == 200  # not strict: no minimum age
    assert change(api, user, HISTORY[1], HISTORY[2], strict="true").status_code == 200


def test_tightened_policy_takes_effect_at_once(api: httpx.Client) -> None:
    tight = {"minLength": 12, "minSymbol": 1, "excludeAttributes": ["firstName", "lastName"],
             "dictionary": {"common": {"exclude": True}}}
    rules = ("Password requirements were not met. Password requirements: at least 12 characters, a lowercase letter, "
             "an uppercase letter, a number, a symbol, no parts of your username, does not include your first name, "
             "does not include your last name, not a commonly used password. Your password cannot be any of your "
             "last 4 passwords. At least 2 day(s) must have elapsed since you last changed your password.")
    with tightened(api, tight, {"minAgeMinutes": 2880}):
        for value in ("Short-Pw1!", "NoSymbolPassw0rd", "Quincy-Passw0rd!", "Marlowe-Passw0rd!", "P@ssw0rd"):
            assert_too_weak(create(api, {"value": value}), rules)
        assert create(api, {"value": "Str0ng-Enough!"}).status_code == 200
        temp = api.post(f"/api/v1/users/{user_with(api, 'Str0ng-Enough!')['id']}/lifecycle/"
                        "expire_password_with_temp_password").json()["tempPassword"]
        assert len(temp) >= 12 and any(not c.isalnum() for c in temp)
    assert create(api, {"value": GOOD}).status_code == 200  # restored


def test_common_dictionary(api: httpx.Client) -> None:
    assert create(api, {"value": "P@ssw0rd"}).status_code == 200
    with tightened(api, {"dictionary": {"common": {"exclude": True}}}):
        assert "not a commonly used password" in causes(create(api, {"value": "P@ssw0rd"}), 400, "E0000001")[0]
        assert create(api, {"value": "Uncommon-Pw9"}).status_code == 200

