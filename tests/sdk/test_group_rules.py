"""Group rules through the SDK: create (INACTIVE), activate, users placed by the rule, deactivate, delete with
removeUsers, and the 400 for an expression over an unknown attribute."""

from __future__ import annotations

from okta.client import Client
from okta.models import (
    AddGroupRequest,
    CreateGroupRuleRequest,
    CreateUserRequest,
    GroupRule,
    GroupRuleAction,
    GroupRuleConditions,
    GroupRuleExpression,
    GroupRuleGroupAssignment,
    OktaUserGroupProfile,
    UserProfile,
)

from tests.sdk.helpers import fails, ok, unique


def rule_body(name: str, expression: str, group_id: str) -> CreateGroupRuleRequest:
    return CreateGroupRuleRequest(
        type="group_rule", name=name,
        conditions=GroupRuleConditions(expression=GroupRuleExpression(value=expression,
                                                                      type="urn:okta:expression:1.0")),
        actions=GroupRuleAction(assign_user_to_groups=GroupRuleGroupAssignment(group_ids=[group_id])))


async def member_ids(okta: Client, group_id: str) -> set[str]:
    return {u.id for u in await ok(okta.list_group_users(group_id))}


async def test_rule_flow(okta: Client) -> None:
    group = await ok(okta.add_group(AddGroupRequest(profile=OktaUserGroupProfile(name=unique("rule-target")))))
    department = unique("Dept")
    login = f"{unique('ruled')}@example.com"
    user = await ok(okta.create_user(CreateUserRequest(profile=UserProfile(
        first_name="Ruled", last_name="User", email=login, login=login, department=department))))
    expression = f'user.department == "{department}"'
    rule: GroupRule = await ok(okta.create_group_rule(rule_body(unique("rule"), expression, group.id)))
    assert rule.status.value == "INACTIVE" and rule.id
    assert await member_ids(okta, group.id) == set()
    await ok(okta.activate_group_rule(rule.id))
    assert (await ok(okta.get_group_rule(rule.id))).status.value == "ACTIVE"
    assert await member_ids(okta, group.id) == {user.id}
    listed = await ok(okta.list_group_rules(search=rule.name))
    assert [r.id for r in listed] == [rule.id]
    await ok(okta.deactivate_group_rule(rule.id))
    assert await member_ids(okta, group.id) == {user.id}
    await ok(okta.delete_group_rule(rule.id, remove_users=True))
    assert await member_ids(okta, group.id) == set()
    await fails(okta.get_group_rule(rule.id), 404, "E0000007")


async def test_unknown_attribute_is_rejected(okta: Client) -> None:
    group = await ok(okta.add_group(AddGroupRequest(profile=OktaUserGroupProfile(name=unique("rule-target")))))
    error = await fails(okta.create_group_rule(rule_body(unique("bad"), 'user.noSuchThing == "x"', group.id)),
                        400, "E0000001")
    assert "noSuchThing" in str(error.error_causes)
