"""Inline hooks: `execute` calls the hook's endpoint with the given payload, as Okta does mid-flow, and answers with
what the endpoint returned. A channel is HTTP (headers and an auth-scheme header) or OAUTH: before each call mokta gets
an access token from the channel's `tokenUrl` with `client_secret_post` or a `private_key_jwt` assertion signed with
one of the org's hook keys, then calls with `Authorization: Bearer`. Secrets (`authScheme.value`, `clientSecret`)
are kept apart from the hook and never returned; `type` never changes; at most 50 hooks per org."""

from __future__ import annotations

import time
import uuid

from mokta.engine import generic, keys, outbound, quotas
from mokta.engine.registry import handles
from mokta.families.hook_keys import COLLECTION as HOOK_KEYS
from mokta.families.hook_keys import PRIVATE as HOOK_KEY_PRIVATE
from mokta.http.errors import OktaError, invalid
from mokta.types import Context, Document, Reply

HOOKS = "/api/v1/inlineHooks"
SECRETS = "/mokta/secrets/inlineHooks"  # one unlisted document per hook: {authScheme, clientSecret}
MAX_HOOKS = 50
TYPES = frozenset({"com.okta.import.transform", "com.okta.oauth2.tokens.transform", "com.okta.saml.tokens.transform",
                   "com.okta.telephony.provider", "com.okta.user.credential.password.import",
                   "com.okta.user.pre-registration"})
AUTH_TYPES = frozenset({"client_secret_post", "private_key_jwt"})
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_SECONDS = 300
ATTEMPTS = 2


@handles("listInlineHooks", "getInlineHook", "activateInlineHook", "deactivateInlineHook")
def read_inline_hook(ctx: Context) -> Reply:
    return _redacted(generic.serve(ctx))


@handles("createInlineHook")
def create_inline_hook(ctx: Context) -> Reply:
    body = generic.body_object(ctx)
    if body.get("type") not in TYPES:
        raise invalid(f"type: must be one of {', '.join(sorted(TYPES))}", "type")
    secret = _checked(ctx, body, {})
    quotas.check(ctx, HOOKS, MAX_HOOKS, f"An org can have at most {MAX_HOOKS} inline hooks")
    ctx.body = body
    reply = generic.serve(ctx)
    _store(ctx, str(reply.body["id"]), secret)
    return _redacted(reply)


@handles("replaceInlineHook", "updateInlineHook")
def change_inline_hook(ctx: Context) -> Reply:
    hook_id = ctx.path_params["inlineHookId"]
    old = generic.load(ctx, f"{HOOKS}/{hook_id}", "InlineHook")
    body = generic.body_object(ctx)
    if "type" in body and body["type"] != old.get("type"):
        raise invalid("type: An inline hook's type can't be changed", "type")
    if isinstance(body.get("channel"), dict) and ctx.op.id == "updateInlineHook":
        body["channel"] = generic.merge(old.get("channel") or {}, body["channel"])
    secret = None
    if body.get("channel") is None:  # nothing said about the channel: it stays as it is (so do its secrets)
        body["channel"] = old.get("channel")
    else:
        secret = _checked(ctx, body, ctx.tx.get(ctx.org, f"{SECRETS}/{hook_id}") or {})
    body["type"] = old.get("type")
    ctx.body = body
    reply = generic.serve(ctx)
    if secret is not None:
        _store(ctx, hook_id, secret)
    return _redacted(reply)


@handles("deleteInlineHook")
def delete_inline_hook(ctx: Context) -> Reply:
    reply = generic.serve(ctx)
    ctx.tx.delete_tree(ctx.org, f"{SECRETS}/{ctx.path_params['inlineHookId']}")
    _mark_keys(ctx)
    return reply


