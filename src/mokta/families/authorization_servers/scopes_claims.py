"""Scopes and claims of a server. Scope names are unique per server, can't use Okta's reserved `okta.` prefix and
Okta's system scopes can't be deleted or renamed. Claim names are unique per claim type, reserved JWT names are
refused, EXPRESSION values must parse as Okta Expression Language, GROUPS claims need a group filter, SYSTEM
claims are Okta's own (read-only), and access-token claims are always included."""

from __future__ import annotations

import re

from mokta import expressions
from mokta.engine import generic, priority
from mokta.engine.registry import handles
from mokta.families.authorization_servers.servers import SERVERS
from mokta.http.errors import OktaError, invalid
from mokta.types import Context, Document, Reply

SCOPE_DEFAULTS = {"consent": "IMPLICIT", "metadataPublish": "NO_CLIENTS", "default": False, "optional": False}
CLAIM_TYPES = ("IDENTITY", "RESOURCE")
GROUP_FILTERS = ("STARTS_WITH", "EQUALS", "CONTAINS", "REGEX")
RESERVED_CLAIMS = frozenset({
    "iss", "sub", "aud", "exp", "iat", "nbf", "jti", "auth_time", "nonce", "acr", "amr", "azp", "at_hash",
    "c_hash", "cid", "uid", "scp", "ver", "idp", "sid", "client_id", "_links", "_embedded",
})


@handles("listOAuth2Scopes")
def list_scopes(ctx: Context) -> Reply:
    q = str(ctx.query.get("q") or "").lower()
    coll = f"{_server(ctx)}/scopes"
    if not q:
        return generic.serve(ctx)
    return generic.list_where(ctx, coll, lambda doc: q in str(doc.get("name") or "").lower())


@handles("createOAuth2Scope")
def create_scope(ctx: Context) -> Reply:
    _check_scope(ctx, None)
    if isinstance(ctx.body, dict):
        ctx.body["system"] = False
        for key, value in SCOPE_DEFAULTS.items():
            ctx.body.setdefault(key, value)
    return generic.serve(ctx)


@handles("replaceOAuth2Scope")
def replace_scope(ctx: Context) -> Reply:
    """A system scope keeps its name; its description, display name and consent may change."""
    old = generic.load(ctx, f"{_server(ctx)}/scopes/{ctx.path_params['scopeId']}", "OAuth2Scope")
    if isinstance(ctx.body, dict):
        if old.get("system") and ctx.body.get("name") not in (None, old.get("name")):
            raise invalid("name: A system scope can't be renamed", "name")
        ctx.body.setdefault("name", old.get("name"))
        ctx.body["system"] = bool(old.get("system"))
        for key, value in SCOPE_DEFAULTS.items():
            ctx.body.setdefault(key, value)
    _check_scope(ctx, old["id"], old.get("name"))
    return generic.serve(ctx)


@handles("deleteOAuth2Scope")
def delete_scope(ctx: Context) -> Reply:
    priority.deletable(ctx, f"{_server(ctx)}/scopes/{ctx.path_params['scopeId']}", "OAuth2Scope")
    return generic.serve(ctx)


@handles("createOAuth2Claim")
def create_claim(ctx: Context) -> Reply:
    generic.load(ctx, _server(ctx), "AuthorizationServer")
    _check_claim(ctx, None)
    if isinstance(ctx.body, dict):
        ctx.body["system"] = False
        ctx.body.setdefault("status", "ACTIVE")
    return generic.serve(ctx)


@handles("replaceOAuth2Claim")
def replace_claim(ctx: Context) -> Reply:
    old = generic.load(ctx, f"{_server(ctx)}/claims/{ctx.path_params['claimId']}", "OAuth2Claim")
    if old.get("system"):
        raise _read_only()
    _check_claim(ctx, old["id"])
    if isinstance(ctx.body, dict):
        ctx.body["system"] = False
        ctx.body.setdefault("status", old.get("status", "ACTIVE"))
    return generic.serve(ctx)


