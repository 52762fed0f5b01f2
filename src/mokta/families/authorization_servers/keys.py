"""Signing keys and resource-server encryption keys. A server signs with its ACTIVE key and holds a NEXT one; a
rotation (either rotation mode may ask for one) promotes NEXT to ACTIVE, keeps the old ACTIVE as EXPIRED so tokens
it signed still verify, drops any older EXPIRED key and mints a new NEXT. Resource-server keys are RSA public JWKs
the caller brings; at most one is ACTIVE and only an INACTIVE one can be deleted."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime

from mokta.engine import generic, ids
from mokta.engine.registry import handles
from mokta.families.authorization_servers.servers import SERVERS, signing_schedule, stamp
from mokta.http.errors import invalid
from mokta.seed_data import AS_KEYS_ROOT, signing_key
from mokta.store.base import Tx
from mokta.types import Context, Document, Reply

STATUS_ORDER = {"ACTIVE": 0, "NEXT": 1, "EXPIRED": 2}
MIN_MODULUS_BITS = 2048


@handles("listAuthorizationServerKeys")
def list_authorization_server_keys(ctx: Context) -> Reply:
    own = ctx.path_params["authServerId"]
    generic.load(ctx, f"{SERVERS}/{own}", "AuthorizationServer")
    return Reply(200, _keys(ctx, own))


@handles("rotateAuthorizationServerKeys")
def rotate_authorization_server_keys(ctx: Context) -> Reply:
    own = ctx.path_params["authServerId"]
    server = generic.load(ctx, f"{SERVERS}/{own}", "AuthorizationServer")
    if generic.body_object(ctx).get("use") != "sig":
        raise invalid("use: Invalid value for use; only sig is supported", "use")
    rotate(ctx.tx, ctx.org, own, server)
    return Reply(200, _keys(ctx, own))


@handles("addOAuth2ResourceServerJsonWebKey")
def add_resource_server_key(ctx: Context) -> Reply:
    own = ctx.path_params["authServerId"]
    generic.load(ctx, f"{SERVERS}/{own}", "AuthorizationServer")
    body = generic.body_object(ctx)
    _check_jwk(body)
    coll = f"{SERVERS}/{own}/resourceservercredentials/keys"
    if any(r[2].get("n") == body["n"] for r in ctx.tx.list(ctx.org, coll)):
        raise invalid("n: This key is already registered with the authorization server", "n")
    status = body.get("status") or "INACTIVE"
    if status not in ("ACTIVE", "INACTIVE"):
        raise invalid("status: must be ACTIVE or INACTIVE", "status")
    if status == "ACTIVE":
        _deactivate_all(ctx, coll)
    key_id = ids.new_id("apk")
    doc = {"id": key_id, "kid": body.get("kid"), "kty": "RSA", "use": body.get("use") or "enc", "e": body["e"],
           "n": body["n"], "status": status, "created": ids.now(), "lastUpdated": ids.now()}
    ctx.tx.put(ctx.org, f"{coll}/{key_id}", doc)
    return Reply(201, _resource_key_out(ctx, f"{coll}/{key_id}", doc))


@handles("activateOAuth2ResourceServerJsonWebKey", "deactivateOAuth2ResourceServerJsonWebKey")
def resource_server_key_lifecycle(ctx: Context) -> Reply:
    """Activating a key deactivates the one that was ACTIVE: tokens are encrypted with a single key."""
    coll = f"{SERVERS}/{ctx.path_params['authServerId']}/resourceservercredentials/keys"
    path = f"{coll}/{ctx.path_params['keyId']}"
    generic.load(ctx, f"{SERVERS}/{ctx.path_params['authServerId']}", "AuthorizationServer")
    doc = generic.load(ctx, path, "OAuth2ResourceServerJsonWebKey")
    target = "ACTIVE" if ctx.op.id.startswith("activate") else "INACTIVE"
    if target == "ACTIVE":
        _deactivate_all(ctx, coll)
    doc = {**doc, "status": target, "lastUpdated": ids.now()}
    ctx.tx.put(ctx.org, path, doc)
    return Reply(200, _resource_key_out(ctx, path, doc))


@handles("deleteOAuth2ResourceServerJsonWebKey")
def delete_resource_server_key(ctx: Context) -> Reply:
    path = (f"{SERVERS}/{ctx.path_params['authServerId']}/resourceservercredentials/keys/"
            f"{ctx.path_params['keyId']}")
    generic.load(ctx, f"{SERVERS}/{ctx.path_params['authServerId']}", "AuthorizationServer")
    doc = generic.load(ctx, path, "OAuth2ResourceServerJsonWebKey")
    if doc.get("status") == "ACTIVE":
        raise invalid("status: An ACTIVE key can't be deleted; deactivate it first", "status")
    ctx.tx.delete_tree(ctx.org, path)
    return Reply(204, None)


def rotate(tx: Tx, org: str, own: str, server: Document) -> None:
    """Promote NEXT to ACTIVE, keep the old ACTIVE as EXPIRED (dropping an older EXPIRED one), mint a new NEXT."""
    now = datetime.now(UTC)
    by_status: dict[str, list[str]] = {}
    for _, _, key in tx.list(org, f"{SERVERS}/{own}/credentials/keys"):
        by_status.setdefault(str(key.get("status")), []).append(key["kid"])
    for kid in by_status.get("EXPIRED", []):
        _drop(tx, org, own, kid)
    for kid in by_status.get("ACTIVE", []):
        _set_status(tx, org, own, kid, "EXPIRED")
    promoted = by_status.get("NEXT", [])[:1]
    if promoted:
        _set_status(tx, org, own, promoted[0], "ACTIVE")
        active = promoted[0]
    else:
        fresh = signing_key(own, "ACTIVE", stamp(now))
        _put(tx, org, fresh)
        active = fresh[0][1]["kid"]
    _put(tx, org, signing_key(own, "NEXT", stamp(now)))
    signing = server.setdefault("credentials", {}).setdefault("signing", {"rotationMode": "AUTO", "use": "sig"})
    signing.update(kid=active, lastRotated=stamp(now))
    signing_schedule(server, now)
    server["lastUpdated"] = ids.now()
    tx.put(org, f"{SERVERS}/{own}", server)


def rotate_if_due(tx: Tx, org: str, own: str) -> None:
    """AUTO servers rotate on their own once `nextRotation` has passed; the token endpoint asks before it signs."""
    server = tx.get(org, f"{SERVERS}/{own}")
    signing = ((server or {}).get("credentials") or {}).get("signing") or {}
    due = signing.get("nextRotation")
    if server is not None and signing.get("rotationMode") == "AUTO" and isinstance(due, str) and due <= stamp(
            datetime.now(UTC)):
        rotate(tx, org, own, server)


# -- private ------------------------------------------------------------------------------------------------------


def _keys(ctx: Context, own: str) -> list[Document]:
    """ACTIVE, then NEXT, then EXPIRED."""
    rows = sorted(ctx.tx.list(ctx.org, f"{SERVERS}/{own}/credentials/keys"),
                  key=lambda r: (STATUS_ORDER.get(str(r[2].get("status")), 9), r[0]))
    schema = ctx.rt.item_schema(ctx.op.response_schema)
    return [generic.fill(ctx, schema, generic.output(ctx, path, doc)) for _, path, doc in rows]


def _set_status(tx: Tx, org: str, own: str, kid: str, status: str) -> None:
    """Public and private halves always carry the same status (the token runtime signs with the ACTIVE one)."""
    for path in (f"{SERVERS}/{own}/credentials/keys/{kid}", f"{AS_KEYS_ROOT}/{own}/{kid}"):
        doc = tx.get(org, path)
        if doc is not None:
            tx.put(org, path, {**doc, "status": status})


def _drop(tx: Tx, org: str, own: str, kid: str) -> None:
    tx.delete_tree(org, f"{SERVERS}/{own}/credentials/keys/{kid}")
    tx.delete_tree(org, f"{AS_KEYS_ROOT}/{own}/{kid}")


def _put(tx: Tx, org: str, items: list[tuple[str, Document]]) -> None:
    for path, doc in items:
        tx.put(org, path, doc)


def _deactivate_all(ctx: Context, coll: str) -> None:
    for _, path, doc in ctx.tx.list(ctx.org, coll):
        if doc.get("status") == "ACTIVE":
            ctx.tx.put(ctx.org, path, {**doc, "status": "INACTIVE", "lastUpdated": ids.now()})


def _check_jwk(body: Document) -> None:
    """An RSA public key: `kty` RSA, `e` and `n` base64url big-endian integers, a modulus of at least 2048 bits."""
    if body.get("kty") != "RSA":
        raise invalid("kty: must be RSA", "kty")
    if body.get("use") not in (None, "enc"):
        raise invalid("use: must be enc", "use")
    for field in ("e", "n", "d", "p", "q"):
        if field in ("d", "p", "q"):
            if field in body:
                raise invalid(f"{field}: a resource server key must be a public key", field)
            continue
        value = _uint(body.get(field))
        if value is None or value < 3:
            raise invalid(f"{field}: must be a base64url-encoded unsigned integer", field)
        if field == "n" and value.bit_length() < MIN_MODULUS_BITS:
            raise invalid(f"n: the RSA modulus must be at least {MIN_MODULUS_BITS} bits", "n")
        if field == "e" and value % 2 == 0:
            raise invalid("e: must be an odd public exponent", "e")


def _uint(text: object) -> int | None:
    if not isinstance(text, str) or not text or any(c in text for c in "+/= "):
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
    return int.from_bytes(raw, "big") if raw else None


def _resource_key_out(ctx: Context, path: str, doc: Document) -> Document:
    return generic.fill(ctx, ctx.op.response_schema, generic.output(ctx, path, doc))
