"""Org policies and their rules: lists are per policy type and run in priority order (the shared priority helper
keeps 1..n), Okta's system (default) items keep the lowest place and can't be deleted; a policy can be cloned with
its rules, mapped to apps and other policies, and the org's policies can be simulated against a sign-in context."""

from __future__ import annotations

from typing import Any

from mokta.engine import generic, ids, priority
from mokta.engine.registry import handles
from mokta.families import policy_simulation
from mokta.http.errors import invalid
from mokta.types import Context, Document, Reply

POLICIES = "/api/v1/policies"
APPS = "/api/v1/apps"
TYPES = ("OKTA_SIGN_ON", "PASSWORD", "MFA_ENROLL", "IDP_DISCOVERY", "ACCESS_POLICY", "DEVICE_SIGNAL_COLLECTION",
         "PROFILE_ENROLLMENT", "POST_AUTH_SESSION", "ENTITY_RISK")
RULE_TYPE = {"OKTA_SIGN_ON": "SIGN_ON"}  # a policy's rules share its type, except sign-on rules
NO_EXTRA_RULES = {"PROFILE_ENROLLMENT", "POST_AUTH_SESSION"}  # only their built-in rule exists
CATCH_ALL_METHOD = {"type": "ASSURANCE", "factorMode": "2FA", "reauthenticateIn": "PT12H", "constraints": []}
CLONABLE = ("ACCESS_POLICY",)  # Identity Engine clones authentication policies only
SINGLETONS = {"IDP_DISCOVERY", "ENTITY_RISK", "POST_AUTH_SESSION"}  # one per org, seeded; no create or replace


@handles("listPolicies")
def list_policies(ctx: Context) -> Reply:
    kind = ctx.query.get("type")
    if kind not in TYPES:
        raise invalid(f"type: must be one of {', '.join(TYPES)}", "type")
    q = str(ctx.query.get("q") or "").lower()
    status = ctx.query.get("status")

    def keep(doc: Document) -> bool:
        return (doc.get("type") == kind and (not status or doc.get("status") == status)
                and str(doc.get("name") or "").lower().startswith(q))

    rows = [r for r in ctx.tx.list(ctx.org, POLICIES) if keep(r[2])]
    by_name = ctx.query.get("sortBy") == "name"
    rows = sorted(rows, key=(lambda r: str(r[2].get("name"))) if by_name else priority.order)
    expand = _expanded(ctx)
    return priority.ordered_page(ctx, rows, lambda path, doc: _linked(ctx, expand(path, doc) if expand else doc))


@handles("getPolicy")
def get_policy(ctx: Context) -> Reply:
    path = f"{POLICIES}/{ctx.path_params['policyId']}"
    doc = generic.load(ctx, path, "Policy")
    expand = _expanded(ctx)
    out = generic.fill(ctx, ctx.op.response_schema, generic.output(ctx, path, doc))
    return Reply(200, _linked(ctx, expand(path, out) if expand else out))


@handles("createPolicy")
def create_policy(ctx: Context) -> Reply:
    body = generic.body_object(ctx)
    _check_policy(body, None)
    _check_references(ctx, body)
    if isinstance(ctx.body, dict):
        ctx.body["system"] = False
    reply = priority.placed(ctx, generic.serve(ctx), POLICIES, peer=_same_type)
    if body.get("type") == "ACCESS_POLICY":
        _catch_all(ctx, reply.body["id"])
    return Reply(reply.status, _linked(ctx, reply.body))


@handles("replacePolicy")
def replace_policy(ctx: Context) -> Reply:
    old = generic.load(ctx, f"{POLICIES}/{ctx.path_params['policyId']}", "Policy")
    body = generic.body_object(ctx)
    if body.get("type") not in (None, old.get("type")):
        raise invalid("type: A policy's type can't be changed", "type")
    _check_policy(body, old)
    _check_references(ctx, body)
    if isinstance(ctx.body, dict):
        ctx.body["system"] = old.get("system", False)
    reply = priority.placed(ctx, generic.serve(ctx), POLICIES, body.get("priority") or old.get("priority"),
                            peer=_same_type)
    return Reply(reply.status, _linked(ctx, reply.body))


