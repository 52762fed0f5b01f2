"""The servers themselves: one audience each, an issuer under the org URL (stored relative, so it follows the host
the org is reached on) or a custom domain, Okta's system scopes and claims and a pair of RS256 keys from birth; the
issuer and signing keys are the server's to keep, `q` matches the name or an audience."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mokta.engine import generic
from mokta.engine.registry import handles
from mokta.http.errors import invalid
from mokta.seed_data import AS_KEYS_ROOT, server_keys, server_scopes_and_claims
from mokta.types import Context, Document, Reply

SERVERS = "/api/v1/authorizationServers"
ROTATION_DAYS = 90  # Okta rotates AUTO signing keys quarterly
SERVER_OWNED = ("issuer", "credentials")
ISSUER_MODES = ("ORG_URL", "CUSTOM_URL", "DYNAMIC")


@handles("listAuthorizationServers")
def list_authorization_servers(ctx: Context) -> Reply:
    q = str(ctx.query.get("q") or "").lower()
    if not q:
        return absolute(ctx, generic.serve(ctx))
    return absolute(ctx, generic.list_where(ctx, SERVERS, lambda doc: _matches(doc, q)))


@handles("createAuthorizationServer")
def create_authorization_server(ctx: Context) -> Reply:
    _check(ctx)
    reply = generic.serve(ctx)
    path = f"{SERVERS}/{reply.body['id']}"
    doc = ctx.tx.get(ctx.org, path) or {}
    now = datetime.now(UTC)
    contents = server_keys(doc["id"], stamp(now)) + server_scopes_and_claims(doc["id"])
    for item_path, item in contents:
        ctx.tx.put(ctx.org, item_path, item)
    doc["issuer"] = _issuer(ctx, doc)
    doc.setdefault("issuerMode", "ORG_URL")
    mode = ((generic.body_object(ctx).get("credentials") or {}).get("signing") or {}).get("rotationMode") or "AUTO"
    doc["credentials"] = {"signing": {"kid": contents[0][1]["kid"], "rotationMode": mode, "use": "sig",
                                      "lastRotated": stamp(now)}}
    signing_schedule(doc, now)
    ctx.tx.put(ctx.org, path, doc)
    return absolute(ctx, Reply(reply.status, generic.output(ctx, path, doc)))


@handles("getAuthorizationServer")
def get_authorization_server(ctx: Context) -> Reply:
    return absolute(ctx, generic.serve(ctx))


@handles("replaceAuthorizationServer")
def replace_authorization_server(ctx: Context) -> Reply:
    """The signing key is not the caller's to change (only the rotation mode is); the issuer follows the mode."""
    path = f"{SERVERS}/{ctx.path_params['authServerId']}"
    old = generic.load(ctx, path, "AuthorizationServer")
    _check(ctx)
    reply = generic.serve(ctx)
    doc = ctx.tx.get(ctx.org, path) or {}
    for key in SERVER_OWNED:
        if key in old:
            doc[key] = old[key]
    doc.setdefault("issuerMode", old.get("issuerMode", "ORG_URL"))
    doc["issuer"] = _issuer(ctx, doc)
    asked = ((generic.body_object(ctx).get("credentials") or {}).get("signing") or {}).get("rotationMode")
    signing = (doc.get("credentials") or {}).get("signing")
    if asked and isinstance(signing, dict) and asked != signing.get("rotationMode"):
        signing["rotationMode"] = asked
        signing_schedule(doc, datetime.now(UTC))
    ctx.tx.put(ctx.org, path, doc)
    return absolute(ctx, Reply(reply.status, generic.output(ctx, path, doc)))


@handles("deleteAuthorizationServer")
def delete_authorization_server(ctx: Context) -> Reply:
    """The private signing keys, kept outside the API tree, and other servers' trust in this one go with it."""
    own = ctx.path_params["authServerId"]
    reply = generic.serve(ctx)
    ctx.tx.delete_tree(ctx.org, f"{AS_KEYS_ROOT}/{own}")
    for _, path, _doc in ctx.tx.list(ctx.org, SERVERS):
        ctx.tx.delete_tree(ctx.org, f"{path}/associatedServers/{own}")
    return reply


@handles("createAssociatedServers")
def create_associated_servers(ctx: Context) -> Reply:
    """Trust other authorization servers: each id in `trusted` must exist; the answer lists the servers now trusted."""
    own = ctx.path_params["authServerId"]
    generic.load(ctx, f"{SERVERS}/{own}", "AuthorizationServer")
    trusted = generic.body_object(ctx).get("trusted")
    if not isinstance(trusted, list) or not trusted:
        raise invalid("trusted: must list the ids of the authorization servers to trust", "trusted")
    for other in trusted:
        if not isinstance(other, str) or other == own:
            raise invalid("trusted: each entry must be the id of another authorization server", "trusted")
        generic.load(ctx, f"{SERVERS}/{other}", "AuthorizationServer")
        ctx.tx.put(ctx.org, f"{SERVERS}/{own}/associatedServers/{other}", {"id": other, "trusted": True})
    found = ctx.tx.get_many(ctx.org, [f"{SERVERS}/{o}" for o in dict.fromkeys(trusted)])
    return absolute(ctx, Reply(200, [generic.output(ctx, p, d) for p, d in found.items()]))


