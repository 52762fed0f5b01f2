"""Org policies over HTTP: lists need a known type, `expand=rules` embeds the rules, clones copy a policy with its
rules, apps are mapped to one access policy, and a simulation picks the policy and rule Okta's evaluation would."""

from __future__ import annotations

import itertools

import httpx

POLICIES = "/api/v1/policies"
_n = itertools.count(1)


def _cause(resp: httpx.Response) -> str:
    assert resp.status_code == 400, resp.text
    assert resp.json()["errorCode"] == "E0000001"
    return " ".join(c["errorSummary"] for c in resp.json()["errorCauses"]) + " " + resp.json()["errorSummary"]


def _policy(api: httpx.Client, kind: str = "OKTA_SIGN_ON", **extra: object) -> dict:
    resp = api.post(POLICIES, json={"type": kind, "name": f"policy-{next(_n)}", "description": "test", **extra})
    assert resp.status_code == 200, resp.text
    return resp.json()


def _rule(api: httpx.Client, policy: dict, **extra: object) -> dict:
    kind = "SIGN_ON" if policy["type"] == "OKTA_SIGN_ON" else policy["type"]
    resp = api.post(f"{POLICIES}/{policy['id']}/rules", json={"type": kind, "name": f"rule-{next(_n)}", **extra})
    assert resp.status_code == 200, resp.text
    return resp.json()


def _app(api: httpx.Client) -> str:
    resp = api.post("/api/v1/apps", json={"name": "bookmark", "label": f"App {next(_n)}", "signOnMode": "BOOKMARK",
                                          "settings": {"app": {"url": "https://example.com"}}})
    assert resp.status_code == 200, resp.text
    return str(resp.json()["id"])


def _system(api: httpx.Client, kind: str) -> dict:
    return next(p for p in api.get(POLICIES, params={"type": kind}).json() if p["system"])


def test_list_needs_a_known_type(api: httpx.Client) -> None:
    assert "type" in _cause(api.get(POLICIES))
    assert "type" in _cause(api.get(POLICIES, params={"type": "NOPE"}))
    assert "type" in _cause(api.post(POLICIES, json={"type": "NOPE", "name": "x"}))
    assert "type" in _cause(api.post(POLICIES, json={"type": "IDP_DISCOVERY", "name": "x"}))
    assert "priority" in _cause(api.post(POLICIES, json={"type": "PASSWORD", "name": "x", "priority": 0}))
    missing_group = {"people": {"groups": {"include": ["00gMISSING0000000000"]}}}
    assert "conditions.people.groups.include" in _cause(
        api.post(POLICIES, json={"type": "OKTA_SIGN_ON", "name": "x", "conditions": missing_group}))
    policy = _policy(api)
    missing_zone = {"network": {"connection": "ZONE", "include": ["nzoMISSING0000000000"]}}
    assert "conditions.network.include" in _cause(api.post(f"{POLICIES}/{policy['id']}/rules", json={
        "type": "SIGN_ON", "name": "x", "conditions": missing_zone}))
    missing_user = {"people": {"users": {"exclude": ["00uMISSING0000000000"]}}}
    assert "conditions.people.users.exclude" in _cause(api.post(f"{POLICIES}/{policy['id']}/rules", json={
        "type": "SIGN_ON", "name": "x", "conditions": missing_user}))


def test_every_type_has_a_protected_default_last(api: httpx.Client) -> None:
    for kind in ("OKTA_SIGN_ON", "PASSWORD", "MFA_ENROLL", "IDP_DISCOVERY", "ACCESS_POLICY",
                 "PROFILE_ENROLLMENT", "POST_AUTH_SESSION", "ENTITY_RISK"):
        listed = api.get(POLICIES, params={"type": kind, "expand": "rules"}).json()
        assert listed and listed[-1]["system"] is True, kind
        rules = listed[-1]["_embedded"]["rules"]
        assert rules and rules[-1]["system"] is True, kind
        denied = api.delete(f"{POLICIES}/{listed[-1]['id']}/rules/{rules[-1]['id']}")
        assert denied.status_code == 403, kind
        assert api.delete(f"{POLICIES}/{listed[-1]['id']}").status_code == 403, kind


