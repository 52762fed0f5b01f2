"""Custom authorization servers through the SDK: minted issuer and signing config, paging, `q`, replace, lifecycle,
key rotation, and the scopes, claims, policies, rules and encryption keys that live under a server."""

from __future__ import annotations

from okta.client import Client
from okta.models import (
    AuthorizationServer,
    AuthorizationServerJsonWebKey,
    AuthorizationServerPolicy,
    AuthorizationServerPolicyConditions,
    AuthorizationServerPolicyPeopleCondition,
    AuthorizationServerPolicyRule,
    AuthorizationServerPolicyRuleActions,
    AuthorizationServerPolicyRuleConditions,
    AuthorizationServerPolicyRuleGroupCondition,
    AuthorizationServerPolicyRuleRequest,
    ClientPolicyCondition,
    GrantTypePolicyRuleCondition,
    JwkUse,
    OAuth2Claim,
    OAuth2ClaimConditions,
    OAuth2ResourceServerJsonWebKey,
    OAuth2ResourceServerJsonWebKeyRequestBody,
    OAuth2Scope,
    OAuth2ScopesMediationPolicyRuleCondition,
    TokenAuthorizationServerPolicyRuleAction,
)

from mokta.engine.keys import rsa_signing_key
from tests.conftest import Server
from tests.sdk.helpers import check_paging, fails, ok, pages, unique


def server_body(name: str, audience: str = "api://mokta", description: str = "Test server") -> AuthorizationServer:
    return AuthorizationServer(name=name, description=description, audiences=[audience])


async def test_create_get_replace(okta: Client, server: Server) -> None:
    name = unique("as")
    created: AuthorizationServer = await ok(okta.create_authorization_server(server_body(name)))
    assert created.id.startswith("aus") and created.status.value == "ACTIVE"
    assert created.issuer == f"{server.url}/oauth2/{created.id}"
    assert created.issuer_mode == "ORG_URL"
    signing = created.credentials.signing
    assert signing.kid and signing.rotation_mode.value == "AUTO" and signing.use.value == "sig"
    assert signing.next_rotation > signing.last_rotated
    keys = await ok(okta.list_authorization_server_keys(created.id))
    assert [(k.kty, k.alg, k.use, k.status) for k in keys] == [("RSA", "RS256", "sig", s) for s in ("ACTIVE", "NEXT")]
    assert keys[0].kid == signing.kid and keys[1].kid != signing.kid

    fetched: AuthorizationServer = await ok(okta.get_authorization_server(created.id))
    assert (fetched.name, fetched.audiences, fetched.issuer) == (name, ["api://mokta"], created.issuer)

    renamed = unique("as-renamed")
    replaced: AuthorizationServer = await ok(okta.replace_authorization_server(
        created.id, server_body(renamed, "api://other", "Changed")))
    assert (replaced.name, replaced.description, replaced.audiences) == (renamed, "Changed", ["api://other"])
    assert replaced.issuer == created.issuer and replaced.credentials.signing.kid == signing.kid


async def test_list_pages_and_q(okta: Client) -> None:
    prefix = unique("aspage")
    mine = {(await ok(okta.create_authorization_server(server_body(f"{prefix}-{i}")))).id for i in range(4)}
    check_paging(await pages(okta.list_authorization_servers, limit=2), 2, mine)
    found = await ok(okta.list_authorization_servers(q=prefix))
    assert {s.id for s in found} == mine
    audience = f"api://{unique('aud')}"
    by_audience = await ok(okta.create_authorization_server(server_body(unique("x"), audience)))
    assert [s.id for s in await ok(okta.list_authorization_servers(q=audience))] == [by_audience.id]


