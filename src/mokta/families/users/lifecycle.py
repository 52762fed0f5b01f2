"""The user status state machine of Okta (§24.4): each verb is allowed only from certain statuses and answers the
others with Okta's own error; activation and reset links carry single-use tokens stored hashed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mokta.engine import ids
from mokta.engine.registry import handles
from mokta.families import outbox
from mokta.families.users import credentials, password_policy
from mokta.families.users.lookup import find, save, wire
from mokta.http.auth import digest
from mokta.http.errors import OktaError, invalid
from mokta.types import Context, Document, Reply

NOT_ALLOWED = (403, "E0000038", "This operation is not allowed in the user's current status.")
# verb -> (statuses it is allowed from, the error Okta gives otherwise: status, code, summary)
TRANSITIONS: dict[str, tuple[frozenset[str], tuple[int, str, str]]] = {
    "activate": (frozenset({"STAGED", "DEPROVISIONED"}),
                 (403, "E0000016", "Activation failed because the user is already active")),
    "reactivate": (frozenset({"PROVISIONED", "RECOVERY"}), NOT_ALLOWED),
    "deactivate": (frozenset({"STAGED", "PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT",
                              "SUSPENDED"}), NOT_ALLOWED),
    "suspend": (frozenset({"ACTIVE"}), (400, "E0000001", "Cannot suspend a user that is not active")),
    "unsuspend": (frozenset({"SUSPENDED"}), (400, "E0000001", "Cannot unsuspend a user that is not suspended")),
    "unlock": (frozenset({"LOCKED_OUT"}), (403, "E0000032", "Unlock is not allowed for this user.")),
    "expire_password": (frozenset({"ACTIVE", "PASSWORD_EXPIRED"}), NOT_ALLOWED),
    "reset_password": (frozenset({"PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT"}),
                       NOT_ALLOWED),
    "reset_factors": (frozenset({"PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT",
                                 "SUSPENDED"}), NOT_ALLOWED),
}
TOKEN_TTL = timedelta(days=7)  # Okta's default activation-token lifetime
ACTIVATION, RECOVERY = "user.activation", "user.recovery"


@handles("activateUser")
def activate(ctx: Context) -> Reply:
    path, doc = _allowed(ctx, "activate")
    active = credentials.has_password(ctx, doc["id"]) or (doc.get("credentials") or {}).get(
        "provider", {}).get("type", "OKTA") != "OKTA"
    move(ctx, path, doc, "ACTIVE" if active else "PROVISIONED")
    return _activation_reply(ctx, doc, send_email=flag(ctx, "sendEmail", True))


@handles("reactivateUser")
def reactivate(ctx: Context) -> Reply:
    path, doc = _allowed(ctx, "reactivate")
    move(ctx, path, doc, "PROVISIONED")
    return _activation_reply(ctx, doc, send_email=flag(ctx, "sendEmail", False))


@handles("deactivateUser")
def deactivate(ctx: Context) -> Reply:
    path, doc = _allowed(ctx, "deactivate")
    deprovision(ctx, path, doc)
    return Reply(202 if respond_async(ctx) else 200, None)


def respond_async(ctx: Context) -> bool:
    """`Prefer: respond-async`: Okta accepts the work with 202 and finishes it later; mokta finishes it at once."""
    return "respond-async" in ctx.request.headers.get("prefer", "").lower()


# Verbs that only move the status: operation -> (the verb whose allowed-from statuses apply, the new status).
MOVES = {"suspendUser": ("suspend", "SUSPENDED"), "unsuspendUser": ("unsuspend", "ACTIVE"),
         "unlockUser": ("unlock", "ACTIVE")}


@handles(*MOVES)
def move_status(ctx: Context) -> Reply:
    verb, target = MOVES[ctx.op.id]
    path, doc = _allowed(ctx, verb)
    move(ctx, path, doc, target)
    return Reply(200, None)


@handles("expirePassword")
def expire_password(ctx: Context) -> Reply:
    path, doc = _allowed(ctx, "expire_password")
    doc = move(ctx, path, doc, "PASSWORD_EXPIRED")
    return Reply(200, wire(ctx, path, doc))


@handles("expirePasswordWithTempPassword")
def expire_password_with_temp_password(ctx: Context) -> Reply:
    """The password is replaced by a random one the admin hands over; Okta adds it to the answer as `tempPassword`."""
    path, doc = _allowed(ctx, "expire_password")
    temp = password_policy.temporary(password_policy.settings(ctx), doc.get("profile"))
    credentials.apply(ctx, doc["id"], {"password": {"value": temp}}, profile=doc.get("profile"))
    doc["passwordChanged"] = ids.now()
    doc = move(ctx, path, doc, "PASSWORD_EXPIRED")
    return Reply(200, {**wire(ctx, path, doc), "tempPassword": temp})


@handles("resetPassword")
def reset_password(ctx: Context) -> Reply:
    path, doc = _allowed(ctx, "reset_password")
    move(ctx, path, doc, "RECOVERY")
    url = ctx.url(f"/reset_password/{issue_token(ctx, doc, RECOVERY)}")
    if flag(ctx, "sendEmail", True):
        outbox.record(ctx, doc, "PasswordResetByAdmin", {"reset": url})
        return Reply(200, {})
    return Reply(200, {"resetPasswordUrl": url})


@handles("resetFactors")
def reset_factors(ctx: Context) -> Reply:
    path, doc = _allowed(ctx, "reset_factors")
    ctx.tx.delete_tree(ctx.org, f"{path}/factors")
    return Reply(200, None)


def deprovision(ctx: Context, path: str, doc: Document) -> Document:
    """Deactivation (also the first DELETE): the user keeps its data but can do nothing until activated again."""
    return move(ctx, path, doc, "DEPROVISIONED")


def issue_token(ctx: Context, doc: Document, kind: str) -> str:
    """A single-use token: only its digest is kept, keyed to the user, with an expiry; it replaces any earlier link
    of the same kind, as in Okta."""
    token = ids.new_id("")
    expires = (datetime.now(UTC) + TOKEN_TTL).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    ctx.tx.delete_secrets(ctx.org, f"/api/v1/users/{doc['id']}", kind)
    ctx.tx.put_secret(ctx.org, digest(token), kind, f"/api/v1/users/{doc['id']}", expires)
    return token


def email_activation(ctx: Context, doc: Document) -> None:
    """Okta mails a fresh activation link; mokta records that email in the org's outbox."""
    url = ctx.url(f"/welcome/{issue_token(ctx, doc, ACTIVATION)}")
    outbox.record(ctx, doc, "UserActivation", {"activation": url})


