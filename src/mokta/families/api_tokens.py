"""API tokens: metadata only (the value is never stored); `current` is the token making the call."""

from __future__ import annotations

from mokta.engine.registry import handles
from mokta.http.errors import not_found
from mokta.types import Context, Reply


@handles("revokeCurrentApiToken")
def revoke_current_api_token(ctx: Context) -> Reply:
    if ctx.caller is None or not ctx.caller.token_id:
        raise not_found("Resource not found: current (ApiToken)")
    ctx.tx.delete_tree(ctx.org, f"/api/v1/api-tokens/{ctx.caller.token_id}")
    return Reply(204)
