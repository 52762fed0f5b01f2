"""The links Okta puts in activation and reset emails, made real: the user (who has no API token) opens the link to
check it and posts a password to it; the token is found by its digest, must not have expired, and is used up."""

from __future__ import annotations

from typing import Any

from mokta.engine import ids
from mokta.engine.registry import extension
from mokta.families.users import credential_ops, credentials, lifecycle
from mokta.http.auth import digest
from mokta.http.errors import OktaError, invalid, not_found
from mokta.types import Context, Document, Reply

# status a link may be used from; anything else (suspended, deactivated since the mail went out) is refused
USABLE = {
    lifecycle.ACTIVATION: frozenset({"PROVISIONED", "ACTIVE"}),
    lifecycle.RECOVERY: frozenset({"PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT"}),
}


@extension("GET", "/welcome/{token}", public=True)
def check_activation(ctx: Context) -> Reply:
    return _check(ctx, lifecycle.ACTIVATION)


@extension("POST", "/welcome/{token}", public=True)
def complete_activation(ctx: Context) -> Reply:
    return _complete(ctx, lifecycle.ACTIVATION)


@extension("GET", "/reset_password/{token}", public=True)
def check_reset(ctx: Context) -> Reply:
    return _check(ctx, lifecycle.RECOVERY)


@extension("POST", "/reset_password/{token}", public=True)
def complete_reset(ctx: Context) -> Reply:
    return _complete(ctx, lifecycle.RECOVERY)


@extension("GET", "/signin/reset-password/{token}", public=True)
def check_forgot(ctx: Context) -> Reply:
    return _check(ctx, lifecycle.RECOVERY)


@extension("POST", "/signin/reset-password/{token}", public=True)
def complete_forgot(ctx: Context) -> Reply:
    return _complete(ctx, lifecycle.RECOVERY)


# -- private ------------------------------------------------------------------------------------------------------


def _check(ctx: Context, kind: str) -> Reply:
    """Opening the link only looks: the token stays valid until a password is posted."""
    _, path, user, expires = _redeemable(ctx, kind)
    return Reply(200, _status(user, kind, expires))


def _complete(ctx: Context, kind: str) -> Reply:
    """Set the password, make the user ACTIVE and use the token up, all in the request's one transaction."""
    hashed, path, user, expires = _redeemable(ctx, kind)
    password = _password(ctx.body)
    if password:
        user = credential_ops.set_password(ctx, path, user, password)
    elif kind == lifecycle.RECOVERY or not credentials.has_password(ctx, user["id"]):
        raise invalid("password: The field cannot be left blank", "password")
    if user.get("status") != "ACTIVE":
        user = lifecycle.move(ctx, path, user, "ACTIVE")
    ctx.tx.delete_secret(hashed)
    return Reply(200, {**_status(user, kind, expires), "status": "SUCCESS"})


def _redeemable(ctx: Context, kind: str) -> tuple[str, str, Document, str | None]:
    """The token's digest, its user's path and document and its expiry; unknown or used tokens are 404, expired
    ones 401 (Okta's invalid token), and a user whose status no longer allows the link 403."""
    hashed = digest(ctx.path_params["token"])
    found = ctx.tx.find_secret(hashed, kind)
    if found is None or found[0] != ctx.org:
        raise not_found("token (the link is unknown or has been used)")
    _, path, expires = found
    if expires and ids.parse_time(expires) <= ids.parse_time(ids.now()):
        raise OktaError(401, "E0000011", "Invalid token provided", ["token: The link has expired"])
    user = ctx.tx.get(ctx.org, path)
    if user is None:
        raise not_found("token (the link is unknown or has been used)")
    if user.get("status") not in USABLE[kind]:
        raise OktaError(403, "E0000038", "This operation is not allowed in the user's current status.")
    return hashed, path, user, expires


def _status(user: Document, kind: str, expires: str | None) -> Document:
    profile = user.get("profile") or {}
    return {"status": "VALID", "type": "ACTIVATION" if kind == lifecycle.ACTIVATION else "RECOVERY",
            "userId": user["id"], "login": profile.get("login"), "userStatus": user.get("status"),
            "expiresAt": expires}


def _password(body: Any) -> str:
    """`{"password": "…"}`, also `{"password": {"value": "…"}}` or `newPassword`, as Okta's own bodies spell it."""
    if not isinstance(body, dict):
        return ""
    value = body.get("password", body.get("newPassword"))
    if isinstance(value, dict):
        value = value.get("value")
    return str(value) if isinstance(value, str | int) and value != "" else ""
