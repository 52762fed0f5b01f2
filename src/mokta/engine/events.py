"""System Log events: every successful change writes one LogEvent, in the same transaction as the change. Core
operations carry Okta's own event type names; every other operation gets a sensible one derived from its family and
verb, so families added later are logged without a line of code."""

from __future__ import annotations

import uuid
from typing import Any

from mokta.engine import ids
from mokta.types import Context, Document, Reply

LOG_EVENT = {"$ref": "#/components/schemas/LogEvent"}

# Okta's event types for the core operations (operationId -> eventType).
EVENT_TYPES: dict[str, str] = {
    "createUser": "user.lifecycle.create", "activateUser": "user.lifecycle.activate",
    "reactivateUser": "user.lifecycle.reactivate", "deactivateUser": "user.lifecycle.deactivate",
    "suspendUser": "user.lifecycle.suspend", "unsuspendUser": "user.lifecycle.unsuspend",
    "deleteUser": "user.lifecycle.delete.initiated", "updateUser": "user.account.update_profile",
    "replaceUser": "user.account.update_profile", "changePassword": "user.account.update_password",
    "resetPassword": "user.account.reset_password", "expirePassword": "user.account.expire_password",
    "expirePasswordWithTempPassword": "user.account.expire_password", "unlockUser": "user.account.unlock",
    "changeRecoveryQuestion": "user.account.update_recovery_question",
    "addGroup": "group.lifecycle.create", "replaceGroup": "group.profile.update",
    "deleteGroup": "group.lifecycle.delete",
    "assignUserToGroup": "group.user_membership.add", "unassignUserFromGroup": "group.user_membership.remove",
    "createApplication": "application.lifecycle.create", "replaceApplication": "application.lifecycle.update",
    "activateApplication": "application.lifecycle.activate",
    "deactivateApplication": "application.lifecycle.deactivate", "deleteApplication": "application.lifecycle.delete",
    "assignUserToApplication": "application.user_membership.add",
    "unassignUserFromApplication": "application.user_membership.remove",
    "assignGroupToApplication": "application.group_membership.add",
    "unassignApplicationFromGroup": "application.group_membership.remove",
    "updateApplicationUser": "application.user_membership.update",
    "updateGroupAssignmentToApplication": "application.group_membership.update",
    "createPolicy": "policy.lifecycle.create", "replacePolicy": "policy.lifecycle.update",
    "deletePolicy": "policy.lifecycle.delete", "activatePolicy": "policy.lifecycle.activate",
    "deactivatePolicy": "policy.lifecycle.deactivate", "createPolicyRule": "policy.rule.add",
    "replacePolicyRule": "policy.rule.update", "deletePolicyRule": "policy.rule.delete",
    "activatePolicyRule": "policy.rule.activate", "deactivatePolicyRule": "policy.rule.deactivate",
    "createNetworkZone": "zone.create", "replaceNetworkZone": "zone.update", "deleteNetworkZone": "zone.delete",
    "activateNetworkZone": "zone.activate", "deactivateNetworkZone": "zone.deactivate",
    "createEventHook": "event_hook.created", "replaceEventHook": "event_hook.updated",
    "deleteEventHook": "event_hook.deleted", "activateEventHook": "event_hook.activated",
    "deactivateEventHook": "event_hook.deactivated", "verifyEventHook": "event_hook.verified",
    "revokeApiToken": "system.api_token.revoke", "revokeCurrentApiToken": "system.api_token.revoke",
    "createGroupRule": "group.rule.create", "activateGroupRule": "group.rule.activate",
    "deactivateGroupRule": "group.rule.deactivate", "deleteGroupRule": "group.rule.delete",
    "createAuthorizationServer": "oauth2.as.created", "replaceAuthorizationServer": "oauth2.as.updated",
    "deleteAuthorizationServer": "oauth2.as.deleted", "activateAuthorizationServer": "oauth2.as.activated",
    "deactivateAuthorizationServer": "oauth2.as.deactivated",
    "createOAuth2Scope": "oauth2.scope.created", "replaceOAuth2Scope": "oauth2.scope.updated",
    "deleteOAuth2Scope": "oauth2.scope.deleted",
    "createOAuth2Claim": "oauth2.claim.created", "replaceOAuth2Claim": "oauth2.claim.updated",
    "deleteOAuth2Claim": "oauth2.claim.deleted",
    "clonePolicy": "policy.lifecycle.create",
    "rotateAuthorizationServerKeys": "app.oauth2.as.key.rollover",
    "createAssociatedServers": "app.oauth2.trusted_server.add",
    "deleteAssociatedServer": "app.oauth2.trusted_server.delete",
    "addOAuth2ResourceServerJsonWebKey": "app.oauth2.as.resource_server.credentials.lifecycle.create",
    "activateOAuth2ResourceServerJsonWebKey": "app.oauth2.as.resource_server.credentials.lifecycle.activate",
    "deactivateOAuth2ResourceServerJsonWebKey": "app.oauth2.as.resource_server.credentials.lifecycle.deactivate",
    "deleteOAuth2ResourceServerJsonWebKey": "app.oauth2.as.resource_server.credentials.lifecycle.delete",
    "createAuthorizationServerPolicy": "policy.lifecycle.create",
    "replaceAuthorizationServerPolicy": "policy.lifecycle.update",
    "deleteAuthorizationServerPolicy": "policy.lifecycle.delete",
    "activateAuthorizationServerPolicy": "policy.lifecycle.activate",
    "deactivateAuthorizationServerPolicy": "policy.lifecycle.deactivate",
    "createAuthorizationServerPolicyRule": "policy.rule.add",
    "replaceAuthorizationServerPolicyRule": "policy.rule.update",
    "deleteAuthorizationServerPolicyRule": "policy.rule.delete",
    "activateAuthorizationServerPolicyRule": "policy.rule.activate",
    "deactivateAuthorizationServerPolicyRule": "policy.rule.deactivate",
}