@handles("executeInlineHook")
def execute_inline_hook(ctx: Context) -> Reply:
    hook_id = ctx.path_params["inlineHookId"]
    hook = generic.load(ctx, f"{HOOKS}/{hook_id}", "InlineHook")
    channel = hook.get("channel") or {}
    config = channel.get("config") or {}
    secret = ctx.tx.get(ctx.org, f"{SECRETS}/{hook_id}") or {}
    headers = outbound.channel_headers({"headers": config.get("headers"),
                                        "authScheme": secret.get("authScheme") or config.get("authScheme")})
    if channel.get("type") == "OAUTH":
        headers["Authorization"] = "Bearer " + _access_token(ctx, config, secret)
    failure = _failed("the inline hook endpoint was not called", "channel.config.uri")
    for _ in range(ATTEMPTS):  # Okta retries once after a timeout or an error answer
        try:
            status, answer = outbound.call(str(config.get("uri") or ""), "POST", headers, ctx.body)
        except (OSError, ValueError) as e:
            failure = _failed(f"the inline hook endpoint could not be reached ({e})", "channel.config.uri")
            continue
        if status < 300 and isinstance(answer, dict):
            return Reply(200, answer)
        failure = _failed("the inline hook endpoint returned an invalid response",
                          f"channel.config.uri: answered {status}")
    raise failure


# -- private ------------------------------------------------------------------------------------------------------


def _checked(ctx: Context, body: Document, old_secret: Document) -> Document:
    """Validate the channel (400 naming the field) and take its secrets out of the body; returns them, falling back
    to the stored ones a client can't resend because it never saw them."""
    channel = body.get("channel")
    if not isinstance(channel, dict):
        raise invalid("channel: is required", "channel")
    kind = channel.get("type")
    if kind not in ("HTTP", "OAUTH"):
        raise invalid("channel.type: must be HTTP or OAUTH", "channel.type")
    config = channel.get("config")
    if not isinstance(config, dict):
        raise invalid("channel.config: is required", "channel.config")
    _url(ctx, config, "uri")
    headers = config.get("headers")
    if headers is not None and (not isinstance(headers, list) or not all(
            isinstance(h, dict) and isinstance(h.get("key"), str) and h["key"] for h in headers)):
        raise invalid("channel.config.headers: must be a list of {key, value} objects", "channel.config.headers")
    if config.get("method") not in (None, "POST"):
        raise invalid("channel.config.method: only POST is accepted", "channel.config.method")
    secret: Document = {}
    scheme = config.get("authScheme")
    if kind == "HTTP":
        for name in ("authType", "clientId", "clientSecret", "tokenUrl", "scope", "hookKeyId"):
            config.pop(name, None)
        if isinstance(scheme, dict):
            if scheme.get("type", "HEADER").upper() != "HEADER" or not scheme.get("key"):
                raise invalid("channel.config.authScheme: type HEADER and a key are required",
                              "channel.config.authScheme")
            value = scheme.pop("value", None)
            old_scheme = old_secret.get("authScheme") or {}
            if value is None and old_scheme.get("key") == scheme.get("key"):
                value = old_scheme.get("value")
            secret["authScheme"] = {"type": "HEADER", "key": scheme["key"], "value": value or ""}
        elif scheme is not None:
            raise invalid("channel.config.authScheme: must be an object", "channel.config.authScheme")
        return secret
    if scheme not in (None, {}):
        raise invalid("channel.config.authScheme: must be null for an OAUTH channel", "channel.config.authScheme")
    config["authScheme"] = None
    auth_type = config.get("authType")
    if auth_type not in AUTH_TYPES:
        raise invalid("channel.config.authType: must be client_secret_post or private_key_jwt",
                      "channel.config.authType")
    if not isinstance(config.get("clientId"), str) or not config["clientId"]:
        raise invalid("channel.config.clientId: is required", "channel.config.clientId")
    _url(ctx, config, "tokenUrl")
    if config.get("scope") is not None and not isinstance(config["scope"], str):
        raise invalid("channel.config.scope: must be a string", "channel.config.scope")
    config.setdefault("scope", None)
    client_secret = config.pop("clientSecret", None) or old_secret.get("clientSecret")
    if auth_type == "client_secret_post":
        config.pop("hookKeyId", None)
        if not isinstance(client_secret, str) or not client_secret:
            raise invalid("channel.config.clientSecret: is required for client_secret_post",
                          "channel.config.clientSecret")
        secret["clientSecret"] = client_secret
    else:
        key_id = config.get("hookKeyId")
        if not isinstance(key_id, str) or not ctx.tx.exists(ctx.org, f"{HOOK_KEYS}/{key_id}"):
            raise invalid(f"channel.config.hookKeyId: no hook key with id {key_id!r}", "channel.config.hookKeyId")
    return secret


