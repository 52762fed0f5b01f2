"""Direct access to a test server's store, for checks the API can't make (private documents, the OAuth client
contract the token endpoint reads)."""

from __future__ import annotations

import copy
import uuid
from typing import Any


def label(prefix: str = "App") -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


VALID: dict[str, dict[str, Any]] = {
    "BOOKMARK": {"name": "bookmark", "settings": {"app": {"url": "https://example.com/b"}}},
    "BASIC_AUTH": {"name": "template_basic_auth",
                   "settings": {"app": {"url": "https://example.com/b", "authURL": "https://example.com/auth"}}},
    "BROWSER_PLUGIN": {"name": "template_swa", "settings": {"app": {
        "url": "https://example.com/login", "usernameField": "#u", "passwordField": "#p", "buttonField": "#go"}}},
    "SECURE_PASSWORD_STORE": {"name": "template_sps", "settings": {"app": {
        "url": "https://example.com/login", "usernameField": "#u", "passwordField": "#p"}}},
    "AUTO_LOGIN": {"settings": {"signOn": {"loginUrl": "https://example.com/login"}}},
    "WS_FEDERATION": {"name": "template_wsfed", "settings": {"app": {
        "wReplyURL": "https://example.com/wsfed", "audienceRestriction": "urn:example", "siteURL":
        "https://example.com", "groupValueFormat": "windowsDomainQualifiedName", "nameIDFormat":
        "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", "authnContextClassRef":
        "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport", "usernameAttribute": "username"}}},
    "SAML_1_1": {"name": "example_saml11_app"},
    "SAML_2_0": {"settings": {"signOn": {
        "ssoAcsUrl": "https://sp.example.com/acs", "audience": "https://sp.example.com", "responseSigned": True,
        "assertionSigned": True, "honorForceAuthn": True, "requestCompressed": False,
        "allowMultipleAcsEndpoints": False}}},
    "OPENID_CONNECT": {"name": "oidc_client", "settings": {"oauthClient": {
        "grant_types": ["client_credentials"], "application_type": "service"}},
        "credentials": {"oauthClient": {"token_endpoint_auth_method": "client_secret_post"}}},
}


def app_body(mode: str, **extra: Any) -> dict[str, Any]:
    """A valid create body for an app of this sign-on mode."""
    return {"label": label(mode), "signOnMode": mode, **copy.deepcopy(VALID[mode]), **extra}