# POST operations that change nothing, so leave no System Log entry.
QUERIES = frozenset({"createPolicySimulation"})

VERBS = {"POST": "create", "PUT": "update", "PATCH": "update", "DELETE": "delete"}


def event_type(ctx: Context) -> str:
    known = EVENT_TYPES.get(ctx.op.id)
    if known:
        return known
    family = "".join("_" + c.lower() if c.isupper() else c for c in (ctx.op.tag or "system")).lstrip("_")
    segments = ctx.op.segments
    if len(segments) >= 2 and segments[-2] == "lifecycle":
        return f"{family}.lifecycle.{segments[-1].lower()}"
    return f"{family}.lifecycle.{VERBS.get(ctx.op.method, ctx.op.method.lower())}"


def also(ctx: Context, kind: str, targets: list[Document]) -> None:
    """A further event the same request causes (an app user a group assignment creates); written with the
    request's own event, so only when the request succeeds."""
    ctx.events.append({"eventType": kind, "target": targets})


def aim(ctx: Context, targets: list[Document]) -> None:
    """Name the targets of the request's own event where the reply's object alone says too little (an app user
    is an app and a user)."""
    ctx.events.append({"main": True, "target": targets})


def record(ctx: Context, reply: Reply, *, kind: str | None = None, actor: Document | None = None,
           targets: list[Document] | None = None) -> None:
    """Write the LogEvent for a successful change (the caller's transaction is still open), then the further
    events the change caused. mokta's own routes (the OAuth endpoints) name their event type, actor and targets."""
    aimed = [e["target"] for e in ctx.events if e.get("main")]
    if targets is None:
        targets = list(aimed[-1]) if aimed else _targets(ctx, reply)
    who = actor or _actor(ctx)
    _write(ctx, kind or event_type(ctx), targets, who)
    for extra in ctx.events:
        if not extra.get("main"):
            _write(ctx, str(extra["eventType"]), list(extra["target"]), who)