def _url(ctx: Context, config: Document, name: str) -> None:
    value = config.get(name)
    problem = outbound.target_problem(value if isinstance(value, str) else "", ctx.rt.settings.https_only_hooks)
    if problem or any(c.isspace() for c in str(value)):
        raise invalid(f"channel.config.{name}: {problem or 'no white space is allowed'}", f"channel.config.{name}")


def _store(ctx: Context, hook_id: str, secret: Document) -> None:
    ctx.tx.put(ctx.org, f"{SECRETS}/{hook_id}", secret, listed=False)
    _mark_keys(ctx)


def _mark_keys(ctx: Context) -> None:
    """Keep each hook key's `isUsed` in step with the OAUTH hooks that sign with it."""
    used = {str(((doc.get("channel") or {}).get("config") or {}).get("hookKeyId"))
            for _, _, doc in ctx.tx.list(ctx.org, HOOKS)}
    for _, path, key in ctx.tx.list(ctx.org, HOOK_KEYS):
        flag = "true" if key.get("id") in used else "false"
        if key.get("isUsed") != flag:
            ctx.tx.put(ctx.org, path, dict(key, isUsed=flag))


def _access_token(ctx: Context, config: Document, secret: Document) -> str:
    """The client-credentials token the OAUTH channel authenticates with, fetched for this call."""
    token_url, client_id = str(config.get("tokenUrl")), str(config.get("clientId"))
    form = {"grant_type": "client_credentials"}
    if config.get("scope"):
        form["scope"] = str(config["scope"])
    if config.get("authType") == "private_key_jwt":
        key_id = str(config.get("hookKeyId"))
        key = ctx.tx.get(ctx.org, f"{HOOK_KEYS}/{key_id}")
        private = ctx.tx.get(ctx.org, f"{HOOK_KEY_PRIVATE}/{key_id}")
        if key is None or private is None:
            raise _failed(f"the hook key {key_id} no longer exists", "channel.config.hookKeyId")
        now = int(time.time())
        claims = {"iss": client_id, "sub": client_id, "aud": token_url, "iat": now, "exp": now + ASSERTION_SECONDS,
                  "jti": str(uuid.uuid4())}
        form.update(client_assertion_type=ASSERTION_TYPE,
                    client_assertion=keys.sign_jwt(claims, str(private["pem"]), str(key["keyId"])))
    else:
        form.update(client_id=client_id, client_secret=str(secret.get("clientSecret") or ""))
    try:
        status, answer = outbound.call_form(token_url, form)
    except (OSError, ValueError) as e:
        raise _failed(f"the token endpoint could not be reached ({e})", "channel.config.tokenUrl") from None
    token = answer.get("access_token") if isinstance(answer, dict) else None
    if status >= 300 or not isinstance(token, str) or not token:
        raise _failed("the token endpoint did not issue an access token",
                      f"channel.config.tokenUrl: answered {status}")
    return token


def _failed(summary: str, cause: str) -> OktaError:
    return OktaError(400, "E0000001", f"Api validation failed: {summary}", [cause])


def _redacted(reply: Reply) -> Reply:
    """Hooks written before secrets were kept apart may still hold them; they never leave the server."""
    for doc in reply.body if isinstance(reply.body, list) else [reply.body]:
        config = ((doc.get("channel") or {}).get("config") if isinstance(doc, dict) else None) or {}
        if isinstance(config, dict):
            config.pop("clientSecret", None)
            if isinstance(config.get("authScheme"), dict):
                config["authScheme"] = {k: v for k, v in config["authScheme"].items() if k != "value"}
    return reply
