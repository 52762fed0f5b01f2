"""Policies through the SDK: lists are per type and in priority order, priorities stay 1..n as policies are inserted,
moved and deleted, the system default stays last and can't be deleted, and rules follow their policy's type."""

from __future__ import annotations

from okta.client import Client
from okta.models import (
    AccessPolicy,
    AccessPolicyRule,
    BookmarkApplication,
    BookmarkApplicationSettings,
    BookmarkApplicationSettingsApplication,
    OktaSignOnPolicy,
    OktaSignOnPolicyRule,
    PasswordPolicy,
    PasswordPolicyRule,
    PasswordPolicyRuleAction,
    PasswordPolicyRuleActions,
    PolicyContext,
    PolicyContextGroups,
    PolicyContextUser,
    PolicyMapping,
    PolicyMappingRequest,
    SimulatePolicyBody,
    SimulatePolicyEvaluations,
)

from tests.sdk.helpers import check_paging, fails, ok, pages, unique


def password_policy(name: str, priority: int | None = None, description: str = "Test policy") -> PasswordPolicy:
    return PasswordPolicy(name=name, type="PASSWORD", description=description, priority=priority)


def password_rule(name: str, priority: int | None = None) -> PasswordPolicyRule:
    return PasswordPolicyRule(name=name, type="PASSWORD", priority=priority, actions=PasswordPolicyRuleActions(
        password_change=PasswordPolicyRuleAction(access="ALLOW")))


async def ordered(okta: Client, policy_type: str = "PASSWORD") -> list[PasswordPolicy]:
    return await ok(okta.list_policies(type=policy_type))


def assert_dense(items: list[PasswordPolicy]) -> None:
    """Priorities are 1..n in list order and the system default is last."""
    assert [p.priority for p in items] == list(range(1, len(items) + 1))
    assert not any(p.system for p in items[:-1])


async def test_create_get_replace(okta: Client) -> None:
    name = unique("pw")
    created = await ok(okta.create_policy(password_policy(name, priority=1)))
    assert isinstance(created, PasswordPolicy)
    assert created.id.startswith("00p") and created.status.value == "ACTIVE"
    assert (created.name, created.priority, created.system) == (name, 1, False)

    fetched = await ok(okta.get_policy(created.id))
    assert isinstance(fetched, PasswordPolicy) and fetched.description == "Test policy"

    renamed = unique("pw-renamed")
    replaced = await ok(okta.replace_policy(created.id, password_policy(renamed, 1, "Changed")))
    assert isinstance(replaced, PasswordPolicy)
    assert (replaced.name, replaced.description, replaced.priority) == (renamed, "Changed", 1)
    await fails(okta.replace_policy(created.id, OktaSignOnPolicy(name=renamed, type="OKTA_SIGN_ON")),
                400, "E0000001")


async def test_list_is_per_type_and_in_priority_order(okta: Client) -> None:
    first = await ok(okta.create_policy(password_policy(unique("first"))))
    items = await ordered(okta)
    assert_dense(items)
    assert items[-1].system is True and items[-1].name == "Default Policy"
    assert items[-2].id == first.id  # no priority asked: last, above the system default
    assert all(isinstance(p, PasswordPolicy) and p.type.value == "PASSWORD" for p in items)

    top = await ok(okta.create_policy(password_policy(unique("top"), priority=1)))
    assert top.priority == 1
    items = await ordered(okta)
    assert_dense(items)
    assert items[0].id == top.id

    sign_on = await ok(okta.create_policy(OktaSignOnPolicy(name=unique("signon"), type="OKTA_SIGN_ON")))
    assert isinstance(sign_on, OktaSignOnPolicy)
    assert sign_on.id not in {p.id for p in await ordered(okta)}
    assert sign_on.id in {p.id for p in await ordered(okta, "OKTA_SIGN_ON")}


async def test_priority_moves_and_deletes_renumber(okta: Client) -> None:
    made = [await ok(okta.create_policy(password_policy(unique(f"mv{i}"), priority=1))) for i in range(3)]
    ids = [p.id for p in await ordered(okta)]
    assert ids[:3] == [made[2].id, made[1].id, made[0].id]

    moved = await ok(okta.replace_policy(made[2].id, password_policy(made[2].name, priority=3)))
    assert moved.priority == 3
    ids = [p.id for p in await ordered(okta)]
    assert ids[:3] == [made[1].id, made[0].id, made[2].id]

    await ok(okta.delete_policy(made[1].id))
    await fails(okta.get_policy(made[1].id), 404, "E0000007")
    items = await ordered(okta)
    assert_dense(items)
    assert [p.id for p in items[:2]] == [made[0].id, made[2].id]


async def test_list_pages(okta: Client) -> None:
    mine = {(await ok(okta.create_policy(password_policy(unique("page"))))).id for _ in range(4)}
    items = check_paging(await pages(okta.list_policies, type="PASSWORD", limit="2"), 2, mine)
    assert_dense(items)


async def test_lifecycle(okta: Client) -> None:
    created = await ok(okta.create_policy(password_policy(unique("life")), activate=False))
    assert created.status.value == "INACTIVE"
    await ok(okta.activate_policy(created.id))
    assert (await ok(okta.get_policy(created.id))).status.value == "ACTIVE"
    await ok(okta.deactivate_policy(created.id))
    assert (await ok(okta.get_policy(created.id))).status.value == "INACTIVE"
    assert created.id in {p.id for p in await ok(okta.list_policies(type="PASSWORD", status="INACTIVE"))}
    assert created.id not in {p.id for p in await ok(okta.list_policies(type="PASSWORD", status="ACTIVE"))}