@handles("deletePolicy")
def delete_policy(ctx: Context) -> Reply:
    path = f"{POLICIES}/{ctx.path_params['policyId']}"
    doc = priority.deletable(ctx, path, "Policy")
    reply = generic.serve(ctx)
    orphans = policy_simulation.mapped_apps(ctx, doc["id"]) if doc.get("type") == "ACCESS_POLICY" else []
    if orphans:  # its apps fall back to the default policy
        system = _system_policy(ctx, "ACCESS_POLICY")
        for app_id in orphans:
            policy_simulation.map_app(ctx, app_id, system)
    priority.renumber(ctx, [r for r in ctx.tx.list(ctx.org, POLICIES) if r[2].get("type") == doc.get("type")])
    return reply


@handles("clonePolicy")
def clone_policy(ctx: Context) -> Reply:
    """A copy of the policy and its rules: the policy is not a system one (it goes above the system policy, named
    after the original); its rules keep their places, and a catch-all rule stays protected."""
    source = generic.load(ctx, f"{POLICIES}/{ctx.path_params['policyId']}", "Policy")
    if source.get("type") not in CLONABLE:
        raise invalid(f"type: Only {', '.join(CLONABLE)} policies can be cloned", "type")
    stamp = ids.now()
    pid = ids.new_id(str(source["id"])[:3])
    path = f"{POLICIES}/{pid}"
    copy = {k: v for k, v in source.items() if k not in ("_links", "_embedded", "priority")}
    copy.update(id=pid, name=_copy_name(source), system=False, created=stamp, lastUpdated=stamp)
    ctx.tx.put(ctx.org, path, copy)
    for _, _, rule in sorted(ctx.tx.list(ctx.org, f"{POLICIES}/{source['id']}/rules"), key=priority.order):
        rid = ids.new_id(str(rule["id"])[:3])
        ctx.tx.put(ctx.org, f"{path}/rules/{rid}", {**{k: v for k, v in rule.items() if k != "_links"},
                                                    "id": rid, "created": stamp,
                                                    "lastUpdated": stamp})
    peers = [r for r in ctx.tx.list(ctx.org, POLICIES) if r[2].get("type") == source.get("type")]
    priority.renumber(ctx, peers, path, None)
    doc = ctx.tx.get(ctx.org, path) or copy
    return Reply(200, _linked(ctx, generic.fill(ctx, ctx.op.response_schema, generic.output(ctx, path, doc))))


@handles("createPolicySimulation")
def create_policy_simulation(ctx: Context) -> Reply:
    return Reply(200, policy_simulation.simulate(ctx))


@handles("listPolicyApps")
def list_policy_apps(ctx: Context) -> Reply:
    """The apps whose access policy this is (legacy read of the app mappings); the system policy has the rest."""
    policy = generic.load(ctx, f"{POLICIES}/{ctx.path_params['policyId']}", "Policy")
    app_ids = policy_simulation.policy_apps(ctx, policy)
    found = ctx.tx.get_many(ctx.org, [f"{APPS}/{a}" for a in app_ids])
    schema = ctx.rt.item_schema(ctx.op.response_schema)
    return Reply(200, [generic.fill(ctx, schema, generic.output(ctx, p, d)) for p, d in found.items()])


