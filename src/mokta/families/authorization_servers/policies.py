"""Access policies of a server and their rules, in priority order (renumbered like the org's policies). A policy
applies to ALL_CLIENTS or named apps; a rule names who (groups, users), how (grant types), what (`*` or the
server's scopes) and for how long (Okta's token lifetime ranges)."""

from __future__ import annotations

from typing import Any

from mokta.engine import generic, priority
from mokta.engine.clients import client_app
from mokta.engine.registry import handles
from mokta.families.authorization_servers.scopes_claims import scope_names
from mokta.families.authorization_servers.servers import SERVERS
from mokta.http.errors import invalid
from mokta.types import Context, Document, Reply

GRANT_TYPES = frozenset({
    "authorization_code", "implicit", "password", "client_credentials", "refresh_token", "interaction_code",
    "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:token-exchange",
    "urn:ietf:params:oauth:grant-type:saml2-bearer", "urn:ietf:params:oauth:grant-type:jwt-bearer",
    "urn:okta:params:oauth:grant-type:otp", "urn:okta:params:oauth:grant-type:oob",
    "http://auth0.com/oauth/grant-type/mfa-otp", "http://auth0.com/oauth/grant-type/mfa-oob",
    "urn:openid:params:grant-type:ciba",
})
FIVE_YEARS = 5 * 365 * 24 * 60
TOKEN_HOOK = "com.okta.oauth2.tokens.transform"
# (field, lowest, highest); a refresh lifetime of 0 means unlimited
LIFETIMES = (("accessTokenLifetimeMinutes", 5, 1440), ("refreshTokenLifetimeMinutes", 10, FIVE_YEARS),
             ("refreshTokenWindowMinutes", 10, FIVE_YEARS))
TOKEN_DEFAULTS = {"accessTokenLifetimeMinutes": 60, "refreshTokenLifetimeMinutes": 0,
                  "refreshTokenWindowMinutes": 10080}


@handles("listAuthorizationServerPolicies")
def list_policies(ctx: Context) -> Reply:
    generic.load(ctx, _server(ctx), "AuthorizationServer")
    return priority.ordered_page(ctx, sorted(ctx.tx.list(ctx.org, _policies(ctx)), key=priority.order))


@handles("createAuthorizationServerPolicy", "replaceAuthorizationServerPolicy")
def put_policy(ctx: Context) -> Reply:
    generic.load(ctx, _server(ctx), "AuthorizationServer")
    old = None
    if "policyId" in ctx.path_params:
        old = generic.load(ctx, f"{_policies(ctx)}/{ctx.path_params['policyId']}", "AuthorizationServerPolicy")
    body = generic.body_object(ctx)
    _check_policy(ctx, body)
    if isinstance(ctx.body, dict):
        ctx.body["type"] = "OAUTH_AUTHORIZATION_POLICY"
        ctx.body["system"] = bool((old or {}).get("system"))
    wanted = body.get("priority") or (old or {}).get("priority")
    return priority.placed(ctx, generic.serve(ctx), _policies(ctx), wanted)


@handles("deleteAuthorizationServerPolicy")
def delete_policy(ctx: Context) -> Reply:
    return priority.deleted(ctx, _policies(ctx), ctx.path_params["policyId"], "AuthorizationServerPolicy")


@handles("listAuthorizationServerPolicyRules")
def list_rules(ctx: Context) -> Reply:
    generic.load(ctx, f"{_policies(ctx)}/{ctx.path_params['policyId']}", "AuthorizationServerPolicy")
    return priority.ordered_page(ctx, sorted(ctx.tx.list(ctx.org, _rules(ctx)), key=priority.order))


@handles("createAuthorizationServerPolicyRule", "replaceAuthorizationServerPolicyRule")
def put_rule(ctx: Context) -> Reply:
    generic.load(ctx, f"{_policies(ctx)}/{ctx.path_params['policyId']}", "AuthorizationServerPolicy")
    old = None
    if "ruleId" in ctx.path_params:
        old = generic.load(ctx, f"{_rules(ctx)}/{ctx.path_params['ruleId']}", "AuthorizationServerPolicyRule")
    if not isinstance(ctx.body, dict):
        raise invalid("body: must be a rule object", "body")
    _check_rule(ctx, ctx.body)
    ctx.body["system"] = bool((old or {}).get("system"))
    wanted = ctx.body.get("priority") or (old or {}).get("priority")
    return priority.placed(ctx, generic.serve(ctx), _rules(ctx), wanted)


@handles("deleteAuthorizationServerPolicyRule")
def delete_rule(ctx: Context) -> Reply:
    return priority.deleted(ctx, _rules(ctx), ctx.path_params["ruleId"], "AuthorizationServerPolicyRule")


# -- private ------------------------------------------------------------------------------------------------------


def _server(ctx: Context) -> str:
    return f"{SERVERS}/{ctx.path_params['authServerId']}"


def _policies(ctx: Context) -> str:
    return f"{_server(ctx)}/policies"


def _rules(ctx: Context) -> str:
    return f"{_policies(ctx)}/{ctx.path_params['policyId']}/rules"