async def test_default_server_is_seeded(okta: Client, server: Server) -> None:
    default: AuthorizationServer = await ok(okta.get_authorization_server("default"))
    assert default.name == "default" and default.audiences == ["api://default"]
    assert default.issuer == f"{server.url}/oauth2/default"
    assert "default" in {s.id for s in await ok(okta.list_authorization_servers())}
    policies = await ok(okta.list_authorization_server_policies("default"))
    assert policies and all(isinstance(p, AuthorizationServerPolicy) for p in policies)
    rules = await ok(okta.list_authorization_server_policy_rules("default", policies[0].id))
    assert rules[0].conditions.scopes.include == ["*"] and rules[0].actions.token.access_token_lifetime_minutes == 60
    claims = {c.name: c for c in await ok(okta.list_o_auth2_claims("default"))}
    assert claims["sub"].system and claims["email"].value_type.value == "SYSTEM"


async def test_lifecycle_and_delete(okta: Client) -> None:
    created: AuthorizationServer = await ok(okta.create_authorization_server(server_body(unique("aslife"))))
    await ok(okta.deactivate_authorization_server(created.id))
    assert (await ok(okta.get_authorization_server(created.id))).status.value == "INACTIVE"
    await ok(okta.activate_authorization_server(created.id))
    assert (await ok(okta.get_authorization_server(created.id))).status.value == "ACTIVE"
    await ok(okta.deactivate_authorization_server(created.id))
    await ok(okta.delete_authorization_server(created.id))
    await fails(okta.get_authorization_server(created.id), 404, "E0000007")


async def test_policies_and_scopes_under_a_server(okta: Client) -> None:
    created: AuthorizationServer = await ok(okta.create_authorization_server(server_body(unique("aspol"))))
    policy: AuthorizationServerPolicy = await ok(okta.create_authorization_server_policy(
        created.id, AuthorizationServerPolicy(
            name="Default access", description="All clients", type="OAUTH_AUTHORIZATION_POLICY", priority=1,
            conditions=AuthorizationServerPolicyConditions(clients=ClientPolicyCondition(include=["ALL_CLIENTS"])))))
    assert policy.id.startswith("00p") and policy.status == "ACTIVE"
    assert policy.conditions.clients.include == ["ALL_CLIENTS"]
    listed = await ok(okta.list_authorization_server_policies(created.id))
    assert [p.id for p in listed] == [policy.id]

    scope: OAuth2Scope = await ok(okta.create_o_auth2_scope(created.id, OAuth2Scope(name="car:drive")))
    assert scope.consent.value == "IMPLICIT" and scope.metadata_publish.value == "NO_CLIENTS"
    assert "car:drive" in {s.name for s in await ok(okta.list_o_auth2_scopes(created.id))}


async def test_missing_server_is_404(okta: Client) -> None:
    await fails(okta.get_authorization_server("ausDOESNOTEXIST00000"), 404, "E0000007")
    await fails(okta.list_authorization_server_policies("ausDOESNOTEXIST00000"), 404, "E0000007")


async def test_key_rotation_through_the_sdk(okta: Client) -> None:
    created: AuthorizationServer = await ok(okta.create_authorization_server(server_body(unique("askeys"))))
    before = await ok(okta.list_authorization_server_keys(created.id))
    rotated = await ok(okta.rotate_authorization_server_keys(created.id, JwkUse(use="sig")))
    assert all(isinstance(k, AuthorizationServerJsonWebKey) for k in rotated)
    assert [k.status for k in rotated] == ["ACTIVE", "NEXT", "EXPIRED"]
    assert (rotated[0].kid, rotated[2].kid) == (before[1].kid, before[0].kid)
    fetched: AuthorizationServer = await ok(okta.get_authorization_server(created.id))
    assert fetched.credentials.signing.kid == rotated[0].kid
    key = await ok(okta.get_authorization_server_key(created.id, rotated[2].kid))
    assert key.status == "EXPIRED" and key.n == before[0].n