@handles("mapResourceToPolicy")
def map_resource_to_policy(ctx: Context) -> Reply:
    """Map an ACCESS_POLICY (the resource) under this policy, such as a device signal collection policy under an
    authentication policy; the mapping names both ends in its links."""
    policy = generic.load(ctx, f"{POLICIES}/{ctx.path_params['policyId']}", "Policy")
    body = generic.body_object(ctx)
    if body.get("resourceType") != "ACCESS_POLICY":
        raise invalid("resourceType: must be ACCESS_POLICY", "resourceType")
    target = ctx.tx.get(ctx.org, f"{POLICIES}/{body.get('resourceId')}")
    if not isinstance(body.get("resourceId"), str) or target is None:
        raise invalid("resourceId: must be the id of an existing policy", "resourceId")
    if target.get("type") != "ACCESS_POLICY" or target["id"] == policy["id"]:
        raise invalid("resourceId: must be another ACCESS_POLICY policy", "resourceId")
    mid = ids.new_id("rpm")
    path = f"{POLICIES}/{policy['id']}/mappings/{mid}"
    doc = {"id": mid, "_links": {"policy": {"href": f"{POLICIES}/{target['id']}"}}}
    ctx.tx.put(ctx.org, path, doc)
    return Reply(200, generic.fill(ctx, ctx.op.response_schema, generic.output(ctx, path, doc)))


@handles("assignApplicationPolicy")
def assign_application_policy(ctx: Context) -> Reply:
    """An app has exactly one access policy, named in its `_links.accessPolicy` (the apps family keeps the same
    layout)."""
    app_id, policy_id = ctx.path_params["appId"], ctx.path_params["policyId"]
    generic.load(ctx, f"{APPS}/{app_id}", "App")
    policy = generic.load(ctx, f"{POLICIES}/{policy_id}", "Policy")
    if policy.get("type") != "ACCESS_POLICY":
        raise invalid("policyId: must be an ACCESS_POLICY policy", "policyId")
    policy_simulation.map_app(ctx, app_id, policy_id)
    return Reply(ctx.op.success, None)


@handles("listPolicyRules")
def list_policy_rules(ctx: Context) -> Reply:
    generic.load(ctx, f"{POLICIES}/{ctx.path_params['policyId']}", "Policy")
    return priority.ordered_page(ctx, sorted(ctx.tx.list(ctx.org, _rules(ctx)), key=priority.order))


@handles("createPolicyRule")
def create_policy_rule(ctx: Context) -> Reply:
    policy = generic.load(ctx, f"{POLICIES}/{ctx.path_params['policyId']}", "Policy")
    if policy.get("type") in NO_EXTRA_RULES:
        raise invalid(f"type: Rules can't be added to a {policy['type']} policy", "type")
    expected = RULE_TYPE.get(str(policy.get("type")), policy.get("type"))
    if isinstance(ctx.body, dict):
        if ctx.body.setdefault("type", expected) != expected:
            raise invalid(f"type: A rule of a {policy['type']} policy must have type {expected}", "type")
        ctx.body["system"] = False
    priority.check_priority(generic.body_object(ctx))
    _check_references(ctx, generic.body_object(ctx))
    return priority.placed(ctx, generic.serve(ctx), _rules(ctx))


@handles("replacePolicyRule")
def replace_policy_rule(ctx: Context) -> Reply:
    old = generic.load(ctx, f"{_rules(ctx)}/{ctx.path_params['ruleId']}", "PolicyRule")
    body = generic.body_object(ctx)
    if body.get("type") not in (None, old.get("type")):
        raise invalid("type: A rule's type can't be changed", "type")
    priority.check_priority(body)
    _check_references(ctx, body)
    if isinstance(ctx.body, dict):
        ctx.body["system"] = old.get("system", False)
    return priority.placed(ctx, generic.serve(ctx), _rules(ctx), body.get("priority") or old.get("priority"))


@handles("deletePolicyRule")
def delete_policy_rule(ctx: Context) -> Reply:
    return priority.deleted(ctx, _rules(ctx), ctx.path_params["ruleId"], "PolicyRule")


# -- private ------------------------------------------------------------------------------------------------------


def _rules(ctx: Context) -> str:
    return f"{POLICIES}/{ctx.path_params['policyId']}/rules"


def _same_type(doc: Document, other: Document) -> bool:
    return bool(other.get("type") == doc.get("type"))