def _check_policy(ctx: Context, body: Document) -> None:
    if not str(body.get("name") or "").strip():
        raise invalid("name: The field cannot be left blank", "name")
    if body.get("type") not in (None, "OAUTH_AUTHORIZATION_POLICY"):
        raise invalid("type: must be OAUTH_AUTHORIZATION_POLICY", "type")
    priority.check_priority(body)
    clients = _dig(body, "conditions", "clients", "include")
    if not isinstance(clients, list) or not clients or not all(isinstance(c, str) for c in clients):
        raise invalid("conditions.clients.include: ALL_CLIENTS or the client ids the policy applies to",
                      "conditions.clients.include")
    if "ALL_CLIENTS" in clients and len(clients) > 1:
        raise invalid("conditions.clients.include: ALL_CLIENTS can't be combined with client ids",
                      "conditions.clients.include")
    for client in clients:
        if client != "ALL_CLIENTS" and client_app(ctx.tx, ctx.org, client) is None:
            raise invalid(f"conditions.clients.include: {client} is not an OAuth client of this org",
                          "conditions.clients.include")


def _check_rule(ctx: Context, body: Document) -> None:
    """Checks the rule and fills Okta's defaults into the body (everyone, the default token lifetimes)."""
    if not str(body.get("name") or "").strip():
        raise invalid("name: The field cannot be left blank", "name")
    if body.setdefault("type", "RESOURCE_ACCESS") != "RESOURCE_ACCESS":
        raise invalid("type: must be RESOURCE_ACCESS", "type")
    priority.check_priority(body)
    conditions = body.get("conditions")
    if not isinstance(conditions, dict):
        raise invalid("conditions: The field cannot be left blank", "conditions")
    grants = _dig(conditions, "grantTypes", "include")
    if not isinstance(grants, list) or not grants:
        raise invalid("conditions.grantTypes.include: at least one grant type is required",
                      "conditions.grantTypes.include")
    for grant in grants:
        if grant not in GRANT_TYPES:
            raise invalid(f"conditions.grantTypes.include: {grant} is not a valid grant type",
                          "conditions.grantTypes.include")
    scopes = _dig(conditions, "scopes", "include")
    if not isinstance(scopes, list) or not scopes:
        raise invalid("conditions.scopes.include: * or at least one scope is required", "conditions.scopes.include")
    unknown = sorted({str(s) for s in scopes} - {"*"} - scope_names(ctx, _server(ctx)))
    if unknown:
        raise invalid(f"conditions.scopes.include: {', '.join(unknown)} is not a scope of this server",
                      "conditions.scopes.include")
    _check_people(ctx, conditions)
    token = body.setdefault("actions", {}).setdefault("token", {}) if isinstance(body.get("actions", {}), dict) \
        else None
    if not isinstance(token, dict):
        raise invalid("actions.token: must be an object", "actions.token")
    for key, value in TOKEN_DEFAULTS.items():
        token.setdefault(key, value)
    _check_lifetimes(token)
    hook = _dig(token, "inlineHook", "id")
    if hook is not None:
        found = ctx.tx.get(ctx.org, f"/api/v1/inlineHooks/{hook}") if isinstance(hook, str) else None
        if found is None or found.get("type") != TOKEN_HOOK:
            raise invalid(f"actions.token.inlineHook.id: {hook} is not a {TOKEN_HOOK} inline hook",
                          "actions.token.inlineHook.id")


def _check_people(ctx: Context, conditions: Document) -> None:
    people = conditions.setdefault("people", {"groups": {"include": ["EVERYONE"]}})
    groups = _dig(people, "groups", "include") or []
    users = _dig(people, "users", "include") or []
    if not isinstance(groups, list) or not isinstance(users, list) or not groups and not users:
        raise invalid("conditions.people: include at least one group or user", "conditions.people")
    for group in groups:
        if group != "EVERYONE" and ctx.tx.get(ctx.org, f"/api/v1/groups/{group}") is None:
            raise invalid(f"conditions.people.groups.include: {group} is not a group of this org",
                          "conditions.people.groups.include")
    for user in users:
        if ctx.tx.get(ctx.org, f"/api/v1/users/{user}") is None:
            raise invalid(f"conditions.people.users.include: {user} is not a user of this org",
                          "conditions.people.users.include")


def _check_lifetimes(token: Document) -> None:
    for field, low, high in LIFETIMES:
        value = token.get(field)
        unlimited = field == "refreshTokenLifetimeMinutes" and value == 0
        if not isinstance(value, int) or isinstance(value, bool) or not unlimited and not low <= value <= high:
            raise invalid(f"actions.token.{field}: must be between {low} and {high} minutes"
                          + (" (or 0 for unlimited)" if field == "refreshTokenLifetimeMinutes" else ""),
                          f"actions.token.{field}")
    refresh = token["refreshTokenLifetimeMinutes"]
    if refresh and refresh < token["accessTokenLifetimeMinutes"]:
        raise invalid("actions.token.refreshTokenLifetimeMinutes: must not be shorter than the access token "
                      "lifetime", "actions.token.refreshTokenLifetimeMinutes")
    if refresh and token["refreshTokenWindowMinutes"] > refresh:
        raise invalid("actions.token.refreshTokenWindowMinutes: must not be longer than the refresh token "
                      "lifetime", "actions.token.refreshTokenWindowMinutes")



def _dig(doc: Any, *keys: str) -> Any:
    for key in keys:
        doc = doc.get(key) if isinstance(doc, dict) else None
    return doc
