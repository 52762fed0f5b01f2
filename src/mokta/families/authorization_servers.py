"""Custom authorization servers: each new server gets its own RS256 signing key and an issuer under the org URL
(stored relative, so it follows the host the org is reached on); both are the server's to keep, and `q` matches the
name or an audience."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mokta.engine import generic
from mokta.engine.keys import rsa_signing_key
from mokta.engine.registry import handles
from mokta.http.errors import invalid
from mokta.seed_data import AS_KEYS_ROOT
from mokta.types import Context, Document, Reply

SERVERS = "/api/v1/authorizationServers"
ROTATION_DAYS = 90  # Okta rotates AUTO signing keys quarterly
SERVER_OWNED = ("issuer", "credentials")


@handles("getAuthorizationServer")
def get_authorization_server(ctx: Context) -> Reply:
    return _absolute(ctx, generic.serve(ctx))


@handles("listAuthorizationServers")
def list_authorization_servers(ctx: Context) -> Reply:
    q = str(ctx.query.get("q") or "").lower()
    if not q:
        return _absolute(ctx, generic.serve(ctx))
    return _absolute(ctx, generic.list_where(ctx, SERVERS, lambda doc: _matches(doc, q)))


@handles("createAuthorizationServer")
def create_authorization_server(ctx: Context) -> Reply:
    reply = generic.serve(ctx)
    path = f"{SERVERS}/{reply.body['id']}"
    doc = ctx.tx.get(ctx.org, path) or {}
    now = datetime.now(UTC)
    jwk, pem = rsa_signing_key()
    doc["issuer"] = f"/oauth2/{doc['id']}"
    doc.setdefault("issuerMode", "ORG_URL")
    doc["credentials"] = {"signing": {
        "kid": jwk["kid"], "rotationMode": "AUTO", "use": "sig", "lastRotated": _stamp(now),
        "nextRotation": _stamp(now + timedelta(days=ROTATION_DAYS)),
    }}
    ctx.tx.put(ctx.org, path, doc)
    ctx.tx.put(ctx.org, f"{path}/credentials/keys/{jwk['kid']}", {**jwk, "status": "ACTIVE"})
    ctx.tx.put(ctx.org, f"{AS_KEYS_ROOT}/{doc['id']}/{jwk['kid']}",
               {"kid": jwk["kid"], "alg": "RS256", "status": "ACTIVE", "privateKeyPem": pem, "created": _stamp(now)})
    return _absolute(ctx, Reply(reply.status, generic.output(ctx, path, doc)))


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
    return _absolute(ctx, Reply(reply.status, generic.output(ctx, path, doc)))


@handles("deleteAuthorizationServer")
def delete_authorization_server(ctx: Context) -> Reply:
    """The private signing keys, kept outside the API tree, go with their server."""
    reply = generic.serve(ctx)
    ctx.tx.delete_tree(ctx.org, f"{AS_KEYS_ROOT}/{ctx.path_params['authServerId']}")
    return reply


@handles("createAssociatedServers")
def create_associated_servers(ctx: Context) -> Reply:
    """Trust other authorization servers: each id in `trusted` must exist; the answer lists the servers now trusted."""
    own = ctx.path_params["authServerId"]
    generic.load(ctx, f"{SERVERS}/{own}", "AuthorizationServer")
    trusted = generic.body_object(ctx).get("trusted") or []
    for other in trusted:
        if not isinstance(other, str) or other == own:
            raise invalid("trusted: each entry must be the id of another authorization server")
        generic.load(ctx, f"{SERVERS}/{other}", "AuthorizationServer")
        ctx.tx.put(ctx.org, f"{SERVERS}/{own}/associatedServers/{other}", {"id": other, "trusted": True})
    return _absolute(ctx, Reply(200, [generic.output(ctx, f"{SERVERS}/{o}", ctx.tx.get(ctx.org, f"{SERVERS}/{o}") or {})
                                      for o in trusted]))


@handles("listAssociatedServersByTrustedType")
def list_associated_servers(ctx: Context) -> Reply:
    own = ctx.path_params["authServerId"]
    generic.load(ctx, f"{SERVERS}/{own}", "AuthorizationServer")
    links = [doc["id"] for _, _, doc in ctx.tx.list(ctx.org, f"{SERVERS}/{own}/associatedServers")]
    found = ctx.tx.get_many(ctx.org, [f"{SERVERS}/{o}" for o in links])
    docs = [generic.output(ctx, path, doc) for path, doc in found.items()]
    return _absolute(ctx, Reply(200, docs))


# -- private ------------------------------------------------------------------------------------------------------


def _matches(doc: Document, q: str) -> bool:
    values = [str(doc.get("name") or "")] + [str(a) for a in doc.get("audiences") or []]
    return any(v.lower().startswith(q) for v in values)


def _absolute(ctx: Context, reply: Reply) -> Reply:
    """The issuer is stored relative to the org and answered under the URL the caller used."""
    for doc in reply.body if isinstance(reply.body, list) else [reply.body]:
        if isinstance(doc, dict) and str(doc.get("issuer") or "").startswith("/"):
            doc["issuer"] = ctx.request.base_url + doc["issuer"]
    return reply


def _stamp(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"
