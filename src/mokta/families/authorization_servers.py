"""Custom authorization servers: the issuer URL and signing configuration are the server's to mint and keep, and `q`
matches the name or an audience."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mokta.engine import generic, ids
from mokta.engine.registry import handles
from mokta.http.paging import decode_cursor, encode_cursor, limit_of, paged
from mokta.types import Context, Document, Reply

SERVERS = "/api/v1/authorizationServers"
ROTATION_DAYS = 90  # Okta rotates AUTO signing keys quarterly
SERVER_OWNED = ("issuer", "credentials")


@handles("listAuthorizationServers")
def list_authorization_servers(ctx: Context) -> Reply:
    q = str(ctx.query.get("q") or "").lower()
    if not q:
        return generic.serve(ctx)
    limit = limit_of(ctx)
    rows = [r for r in ctx.tx.list(ctx.org, SERVERS, after=decode_cursor(ctx.query.get("after"))) if _matches(r[2], q)]
    page = rows if limit is None else rows[:limit]
    more = limit is not None and len(rows) > limit
    schema = ctx.rt.item_schema(ctx.op.response_schema)
    docs = [generic.fill(ctx, schema, generic.output(ctx, path, doc)) for _, path, doc in page]
    return paged(ctx, docs, encode_cursor(page[-1][0]) if more and page else None)


@handles("createAuthorizationServer")
def create_authorization_server(ctx: Context) -> Reply:
    reply = generic.serve(ctx)
    path = f"{SERVERS}/{reply.body['id']}"
    doc = ctx.tx.get(ctx.org, path) or {}
    now = datetime.now(UTC)
    doc["issuer"] = f"{ctx.request.base_url}/oauth2/{doc['id']}"
    doc.setdefault("issuerMode", "ORG_URL")
    doc["credentials"] = {"signing": {
        "kid": ids.random_token(43), "rotationMode": "AUTO", "use": "sig", "lastRotated": _stamp(now),
        "nextRotation": _stamp(now + timedelta(days=ROTATION_DAYS)),
    }}
    ctx.tx.put(ctx.org, path, doc)
    return Reply(reply.status, generic.output(ctx, path, doc))


@handles("replaceAuthorizationServer")
def replace_authorization_server(ctx: Context) -> Reply:
    """The issuer and the signing key are not the caller's to change; a replace keeps them."""
    path = f"{SERVERS}/{ctx.path_params['authServerId']}"
    old = generic.load(ctx, path, "AuthorizationServer")
    reply = generic.serve(ctx)
    doc = ctx.tx.get(ctx.org, path) or {}
    for key in SERVER_OWNED:
        if key in old:
            doc[key] = old[key]
    asked = ((generic.body_object(ctx).get("credentials") or {}).get("signing") or {}).get("rotationMode")
    if asked and isinstance(doc.get("credentials"), dict):
        doc["credentials"]["signing"]["rotationMode"] = asked
    ctx.tx.put(ctx.org, path, doc)
    return Reply(reply.status, generic.output(ctx, path, doc))


# -- private ------------------------------------------------------------------------------------------------------


def _matches(doc: Document, q: str) -> bool:
    values = [str(doc.get("name") or "")] + [str(a) for a in doc.get("audiences") or []]
    return any(v.lower().startswith(q) for v in values)


def _stamp(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
