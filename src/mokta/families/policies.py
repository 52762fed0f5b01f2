"""Policies and their rules: lists are per policy type and run in priority order; priorities stay 1..n as items are
inserted, moved and deleted, Okta's system (default) items keep the lowest place and can't be deleted."""

from __future__ import annotations

from mokta.engine import generic
from mokta.engine.registry import handles
from mokta.http.errors import OktaError, invalid
from mokta.http.paging import decode_cursor, encode_cursor, limit_of, paged
from mokta.types import Context, Document, Reply

POLICIES = "/api/v1/policies"
RULE_TYPE = {"OKTA_SIGN_ON": "SIGN_ON"}  # a policy's rules share its type, except sign-on rules
NO_EXTRA_RULES = {"PROFILE_ENROLLMENT", "POST_AUTH_SESSION"}  # only their built-in rule exists

Row = tuple[int, str, Document]


@handles("listPolicies")
def list_policies(ctx: Context) -> Reply:
    q = str(ctx.query.get("q") or "").lower()
    status = ctx.query.get("status")

    def keep(doc: Document) -> bool:
        return (doc.get("type") == ctx.query["type"] and (not status or doc.get("status") == status)
                and str(doc.get("name") or "").lower().startswith(q))

    rows = [r for r in ctx.tx.list(ctx.org, POLICIES) if keep(r[2])]
    by_name = ctx.query.get("sortBy") == "name"
    return _ordered_page(ctx, sorted(rows, key=(lambda r: str(r[2].get("name"))) if by_name else _order))


@handles("createPolicy")
def create_policy(ctx: Context) -> Reply:
    if isinstance(ctx.body, dict):
        ctx.body["system"] = False
    return _placed(ctx, generic.serve(ctx), POLICIES, by_type=True)


@handles("replacePolicy")
def replace_policy(ctx: Context) -> Reply:
    old = generic.load(ctx, f"{POLICIES}/{ctx.path_params['policyId']}", "Policy")
    body = generic.body_object(ctx)
    if body.get("type") not in (None, old.get("type")):
        raise invalid("type: A policy's type can't be changed", "type")
    if isinstance(ctx.body, dict):
        ctx.body["system"] = old.get("system", False)
    return _placed(ctx, generic.serve(ctx), POLICIES, body.get("priority") or old.get("priority"), by_type=True)


@handles("deletePolicy")
def delete_policy(ctx: Context) -> Reply:
    path = f"{POLICIES}/{ctx.path_params['policyId']}"
    doc = _deletable(ctx, path, "Policy")
    reply = generic.serve(ctx)
    _renumber(ctx, [r for r in ctx.tx.list(ctx.org, POLICIES) if r[2].get("type") == doc.get("type")])
    return reply


@handles("listPolicyRules")
def list_policy_rules(ctx: Context) -> Reply:
    generic.load(ctx, f"{POLICIES}/{ctx.path_params['policyId']}", "Policy")
    return _ordered_page(ctx, sorted(ctx.tx.list(ctx.org, _rules(ctx)), key=_order))


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
    return _placed(ctx, generic.serve(ctx), _rules(ctx))


@handles("replacePolicyRule")
def replace_policy_rule(ctx: Context) -> Reply:
    old = generic.load(ctx, f"{_rules(ctx)}/{ctx.path_params['ruleId']}", "PolicyRule")
    if isinstance(ctx.body, dict):
        ctx.body["system"] = old.get("system", False)
    wanted = generic.body_object(ctx).get("priority") or old.get("priority")
    return _placed(ctx, generic.serve(ctx), _rules(ctx), wanted)


@handles("deletePolicyRule")
def delete_policy_rule(ctx: Context) -> Reply:
    _deletable(ctx, f"{_rules(ctx)}/{ctx.path_params['ruleId']}", "PolicyRule")
    reply = generic.serve(ctx)
    _renumber(ctx, ctx.tx.list(ctx.org, _rules(ctx)))
    return reply


# -- private ------------------------------------------------------------------------------------------------------


def _rules(ctx: Context) -> str:
    return f"{POLICIES}/{ctx.path_params['policyId']}/rules"


def _order(row: Row) -> tuple[bool, int, int]:
    """System items last, then by priority, then by age."""
    doc = row[2]
    priority = doc.get("priority")
    return bool(doc.get("system")), priority if isinstance(priority, int) else 2**31, row[0]


def _placed(ctx: Context, reply: Reply, coll: str, wanted: object = None, *, by_type: bool = False) -> Reply:
    """Put the item the generic engine just wrote at its requested priority and renumber its peers (the policies of
    its type, or the rules of its policy)."""
    path = f"{coll}/{reply.body['id']}"
    doc = ctx.tx.get(ctx.org, path) or {}
    wanted = wanted if wanted is not None else generic.body_object(ctx).get("priority")
    peers = [r for r in ctx.tx.list(ctx.org, coll) if not by_type or r[2].get("type") == doc.get("type")]
    _renumber(ctx, peers, path, wanted if isinstance(wanted, int) else None)
    doc = ctx.tx.get(ctx.org, path) or doc
    return Reply(reply.status, generic.fill(ctx, ctx.op.response_schema, generic.output(ctx, path, doc)))


def _renumber(ctx: Context, rows: list[Row], moved: str | None = None, wanted: int | None = None) -> None:
    """Priorities run 1..n without gaps; a moved item lands at its wanted place, never below the system items."""
    ordered = sorted((r for r in rows if r[1] != moved), key=_order)
    mover = next((r for r in rows if r[1] == moved), None)
    if mover is not None:
        movable = sum(1 for r in ordered if not r[2].get("system"))
        place = movable if mover[2].get("system") or not wanted or wanted < 1 else min(wanted - 1, movable)
        ordered.insert(place, mover)
    for priority, (_, path, doc) in enumerate(ordered, start=1):
        if doc.get("priority") != priority:
            doc["priority"] = priority
            ctx.tx.put(ctx.org, path, doc)


def _ordered_page(ctx: Context, rows: list[Row]) -> Reply:
    """A page of an already ordered list; the cursor is the position reached."""
    start = decode_cursor(ctx.query.get("after"))
    limit = limit_of(ctx)
    end = len(rows) if limit is None else start + limit
    schema = ctx.rt.item_schema(ctx.op.response_schema)
    docs = [generic.fill(ctx, schema, generic.output(ctx, path, doc)) for _, path, doc in rows[start:end]]
    return paged(ctx, docs, encode_cursor(end) if end < len(rows) else None)


def _deletable(ctx: Context, path: str, what: str) -> Document:
    doc = generic.load(ctx, path, what)
    if doc.get("system"):
        raise OktaError(403, "E0000006", "You do not have permission to perform the requested action",
                        [f"A system {what} can't be deleted"])
    return doc
