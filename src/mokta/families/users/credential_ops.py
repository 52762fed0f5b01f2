"""Self-service credential operations: the old password (or recovery answer) is checked against the stored hash with
the algorithm that made it; a successful change leaves an expired or recovering user ACTIVE."""

from __future__ import annotations

from typing import Any

from mokta.engine import generic, ids
from mokta.engine.registry import handles
from mokta.families import outbox
from mokta.families.users import credentials, lifecycle, password_policy
from mokta.families.users.lookup import find, save
from mokta.http.errors import OktaError
from mokta.types import Context, Document, Reply

CHANGE_FROM = frozenset({"STAGED", "ACTIVE", "PASSWORD_EXPIRED", "RECOVERY"})
RECOVERY_CHANGE_FROM = frozenset({"STAGED", "ACTIVE", "RECOVERY"})
BAD_CREDENTIALS = "The credentials provided were incorrect."


@handles("changePassword")
def change_password(ctx: Context) -> Reply:
    path, doc = _with_password(ctx, CHANGE_FROM)
    body = generic.body_object(ctx)
    old, new = _value(body.get("oldPassword")), _value(body.get("newPassword"))
    if not credentials.verify(ctx, doc["id"], old):
        raise _update_failed(f"oldPassword: {BAD_CREDENTIALS}")
    if not new:
        raise _update_failed("newPassword: The field cannot be left blank")
    if new == old:
        raise _update_failed("password: Password cannot be your current password")
    if lifecycle.flag(ctx, "strict", False):  # Okta: `strict` adds the policy's minimum password age
        password_policy.check_min_age(doc, password_policy.settings(ctx))
    doc = set_password(ctx, path, doc, new)
    return Reply(200, doc.get("credentials") or {})


@handles("changeRecoveryQuestion")
def change_recovery_question(ctx: Context) -> Reply:
    path, doc = _with_password(ctx, RECOVERY_CHANGE_FROM)
    body = generic.body_object(ctx)
    if not credentials.verify(ctx, doc["id"], _value(body.get("password"))):
        raise _update_failed(f"password: {BAD_CREDENTIALS}")
    wire, _ = credentials.apply(ctx, doc["id"], {"recovery_question": body.get("recovery_question") or {}})
    doc["credentials"] = {**(doc.get("credentials") or {}), **wire}
    doc = save(ctx, path, doc)
    return Reply(200, doc["credentials"])


@handles("forgotPassword")
def forgot_password(ctx: Context) -> Reply:
    """Starts recovery: with `sendEmail=false` the admin gets the link; the user answers the question there."""
    _, doc = _recoverable(ctx)
    url = ctx.url(f"/signin/reset-password/{lifecycle.issue_token(ctx, doc, lifecycle.RECOVERY)}")
    if lifecycle.flag(ctx, "sendEmail", True):
        outbox.record(ctx, doc, "ForgotPassword", {"reset": url})
        return Reply(200, {})
    return Reply(200, {"resetPasswordUrl": url})


@handles("forgotPasswordSetNewPassword")
def forgot_password_set_new_password(ctx: Context) -> Reply:
    path, doc = _recoverable(ctx)
    body = generic.body_object(ctx)
    answer = str((body.get("recovery_question") or {}).get("answer") or "")
    if not credentials.check_answer(ctx, doc["id"], answer):
        raise OktaError(403, "E0000087", "The recovery question answer did not match our records.",
                        ["recovery_question.answer: The recovery question answer did not match our records."])
    new = _value(body.get("password"))
    if not new:
        raise _update_failed("password: The field cannot be left blank")
    doc = set_password(ctx, path, doc, new)
    return Reply(200, doc.get("credentials") or {})


# -- private ------------------------------------------------------------------------------------------------------


def _with_password(ctx: Context, allowed: frozenset[str]) -> tuple[str, Document]:
    path, doc = find(ctx, "userId")
    if doc.get("status") not in allowed or not credentials.has_password(ctx, doc["id"]):
        raise _update_failed("This operation is not allowed in the user's current status.")
    return path, doc


def _recoverable(ctx: Context) -> tuple[str, Document]:
    path, doc = find(ctx, "userId")
    if doc.get("status") != "ACTIVE" or not (credentials.load(ctx, doc["id"]).get("recovery")):
        raise OktaError(403, "E0000034", "Forgot password not allowed on specified user.")
    return path, doc


def set_password(ctx: Context, path: str, doc: Document, value: str) -> Document:
    """Hash and store a new password the user chose: the PASSWORD policy's complexity and history apply, as for any
    self-service change; an expired or recovering user is ACTIVE again (the links module uses it)."""
    wire, _ = credentials.apply(ctx, doc["id"], {"password": {"value": value}}, profile=doc.get("profile"),
                                history=True)
    doc["credentials"] = {**(doc.get("credentials") or {}), **wire}
    doc["passwordChanged"] = ids.now()
    if doc.get("status") in ("PASSWORD_EXPIRED", "RECOVERY"):
        doc["status"], doc["statusChanged"] = "ACTIVE", doc["passwordChanged"]
    return save(ctx, path, doc)


def _value(password: Any) -> str:
    return str(password.get("value") or "") if isinstance(password, dict) else ""


def _update_failed(cause: str) -> OktaError:
    return OktaError(403, "E0000014", "Update of credentials failed", [cause])