@handles("listAssociatedServersByTrustedType")
def list_associated_servers(ctx: Context) -> Reply:
    """`trusted=true` (or absent) lists the servers this one trusts, `trusted=false` every other server; `q` matches
    the name or an audience."""
    own = ctx.path_params["authServerId"]
    generic.load(ctx, f"{SERVERS}/{own}", "AuthorizationServer")
    links = {doc["id"] for _, _, doc in ctx.tx.list(ctx.org, f"{SERVERS}/{own}/associatedServers")}
    want = str(ctx.query.get("trusted", True)).lower() != "false"
    q = str(ctx.query.get("q") or "").lower()

    def keep(doc: Document) -> bool:
        return doc["id"] != own and (doc["id"] in links) == want and (not q or _matches(doc, q))

    return absolute(ctx, generic.list_where(ctx, SERVERS, keep))


# -- shared with the rest of the family ---------------------------------------------------------------------------


def absolute(ctx: Context, reply: Reply) -> Reply:
    """The issuer is stored relative to the org and answered under the URL the caller used; the links Okta adds
    (sub-resources, key rotation, the lifecycle verb the status allows, the metadata documents) follow it."""
    for doc in reply.body if isinstance(reply.body, list) else [reply.body]:
        if not isinstance(doc, dict) or "id" not in doc:
            continue
        if str(doc.get("issuer") or "").startswith("/"):
            doc["issuer"] = ctx.request.base_url + doc["issuer"]
        root = f"{SERVERS}/{doc['id']}"
        verb = "deactivate" if doc.get("status") == "ACTIVE" else "activate"
        doc["_links"] = {
            **(doc.get("_links") or {}),
            **{rel: {"href": ctx.url(f"{root}/{rel}"), "hints": {"allow": ["GET"]}}
               for rel in ("scopes", "claims", "policies")},
            "rotateKey": {"href": ctx.url(f"{root}/credentials/lifecycle/keyRotate"), "hints": {"allow": ["POST"]}},
            verb: {"href": ctx.url(f"{root}/lifecycle/{verb}"), "hints": {"allow": ["POST"]}},
            "metadata": [{"href": f"{doc.get('issuer')}/.well-known/{name}", "hints": {"allow": ["GET"]}}
                         for name in ("oauth-authorization-server", "openid-configuration")],
        }
    return reply


def signing_schedule(doc: Document, now: datetime) -> None:
    """`nextRotation` is only there in AUTO mode: a quarter after the last rotation."""
    signing = doc["credentials"]["signing"]
    if signing.get("rotationMode") == "AUTO":
        signing["nextRotation"] = stamp(now + timedelta(days=ROTATION_DAYS))
    else:
        signing.pop("nextRotation", None)


def stamp(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


# -- private ------------------------------------------------------------------------------------------------------


def _check(ctx: Context) -> None:
    """Okta supports exactly one audience per server, and a custom issuer only once the org has a custom domain."""
    body = generic.body_object(ctx)
    audiences = body.get("audiences")
    if (not isinstance(audiences, list) or len(audiences) != 1 or not isinstance(audiences[0], str)
            or not audiences[0].strip()):
        raise invalid("audiences: exactly one audience is required", "audiences")
    if not str(body.get("name") or "").strip():
        raise invalid("name: The field cannot be left blank", "name")
    mode = body.get("issuerMode")
    if mode is not None and mode not in ISSUER_MODES:
        raise invalid(f"issuerMode: must be one of {', '.join(ISSUER_MODES)}", "issuerMode")
    if mode == "CUSTOM_URL" and _custom_domain(ctx) is None:
        raise invalid("issuerMode: CUSTOM_URL needs a verified custom URL domain", "issuerMode")


def _issuer(ctx: Context, doc: Document) -> str:
    if doc.get("issuerMode") == "CUSTOM_URL":
        domain = _custom_domain(ctx)
        if domain:
            return f"https://{domain}/oauth2/{doc['id']}"
    return f"/oauth2/{doc['id']}"


def _custom_domain(ctx: Context) -> str | None:
    for _, _, domain in ctx.tx.list(ctx.org, "/api/v1/domains"):
        if domain.get("validationStatus") in ("VERIFIED", "COMPLETED") and domain.get("domain"):
            return str(domain["domain"])
    return None


def _matches(doc: Document, q: str) -> bool:
    values = [str(doc.get("name") or "")] + [str(a) for a in doc.get("audiences") or []]
    return any(v.lower().startswith(q) for v in values)