async def test_rules_follow_their_policy(okta: Client) -> None:
    policy = await ok(okta.create_policy(password_policy(unique("rules"))))
    first = await ok(okta.create_policy_rule(policy.id, password_rule("first")))
    assert isinstance(first, PasswordPolicyRule)
    assert first.id.startswith("0pr") and (first.priority, first.status.value) == (1, "ACTIVE")
    assert first.actions.password_change.access.value == "ALLOW"
    second = await ok(okta.create_policy_rule(policy.id, password_rule("second", priority=1)))
    rules = await ok(okta.list_policy_rules(policy.id))
    assert [(r.id, r.priority) for r in rules] == [(second.id, 1), (first.id, 2)]
    assert all(isinstance(r, PasswordPolicyRule) for r in rules)

    await fails(okta.create_policy_rule(policy.id, OktaSignOnPolicyRule(name="wrong", type="SIGN_ON")), 400, "E0000001")

    await ok(okta.deactivate_policy_rule(policy.id, first.id))
    assert (await ok(okta.get_policy_rule(policy.id, first.id))).status.value == "INACTIVE"
    await ok(okta.delete_policy_rule(policy.id, second.id))
    assert [(r.id, r.priority) for r in await ok(okta.list_policy_rules(policy.id))] == [(first.id, 1)]
    await fails(okta.get_policy_rule(policy.id, second.id), 404, "E0000007")


async def test_system_default_and_errors(okta: Client) -> None:
    default = (await ordered(okta))[-1]
    assert default.system is True
    await fails(okta.delete_policy(default.id), 403, "E0000006")
    await fails(okta.get_policy("00pDOESNOTEXIST00000"), 404, "E0000007")
    error = await fails(okta.create_policy(PasswordPolicy(name="", type="PASSWORD")), 400, "E0000001")
    assert "name" in error.error_summary


async def test_clone_reads_back_as_the_same_policy_type(okta: Client) -> None:
    original = await ok(okta.create_policy(AccessPolicy(name=unique("clonable"), type="ACCESS_POLICY")))
    copy = await ok(okta.clone_policy(original.id))
    assert isinstance(copy, AccessPolicy) and copy.id != original.id and not copy.system
    rules = await ok(okta.list_policy_rules(copy.id))
    assert [(r.name, r.system) for r in rules] == [("Catch-all Rule", True)] and isinstance(rules[0], AccessPolicyRule)
    assert_dense(await ordered(okta, "ACCESS_POLICY"))
    await fails(okta.clone_policy("00pDOESNOTEXIST00000"), 404, "E0000007")
    password: PasswordPolicy = await ok(okta.create_policy(password_policy(unique("no-clone"))))
    await fails(okta.clone_policy(password.id), 400, "E0000001")


async def test_mappings_apps_and_simulation(okta: Client) -> None:
    app = await ok(okta.create_application(BookmarkApplication(
        label=unique("Simulated"), name="bookmark", sign_on_mode="BOOKMARK",
        settings=BookmarkApplicationSettings(app=BookmarkApplicationSettingsApplication(
            url="https://example.com", request_integration=False)))))
    access = await ok(okta.create_policy(AccessPolicy(name=unique("access"), type="ACCESS_POLICY")))
    assert isinstance(access, AccessPolicy)
    await ok(okta.assign_application_policy(app.id, access.id))
    apps = await ok(okta.list_policy_apps(access.id))
    assert [a.id for a in apps] == [app.id] and isinstance(apps[0], BookmarkApplication)

    # the SDK's DEVICE_SIGNAL_COLLECTION enum value is garbled, so another access policy holds the mapping here
    signals = await ok(okta.create_policy(AccessPolicy(name=unique("holder"), type="ACCESS_POLICY")))
    mapping: PolicyMapping = await ok(okta.map_resource_to_policy(
        signals.id, PolicyMappingRequest(resource_type="ACCESS_POLICY", resource_id=access.id)))
    assert mapping.id and mapping.links.policy.href.endswith(access.id)
    assert [m.id for m in await ok(okta.list_policy_mappings(signals.id))] == [mapping.id]

    users = await ok(okta.list_users(limit=1))
    everyone = (await ok(okta.list_groups(q="Everyone")))[0]
    evaluations = await ok(okta.create_policy_simulation([SimulatePolicyBody(
        app_instance=app.id, policy_types=["ACCESS_POLICY", "OKTA_SIGN_ON"],
        policy_context=PolicyContext(user=PolicyContextUser(id=users[0].id),
                                     groups=PolicyContextGroups(ids=[everyone.id])))]))
    assert all(isinstance(e, SimulatePolicyEvaluations) for e in evaluations)
    by_type = {e.policy_type[0].value: e for e in evaluations}
    matched = by_type["ACCESS_POLICY"].result.policies[0]
    assert matched.id == access.id and matched.status.value == "MATCH"
    assert by_type["OKTA_SIGN_ON"].result.policies[0].rules[0].status.value == "MATCH"
