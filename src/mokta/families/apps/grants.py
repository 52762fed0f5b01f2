"""Admin consent grants of Okta API scopes to an app (only real `okta.*` scopes, issued by this org, once each), and
the app's refresh tokens, which only an end-user sign-in creates."""

from __future__ import annotations

from mokta.engine import generic, ids
from mokta.engine.registry import handles
from mokta.http.errors import invalid
from mokta.types import Context, Document, Reply

APPS = "/api/v1/apps"
_READ_MANAGE = (
    "agentPools aiAgents apiTokens appGrants apps authenticators authorizationServers behaviors brands captchas "
    "deviceAssurance deviceIntegrations devicePostureChecks devices domains dr emailDomains emailServers eventHooks "
    "features groups identitySources idps inlineHooks linkedObjects logStreams manifests networkZones "
    "oauthIntegrations orgs policies principalRateLimits privilegedResources profileMappings pushProviders "
    "rateLimits realmAssignments realms riskProviders roles schemas securityEventsProviders serviceAccounts sessions "
    "templates threatInsights trustedOrigins uischemas userRisk userTypes users").split()
OKTA_SCOPES = frozenset({f"okta.{r}.{v}" for r in _READ_MANAGE for v in ("read", "manage")}
                        | {"okta.logs.read", "okta.operations.read", "okta.riskEvents.manage",
                           "okta.users.read.self", "okta.users.manage.self", "okta.authenticators.manage.self",
                           "okta.myAccount.read", "okta.myAccount.manage"})


@handles("grantConsentToScope")
def grant_consent(ctx: Context) -> Reply:
    app = generic.load(ctx, f"{APPS}/{ctx.path_params['appId']}", "App")
    body = generic.body_object(ctx)
    scope = str(body.get("scopeId") or "")
    if scope not in OKTA_SCOPES:
        raise invalid(f"scopeId: {scope or 'a scope'} is not an Okta API scope")
    issuer = str(body.get("issuer") or "").rstrip("/")
    if issuer != ctx.url("").rstrip("/"):
        raise invalid(f"issuer: must be this org's URL ({ctx.url('')})")
    coll = f"{APPS}/{app['id']}/grants"
    if any(d.get("scopeId") == scope for _, _, d in ctx.tx.list(ctx.org, coll)):
        raise invalid(f"scopeId: {scope} is already granted to this app")
    grant_id = ids.new_id("oag")
    stamp = ids.now()
    client_id = ((app.get("credentials") or {}).get("oauthClient") or {}).get("client_id") or app["id"]
    caller = ctx.caller.user_id if ctx.caller else ""
    doc: Document = {
        "id": grant_id, "issuer": issuer, "scopeId": scope, "clientId": client_id, "source": "ADMIN",
        "status": "ACTIVE", "createdBy": {"id": caller, "type": "User"}, "created": stamp, "lastUpdated": stamp,
        "_links": {"app": {"href": f"{APPS}/{app['id']}"}, "client": {"href": f"/oauth2/v1/clients/{client_id}"},
                   "scope": {"href": f"/api/v1/authorizationServers/default/scopes/{scope}"}}}
    ctx.tx.put(ctx.org, f"{coll}/{grant_id}", doc)
    return Reply(201, _shaped(ctx, f"{coll}/{grant_id}", doc))


@handles("listScopeConsentGrants")
def list_grants(ctx: Context) -> Reply:
    reply = generic.serve(ctx)
    if ctx.query.get("expand") == "scope" and isinstance(reply.body, list):
        for grant in reply.body:
            grant["_embedded"] = {"scope": {"id": grant.get("scopeId")}}
    return reply


@handles("getScopeConsentGrant")
def get_grant(ctx: Context) -> Reply:
    reply = generic.serve(ctx)
    if ctx.query.get("expand") == "scope" and isinstance(reply.body, dict):
        reply.body["_embedded"] = {"scope": {"id": reply.body.get("scopeId")}}
    return reply


def _shaped(ctx: Context, path: str, doc: Document) -> Document:
    return generic.fill(ctx, ctx.op.response_schema, generic.output(ctx, path, doc))