def test_q_status_and_expand(api: httpx.Client) -> None:
    policy = _policy(api, "PASSWORD")
    rule = _rule(api, policy)
    api.post(f"{POLICIES}/{policy['id']}/lifecycle/deactivate")
    found = api.get(POLICIES, params={"type": "PASSWORD", "q": policy["name"], "status": "INACTIVE"}).json()
    assert [p["id"] for p in found] == [policy["id"]] and "_embedded" not in found[0]
    assert api.get(POLICIES, params={"type": "PASSWORD", "q": policy["name"], "status": "ACTIVE"}).json() == []
    one = api.get(f"{POLICIES}/{policy['id']}", params={"expand": "rules"}).json()
    assert [r["id"] for r in one["_embedded"]["rules"]] == [rule["id"]]
    assert one["_links"]["rules"]["href"].endswith(f"{POLICIES}/{policy['id']}/rules")
    assert one["_links"]["activate"]["href"].endswith("/lifecycle/activate") and "deactivate" not in one["_links"]
    assert "activate" in found[0]["_links"] and "mappings" in found[0]["_links"]


def test_clone_copies_an_authentication_policy_and_its_rules(api: httpx.Client) -> None:
    policy = _policy(api, "ACCESS_POLICY")
    rule = _rule(api, policy, actions={"appSignOn": {"access": "DENY"}})
    cloned = api.post(f"{POLICIES}/{policy['id']}/clone")
    assert cloned.status_code == 200, cloned.text
    copy = cloned.json()
    assert copy["id"] != policy["id"] and copy["type"] == "ACCESS_POLICY" and copy["system"] is False
    assert copy["name"] != policy["name"] and policy["name"] in copy["name"]
    source_rules = api.get(f"{POLICIES}/{policy['id']}/rules").json()
    copied = api.get(f"{POLICIES}/{copy['id']}/rules").json()
    assert [(r["name"], r["system"], r["priority"]) for r in copied] == [
        (r["name"], r["system"], r["priority"]) for r in source_rules]
    assert copied[0]["name"] == rule["name"] and copied[0]["actions"]["appSignOn"]["access"] == "DENY"
    assert not {r["id"] for r in copied} & {r["id"] for r in source_rules}
    ordered = api.get(POLICIES, params={"type": "ACCESS_POLICY"}).json()
    assert [p["priority"] for p in ordered] == list(range(1, len(ordered) + 1)) and ordered[-1]["system"]
    default = _system(api, "ACCESS_POLICY")
    from_default = api.post(f"{POLICIES}/{default['id']}/clone").json()
    assert from_default["system"] is False
    assert api.delete(f"{POLICIES}/{from_default['id']}").status_code == 204
    assert api.post(f"{POLICIES}/00pMISSING0000000000/clone").status_code == 404
    for kind in ("PASSWORD", "IDP_DISCOVERY"):
        assert "type" in _cause(api.post(f"{POLICIES}/{_system(api, kind)['id']}/clone"))


def test_rule_priorities_renumber(api: httpx.Client) -> None:
    policy = _policy(api, "PASSWORD")
    first, second = _rule(api, policy), _rule(api, policy)
    top = _rule(api, policy, priority=1)
    listed = api.get(f"{POLICIES}/{policy['id']}/rules").json()
    assert [(r["id"], r["priority"]) for r in listed] == [(top["id"], 1), (first["id"], 2), (second["id"], 3)]
    assert "priority" in _cause(api.post(f"{POLICIES}/{policy['id']}/rules",
                                         json={"type": "PASSWORD", "name": "x", "priority": -1}))


