"""Groups through the SDK: profile round-trip, paging, `q`, replace, membership, delete and Okta's guards."""

from __future__ import annotations

from okta.client import Client
from okta.models import AddGroupRequest, Group, OktaUserGroupProfile, User
from okta.models.create_user_request import CreateUserRequest
from okta.models.user_profile import UserProfile
from okta.pagination import paginate_all

from tests.sdk.helpers import check_paging, fails, ok, pages, unique


def group_body(name: str, description: str | None = None) -> AddGroupRequest:
    return AddGroupRequest(profile=OktaUserGroupProfile(name=name, description=description))


async def test_create_get_replace_delete(okta: Client) -> None:
    name = unique("eng")
    created: Group = await ok(okta.add_group(group_body(name, "Engineers")))
    assert isinstance(created, Group)
    assert created.id.startswith("00g") and len(created.id) == 20
    assert created.type.value == "OKTA_GROUP"
    assert created.object_class == ["okta:user_group"]
    assert created.created is not None and created.last_membership_updated is not None

    fetched: Group = await ok(okta.get_group(created.id))
    assert fetched.profile.actual_instance.name == name
    assert fetched.profile.actual_instance.description == "Engineers"

    renamed = unique("platform")
    replaced: Group = await ok(okta.replace_group(created.id, group_body(renamed)))
    assert replaced.profile.actual_instance.name == renamed
    assert replaced.profile.actual_instance.description is None  # a replace, not a merge
    assert replaced.type.value == "OKTA_GROUP" and replaced.object_class == ["okta:user_group"]
    assert replaced.last_updated >= created.last_updated

    await ok(okta.delete_group(created.id))
    await fails(okta.get_group(created.id), 404, "E0000007")


async def test_list_pages_with_after_cursor(okta: Client) -> None:
    prefix = unique("page")
    mine = {(await ok(okta.add_group(group_body(f"{prefix}-{i}")))).id for i in range(5)}
    items = check_paging(await pages(okta.list_groups, limit=2), 2, mine)
    assert all(isinstance(g, Group) for g in items)
    collected = [g.id async for g in paginate_all(okta.list_groups, limit=3)]
    assert [g.id for g in items] == collected


async def test_q_is_a_name_prefix(okta: Client) -> None:
    prefix = unique("Qgrp")
    for suffix in ("alpha", "beta"):
        await ok(okta.add_group(group_body(f"{prefix}-{suffix}")))
    await ok(okta.add_group(group_body(f"other-{prefix}")))
    found = await ok(okta.list_groups(q=prefix.lower()))
    assert sorted(g.profile.actual_instance.name for g in found) == [f"{prefix}-alpha", f"{prefix}-beta"]
    assert [g.profile.actual_instance.name for g in await ok(okta.list_groups(q="Everyone"))] == ["Everyone"]


async def test_membership(okta: Client) -> None:
    group: Group = await ok(okta.add_group(group_body(unique("members"))))
    login = f"{unique('member')}@example.com"
    user: User = await ok(okta.create_user(CreateUserRequest(
        profile=UserProfile(first_name="Mem", last_name="Ber", email=login, login=login))))
    await ok(okta.assign_user_to_group(group.id, user.id))
    members = await ok(okta.list_group_users(group.id))
    assert [(u.id, u.profile.login) for u in members] == [(user.id, login)]
    await ok(okta.unassign_user_from_group(group.id, user.id))
    assert await ok(okta.list_group_users(group.id)) == []


async def test_name_is_required_and_unique(okta: Client) -> None:
    error = await fails(okta.add_group(AddGroupRequest(profile=OktaUserGroupProfile(description="x"))),
                        400, "E0000001")
    assert "name" in error.error_causes[0]["errorSummary"]
    name = unique("dup")
    await ok(okta.add_group(group_body(name)))
    await fails(okta.add_group(group_body(name.upper())), 400, "E0000001")


async def test_built_in_group_is_protected(okta: Client) -> None:
    everyone = (await ok(okta.list_groups(q="Everyone")))[0]
    assert everyone.type.value == "BUILT_IN"
    await fails(okta.delete_group(everyone.id), 403, "E0000006")
    await fails(okta.replace_group(everyone.id, group_body(unique("nope"))), 403, "E0000006")
    assert (await ok(okta.get_group(everyone.id))).profile.actual_instance.name == "Everyone"


async def test_missing_group_is_404(okta: Client) -> None:
    await fails(okta.get_group("00gDOESNOTEXIST00000"), 404, "E0000007")
    await fails(okta.delete_group("00gDOESNOTEXIST00000"), 404, "E0000007")
