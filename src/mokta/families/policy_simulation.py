"""Policy simulation and app mappings: which of the org's policies, and which of their rules, a sign-in with a
given app, user, groups, network and risk would meet — evaluated against the stored policies in priority order,
first match wins, the way Okta evaluates them at sign-in."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from mokta.engine import generic, indexes, priority
from mokta.http.errors import invalid
from mokta.types import Context, Document

POLICIES = "/api/v1/policies"
APPS = "/api/v1/apps"
SIMULATED = ("OKTA_SIGN_ON", "MFA_ENROLL", "ACCESS_POLICY", "PROFILE_ENROLLMENT")  # PolicyTypeSimulation
RISK_LEVELS = ("LOW", "MEDIUM", "HIGH")

Check = tuple[str, bool]  # (condition type as Okta names it, matched)


def simulate(ctx: Context) -> list[Document]:
    """One evaluation per requested policy type: the matched policy and rule under `result`, the policies and
    rules that were looked at and missed under `evaluated` (with `expand=EVALUATED`)."""
    bodies = ctx.body if isinstance(ctx.body, list) else [ctx.body]
    out: list[Document] = []
    for i, body in enumerate(bodies):
        if not isinstance(body, dict):
            raise invalid(f"[{i}]: must be an object", "simulatePolicy")
        out.extend(_simulate_one(ctx, body, i))
    return out


def mapped_apps(ctx: Context, policy_id: str) -> list[str]:
    """The ids of the apps whose access policy this is (the app names it in `_links.accessPolicy`)."""
    return [doc["id"] for _, _, doc in ctx.tx.list(ctx.org, APPS) if _access_policy_of(doc) == policy_id]


def map_app(ctx: Context, app_id: str, policy_id: str) -> None:
    """Make `policy_id` the app's only access policy."""
    app = ctx.tx.get(ctx.org, f"{APPS}/{app_id}")
    if app is not None:
        app["_links"] = {**(app.get("_links") or {}), "accessPolicy": {"href": f"{POLICIES}/{policy_id}"}}
        ctx.tx.put(ctx.org, f"{APPS}/{app_id}", app)


def policy_apps(ctx: Context, policy: Document) -> list[str]:
    """The apps an access policy governs: those naming it, and for the system policy every app naming no other."""
    if not policy.get("system") or policy.get("type") != "ACCESS_POLICY":
        return mapped_apps(ctx, policy["id"])
    return [doc["id"] for _, _, doc in ctx.tx.list(ctx.org, APPS) if _governing(ctx, doc) == policy["id"]]


# -- private ------------------------------------------------------------------------------------------------------


def _simulate_one(ctx: Context, body: Document, i: int) -> list[Document]:
    app_id = body.get("appInstance")
    if not isinstance(app_id, str) or not app_id:
        raise invalid(f"[{i}].appInstance: is required", "appInstance")
    app = generic.load(ctx, f"{APPS}/{app_id}", "App")
    types = body.get("policyTypes") or body.get("policyType") or list(SIMULATED)
    if not isinstance(types, list) or any(t not in SIMULATED for t in types):
        raise invalid(f"[{i}].policyTypes: each must be one of {', '.join(SIMULATED)}", "policyTypes")
    facts = _facts(ctx, body.get("policyContext") or {}, app_id, i)
    facts["accessPolicy"] = _governing(ctx, app)
    show_evaluated = "EVALUATED" in str(ctx.query.get("expand") or "").upper()
    policies = [r for r in ctx.tx.list(ctx.org, POLICIES) if r[2].get("status") == "ACTIVE"]
    out = []
    for kind in types:
        matched, missed = _first_match(ctx, sorted((r for r in policies if r[2].get("type") == kind),
                                                   key=priority.order), facts)
        out.append({"status": None, "policyType": [kind], "result": {"policies": matched},
                    "evaluated": {"policies": missed if show_evaluated else []}, "undefined": {"policies": []}})
    return out


def _facts(ctx: Context, context: Any, app_id: str, i: int) -> Document:
    """What the sign-in brings: the user and every group they are in, the zones their IP falls in, the risk."""
    if not isinstance(context, dict):
        raise invalid(f"[{i}].policyContext: must be an object", "policyContext")
    user_id = (context.get("user") or {}).get("id") if isinstance(context.get("user"), dict) else None
    groups = set((context.get("groups") or {}).get("ids") or []) if isinstance(context.get("groups"), dict) else set()
    if user_id:
        generic.load(ctx, f"/api/v1/users/{user_id}", "User")
        groups |= set(indexes.member_groups(ctx.tx, ctx.org, user_id))
    zones = set((context.get("zones") or {}).get("ids") or []) if isinstance(context.get("zones"), dict) else set()
    ip = context.get("ip")
    if isinstance(ip, str) and ip:
        zones |= _zones_of(ctx, ip)
    risk = (context.get("risk") or {}).get("level") if isinstance(context.get("risk"), dict) else None
    builtin: dict[str, bool] = {}

    def everyone(group_id: str) -> bool:
        """Everyone is in the built-in Everyone group, named in the context or not."""
        if group_id not in builtin:
            doc = ctx.tx.get(ctx.org, f"/api/v1/groups/{group_id}")
            builtin[group_id] = bool(doc and doc.get("type") == "BUILT_IN")
        return builtin[group_id]

    return {"user": user_id, "groups": groups, "everyone": everyone, "zones": zones, "risk": risk, "app": app_id,
            "device": context.get("device") if isinstance(context.get("device"), dict) else {}}


