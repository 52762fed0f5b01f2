"""The per-org email outbox: mokta sends no mail, so every email Okta would send (activation, password reset) is
recorded here in the request's transaction, and an admin reads it at `/mokta/v1/outbox` to follow the links."""

from __future__ import annotations

import re

from mokta.engine import ids
from mokta.engine.registry import extension
from mokta.seed_data import EMAIL_TEMPLATES, PRIVATE_ROOT
from mokta.types import Context, Document, Reply

ROOT = f"{PRIVATE_ROOT}/outbox"
BRANDS = "/api/v1/brands"
# the template variable that carries each kind of link in Okta's email templates
LINK_VARIABLES = {"activation": ("${activationLink}",), "reset": ("${resetPasswordLink}", "${recoveryLink}")}
_VARIABLE = re.compile(r"\$\{user\.profile\.(\w+)\}")


def record(ctx: Context, user: Document, template: str, links: dict[str, str]) -> Document:
    """Keep the email Okta would send `user` from `template`, with its links; returns the stored message."""
    profile = user.get("profile") or {}
    subject, body = _content(ctx, template)
    message: Document = {
        "id": ids.new_id("eml"),
        "to": str(profile.get("email") or profile.get("login") or ""),
        "subject": _render(subject, profile, links),
        "template": template,
        "links": dict(links),
        "userId": user.get("id"),
        "created": ids.now(),
        "body": _render(body, profile, links),
    }
    ctx.tx.put(ctx.org, f"{ROOT}/{message['id']}", message)
    return message


@extension("GET", "/mokta/v1/outbox")
def list_outbox(ctx: Context) -> Reply:
    """Newest first; `?to=` keeps the messages to one recipient (case-insensitive, as email addresses are)."""
    wanted = ctx.query.get("to")
    to = str(wanted[0] if isinstance(wanted, list) else wanted or "").lower()
    messages = [d for _, _, d in ctx.tx.list(ctx.org, ROOT, descending=True)]
    return Reply(200, [m for m in messages if not to or str(m.get("to", "")).lower() == to])


@extension("DELETE", "/mokta/v1/outbox")
def clear_outbox(ctx: Context) -> Reply:
    """Tests start from an empty outbox."""
    ctx.tx.delete_tree(ctx.org, ROOT)
    return Reply(204, None)


# -- private ------------------------------------------------------------------------------------------------------


def _content(ctx: Context, template: str) -> tuple[str, str]:
    """The subject and body the default brand would use: its default customization, else Okta's default content."""
    fallback = (EMAIL_TEMPLATES.get(template, (template, ""))[0], "")
    brand = next((p for _, p, d in ctx.tx.list(ctx.org, BRANDS) if d.get("isDefault")), None)
    if brand is None:
        return fallback
    base = f"{brand}/templates/email/{template}"
    custom = next((d for _, _, d in ctx.tx.list(ctx.org, f"{base}/customizations") if d.get("isDefault")), None)
    content = custom or ctx.tx.get(ctx.org, f"{base}/default-content") or {}
    return str(content.get("subject") or fallback[0]), str(content.get("body") or "")


def _render(text: str, profile: Document, links: dict[str, str]) -> str:
    for kind, url in links.items():
        for variable in LINK_VARIABLES.get(kind, ()):
            text = text.replace(variable, url)
    return _VARIABLE.sub(lambda m: str(profile.get(m.group(1)) or ""), text)
