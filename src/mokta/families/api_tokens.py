"""API tokens: metadata only (the value is never stored); `current` is the token making the call."""

from __future__ import annotations

from mokta.engine import generic, ids
from mokta.engine.registry import handles
from mokta.http.errors import not_found
from mokta.types import Context, Reply


@handles("revokeCurrentApiToken")
def revoke_current_api_token(ctx: Context) -> Reply:
    if ctx.caller is None or not ctx.caller.token_id:
        raise not_found("Resource not found: current (ApiToken)")
    ctx.tx.delete_tree(ctx.org, f"/api/v1/api-tokens/{ctx.caller.token_id}")
    return Reply(204)


@handles("upsertApiToken")
def upsert_api_token(ctx: Context) -> Reply:
    """Only a token's network condition can change; who owns it and when it was made stay as minted."""
    path = f"/api/v1/api-tokens/{ctx.path_params['apiTokenId']}"
    doc = generic.load(ctx, path, "ApiToken")
    network = generic.body_object(ctx).get("network")
    if isinstance(network, dict):
        doc["network"] = network
    doc["lastUpdated"] = ids.now()
    ctx.tx.put(ctx.org, path, doc)
    return Reply(200, generic.output(ctx, path, doc))
