"""Finding a user the ways Okta allows (id, login, unambiguous login short name; `me` is rewritten by the app), the
wire form with its ETag, and the group memberships every user has."""

from __future__ import annotations

import hashlib
import json

from mokta.engine import filters, generic, ids, indexes, uniques
from mokta.families import app_assignments
from mokta.families.group_rules import apply_rules_to_user
from mokta.http.errors import OktaError, not_found
from mokta.types import Context, Document

USERS = "/api/v1/users"
GROUPS = "/api/v1/groups"
USER_TYPES = "/api/v1/meta/types/user"
LOGIN_SCOPE = f"{USERS}#profile.login"
USER_SCHEMA = {"$ref": "#/components/schemas/User"}
CREDENTIAL_LINKS = frozenset({"changePassword", "changeRecoveryQuestion", "forgotPassword", "resetPassword",
                              "resetFactors", "unlock", "expirePassword"})
uniques.unique_fields(USERS, "profile.login")


def find(ctx: Context, param: str = "id") -> tuple[str, Document]:
    """The user named in the path by id, login or login short name; 404 E0000007 otherwise."""
    key = ctx.path_params[param]
    doc = ctx.tx.get(ctx.org, f"{USERS}/{key}")
    if doc is not None:
        return f"{USERS}/{key}", doc
    owner = ctx.tx.unique_owner(ctx.org, LOGIN_SCOPE, uniques.normalized(key))
    if owner is None and "@" not in key:
        short = [p for _, p, d in ctx.tx.list(ctx.org, USERS)
                 if str((d.get("profile") or {}).get("login") or "").lower().split("@")[0] == key.lower()]
        owner = short[0] if len(short) == 1 else None
    found = ctx.tx.get(ctx.org, owner) if owner else None
    if owner is None or found is None:
        raise not_found(f"Resource not found: {key} (User)")
    return owner, found


def wire(ctx: Context, path: str, doc: Document) -> Document:
    """The user as Okta sends it; `okta-response=omitCredentials…` in the Content-Type header trims it and
    `expand=blocks,classification` embeds those."""
    return shape(ctx, _expanded(ctx, path, generic.output(ctx, path, doc)))


def _expanded(ctx: Context, path: str, out: Document) -> Document:
    wanted = {w.strip() for w in str(ctx.query.get("expand") or "").split(",") if w.strip()}
    if not wanted & {"blocks", "classification"}:
        return out
    embedded = dict(out.get("_embedded") or {})
    if "blocks" in wanted:
        embedded["blocks"] = [doc for _, _, doc in ctx.tx.list(ctx.org, f"{path}/blocks")]
    if "classification" in wanted:
        stored = ctx.tx.get(ctx.org, f"{path}/classification") or {}
        embedded["classification"] = {"type": stored.get("type", "STANDARD"),
                                      "lastUpdated": stored.get("lastUpdated", out.get("created"))}
    out["_embedded"] = embedded
    return out


def shape(ctx: Context, out: Document) -> Document:
    """Apply the `okta-response=…` options of the request's Content-Type header to one wire-form user."""
    shaping = ctx.request.headers.get("content-type", "")
    if "okta-response" not in shaping:
        return out
    options = {o.strip() for part in shaping.split(";") if "okta-response" in part
               for o in part.split("=", 1)[-1].strip().strip('"').split(",")}
    if "omitCredentials" in options:
        out.pop("credentials", None)
    if "omitCredentialsLinks" in options and isinstance(out.get("_links"), dict):
        out["_links"] = {k: v for k, v in out["_links"].items() if k not in CREDENTIAL_LINKS}
    if "omitTransitioningToStatus" in options:
        out.pop("transitioningToStatus", None)
    return out


def etag(doc: Document) -> str:
    """A strong validator: a hash of the stored document (read back in its stored key order), so any write changes
    it."""
    raw = json.dumps(doc, separators=(",", ":")).encode()
    return '"' + hashlib.sha256(raw).hexdigest()[:32] + '"'


def check_if_match(ctx: Context, doc: Document) -> None:
    wanted = ctx.request.headers.get("if-match")
    if wanted and wanted.strip() != "*" and etag(doc) not in [w.strip().removeprefix("W/") for w in wanted.split(",")]:
        raise OktaError(412, "E0000001", "Api validation failed: If-Match",
                        ["If-Match: The resource has been modified since the ETag was issued"])


def save(ctx: Context, path: str, doc: Document) -> Document:
    """Store a changed user; active group rules see the change at once, and its app users follow its status."""
    doc["lastUpdated"] = ids.now()
    doc = generic.fill(ctx, USER_SCHEMA, doc)
    ctx.tx.put(ctx.org, path, doc)
    apply_rules_to_user(ctx, doc)
    app_assignments.sync_user(ctx, str(doc["id"]))
    return doc


def everyone_id(ctx: Context) -> str | None:
    built_in = generic.matching(ctx, GROUPS, filters.Compare("type", "eq", "BUILT_IN"))
    return str(built_in[0][2]["id"]) if built_in else None


def group_ids(ctx: Context, user_id: str) -> list[str]:
    """The groups holding the user, in group order (a membership is `/groups/{g}/users/{u}`)."""
    held = set(indexes.member_groups(ctx.tx, ctx.org, user_id))
    docs = ctx.tx.get_many(ctx.org, [f"{GROUPS}/{g}" for g in held])
    return [d["id"] for d in sorted(docs.values(), key=lambda d: str(d.get("created") or ""))]


def join(ctx: Context, group_id: str, user_id: str) -> None:
    """A new member gets the apps the group is assigned to."""
    ctx.tx.put(ctx.org, f"{GROUPS}/{group_id}/users/{user_id}", {"id": user_id})
    group = ctx.tx.get(ctx.org, f"{GROUPS}/{group_id}")
    if group is not None:
        group["lastMembershipUpdated"] = ids.now()
        ctx.tx.put(ctx.org, f"{GROUPS}/{group_id}", group)
    app_assignments.sync_user(ctx, user_id)


def leave_all(ctx: Context, user_id: str) -> None:
    for group_id in group_ids(ctx, user_id):
        ctx.tx.delete_tree(ctx.org, f"{GROUPS}/{group_id}/users/{user_id}")
        group = ctx.tx.get(ctx.org, f"{GROUPS}/{group_id}")
        if group is not None:
            group["lastMembershipUpdated"] = ids.now()
            ctx.tx.put(ctx.org, f"{GROUPS}/{group_id}", group)


def default_type_id(ctx: Context) -> str | None:
    return next((d["id"] for _, _, d in ctx.tx.list(ctx.org, USER_TYPES) if d.get("default")), None)
