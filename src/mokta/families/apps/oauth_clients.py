"""OIDC clients as Okta checks them: the application type decides which grant types, response types and token
endpoint auth methods make sense; redirect URIs must be real absolute URIs; `private_key_jwt` needs keys."""

from __future__ import annotations

from urllib.parse import urlsplit

from mokta.http.errors import invalid
from mokta.types import Document

APPLICATION_TYPES = ("web", "native", "browser", "service")
AUTH_METHODS = ("client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none")
GRANT_TYPES = ("authorization_code", "client_credentials", "implicit", "interaction_code", "password", "refresh_token",
               "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:jwt-bearer",
               "urn:ietf:params:oauth:grant-type:saml2-bearer", "urn:ietf:params:oauth:grant-type:token-exchange",
               "urn:openid:params:grant-type:ciba", "urn:okta:params:oauth:grant-type:otp",
               "urn:okta:params:oauth:grant-type:oob", "http://auth0.com/oauth/grant-type/mfa-otp",
               "http://auth0.com/oauth/grant-type/mfa-oob")
RESPONSE_TYPES = ("code", "token", "id_token")

# Grant types each application type may use (Okta's app wizard and API both enforce these).
ALLOWED_GRANTS: dict[str, frozenset[str]] = {
    "service": frozenset({"client_credentials", "urn:ietf:params:oauth:grant-type:token-exchange",
                          "urn:ietf:params:oauth:grant-type:jwt-bearer"}),
    "browser": frozenset({"authorization_code", "implicit", "refresh_token", "interaction_code",
                          "urn:ietf:params:oauth:grant-type:token-exchange"}),
}
DEFAULT_AUTH_METHOD = "client_secret_basic"  # Okta's default for every application type (a browser app must say none)
SECRETLESS_AUTH = {"none", "private_key_jwt"}


def check(app: Document) -> None:
    """400 naming the first field of the client that Okta would refuse."""
    settings = (app.get("settings") or {}).get("oauthClient")
    if not isinstance(settings, dict):
        raise invalid("settings.oauthClient: is required for signOnMode OPENID_CONNECT")
    kind = settings.get("application_type", "web")
    if kind not in APPLICATION_TYPES:
        raise invalid(f"settings.oauthClient.application_type: must be one of {', '.join(APPLICATION_TYPES)}")
    grants = _strings(settings, "grant_types")
    if not grants:
        raise invalid("settings.oauthClient.grant_types: is required")
    unknown = [g for g in grants if g not in GRANT_TYPES]
    if unknown:
        raise invalid(f"settings.oauthClient.grant_types: {unknown[0]} is not a supported grant type")
    responses = _strings(settings, "response_types") or _default_responses(kind, grants)
    unknown = [r for r in responses if r not in RESPONSE_TYPES]
    if unknown:
        raise invalid(f"settings.oauthClient.response_types: {unknown[0]} is not a supported response type")
    allowed = ALLOWED_GRANTS.get(kind)
    if allowed is not None:
        banned = [g for g in grants if g not in allowed]
        if banned:
            raise invalid(f"settings.oauthClient.grant_types: {banned[0]} is not allowed for a {kind} application")
    if kind == "service" and "client_credentials" not in grants:
        raise invalid("settings.oauthClient.grant_types: a service application must use client_credentials")
    if "authorization_code" in grants and "code" not in responses:
        raise invalid("settings.oauthClient.response_types: authorization_code requires the code response type")
    if "implicit" in grants and not {"token", "id_token"} & set(responses):
        raise invalid("settings.oauthClient.response_types: implicit requires the token or id_token response type")
    if "code" in responses and "authorization_code" not in grants:
        raise invalid("settings.oauthClient.grant_types: the code response type requires authorization_code")
    if {"token", "id_token"} & set(responses) and "implicit" not in grants and kind != "service":
        raise invalid("settings.oauthClient.grant_types: token and id_token response types require implicit")
    if "refresh_token" in grants and not {"authorization_code", "password", "interaction_code",
                                          "urn:ietf:params:oauth:grant-type:device_code",
                                          "urn:ietf:params:oauth:grant-type:token-exchange"} & set(grants):
        raise invalid("settings.oauthClient.grant_types: refresh_token needs a grant type that issues one")
    redirects = _strings(settings, "redirect_uris")
    if {"authorization_code", "implicit"} & set(grants) and not redirects:
        raise invalid("settings.oauthClient.redirect_uris: is required for authorization_code and implicit")
    wildcard = settings.get("wildcard_redirect") not in (None, "DISABLED")
    for field in ("redirect_uris", "post_logout_redirect_uris"):
        for uri in _strings(settings, field):
            _check_redirect(field, uri, kind, wildcard)
    for field in ("initiate_login_uri", "jwks_uri", "logo_uri", "client_uri", "policy_uri", "tos_uri"):
        value = settings.get(field)
        if value is not None and not _absolute_http(value):
            raise invalid(f"settings.oauthClient.{field}: must be an absolute http or https URL")
    _check_auth_method(app, settings, kind)


