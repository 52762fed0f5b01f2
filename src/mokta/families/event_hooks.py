"""Event hooks: a new hook is ACTIVE but UNVERIFIED until `verify` completes Okta's one-time challenge against its
endpoint; changing the endpoint unverifies it, the auth secret is never returned, and only an INACTIVE hook can be
deleted."""

from __future__ import annotations

import secrets
from typing import Any

from mokta.engine import generic, ids, outbound, quotas
from mokta.engine.registry import handles
from mokta.http.errors import invalid
from mokta.types import Context, Document, Reply

HOOKS = "/api/v1/eventHooks"
CHALLENGE_HEADER = "X-Okta-Verification-Challenge"
VERIFY_TIMEOUT = 3.0  # seconds; Okta gives hook endpoints three seconds
MAX_ACTIVE = 25  # active event hooks per org
LIMIT_RULE = f"An org can have at most {MAX_ACTIVE} active event hooks"


@handles("listEventHooks", "getEventHook")
def read_event_hook(ctx: Context) -> Reply:
    return _redacted(generic.serve(ctx))


@handles("activateEventHook", "deactivateEventHook")
def change_event_hook_status(ctx: Context) -> Reply:
    path = f"{HOOKS}/{ctx.path_params['eventHookId']}"
    doc = generic.load(ctx, path, "EventHook")
    if ctx.op.id == "activateEventHook" and doc.get("status") != "ACTIVE":
        quotas.check(ctx, HOOKS, MAX_ACTIVE, LIMIT_RULE, _active)
    secret = _secret(doc)
    reply = generic.serve(ctx)
    _keep_secret(ctx, path, secret)
    return _redacted(reply)


@handles("createEventHook")
def create_event_hook(ctx: Context) -> Reply:
    body = _checked(ctx)
    quotas.check(ctx, HOOKS, MAX_ACTIVE, LIMIT_RULE, _active)
    body.update(status="ACTIVE", verificationStatus="UNVERIFIED", createdBy=ctx.caller.user_id if ctx.caller else None)
    ctx.body = body
    reply = generic.serve(ctx)
    _keep_secret(ctx, f"{HOOKS}/{reply.body['id']}", _secret(body))
    return _redacted(reply)


@handles("replaceEventHook")
def replace_event_hook(ctx: Context) -> Reply:
    old = generic.load(ctx, f"{HOOKS}/{ctx.path_params['eventHookId']}", "EventHook")
    body = _checked(ctx)
    same_uri = _config(body).get("uri") == _config(old).get("uri")
    body.update(status=old.get("status", "ACTIVE"), createdBy=old.get("createdBy"),
                verificationStatus=old.get("verificationStatus", "UNVERIFIED") if same_uri else "UNVERIFIED")
    ctx.body = body
    reply = generic.serve(ctx)
    _keep_secret(ctx, f"{HOOKS}/{old['id']}", _secret(body) or _secret(old))  # the SDK can't resend what it never saw
    return _redacted(reply)


@handles("deleteEventHook")
def delete_event_hook(ctx: Context) -> Reply:
    doc = generic.load(ctx, f"{HOOKS}/{ctx.path_params['eventHookId']}", "EventHook")
    if doc.get("status") == "ACTIVE":
        raise invalid("status: An ACTIVE event hook can't be deleted; deactivate it first", "status")
    return generic.serve(ctx)


@handles("verifyEventHook")
def verify_event_hook(ctx: Context) -> Reply:
    path = f"{HOOKS}/{ctx.path_params['eventHookId']}"
    doc = generic.load(ctx, path, "EventHook")
    challenge = secrets.token_urlsafe(32)
    answer = _call(_config(doc), challenge)
    if answer != challenge:
        raise invalid(f"channel.config.uri: Verification failed: the endpoint didn't echo the challenge ({answer})",
                      "verification")
    doc.update(verificationStatus="VERIFIED", lastUpdated=ids.now())
    ctx.tx.put(ctx.org, path, doc)
    return _redacted(Reply(ctx.op.success, generic.output(ctx, path, doc)))


# -- private ------------------------------------------------------------------------------------------------------


def _active(doc: Document) -> bool:
    return doc.get("status") == "ACTIVE"


def _config(doc: Document) -> dict[str, Any]:
    config = (doc.get("channel") or {}).get("config")
    return config if isinstance(config, dict) else {}


def _secret(doc: Document) -> str | None:
    scheme = _config(doc).get("authScheme")
    return str(scheme["value"]) if isinstance(scheme, dict) and scheme.get("value") else None


def _keep_secret(ctx: Context, path: str, secret: str | None) -> None:
    """The engine stores only what a response may show; the hook's auth secret is kept here for delivery."""
    doc = ctx.tx.get(ctx.org, path)
    scheme = _config(doc or {}).get("authScheme")
    if doc is not None and secret and isinstance(scheme, dict):
        scheme["value"] = secret
        ctx.tx.put(ctx.org, path, doc)


def _checked(ctx: Context) -> Document:
    body = generic.body_object(ctx)
    problem = outbound.target_problem(str(_config(body).get("uri") or ""), ctx.rt.settings.https_only_hooks)
    if problem:
        raise invalid(f"channel.config.uri: {problem}", "channel.config.uri")
    return body


def _redacted(reply: Reply) -> Reply:
    """Okta never returns the auth scheme's secret value."""
    for doc in reply.body if isinstance(reply.body, list) else [reply.body]:
        if isinstance(doc, dict) and isinstance(_config(doc).get("authScheme"), dict):
            doc["channel"] = dict(doc["channel"], config=dict(_config(doc)))
            doc["channel"]["config"]["authScheme"] = {
                k: v for k, v in doc["channel"]["config"]["authScheme"].items() if k != "value"}
    return reply


def _call(config: dict[str, Any], challenge: str) -> str:
    """Okta's one-time verification: GET the endpoint with the challenge, expect `{"verification": challenge}`."""
    headers = {**outbound.channel_headers(config), CHALLENGE_HEADER: challenge}
    try:
        status, answer = outbound.call(str(config.get("uri")), "GET", headers, timeout=VERIFY_TIMEOUT)
    except (OSError, ValueError) as e:
        return f"{type(e).__name__}: {e}"
    if status >= 300 or not isinstance(answer, dict):
        return f"the endpoint answered {status}"
    return str(answer.get("verification"))