def flag(ctx: Context, name: str, default: bool) -> bool:
    value = ctx.query.get(name, default)
    return value if isinstance(value, bool) else str(value).lower() == "true"


def move(ctx: Context, path: str, doc: Document, status: str) -> Document:
    """Change status with Okta's timestamps (`statusChanged`, `activated`); the links module uses it too."""
    stamp = ids.now()
    if doc.get("status") != status:
        doc["statusChanged"] = stamp
    if status == "ACTIVE" and doc.get("status") in ("STAGED", "PROVISIONED", "DEPROVISIONED"):
        doc["activated"] = stamp
    if status == "DEPROVISIONED":
        doc["activated"] = None
    doc["status"] = status
    doc.pop("transitioningToStatus", None)
    return save(ctx, path, doc)


# -- private ------------------------------------------------------------------------------------------------------


def _allowed(ctx: Context, verb: str) -> tuple[str, Document]:
    path, doc = find(ctx)
    allowed, (status, code, summary) = TRANSITIONS[verb]
    if doc.get("status") not in allowed:
        if code == "E0000001":
            raise invalid(summary)
        raise OktaError(status, code, summary)
    return path, doc


def _activation_reply(ctx: Context, doc: Document, send_email: bool) -> Reply:
    """With `sendEmail=false` the admin gets the link to hand over; otherwise Okta emails it (to the outbox here)
    and answers `{}`."""
    if send_email:
        email_activation(ctx, doc)
        return Reply(200, {})
    token = issue_token(ctx, doc, ACTIVATION)
    return Reply(200, {"activationToken": token, "activationUrl": ctx.url(f"/welcome/{token}")})