def test_apps_map_to_one_access_policy(api: httpx.Client) -> None:
    app = _app(api)
    first, second = _policy(api, "ACCESS_POLICY"), _policy(api, "ACCESS_POLICY")
    default = _system(api, "ACCESS_POLICY")
    assert app in {a["id"] for a in api.get(f"{POLICIES}/{default['id']}/app").json()}
    assert api.put(f"/api/v1/apps/{app}/policies/{first['id']}").status_code == 204
    assert [a["id"] for a in api.get(f"{POLICIES}/{first['id']}/app").json()] == [app]
    assert app not in {a["id"] for a in api.get(f"{POLICIES}/{default['id']}/app").json()}
    links = api.get(f"/api/v1/apps/{app}").json()["_links"]
    assert links["accessPolicy"]["href"].endswith(f"{POLICIES}/{first['id']}")
    assert api.put(f"/api/v1/apps/{app}/policies/{second['id']}").status_code == 204
    assert api.get(f"{POLICIES}/{first['id']}/app").json() == []
    assert [a["id"] for a in api.get(f"{POLICIES}/{second['id']}/app").json()] == [app]
    assert api.get(f"/api/v1/apps/{app}").json()["_links"]["accessPolicy"]["href"].endswith(second["id"])
    password = _policy(api, "PASSWORD")
    assert "policyId" in _cause(api.put(f"/api/v1/apps/{app}/policies/{password['id']}"))
    assert api.delete(f"{POLICIES}/{second['id']}").status_code == 204
    assert api.get(f"/api/v1/apps/{app}").json()["_links"]["accessPolicy"]["href"].endswith(default["id"])
    assert app in {a["id"] for a in api.get(f"{POLICIES}/{default['id']}/app").json()}


def test_policy_mappings(api: httpx.Client) -> None:
    signals = _policy(api, "DEVICE_SIGNAL_COLLECTION")
    access = _policy(api, "ACCESS_POLICY")
    made = api.post(f"{POLICIES}/{signals['id']}/mappings",
                    json={"resourceType": "ACCESS_POLICY", "resourceId": access["id"]})
    assert made.status_code == 200, made.text
    mapping = made.json()
    assert mapping["_links"]["policy"]["href"].endswith(f"{POLICIES}/{access['id']}")
    assert [m["id"] for m in api.get(f"{POLICIES}/{signals['id']}/mappings").json()] == [mapping["id"]]
    assert api.get(f"{POLICIES}/{signals['id']}/mappings/{mapping['id']}").json()["id"] == mapping["id"]
    assert "resourceId" in _cause(api.post(f"{POLICIES}/{signals['id']}/mappings", json={
        "resourceType": "ACCESS_POLICY", "resourceId": signals["id"]}))
    assert "resourceId" in _cause(api.post(f"{POLICIES}/{signals['id']}/mappings", json={
        "resourceType": "ACCESS_POLICY", "resourceId": "rstMISSING0000000000"}))
    assert api.delete(f"{POLICIES}/{signals['id']}/mappings/{mapping['id']}").status_code == 204
    assert api.get(f"{POLICIES}/{signals['id']}/mappings").json() == []


def _simulate(api: httpx.Client, app: str, kinds: list[str], **context: object) -> dict[str, dict]:
    context.setdefault("user", {"id": _nobody(api)})
    context.setdefault("groups", {"ids": []})
    resp = api.post(f"{POLICIES}/simulate", params={"expand": "EVALUATED"},
                    json=[{"appInstance": app, "policyTypes": kinds, "policyContext": context}])
    assert resp.status_code == 200, resp.text
    return {e["policyType"][0]: e for e in resp.json()}


def _nobody(api: httpx.Client) -> str:
    """A user in no group but Everyone."""
    login = f"nobody{next(_n)}@example.com"
    return str(api.post("/api/v1/users", json={"profile": {"firstName": "No", "lastName": "Body", "email": login,
                                                            "login": login}}).json()["id"])