def _write(ctx: Context, kind: str, targets: list[Document], actor: Document) -> None:
    event_id = str(uuid.uuid4())
    request = ctx.request
    agent = request.headers.get("user-agent", "")
    event: Document = {
        "uuid": event_id, "published": ids.now(), "eventType": kind, "version": "0", "severity": "INFO",
        "legacyEventType": kind.replace(".", "_"), "displayMessage": _message(kind),
        "actor": actor,
        "client": {"userAgent": {"rawUserAgent": agent or None, "os": "Unknown", "browser": "UNKNOWN"},
                   "zone": "null", "device": "Unknown", "id": None, "ipAddress": request.client_ip or None,
                   "geographicalContext": None},
        "outcome": {"result": "SUCCESS", "reason": None},
        "target": targets,
        "transaction": {"type": "WEB", "id": request.request_id, "detail": {}},
        "debugContext": {"debugData": {"requestId": request.request_id, "requestUri": request.path,
                                       "url": request.path}},
        "authenticationContext": {"authenticationProvider": None, "credentialProvider": None,
                                  "credentialType": None, "issuer": None, "interface": None,
                                  "authenticationStep": 0, "externalSessionId": "trs" + request.request_id[:17]},
        "securityContext": {"asNumber": None, "asOrg": None, "isp": None, "domain": None, "isProxy": None},
        "request": {"ipChain": [{"ip": request.client_ip or None, "geographicalContext": None, "version": "V4",
                                 "source": None}] if request.client_ip else []},
    }
    if ctx.op.id in QUERIES:  # a POST that changed nothing
        return
    event = ctx.rt.schemas.fill(LOG_EVENT, event, direction="response")
    ctx.tx.put_log_event(ctx.org, event)
    from mokta.engine import delivery  # delivery needs this module; import here to keep the modules acyclic

    delivery.enqueue(ctx, event)


def system_record(tx: Any, schemas: Any, org: str, kind: str, result: str, reason: str | None, target: Document,
                  target_path: str) -> None:
    """An event mokta itself causes (a hook delivery), outside any request."""
    event_id = str(uuid.uuid4())
    event: Document = {
        "uuid": event_id, "published": ids.now(), "eventType": kind, "version": "0",
        "severity": "INFO" if result == "SUCCESS" else "WARN", "legacyEventType": kind.replace(".", "_"),
        "displayMessage": _message(kind),
        "actor": {"id": "system", "type": "SystemPrincipal", "alternateId": "system", "displayName": "Okta System"},
        "outcome": {"result": result, "reason": reason},
        "target": [{"id": str(target.get("id")), "type": "EventHook", "alternateId": str(target.get("name")),
                    "displayName": str(target.get("name"))}],
        "transaction": {"type": "JOB", "id": event_id, "detail": {}},
        "debugContext": {"debugData": {"hook": target_path}},
    }
    tx.put_log_event(org, schemas.fill(LOG_EVENT, event, direction="response"))


def _actor(ctx: Context) -> Document:
    if ctx.caller and ctx.caller.client_id and not ctx.caller.user_id:  # a service app's own access token
        client = ctx.caller.client_id
        return {"id": client, "type": "PublicClientApp", "alternateId": client, "displayName": client,
                "detailEntry": None}
    user_id = ctx.caller.user_id if ctx.caller else ""
    user = ctx.tx.get(ctx.org, f"/api/v1/users/{user_id}") if user_id else None
    profile = (user or {}).get("profile") or {}
    name = " ".join(p for p in (profile.get("firstName"), profile.get("lastName")) if p)
    return {"id": user_id or "unknown", "type": "User", "alternateId": profile.get("login") or "unknown",
            "displayName": name or None, "detailEntry": None}


def _targets(ctx: Context, reply: Reply) -> list[Document]:
    """The object acted on: the reply's object when there is one, otherwise the last id in the path."""
    body = reply.body if isinstance(reply.body, dict) else {}
    target_id = body.get("id") or next((v for v in reversed(list(ctx.path_params.values()))), None)
    if not target_id:
        return []
    profile = body.get("profile") if isinstance(body.get("profile"), dict) else {}
    alternate: Any = profile.get("login") or profile.get("name") or body.get("label") or body.get("name") or target_id
    return [{"id": str(target_id), "type": _target_type(ctx), "alternateId": str(alternate),
             "displayName": str(body.get("label") or body.get("name") or profile.get("name") or alternate),
             "detailEntry": None}]


def _target_type(ctx: Context) -> str:
    tag = ctx.op.tag or "Resource"
    return {"User": "User", "Group": "UserGroup", "Application": "AppInstance", "Policy": "Policy"}.get(tag, tag)


def _message(kind: str) -> str:
    """A readable line in Okta's style from the event type (`user.lifecycle.create` → "Create user")."""
    parts = kind.split(".")
    verb = parts[-1].replace("_", " ")
    subject = parts[0].replace("_", " ")
    return f"{verb[:1].upper()}{verb[1:]} {subject}"