async def test_scopes_claims_and_rules_read_back_into_models(okta: Client) -> None:
    created: AuthorizationServer = await ok(okta.create_authorization_server(server_body(unique("asrules"))))
    scopes = {s.name: s for s in await ok(okta.list_o_auth2_scopes(created.id))}
    assert scopes["openid"].system is True and scopes["offline_access"].metadata_publish.value == "ALL_CLIENTS"
    await fails(okta.delete_o_auth2_scope(created.id, scopes["openid"].id), 403, "E0000006")
    await fails(okta.create_o_auth2_scope(created.id, OAuth2Scope(name="openid")), 400, "E0000001")

    claim: OAuth2Claim = await ok(okta.create_o_auth2_claim(created.id, OAuth2Claim(
        name="groups", claim_type="IDENTITY", value_type="GROUPS", value="Eng", group_filter_type="STARTS_WITH",
        conditions=OAuth2ClaimConditions(scopes=["profile"]))))
    assert (claim.claim_type.value, claim.value_type.value, claim.group_filter_type.value) == (
        "IDENTITY", "GROUPS", "STARTS_WITH")
    await fails(okta.create_o_auth2_claim(created.id, OAuth2Claim(
        name="bad", claim_type="RESOURCE", value_type="EXPRESSION", value="user.")), 400, "E0000001")

    policy: AuthorizationServerPolicy = await ok(okta.create_authorization_server_policy(
        created.id, AuthorizationServerPolicy(
            name="Apps", description="All clients", type="OAUTH_AUTHORIZATION_POLICY",
            conditions=AuthorizationServerPolicyConditions(clients=ClientPolicyCondition(include=["ALL_CLIENTS"])))))
    rule: AuthorizationServerPolicyRule = await ok(okta.create_authorization_server_policy_rule(
        created.id, policy.id, AuthorizationServerPolicyRuleRequest(
            name="Everyone", type="RESOURCE_ACCESS",
            conditions=AuthorizationServerPolicyRuleConditions(
                people=AuthorizationServerPolicyPeopleCondition(
                    groups=AuthorizationServerPolicyRuleGroupCondition(include=["EVERYONE"])),
                grant_types=GrantTypePolicyRuleCondition(include=["client_credentials"]),
                scopes=OAuth2ScopesMediationPolicyRuleCondition(include=["openid"])),
            actions=AuthorizationServerPolicyRuleActions(token=TokenAuthorizationServerPolicyRuleAction(
                access_token_lifetime_minutes=15, refresh_token_lifetime_minutes=0,
                refresh_token_window_minutes=10080)))))
    assert rule.priority == 1 and rule.status == "ACTIVE" and rule.type == "RESOURCE_ACCESS"
    assert rule.actions.token.access_token_lifetime_minutes == 15
    listed = await ok(okta.list_authorization_server_policy_rules(created.id, policy.id))
    assert [r.id for r in listed] == [rule.id]
    assert listed[0].conditions.grant_types.include == ["client_credentials"]


async def test_resource_server_keys_and_clients(okta: Client) -> None:
    created: AuthorizationServer = await ok(okta.create_authorization_server(server_body(unique("asenc"))))
    jwk, _pem = rsa_signing_key()
    key = await ok(okta.add_o_auth2_resource_server_json_web_key(
        created.id, OAuth2ResourceServerJsonWebKeyRequestBody(e=jwk["e"], n=jwk["n"], kty="RSA", use="enc",
                                                              status="ACTIVE", kid="enc-key")))
    assert isinstance(key, OAuth2ResourceServerJsonWebKey) and key.status == "ACTIVE" and key.kid == "enc-key"
    await fails(okta.delete_o_auth2_resource_server_json_web_key(created.id, key.id), 400, "E0000001")
    inactive = await ok(okta.deactivate_o_auth2_resource_server_json_web_key(created.id, key.id))
    assert inactive.status == "INACTIVE"
    await ok(okta.delete_o_auth2_resource_server_json_web_key(created.id, key.id))
    assert await ok(okta.list_o_auth2_clients_for_authorization_server(created.id)) == []