def complete(app: Document) -> None:
    """Okta's defaults for a client the body left partly open."""
    settings = app["settings"]["oauthClient"]
    kind = settings.setdefault("application_type", "web")
    settings.setdefault("response_types", _default_responses(kind, settings["grant_types"]))
    settings.setdefault("consent_method", "TRUSTED")
    settings.setdefault("issuer_mode", "DYNAMIC")
    settings.setdefault("wildcard_redirect", "DISABLED")
    client = app.setdefault("credentials", {}).setdefault("oauthClient", {})
    client.setdefault("token_endpoint_auth_method", DEFAULT_AUTH_METHOD)
    client.setdefault("autoKeyRotation", True)
    client.setdefault("pkce_required", client["token_endpoint_auth_method"] == "none")


def auth_method(app: Document) -> str:
    return str(((app.get("credentials") or {}).get("oauthClient") or {}).get("token_endpoint_auth_method")
               or "client_secret_basic")


def _check_auth_method(app: Document, settings: Document, kind: str) -> None:
    client = (app.get("credentials") or {}).get("oauthClient") or {}
    method = client.get("token_endpoint_auth_method", DEFAULT_AUTH_METHOD)
    field = "credentials.oauthClient.token_endpoint_auth_method"
    if method not in AUTH_METHODS:
        raise invalid(f"{field}: must be one of {', '.join(AUTH_METHODS)}")
    if kind == "browser" and method != "none":
        raise invalid(f"{field}: a browser application must use none")
    if kind == "service" and method == "none":
        raise invalid(f"{field}: a service application must authenticate (a client secret or private_key_jwt)")
    if method == "private_key_jwt":
        keys = ((settings.get("jwks") or {}).get("keys")) if isinstance(settings.get("jwks"), dict) else None
        if not keys and not settings.get("jwks_uri"):
            raise invalid("settings.oauthClient.jwks: private_key_jwt requires jwks or jwks_uri")
    if method in SECRETLESS_AUTH and client.get("client_secret"):
        raise invalid(f"credentials.oauthClient.client_secret: a client using {method} holds no secret")


def _default_responses(kind: str, grants: list[str]) -> list[str]:
    if kind == "service":
        return ["token"]
    out = ["code"] if "authorization_code" in grants else []
    if "implicit" in grants:
        out += ["id_token", "token"]
    return out


def _check_redirect(field: str, uri: str, kind: str, wildcard: bool) -> None:
    parts = urlsplit(uri)
    where = f"settings.oauthClient.{field}"
    if not parts.scheme or (parts.scheme in ("http", "https") and not parts.netloc):
        raise invalid(f"{where}: {uri} is not an absolute URI")
    if parts.fragment or "#" in uri:
        raise invalid(f"{where}: {uri} must not contain a fragment")
    if kind in ("web", "browser") and parts.scheme not in ("http", "https"):
        raise invalid(f"{where}: {uri} must use http or https for a {kind} application")
    if "*" in uri and not wildcard:
        raise invalid(f"{where}: {uri} has a wildcard but wildcard_redirect is DISABLED")


def _absolute_http(value: object) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _strings(settings: Document, field: str) -> list[str]:
    value = settings.get(field)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise invalid(f"settings.oauthClient.{field}: must be an array of strings")
    return list(value)
