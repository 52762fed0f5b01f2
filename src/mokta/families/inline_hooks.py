"""Inline hooks: `execute` calls the hook's endpoint with the given payload, as Okta does mid-flow, and answers with
what the endpoint returned."""

from __future__ import annotations

from mokta.engine import generic, outbound
from mokta.engine.registry import handles
from mokta.http.errors import OktaError
from mokta.types import Context, Reply


@handles("executeInlineHook")
def execute_inline_hook(ctx: Context) -> Reply:
    hook = generic.load(ctx, f"/api/v1/inlineHooks/{ctx.path_params['inlineHookId']}", "InlineHook")
    config = (hook.get("channel") or {}).get("config") or {}
    uri = str(config.get("uri") or "")
    try:
        status, answer = outbound.call(uri, str(config.get("method") or "POST").upper(),
                                       outbound.channel_headers(config), ctx.body)
    except (OSError, ValueError) as e:
        raise OktaError(400, "E0000001", f"Api validation failed: the inline hook endpoint could not be reached ({e})",
                        ["channel.config.uri: the endpoint could not be reached"]) from None
    if status >= 300 or not isinstance(answer, dict):
        raise OktaError(400, "E0000001", "Api validation failed: the inline hook endpoint returned an invalid response",
                        [f"channel.config.uri: answered {status}"])
    return Reply(200, answer)
