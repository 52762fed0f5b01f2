"""Users through the SDK: create, read, page, update, the lifecycle state machine end to end, and errors."""

from __future__ import annotations

from okta.client import Client
from okta.models import (
    CreateUserRequest,
    PasswordCredential,
    UpdateUserRequest,
    User,
    UserActivationToken,
    UserCredentialsWritable,
    UserProfile,
)

from tests.conftest import Server
from tests.sdk.helpers import check_paging, fails, ok, pages, unique


def profile(login: str, **extra: str) -> UserProfile:
    out = UserProfile(first_name="Ada", last_name="Lovelace", email=login, login=login)
    out.additional_properties.update(extra)
    return out


def new_login() -> str:
    return f"{unique('user')}@example.com"


def with_password(login: str) -> CreateUserRequest:
    return CreateUserRequest(profile=profile(login),
                             credentials=UserCredentialsWritable(password=PasswordCredential(value="Tr0ub4dor&3xyz")))


async def test_create_get_update_replace(okta: Client, server: Server) -> None:
    with server.client() as api:  # a custom attribute must be in the schema before a profile may carry it
        custom = {"favoriteColor": {"title": "Favorite color", "type": "string"}}
        assert api.post("/api/v1/meta/schemas/user/default",
                        json={"definitions": {"custom": {"properties": custom}}}).status_code == 200
    login = new_login()
    created: User = await ok(okta.create_user(CreateUserRequest(profile=profile(login, favoriteColor="teal"))))
    assert isinstance(created, User)
    assert created.id.startswith("00u") and len(created.id) == 20
    assert created.status.value == "PROVISIONED"  # activated without a password: waits for the activation flow
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


async def test_lifecycle_end_to_end(okta: Client) -> None:
    login = new_login()
    user: User = await ok(okta.create_user(with_password(login), activate=False))
    assert user.status.value == "STAGED" and user.credentials.password is not None
    token: UserActivationToken = await ok(okta.activate_user(user.id, send_email=False))
    assert token.activation_url.endswith(token.activation_token)
    assert (await ok(okta.get_user(login))).status.value == "ACTIVE"
    await ok(okta.suspend_user(user.id))
    assert (await ok(okta.get_user(user.id))).status.value == "SUSPENDED"
    await fails(okta.suspend_user(user.id), 400, "E0000001")
    await ok(okta.unsuspend_user(user.id))
    await fails(okta.unsuspend_user(user.id), 400, "E0000001")
    await fails(okta.unlock_user(user.id), 403, "E0000032")
    await fails(okta.reactivate_user(user.id), 403, "E0000038")
    await ok(okta.deactivate_user(user.id))
    gone: User = await ok(okta.get_user(user.id))
    assert gone.status.value == "DEPROVISIONED" and gone.status_changed >= user.created
    await ok(okta.delete_user(user.id))
    await fails(okta.get_user(user.id), 404, "E0000007")
    await fails(okta.delete_user(user.id), 404, "E0000007")


async def test_delete_twice_deactivates_first(okta: Client) -> None:
    user: User = await ok(okta.create_user(with_password(new_login())))
    await ok(okta.delete_user(user.id))
    assert (await ok(okta.get_user(user.id))).status.value == "DEPROVISIONED"
    await ok(okta.delete_user(user.id))
    await fails(okta.get_user(user.id), 404, "E0000007")


async def test_duplicate_login_is_rejected(okta: Client) -> None:
    login = new_login()
    await ok(okta.create_user(with_password(login)))
    error = await fails(okta.create_user(with_password(login.upper())), 400, "E0000001")
    assert "login" in str(error.error_causes)


async def test_user_groups_and_reset_password(okta: Client) -> None:
    user: User = await ok(okta.create_user(with_password(new_login())))
    groups = await ok(okta.list_user_groups(user.id))
    assert [g.profile.actual_instance.name for g in groups] == ["Everyone"]
    reset = await ok(okta.reset_password(user.id, send_email=False))
    assert "/reset_password/" in reset.reset_password_url
    assert (await ok(okta.get_user(user.id))).status.value == "RECOVERY"
