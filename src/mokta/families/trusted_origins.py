"""Trusted origins: name and origin are each unique, the origin is a real scheme://host[:port] URL, the admin who
creates or changes one is recorded, and `q` is a prefix match on name or origin."""

from __future__ import annotations

from urllib.parse import urlsplit

from mokta.engine import generic, uniques
from mokta.engine.registry import handles
from mokta.http.errors import invalid
from mokta.types import Context, Document, Reply

ORIGINS = "/api/v1/trustedOrigins"
uniques.unique_fields(ORIGINS, "name", "origin")
SCHEMES = {"http", "https", "ftp", "ionic", "capacitor"}  # Okta also trusts Ionic 2 and Capacitor app origins


@handles("listTrustedOrigins")
def list_trusted_origins(ctx: Context) -> Reply:
    q = str(ctx.query.get("q") or "").lower()
    if not q:
        return generic.serve(ctx)
    return generic.list_where(
        ctx, ORIGINS, lambda doc: any(str(doc.get(k) or "").lower().startswith(q) for k in ("name", "origin")))


@handles("createTrustedOrigin")
def create_trusted_origin(ctx: Context) -> Reply:
    body = _checked(ctx, None)
    admin = ctx.caller.user_id if ctx.caller else None
    body.update(createdBy=admin, lastUpdatedBy=admin)
    ctx.body = body
    return generic.serve(ctx)


@handles("replaceTrustedOrigin")
def replace_trusted_origin(ctx: Context) -> Reply:
    old = generic.load(ctx, f"{ORIGINS}/{ctx.path_params['trustedOriginId']}", "TrustedOrigin")
    body = _checked(ctx, old["id"])
    body.update(createdBy=old.get("createdBy"), lastUpdatedBy=ctx.caller.user_id if ctx.caller else None)
    ctx.body = body
    return generic.serve(ctx)


# -- private ------------------------------------------------------------------------------------------------------


def _checked(ctx: Context, own_id: str | None) -> Document:
    body = generic.body_object(ctx)
    origin = str(body.get("origin") or "")
    parts = urlsplit(origin)
    if parts.scheme.lower() not in SCHEMES or not parts.hostname or parts.path not in ("", "/") or parts.query:
        raise invalid(f"origin: {origin!r} is not a valid origin (scheme://host[:port])", "origin")
    uniques.check(ctx, ORIGINS, body, f"{ORIGINS}/{own_id}" if own_id else None)
    return body