def _matched(evaluation: dict) -> tuple[str, str]:
    policy = evaluation["result"]["policies"][0]
    assert policy["status"] == "MATCH" and policy["rules"][0]["status"] == "MATCH"
    return policy["id"], policy["rules"][0]["id"]


def test_simulate_picks_the_first_matching_policy_and_rule(api: httpx.Client) -> None:
    app = _app(api)
    group = api.post("/api/v1/groups", json={"profile": {"name": f"sim-{next(_n)}"}}).json()["id"]
    zone = api.post("/api/v1/zones", json={"type": "IP", "name": f"sim-zone-{next(_n)}",
                                           "gateways": [{"type": "CIDR", "value": "203.0.113.0/24"}]}).json()["id"]
    policy = _policy(api, "OKTA_SIGN_ON", priority=1, conditions={"people": {"groups": {"include": [group]}}})
    in_zone = _rule(api, policy, conditions={"network": {"connection": "ZONE", "include": [zone]}})
    anywhere = _rule(api, policy, conditions={"network": {"connection": "ANYWHERE"}})
    default = _system(api, "OKTA_SIGN_ON")
    default_rule = api.get(f"{POLICIES}/{default['id']}/rules").json()[-1]

    found = _simulate(api, app, ["OKTA_SIGN_ON"], groups={"ids": [group]}, ip="203.0.113.7")
    assert _matched(found["OKTA_SIGN_ON"]) == (policy["id"], in_zone["id"])
    found = _simulate(api, app, ["OKTA_SIGN_ON"], groups={"ids": [group]}, zones={"ids": []})
    assert _matched(found["OKTA_SIGN_ON"]) == (policy["id"], anywhere["id"])
    evaluated = found["OKTA_SIGN_ON"]["evaluated"]["policies"]
    assert any(r["id"] == in_zone["id"] and r["status"] == "NOT_MATCH" for p in evaluated for r in p["rules"])
    found = _simulate(api, app, ["OKTA_SIGN_ON"], groups={"ids": []})
    # other tests share the org: the match is the next policy that applies to everyone, the default at the latest
    matched = _matched(found["OKTA_SIGN_ON"])
    assert matched[0] != policy["id"]
    ordered = [p["id"] for p in api.get(POLICIES, params={"type": "OKTA_SIGN_ON", "status": "ACTIVE"}).json()]
    assert ordered.index(matched[0]) <= ordered.index(default["id"])
    if matched[0] == default["id"]:
        assert matched[1] == default_rule["id"]
    assert any(p["id"] == policy["id"] and p["status"] == "NOT_MATCH"
               for p in found["OKTA_SIGN_ON"]["evaluated"]["policies"])

    user = api.post("/api/v1/users", json={"profile": {"firstName": "S", "lastName": "U", "email": "sim@example.com",
                                                       "login": f"sim{next(_n)}@example.com"}}).json()["id"]
    api.put(f"/api/v1/groups/{group}/users/{user}")
    found = _simulate(api, app, ["OKTA_SIGN_ON"], user={"id": user}, ip="198.51.100.1")
    assert _matched(found["OKTA_SIGN_ON"]) == (policy["id"], anywhere["id"])
    api.post(f"{POLICIES}/{policy['id']}/rules/{anywhere['id']}/lifecycle/deactivate")
    found = _simulate(api, app, ["OKTA_SIGN_ON"], user={"id": user}, ip="198.51.100.1")
    assert _matched(found["OKTA_SIGN_ON"])[0] != policy["id"]  # no active rule of it matches any more


