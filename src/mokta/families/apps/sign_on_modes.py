"""What each sign-on mode demands of an app before Okta creates it, and the defaults Okta fills in. OIDC clients have
rules of their own in `oauth_clients`."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from mokta.http.errors import invalid
from mokta.types import Document

SIGN_ON_MODES = ("AUTO_LOGIN", "BASIC_AUTH", "BOOKMARK", "BROWSER_PLUGIN", "OPENID_CONNECT", "SAML_1_1", "SAML_2_0",
                 "SECURE_PASSWORD_STORE", "WS_FEDERATION")

# The app `name` Okta's own templates carry; a body without one gets the template's.
TEMPLATE_NAMES = {"BOOKMARK": "bookmark", "BASIC_AUTH": "template_basic_auth", "BROWSER_PLUGIN": "template_swa",
                  "SECURE_PASSWORD_STORE": "template_sps", "WS_FEDERATION": "template_wsfed",
                  "OPENID_CONNECT": "oidc_client"}

# Settings each mode cannot work without (dotted paths from the app root), by mode and, where templates differ, name.
REQUIRED: dict[str, tuple[str, ...]] = {
    "BOOKMARK": ("settings.app.url",),
    "BASIC_AUTH": ("settings.app.url", "settings.app.authURL"),
    "BROWSER_PLUGIN": ("settings.app.url", "settings.app.usernameField", "settings.app.passwordField",
                       "settings.app.buttonField"),
    "BROWSER_PLUGIN:template_swa3field": ("settings.app.targetURL", "settings.app.userNameSelector",
                                          "settings.app.passwordSelector", "settings.app.buttonSelector"),
    "SECURE_PASSWORD_STORE": ("settings.app.url", "settings.app.usernameField", "settings.app.passwordField"),
    "AUTO_LOGIN": ("settings.signOn.loginUrl",),
    "WS_FEDERATION": ("settings.app.wReplyURL", "settings.app.audienceRestriction", "settings.app.siteURL"),
    "SAML_1_1": ("name",),
    "SAML_2_0": ("settings.signOn.ssoAcsUrl", "settings.signOn.audience"),
    "OPENID_CONNECT": ("settings.oauthClient",),
}

# Fields that must be absolute http(s) URLs when present.
URL_FIELDS = ("settings.app.url", "settings.app.authURL", "settings.app.targetURL", "settings.app.wReplyURL",
              "settings.app.siteURL", "settings.signOn.loginUrl", "settings.signOn.redirectUrl",
              "settings.signOn.ssoAcsUrl", "settings.signOn.recipient", "settings.signOn.destination")

SAML_DEFAULTS: Document = {
    "subjectNameIdTemplate": "${user.userName}",
    "subjectNameIdFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    "responseSigned": True, "assertionSigned": True, "signatureAlgorithm": "RSA_SHA256", "digestAlgorithm": "SHA256",
    "honorForceAuthn": True,
    "authnContextClassRef": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
    "requestCompressed": False, "allowMultipleAcsEndpoints": False, "attributeStatements": [],
}
SWA_CREDENTIALS: Document = {"scheme": "EDIT_USERNAME_AND_PASSWORD",
                             "userNameTemplate": {"template": "${source.login}", "type": "BUILT_IN"},
                             "revealPassword": False}
CUSTOM_NAME = re.compile(r"_\d+$")  # the names Okta gives custom apps end in a counter
SIGNED_MODES = {"SAML_1_1", "SAML_2_0", "WS_FEDERATION"}  # modes that get a signing key credential at create
SWA_MODES = {"AUTO_LOGIN", "BASIC_AUTH", "BROWSER_PLUGIN", "SECURE_PASSWORD_STORE"}


def check(app: Document) -> None:
    """400 naming the first field this mode needs and the body lacks (or holds in an unusable form)."""
    mode = app.get("signOnMode")
    if mode not in SIGN_ON_MODES:
        raise invalid(f"signOnMode: must be one of {', '.join(SIGN_ON_MODES)}")
    if not str(app.get("label") or "").strip():
        raise invalid("label: is required")
    required = REQUIRED.get(f"{mode}:{app.get('name')}") or REQUIRED.get(str(mode), ())
    if _catalog_app(app):
        required = ()  # an integration from Okta's catalog brings settings of its own design
    for path in required:
        value = dig(app, path)
        if value is None or value == "" or value == []:
            raise invalid(f"{path}: is required for signOnMode {mode}")
    sign_on = dig(app, "settings.signOn") or {}
    if mode == "SAML_2_0" and sign_on.get("allowMultipleAcsEndpoints") is True:
        endpoints = sign_on.get("acsEndpoints")
        if not isinstance(endpoints, list) or not endpoints:
            raise invalid("settings.signOn.acsEndpoints: is required when allowMultipleAcsEndpoints is true")
        for i, endpoint in enumerate(endpoints):
            if not isinstance(endpoint, dict) or not _http_url(endpoint.get("url")):
                raise invalid(f"settings.signOn.acsEndpoints[{i}].url: must be an absolute http or https URL")
    for path in URL_FIELDS:
        value = dig(app, path)
        if value is not None and not _http_url(value):
            raise invalid(f"{path}: must be an absolute http or https URL")


def complete(app: Document) -> None:
    """Okta's defaults for what the body left out, so the stored app parses as its SDK model."""
    mode = str(app.get("signOnMode"))
    if not app.get("name"):
        app["name"] = TEMPLATE_NAMES.get(mode) or _generated_name(app)
    settings = app.setdefault("settings", {})
    settings.setdefault("app", {})
    if mode == "SAML_2_0":
        sign_on = settings.setdefault("signOn", {})
        for key, value in SAML_DEFAULTS.items():
            sign_on.setdefault(key, value)
        sign_on.setdefault("recipient", sign_on.get("ssoAcsUrl"))
        sign_on.setdefault("destination", sign_on.get("ssoAcsUrl"))
    credentials = app.setdefault("credentials", {})
    credentials.setdefault("userNameTemplate", dict(SWA_CREDENTIALS["userNameTemplate"]))
    if mode in SWA_MODES:
        for key, value in SWA_CREDENTIALS.items():
            credentials.setdefault(key, value)
    accessibility = app.setdefault("accessibility", {})
    accessibility.setdefault("selfService", False)
    visibility = app.setdefault("visibility", {})
    visibility.setdefault("autoSubmitToolbar", False)
    visibility.setdefault("autoLaunch", False)
    hide = visibility.setdefault("hide", {})
    hide.setdefault("iOS", False)
    hide.setdefault("web", False)
    visibility.setdefault("appLinks", {f"{app['name']}_link": True})
    app.setdefault("features", [])


def _catalog_app(app: Document) -> bool:
    """A name that is neither absent, a template's, nor one Okta generated for a custom app (`…_1`) names an Okta
    Integration Network app."""
    mode = str(app.get("signOnMode"))
    name = app.get("name")
    if mode in ("OPENID_CONNECT", "SAML_1_1") or not name:
        return False
    templates = {TEMPLATE_NAMES.get(mode)} | {n.split(":", 1)[1] for n in REQUIRED if n.startswith(f"{mode}:")}
    return name not in templates and not CUSTOM_NAME.search(str(name))


def dig(doc: Any, path: str) -> Any:
    for part in path.split("."):
        doc = doc.get(part) if isinstance(doc, dict) else None
    return doc


def _http_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _generated_name(app: Document) -> str:
    """Custom SAML and SWA apps are named after their label, as Okta does for apps built in the wizard."""
    slug = "".join(c if c.isalnum() else "" for c in str(app.get("label") or "app").lower())[:40] or "app"
    return f"{slug}_1"