def _first_match(ctx: Context, rows: list[priority.Row], facts: Document) -> tuple[list[Document], list[Document]]:
    missed: list[Document] = []
    for _, path, policy in rows:
        checks = _policy_checks(ctx, policy, facts)
        entry: Document = {"id": policy["id"], "name": policy.get("name"), "conditions": _named(checks)}
        if not all(ok for _, ok in checks):
            missed.append({**entry, "status": "NOT_MATCH", "rules": []})
            continue
        rules = [r for r in sorted(ctx.tx.list(ctx.org, f"{path}/rules"), key=priority.order)
                 if r[2].get("status") == "ACTIVE"]
        rule_misses = []
        for _, _, rule in rules:
            rule_checks = _rule_checks(rule, facts)
            rule_entry = {"id": rule["id"], "name": rule.get("name"), "conditions": _named(rule_checks)}
            if all(ok for _, ok in rule_checks):
                return ([{**entry, "status": "MATCH", "rules": [{**rule_entry, "status": "MATCH"}]}],
                        missed + ([{**entry, "status": "MATCH", "rules": rule_misses}] if rule_misses else []))
            rule_misses.append({**rule_entry, "status": "NOT_MATCH"})
        missed.append({**entry, "status": "NOT_MATCH", "rules": rule_misses})
    return [], missed


def _policy_checks(ctx: Context, policy: Document, facts: Document) -> list[Check]:
    """An access policy applies to the apps that name it (the system one to apps naming no other); other types are
    scoped by `conditions.people`."""
    if policy.get("type") == "ACCESS_POLICY":
        return [("app", facts["accessPolicy"] == policy["id"])]
    return _people(policy.get("conditions"), facts)


def _governing(ctx: Context, app: Document) -> str | None:
    """The access policy an app signs in under: the one it names, else the org's system access policy."""
    named = _access_policy_of(app)
    if named:
        policy = ctx.tx.get(ctx.org, f"{POLICIES}/{named}")
        if policy is not None and policy.get("type") == "ACCESS_POLICY":
            return named
    return next((doc["id"] for _, _, doc in ctx.tx.list(ctx.org, POLICIES)
                 if doc.get("type") == "ACCESS_POLICY" and doc.get("system")), None)


def _access_policy_of(app: Document) -> str | None:
    href = str(((app.get("_links") or {}).get("accessPolicy") or {}).get("href") or "")
    return href.rsplit("/", 1)[-1] if href else None


def _rule_checks(rule: Document, facts: Document) -> list[Check]:
    conditions = rule.get("conditions") if isinstance(rule.get("conditions"), dict) else {}
    checks = _people(conditions, facts)
    network = conditions.get("network") if isinstance(conditions.get("network"), dict) else None
    if network and network.get("connection") == "ZONE":
        include, exclude = set(network.get("include") or []), set(network.get("exclude") or [])
        if include:
            checks.append(("network.include", bool(include & facts["zones"])))
        if exclude:
            checks.append(("network.exclude", not exclude & facts["zones"]))
    risk = conditions.get("riskScore") if isinstance(conditions.get("riskScore"), dict) else None
    if risk and risk.get("level") in RISK_LEVELS:  # a particular level to match on (ANY matches every level)
        checks.append(("riskScore", facts["risk"] == risk["level"]))
    platform = conditions.get("platform") if isinstance(conditions.get("platform"), dict) else None
    wanted = [str((p.get("os") or {}).get("type") or "") for p in (platform or {}).get("include") or []
              if isinstance(p, dict)]
    if wanted and "ANY" not in wanted and facts["device"].get("platform"):
        checks.append(("platform.include", str(facts["device"]["platform"]).upper() in wanted))
    return checks


def _people(conditions: Any, facts: Document) -> list[Check]:
    people = conditions.get("people") if isinstance(conditions, dict) else None
    if not isinstance(people, dict):
        return []
    checks: list[Check] = []
    for kind, have in (("groups", facts["groups"]), ("users", {facts["user"]} - {None})):
        cond = people.get(kind) if isinstance(people.get(kind), dict) else {}
        include, exclude = set(cond.get("include") or []), set(cond.get("exclude") or [])
        if kind == "groups":
            have = have | {g for g in include | exclude if facts["everyone"](g)}
        if include:
            checks.append((f"people.{kind}.include", bool(include & have)))
        if exclude:
            checks.append((f"people.{kind}.exclude", not exclude & have))
    return checks


def _named(checks: Iterable[Check]) -> list[Document]:
    return [{"type": name, "status": "MATCH" if ok else "NOT_MATCH"} for name, ok in checks]


def _zones_of(ctx: Context, ip: str) -> set[str]:
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        raise invalid("policyContext.ip: must be an IP address", "ip") from None
    found = set()
    for _, _, zone in ctx.tx.list(ctx.org, "/api/v1/zones"):
        if zone.get("status") != "ACTIVE":
            continue
        for entry in (zone.get("gateways") or []) + (zone.get("proxies") or []):
            if isinstance(entry, dict) and _contains(str(entry.get("value") or ""), address):
                found.add(zone["id"])
    return found


def _contains(value: str, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    try:
        if "-" in value:
            low, high = (ipaddress.ip_address(v.strip()) for v in value.split("-", 1))
            return bool(low <= address <= high)  # type: ignore[operator]
        return address in ipaddress.ip_network(value, strict=False)
    except (ValueError, TypeError):
        return False
