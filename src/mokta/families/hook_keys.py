"""Hook keys: real RSA key pairs for inline hooks' `private_key_jwt` auth. Okta keeps the private half; the public
JWK is served by its `keyId` (a UUID distinct from the object id). `isUsed` is a string boolean in the spec."""

from __future__ import annotations

import uuid

from mokta.engine import generic, ids, quotas
from mokta.engine.keys import rsa_signing_key
from mokta.engine.registry import handles
from mokta.http.errors import invalid, not_found
from mokta.types import Context, Reply

COLLECTION = "/api/v1/hook-keys"
PRIVATE = "/mokta/keys/hook-keys"
MAX_KEYS = 50  # hook keys per org


@handles("createHookKey")
def create_hook_key(ctx: Context) -> Reply:
    name = generic.body_object(ctx).get("name")
    if not isinstance(name, str) or not name.strip():
        raise invalid("name: is required")
    quotas.check(ctx, COLLECTION, MAX_KEYS, f"An org can have at most {MAX_KEYS} hook keys")
    jwk, pem = rsa_signing_key()
    key_id = str(uuid.uuid4())
    jwk["kid"] = key_id
    hook_key_id = ids.new_id("HKY")
    stamp = ids.now()
    doc = {"id": hook_key_id, "keyId": key_id, "name": name, "isUsed": "false",
           "created": stamp, "lastUpdated": stamp, "_embedded": jwk}
    ctx.tx.put(ctx.org, f"{COLLECTION}/{hook_key_id}", doc)
    ctx.tx.put(ctx.org, f"{PRIVATE}/{hook_key_id}", {"pem": pem}, listed=False)
    return Reply(ctx.op.success, generic.output(ctx, f"{COLLECTION}/{hook_key_id}", doc))


@handles("deleteHookKey")
def delete_hook_key(ctx: Context) -> Reply:
    key_id = ctx.path_params["id"]
    key = generic.load(ctx, f"{COLLECTION}/{key_id}", "HookKey")
    if key.get("isUsed") == "true":
        raise invalid("id: The key is used by an inline hook and can't be deleted", "id")
    reply = generic.serve(ctx)
    ctx.tx.delete_tree(ctx.org, f"{PRIVATE}/{key_id}")
    return reply


@handles("getPublicKey")
def get_public_key(ctx: Context) -> Reply:
    key_id = ctx.path_params["keyId"]
    for _, _, doc in ctx.tx.list(ctx.org, COLLECTION):
        if doc.get("keyId") == key_id:
            return Reply(200, doc["_embedded"])
    raise not_found(f"Resource not found: {key_id} (PublicKey)")
