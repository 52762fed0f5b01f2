"""Users through the SDK: what the generic engine serves today, plus Okta's user rules still missing (strict xfail, so
they flip loudly when the users family lands)."""

from __future__ import annotations

import pytest
from okta.client import Client
from okta.models import CreateUserRequest, UpdateUserRequest, User, UserProfile

from tests.conftest import Server
from tests.sdk.helpers import check_paging, fails, ok, pages, unique

USERS_GAP = "users family not implemented yet (see tests/sdk report)"


def profile(login: str, **extra: str) -> UserProfile:
    out = UserProfile(first_name="Ada", last_name="Lovelace", email=login, login=login)
    out.additional_properties.update(extra)
    return out


def new_login() -> str:
    return f"{unique('user')}@example.com"


async def test_create_get_update_replace(okta: Client) -> None:
    login = new_login()
    created: User = await ok(okta.create_user(CreateUserRequest(profile=profile(login, favoriteColor="teal"))))
    assert isinstance(created, User)
    assert created.id.startswith("00u") and len(created.id) == 20
    assert created.status.value == "ACTIVE"
    assert created.profile.login == login
    assert created.profile.additional_properties == {"favoriteColor": "teal"}  # custom attributes survive

    fetched: User = await ok(okta.get_user(created.id))
    assert (fetched.profile.first_name, fetched.profile.email) == ("Ada", login)

    updated: User = await ok(okta.update_user(created.id, UpdateUserRequest(profile=UserProfile(nick_name="ada"))))
    assert (updated.profile.nick_name, updated.profile.first_name, updated.profile.login) == ("ada", "Ada", login)
    assert updated.last_updated >= created.last_updated

    replaced: User = await ok(okta.replace_user(created.id, UpdateUserRequest(profile=profile(login))))
    assert replaced.profile.nick_name is None  # a replace drops what the body leaves out
    assert (await ok(okta.get_user(created.id))).profile.nick_name is None


async def test_list_pages_with_after_cursor(okta: Client) -> None:
    mine = {(await ok(okta.create_user(CreateUserRequest(profile=profile(new_login()))))).id for _ in range(5)}
    items = check_paging(await pages(okta.list_users, limit=2), 2, mine)
    assert all(isinstance(u, User) for u in items)


async def test_deactivate_then_delete(okta: Client) -> None:
    user: User = await ok(okta.create_user(CreateUserRequest(profile=profile(new_login()))))
    await ok(okta.deactivate_user(user.id))
    await ok(okta.delete_user(user.id))
    await fails(okta.get_user(user.id), 404, "E0000007")


async def test_missing_user_is_404(okta: Client) -> None:
    await fails(okta.get_user("00uDOESNOTEXIST00000"), 404, "E0000007")
    await fails(okta.deactivate_user("00uDOESNOTEXIST00000"), 404, "E0000007")


@pytest.mark.xfail(strict=True, reason=USERS_GAP + ": deactivate leaves status ACTIVE, Okta says DEPROVISIONED")
async def test_deactivate_deprovisions(okta: Client) -> None:
    user: User = await ok(okta.create_user(CreateUserRequest(profile=profile(new_login()))))
    await ok(okta.deactivate_user(user.id))
    assert (await ok(okta.get_user(user.id))).status.value == "DEPROVISIONED"


@pytest.mark.xfail(strict=True, reason=USERS_GAP + ": deleting an ACTIVE user removes it at once")
async def test_first_delete_of_active_user_deprovisions(okta: Client) -> None:
    user: User = await ok(okta.create_user(CreateUserRequest(profile=profile(new_login()))))
    await ok(okta.delete_user(user.id))
    assert (await ok(okta.get_user(user.id))).status.value == "DEPROVISIONED"


@pytest.mark.xfail(strict=True, reason=USERS_GAP + ": activate=false stores status INACTIVE (not a user status)")
async def test_create_without_activation_is_staged(okta: Client, server: Server) -> None:
    login = new_login()
    try:
        user: User = await ok(okta.create_user(CreateUserRequest(profile=profile(login)), activate=False))
        assert user.status.value == "STAGED"
    finally:  # an INACTIVE user would break every later list_users in this server (strict enum)
        with server.client() as api:
            for doc in api.get("/api/v1/users", params={"limit": -1}).json():
                if doc["profile"].get("login") == login:
                    api.delete(f"/api/v1/users/{doc['id']}")


@pytest.mark.xfail(strict=True, reason=USERS_GAP + ": login is not required")
async def test_login_is_required(okta: Client) -> None:
    await fails(okta.create_user(CreateUserRequest(profile=UserProfile(first_name="No", last_name="Login"))),
                400, "E0000001")


@pytest.mark.xfail(strict=True, reason=USERS_GAP + ": duplicate logins are accepted")
async def test_login_is_unique(okta: Client) -> None:
    login = new_login()
    await ok(okta.create_user(CreateUserRequest(profile=profile(login))))
    await fails(okta.create_user(CreateUserRequest(profile=profile(login))), 400, "E0000001")


@pytest.mark.xfail(strict=True, reason="generic list ignores `search`/`filter`: every user comes back")
async def test_search_by_login(okta: Client) -> None:
    login = new_login()
    await ok(okta.create_user(CreateUserRequest(profile=profile(login))))
    found = await ok(okta.list_users(search=f'profile.login eq "{login}"'))
    assert [u.profile.login for u in found] == [login]
