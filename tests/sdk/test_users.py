"""Users through the SDK: create, read, page, update, the lifecycle verbs the engine serves today, and errors."""

from __future__ import annotations

from okta.client import Client
from okta.models import CreateUserRequest, UpdateUserRequest, User, UserProfile

from tests.sdk.helpers import check_paging, fails, ok, pages, unique


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


async def test_deactivate_deprovisions(okta: Client) -> None:
    user: User = await ok(okta.create_user(CreateUserRequest(profile=profile(new_login()))))
    await ok(okta.deactivate_user(user.id))
    assert (await ok(okta.get_user(user.id))).status.value == "DEPROVISIONED"





async def test_create_without_activation_is_staged(okta: Client) -> None:
    user: User = await ok(okta.create_user(CreateUserRequest(profile=profile(new_login())), activate=False))
    assert user.status.value == "STAGED"
    assert (await ok(okta.get_user(user.id))).status.value == "STAGED"
