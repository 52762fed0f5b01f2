"""App assignments through the SDK: users and groups assigned, listed, paged, patched and read back into `AppUser` and
`ApplicationGroupAssignment`; group members' app users come back GROUP-scoped."""

from __future__ import annotations

from okta.client import Client
from okta.models import (
    AddGroupRequest,
    ApplicationGroupAssignment,
    AppUser,
    AppUserAssignRequest,
    AppUserCredentials,
    AppUserCredentialsRequestPayload,
    AppUserPasswordCredential,
    AppUserUpdateRequest,
    BookmarkApplication,
    BookmarkApplicationSettings,
    BookmarkApplicationSettingsApplication,
    JsonPatchOperation,
    OktaUserGroupProfile,
    User,
    UserSchema,
    UserSchemaAttribute,
    UserSchemaDefinitions,
    UserSchemaPublic,
)
from okta.models.create_user_request import CreateUserRequest
from okta.models.user_profile import UserProfile

from tests.sdk.helpers import check_paging, fails, ok, pages, unique


def bookmark(label: str) -> BookmarkApplication:
    settings = BookmarkApplicationSettingsApplication(url="https://example.com/", request_integration=False)
    return BookmarkApplication(label=label, name="bookmark", sign_on_mode="BOOKMARK",
                               settings=BookmarkApplicationSettings(app=settings))


async def _user(okta: Client) -> User:
    login = f"{unique('assignee')}@example.com"
    return await ok(okta.create_user(CreateUserRequest(
        profile=UserProfile(first_name="App", last_name="User", email=login, login=login))))


async def test_assign_user_round_trip(okta: Client) -> None:
    app: BookmarkApplication = await ok(okta.create_application(bookmark(unique("Assign"))))
    user = await _user(okta)
    request = AppUserAssignRequest(id=user.id, scope="USER", credentials=AppUserCredentials(
        user_name="app.user", password=AppUserPasswordCredential(value="Sekr1t-Value!")))
    assigned: AppUser = await ok(okta.assign_user_to_application(app.id, request))
    assert isinstance(assigned, AppUser)
    assert (assigned.id, assigned.scope, assigned.status.value) == (user.id, "USER", "ACTIVE")
    assert assigned.sync_state.value == "DISABLED" and assigned.credentials.user_name == "app.user"
    assert assigned.credentials.password is None or assigned.credentials.password.value is None  # write-only
    assert assigned.password_changed is not None and assigned.created is not None
    assert assigned.links.app.href.endswith(f"/api/v1/apps/{app.id}")
    assert assigned.links.user.href.endswith(f"/api/v1/users/{user.id}")

    fetched: AppUser = await ok(okta.get_application_user(app.id, user.id, expand="user"))
    assert fetched.credentials.user_name == "app.user" and "user" in fetched.embedded

    update = AppUserUpdateRequest(AppUserCredentialsRequestPayload(credentials=AppUserCredentials(user_name="renamed")))
    updated: AppUser = await ok(okta.update_application_user(app.id, user.id, update))
    assert updated.credentials.user_name == "renamed" and updated.last_updated >= assigned.last_updated

    listed = await ok(okta.list_application_users(app.id))
    assert [(u.id, u.credentials.user_name) for u in listed] == [(user.id, "renamed")]
    assert all(isinstance(u, AppUser) for u in listed)

    await ok(okta.unassign_user_from_application(app.id, user.id))
    await fails(okta.get_application_user(app.id, user.id), 404, "E0000007")
    await fails(okta.assign_user_to_application(app.id, AppUserAssignRequest(id="00uNOSUCHUSER0000000")),
                404, "E0000007")


async def test_app_users_page(okta: Client) -> None:
    app: BookmarkApplication = await ok(okta.create_application(bookmark(unique("Paged"))))
    mine = set()
    for _ in range(5):
        user = await _user(okta)
        await ok(okta.assign_user_to_application(app.id, AppUserAssignRequest(id=user.id)))
        mine.add(user.id)
    items = check_paging(await pages(okta.list_application_users, app.id, limit=2), 2, mine)
    assert {item.id for item in items} == mine


async def test_assign_group_and_members(okta: Client) -> None:
    app: BookmarkApplication = await ok(okta.create_application(bookmark(unique("Grouped"))))
    group = await ok(okta.add_group(AddGroupRequest(profile=OktaUserGroupProfile(name=unique("app-group")))))
    other = await ok(okta.add_group(AddGroupRequest(profile=OktaUserGroupProfile(name=unique("app-group")))))
    user = await _user(okta)
    await ok(okta.assign_user_to_group(group.id, user.id))

    assigned: ApplicationGroupAssignment = await ok(okta.assign_group_to_application(
        app.id, group.id, ApplicationGroupAssignment(priority=0)))
    assert isinstance(assigned, ApplicationGroupAssignment)
    assert (assigned.id, assigned.priority) == (group.id, 0)
    assert assigned.links.group.href.endswith(f"/api/v1/groups/{group.id}")
    second = await ok(okta.assign_group_to_application(app.id, other.id))
    assert second.priority == 1

    granted: AppUser = await ok(okta.get_application_user(app.id, user.id))
    assert granted.scope == "GROUP" and granted.links.group.href.endswith(group.id)

    fetched = await ok(okta.get_application_group_assignment(app.id, group.id, expand="group"))
    assert fetched.embedded["group"]["id"] == group.id
    listed = await ok(okta.list_application_group_assignments(app.id))
    assert [(g.id, g.priority) for g in listed] == [(group.id, 0), (other.id, 1)]

    team = UserSchemaAttribute(title="Team", type="string")
    await ok(okta.update_application_user_profile(app.id, UserSchema(definitions=UserSchemaDefinitions(
        custom=UserSchemaPublic(id="#custom", type="object", properties={"team": team})))))
    patched = await ok(okta.update_group_assignment_to_application(
        app.id, group.id, [JsonPatchOperation(op="replace", path="/profile", value={"team": "core"})]))
    assert isinstance(patched, ApplicationGroupAssignment) and patched.profile == {"team": "core"}
    assert (await ok(okta.get_application_user(app.id, user.id))).profile == {"team": "core"}

    apps = await ok(okta.list_assigned_applications_for_group(group.id))
    assert [a.id for a in apps] == [app.id]

    await ok(okta.unassign_application_from_group(app.id, group.id))
    await fails(okta.get_application_user(app.id, user.id), 404, "E0000007")
    assert [g.id for g in await ok(okta.list_application_group_assignments(app.id))] == [other.id]
    assert (await ok(okta.get_application_group_assignment(app.id, other.id))).priority == 0