def _check_references(ctx: Context, body: Document) -> None:
    """Groups, users and network zones named in conditions must exist in the org (Okta answers 400 otherwise)."""
    conditions = body.get("conditions") if isinstance(body.get("conditions"), dict) else {}
    people = conditions.get("people") if isinstance(conditions.get("people"), dict) else {}
    network = conditions.get("network") if isinstance(conditions.get("network"), dict) else {}
    wanted = [(f"conditions.people.{kind}.{side}", root, (people.get(kind) or {}).get(side))
              for kind, root in (("groups", "/api/v1/groups"), ("users", "/api/v1/users"))
              for side in ("include", "exclude") if isinstance(people.get(kind), dict)]
    wanted += [(f"conditions.network.{side}", "/api/v1/zones", network.get(side)) for side in ("include", "exclude")]
    for field, root, ids_ in wanted:
        for item in ids_ if isinstance(ids_, list) else []:
            if not isinstance(item, str) or ctx.tx.get(ctx.org, f"{root}/{item}") is None:
                raise invalid(f"{field}: {item} does not exist", field)


def _check_policy(body: Document, old: Document | None) -> None:
    kind = body.get("type") or (old or {}).get("type")
    if kind not in TYPES:
        raise invalid(f"type: must be one of {', '.join(TYPES)}", "type")
    if kind in SINGLETONS:
        raise invalid(f"type: Creating or replacing a {kind} policy is not supported", "type")
    priority.check_priority(body)



def _linked(ctx: Context, doc: Document) -> Document:
    """Okta's policy links: its rules and mappings, and the lifecycle verb its status allows."""
    root = f"{POLICIES}/{doc['id']}"
    verb = "deactivate" if doc.get("status") == "ACTIVE" else "activate"
    return {**doc, "_links": {**(doc.get("_links") or {}),
                              "rules": {"href": ctx.url(f"{root}/rules"), "hints": {"allow": ["GET", "POST"]}},
                              "mappings": {"href": ctx.url(f"{root}/mappings"), "hints": {"allow": ["GET", "POST"]}},
                              verb: {"href": ctx.url(f"{root}/lifecycle/{verb}"), "hints": {"allow": ["POST"]}}}}


def _system_policy(ctx: Context, kind: str) -> str:
    return str(next(r[2]["id"] for r in ctx.tx.list(ctx.org, POLICIES)
                    if r[2].get("type") == kind and r[2].get("system")))


def _catch_all(ctx: Context, policy_id: str) -> None:
    """Okta gives every new authentication policy its system Catch-all Rule, last in priority."""
    rid = ids.new_id("rul")
    stamp = ids.now()
    rule = {"id": rid, "type": "ACCESS_POLICY", "name": "Catch-all Rule", "priority": 1, "status": "ACTIVE",
            "system": True, "created": stamp, "lastUpdated": stamp, "conditions": None,
            "actions": {"appSignOn": {"access": "ALLOW", "verificationMethod": CATCH_ALL_METHOD}}}
    schema = {"$ref": "#/components/schemas/PolicyRule"}
    ctx.tx.put(ctx.org, f"{POLICIES}/{policy_id}/rules/{rid}", generic.fill(ctx, schema, rule))


def _copy_name(source: Document) -> str:
    return f"{source.get('name') or 'Policy'} (copy)"[:255]


def _expanded(ctx: Context) -> Any:
    """`expand=rules` embeds each policy's rules, in priority order, under `_embedded.rules`."""
    if "rules" not in str(ctx.query.get("expand") or "").split(","):
        return None
    schema = {"$ref": "#/components/schemas/PolicyRule"}

    def embed(path: str, doc: Document) -> Document:
        rules = sorted(ctx.tx.list(ctx.org, f"{path}/rules"), key=priority.order)
        embedded = [generic.fill(ctx, schema, generic.output(ctx, p, r)) for _, p, r in rules]
        return {**doc, "_embedded": {**(doc.get("_embedded") or {}), "rules": embedded}}

    return embed