def test_simulate_access_policy_follows_the_app_mapping(api: httpx.Client) -> None:
    app = _app(api)
    access = _policy(api, "ACCESS_POLICY")
    rule = _rule(api, access, actions={"appSignOn": {"access": "ALLOW", "verificationMethod": {
        "type": "ASSURANCE", "factorMode": "1FA", "reauthenticateIn": "PT2H", "constraints": []}}})
    rules = api.get(f"{POLICIES}/{access['id']}/rules").json()
    assert [(r["id"] == rule["id"], r["system"], r["priority"]) for r in rules] == [(True, False, 1), (False, True, 2)]
    assert rules[1]["name"] == "Catch-all Rule" and rules[1]["actions"]["appSignOn"]["access"] == "ALLOW"
    default = _system(api, "ACCESS_POLICY")
    found = _simulate(api, app, ["ACCESS_POLICY", "MFA_ENROLL"])
    assert _matched(found["ACCESS_POLICY"])[0] == default["id"]
    assert _matched(found["MFA_ENROLL"])[0] == _system(api, "MFA_ENROLL")["id"]
    api.put(f"/api/v1/apps/{app}/policies/{access['id']}")
    found = _simulate(api, app, ["ACCESS_POLICY"])
    assert _matched(found["ACCESS_POLICY"]) == (access["id"], rule["id"])


def test_simulate_matches_the_risk_level(api: httpx.Client) -> None:
    app = _app(api)
    access = _policy(api, "ACCESS_POLICY")
    api.put(f"/api/v1/apps/{app}/policies/{access['id']}")
    high = _rule(api, access, conditions={"riskScore": {"level": "HIGH"}}, actions={"appSignOn": {"access": "DENY"}})
    catch_all = api.get(f"{POLICIES}/{access['id']}/rules").json()[-1]
    assert _matched(_simulate(api, app, ["ACCESS_POLICY"], risk={"level": "HIGH"})["ACCESS_POLICY"]) == (
        access["id"], high["id"])
    for context in ({"risk": {"level": "LOW"}}, {}):
        found = _simulate(api, app, ["ACCESS_POLICY"], **context)["ACCESS_POLICY"]
        assert _matched(found) == (access["id"], catch_all["id"])


def test_simulate_rejects_bad_input(api: httpx.Client) -> None:
    app = _app(api)
    context = {"user": {"id": _nobody(api)}, "groups": {"ids": []}}
    assert "appInstance" in _cause(api.post(f"{POLICIES}/simulate", json=[{"policyContext": context}]))
    assert "policyTypes" in _cause(api.post(f"{POLICIES}/simulate", json=[
        {"appInstance": app, "policyTypes": ["PASSWORD"], "policyContext": context}]))
    missing = api.post(f"{POLICIES}/simulate", json=[{"appInstance": "0oaMISSING0000000000",
                                                      "policyContext": context}])
    assert missing.status_code == 404
    nobody = api.post(f"{POLICIES}/simulate", json=[{"appInstance": app, "policyContext": {
        "user": {"id": "00uMISSING0000000000"}, "groups": {"ids": []}}}])
    assert nobody.status_code == 404
    every = api.post(f"{POLICIES}/simulate", json=[{"appInstance": app, "policyContext": context}]).json()
    assert sorted(e["policyType"][0] for e in every) == sorted(
        ["OKTA_SIGN_ON", "MFA_ENROLL", "ACCESS_POLICY", "PROFILE_ENROLLMENT"])


def test_simulation_is_not_logged_but_a_clone_is(api: httpx.Client) -> None:
    app = _app(api)
    _simulate(api, app, ["OKTA_SIGN_ON"])
    events = api.get("/api/v1/logs", params={"filter": f'target.id eq "{app}"'}).json()
    assert [e["eventType"] for e in events] == ["application.lifecycle.create"]
    policy = _policy(api, "ACCESS_POLICY")
    copy = api.post(f"{POLICIES}/{policy['id']}/clone").json()
    events = api.get("/api/v1/logs", params={"filter": f'target.id eq "{copy["id"]}"'}).json()
    assert [e["eventType"] for e in events] == ["policy.lifecycle.create"]
