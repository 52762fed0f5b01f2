"""OAuth endpoints answer RFC 6749 errors (`{error, error_description}`), not Okta's E-codes: one exception, the
descriptions Okta uses as data."""

from __future__ import annotations

from mokta.types import Reply

CLIENT_AUTH_FAILED = "Client authentication failed. Either the client or the client credentials are invalid."
POLICY_FAILED = "Policy evaluation failed for this request, please check the policy configurations."
UNKNOWN_SCOPE = "One or more scopes are not configured for the authorization server resource."
NO_SCOPE = "The authorization server resource does not have any configured default scopes, 'scope' must be provided."


class OAuthError(Exception):
    """An error the OAuth endpoints answer as `{error, error_description}` with its HTTP status."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description

    def reply(self) -> Reply:
        headers = [("Cache-Control", "no-store"), ("Pragma", "no-cache")]
        if self.status == 401:
            headers.append(("WWW-Authenticate", f'Basic realm="oauth", error="{self.error}"'))
        return Reply(self.status, {"error": self.error, "error_description": self.description}, headers)


def invalid_client(description: str = CLIENT_AUTH_FAILED) -> OAuthError:
    return OAuthError(401, "invalid_client", description)


def invalid_request(description: str) -> OAuthError:
    return OAuthError(400, "invalid_request", description)


def invalid_scope(description: str = UNKNOWN_SCOPE) -> OAuthError:
    return OAuthError(400, "invalid_scope", description)


def invalid_grant(description: str) -> OAuthError:
    return OAuthError(400, "invalid_grant", description)


def access_denied(description: str = POLICY_FAILED) -> OAuthError:
    return OAuthError(400, "access_denied", description)