@handles("deleteOAuth2Claim")
def delete_claim(ctx: Context) -> Reply:
    doc = generic.load(ctx, f"{_server(ctx)}/claims/{ctx.path_params['claimId']}", "OAuth2Claim")
    if doc.get("system"):
        raise _read_only()
    return generic.serve(ctx)


# -- shared with the policies of the server ------------------------------------------------------------------------


def scope_names(ctx: Context, server_path: str) -> set[str]:
    return {str(doc.get("name")) for _, _, doc in ctx.tx.list(ctx.org, f"{server_path}/scopes")}


# -- private ------------------------------------------------------------------------------------------------------


def _server(ctx: Context) -> str:
    return f"{SERVERS}/{ctx.path_params['authServerId']}"


def _check_scope(ctx: Context, own_id: str | None, own_name: object = None) -> None:
    generic.load(ctx, _server(ctx), "AuthorizationServer")
    body = generic.body_object(ctx)
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise invalid("name: The field cannot be left blank", "name")
    if any(c.isspace() for c in name) or '"' in name or "\\" in name:
        raise invalid("name: A scope name can't contain whitespace, quotes or backslashes", "name")
    if name.startswith("okta.") and name != own_name:
        raise invalid("name: Scope names starting with okta. are reserved", "name")
    taken = any(doc.get("name") == name and doc.get("id") != own_id
                for _, _, doc in ctx.tx.list(ctx.org, f"{_server(ctx)}/scopes"))
    if taken:
        raise invalid(f"name: A scope with the name {name} already exists", "name")


def _check_claim(ctx: Context, own_id: str | None) -> None:
    body = generic.body_object(ctx)
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise invalid("name: The field cannot be left blank", "name")
    if name in RESERVED_CLAIMS:
        raise invalid(f"name: {name} is a reserved claim name", "name")
    claim_type = body.get("claimType")
    if claim_type not in CLAIM_TYPES:
        raise invalid(f"claimType: must be one of {', '.join(CLAIM_TYPES)}", "claimType")
    value_type = body.get("valueType") or "EXPRESSION"
    value = body.get("value")
    if not isinstance(value, str) or not value.strip():
        raise invalid("value: The field cannot be left blank", "value")
    if value_type == "EXPRESSION":
        try:
            expressions.parse(value)
        except expressions.ExpressionError as e:
            raise invalid(f"value: {e}", "value") from None
    elif value_type == "GROUPS":
        _check_groups(body, value)
    else:
        raise invalid("valueType: must be EXPRESSION or GROUPS (SYSTEM claims are Okta's)", "valueType")
    taken = any(doc.get("name") == name and doc.get("claimType") == claim_type and doc.get("id") != own_id
                for _, _, doc in ctx.tx.list(ctx.org, f"{_server(ctx)}/claims"))
    if taken:
        raise invalid(f"name: A {claim_type} claim named {name} already exists", "name")
    scopes = (body.get("conditions") or {}).get("scopes") if isinstance(body.get("conditions"), dict) else None
    if not isinstance(scopes, list | None):
        raise invalid("conditions.scopes: must be a list of scope names", "conditions.scopes")
    unknown = sorted(set(map(str, scopes or [])) - scope_names(ctx, _server(ctx)))
    if unknown:
        raise invalid(f"conditions.scopes: {', '.join(unknown)} is not a scope of this server",
                      "conditions.scopes")
    if isinstance(ctx.body, dict):
        ctx.body["valueType"] = value_type
        if claim_type == "RESOURCE":
            ctx.body["alwaysIncludeInToken"] = True
        else:
            ctx.body.setdefault("alwaysIncludeInToken", False)


def _check_groups(body: Document, value: str) -> None:
    kind = body.get("group_filter_type")
    if kind not in GROUP_FILTERS:
        raise invalid(f"group_filter_type: must be one of {', '.join(GROUP_FILTERS)} for a GROUPS claim",
                      "group_filter_type")
    if kind == "REGEX":
        try:
            re.compile(value)
        except re.error as e:
            raise invalid(f"value: not a valid regular expression ({e})", "value") from None


def _read_only() -> OktaError:
    return OktaError(403, "E0000006", "You do not have permission to perform the requested action",
                     ["A system claim can't be changed or deleted"])
