"""Facts the coverage driver can't read off the schemas: bodies that must be meaningful, fixed parameter values,
which parameters name another family's objects, and the operations that need a party mokta can't reach."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

_n = itertools.count(1)


def _u(prefix: str) -> str:
    return f"{prefix}{next(_n)}"


def _user(_driver: Any = None) -> dict[str, Any]:
    login = _u("cover.user") + "@example.com"
    return {"profile": {"firstName": "Cover", "lastName": "Age", "email": login, "login": login}}


COVER_PASSWORD, COVER_ANSWER = "Mokta-Pass-1234!", "cover answer"


def _user_in(status: str) -> Callable[[Any, str], str]:
    """A fresh user brought to `status` (with a password and recovery question unless PROVISIONED): lifecycle and
    credential operations are allowed only from certain statuses (spec digest part 2 §24.4)."""
    params = {"STAGED": {"activate": "false"}}.get(status, {})
    then = {"SUSPENDED": "suspend"}.get(status)

    def make(driver: Any, _coll: str) -> str:
        body = _user()
        if status != "PROVISIONED":
            body["credentials"] = {"password": {"value": COVER_PASSWORD},
                                   "recovery_question": {"question": "Cover?", "answer": COVER_ANSWER}}
        user_id = str(driver.client.post("/api/v1/users", params=params, json=body).json()["id"])
        if then:
            driver.client.post(f"/api/v1/users/{user_id}/lifecycle/{then}")
        return user_id

    return make


def _event_hook() -> dict[str, Any]:
    return {"name": _u("cover-hook-"), "events": {"type": "EVENT_TYPE", "items": ["user.lifecycle.create"]},
            "channel": {"type": "HTTP", "version": "1.0.0", "config": {"uri": hook_receiver() + "/okta"}}}


_receiver: list[str] = []

# What the test receiver answers an inline hook call with (a password-import verdict).
INLINE_HOOK_ANSWER = {"commands": [{"type": "com.okta.action.update", "value": {"credential": "VERIFIED"}}]}


def hook_receiver() -> str:
    """A loopback endpoint that answers Okta's event-hook verification challenge, as a customer's receiver does."""
    if not _receiver:
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Echo(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                body = json.dumps({"verification": self.headers.get("X-Okta-Verification-Challenge", "")}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = json.dumps(INLINE_HOOK_ANSWER).encode() if self.path.startswith("/inline") else b""
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        _receiver.append(f"http://127.0.0.1:{server.server_address[1]}")
    return _receiver[0]


def _group_rule(driver: Any) -> dict[str, Any]:
    return {"type": "group_rule", "name": _u("cover-rule-"),
            "conditions": {"expression": {"value": 'user.department == "Coverage"',
                                          "type": "urn:okta:expression:1.0"}},
            "actions": {"assignUserToGroups": {"groupIds": [driver.reference("/api/v1/groups", False)]}}}


# Collections Okta caps at a handful per org (2 log streams): the driver clears them before creating another.
ORG_LIMITED = frozenset({"/api/v1/logStreams"})


def _log_stream() -> dict[str, Any]:
    """The SDK's model keeps the spec's one-character pattern for `eventSourceName`, so only such a name parses."""
    return {"type": "aws_eventbridge", "name": _u("cover-stream-"),
            "settings": {"accountId": "123456789012", "eventSourceName": "c", "region": "us-east-1"}}


def _signing_jwk() -> dict[str, Any]:
    """A real RSA public key, as a client registers it for private_key_jwt."""
    from mokta.engine.keys import rsa_signing_key

    jwk, _pem = rsa_signing_key()
    return {**jwk, "status": "ACTIVE"}


def _trusted_origin() -> dict[str, Any]:
    return {"name": _u("cover-origin-"), "origin": f"https://{_u('o')}.example.com", "scopes": [{"type": "CORS"}]}


BODIES: dict[str, Any | Callable[[Any], Any]] = {
    "createUser": _user,
    "replaceUser": _user,
    "changePassword": {"oldPassword": {"value": COVER_PASSWORD}, "newPassword": {"value": "Mokta-Word-5678!"}},
    "changeRecoveryQuestion": {"password": {"value": COVER_PASSWORD},
                               "recovery_question": {"question": "Cover again?", "answer": "another answer"}},
    "forgotPasswordSetNewPassword": {"password": {"value": "Mokta-Word-5678!"},
                                     "recovery_question": {"answer": COVER_ANSWER}},
    "assignUserToApplication": lambda d: {"id": d.reference("/api/v1/users", True), "scope": "USER"},
    "addGroup": lambda _: {"profile": {"name": _u("cover-group-"), "description": "coverage"}},
    "replaceGroup": lambda _: {"profile": {"name": _u("cover-group-"), "description": "replaced"}},
    "createApplication": lambda _: {"name": "bookmark", "label": _u("Cover app "), "signOnMode": "BOOKMARK",
                                  "settings": {"app": {"url": "https://example.com/bookmark"}}},
    "replaceApplication": lambda _: {"name": "bookmark", "label": _u("Cover app "), "signOnMode": "BOOKMARK",
                                   "settings": {"app": {"url": "https://example.com/bookmark2"}}},
    "createAuthorizationServer": lambda _: {"name": _u("cover-as-"), "description": "coverage",
                                          "audiences": ["api://cover"]},
    "createLinkedObjectDefinition": lambda _: {
        "primary": {"name": _u("manager"), "title": "Manager", "type": "USER"},
        "associated": {"name": _u("subordinate"), "title": "Subordinate", "type": "USER"}},
    "createIdentitySourceUser": lambda _: {"externalId": _u("ext-"), "profile": {"userName": _u("ext.user")}},
    "createResourceSetBinding": lambda d: {"role": d.create_with("createRole"),
                                           "members": [f"/api/v1/users/{d.reference('/api/v1/users', True)}"]},
    "createInlineHook": lambda _: {
        "name": _u("cover-inline-"), "type": "com.okta.user.credential.password.import", "version": "1.0.0",
        "channel": {"type": "HTTP", "version": "1.0.0",
                    "config": {"uri": hook_receiver() + "/inline", "method": "POST"}}},
    "createAssociatedServers": lambda d: {"trusted": [d.create_with("createAuthorizationServer")]},
    "addJwk": lambda _: _signing_jwk(),
    "createGroupRule": lambda d: _group_rule(d),
    "replaceGroupRule": lambda d: _group_rule(d),
    "createUserType": lambda _: {"name": _u("coverType"), "displayName": "Cover type", "description": "coverage"},
    "replaceUserType": lambda d: {"name": d.client.get(d.current_path).json().get("name", "x"),
                                  "displayName": "Cover type", "description": "replaced"},
    "assignGroupOwner": lambda d: {"id": d.reference("/api/v1/users", True), "type": "USER"},
    "createLogStream": lambda _: _log_stream(),
    "replaceLogStream": lambda _: _log_stream(),
    "createHookKey": lambda _: {"name": _u("cover-key-")},
    "replaceHookKey": lambda _: {"name": _u("cover-key-")},
    "createEventHook": lambda _: _event_hook(),
    "replaceEventHook": lambda _: _event_hook(),
    "createTrustedOrigin": lambda _: _trusted_origin(),
    "replaceTrustedOrigin": lambda _: _trusted_origin(),
    "createPolicyRule": lambda _: {"type": "SIGN_ON", "name": _u("cover-rule-")},
    "replacePolicyRule": lambda _: {"type": "SIGN_ON", "name": _u("cover-rule-")},
    "createPolicy": lambda _: {"type": "OKTA_SIGN_ON", "name": _u("cover-policy-"), "description": "coverage"},
    "replacePolicy": lambda _: {"type": "OKTA_SIGN_ON", "name": _u("cover-policy-"), "description": "replaced"},
}

QUERY: dict[str, dict[str, Any]] = {
    "listPolicies": {"type": "OKTA_SIGN_ON"},
    "listPrincipalRateLimitEntities": {"filter": 'principalType eq "SSWS_TOKEN"'},
}

# Parameters that name another family's object: the driver creates (or reuses) one of those and points at it.
ROOT_OF_PARAM: dict[str, str] = {
    "userId": "/api/v1/users",
    "groupId": "/api/v1/groups",
    "targetGroupId": "/api/v1/groups",
    "appId": "/api/v1/apps",
}

# Fixed values by "operationId:param", by parameter template path, or by parameter name.
PARAM_VALUES: dict[str, Any] = {
    "schemaId": "default",
    "assignApplicationPolicy:policyId": lambda d, _: d.create_with("createPolicy"),
    "primaryRelationshipName": lambda d, _: d.linked_object("primary"),
    "relationshipName": lambda d, _: d.linked_object("primary"),
    "primaryUserId": lambda d, _: d.reference("/api/v1/users", True),
    "getFirstPartyAppSettings:appName": "admin-console",
    "replaceFirstPartyAppSettings:appName": "admin-console",
    "permissionType": lambda d, coll: d.upserted(coll + "/okta.users.read"),
    "getPublicKey:keyId": lambda d, _: d.client.post("/api/v1/hook-keys", json={"name": _u("k")}).json()["keyId"],
    "enrollmentId": lambda d, coll: d.post_for_key(coll + "/phone", "createAuthenticatorEnrollment"),
    "activateUser:id": _user_in("STAGED"),
    "reactivateUser:id": _user_in("PROVISIONED"),
    "unsuspendUser:id": _user_in("SUSPENDED"),
    **{f"{op}:id": _user_in("ACTIVE") for op in ("suspendUser", "deactivateUser", "expirePassword",
                                                  "expirePasswordWithTempPassword", "resetPassword", "resetFactors")},
    **{f"{op}:userId": _user_in("ACTIVE") for op in ("changePassword", "changeRecoveryQuestion", "forgotPassword",
                                                      "forgotPasswordSetNewPassword")},
}

# Operations that answer with what a customer's endpoint returned (an ambiguous oneOf in the spec): the reply must
# be exactly the receiver's answer.
RELAYED: dict[str, Any] = {"executeInlineHook": INLINE_HOOK_ANSWER}

# Operations that end the caller's own access: each runs against a server of its own.
ISOLATED = {"revokeApiToken", "revokeCurrentApiToken"}

# Operations whose success needs a party mokta can't reach here: {operationId: (status, errorCode, why)}.
_DEVICE = "a device registered by Okta Verify"
_REFRESH = "a refresh token issued to an end user by a browser sign-in"
_GRANT = "a consent grant an end user gives at sign-in"
EXTERNAL: dict[str, tuple[int, str, str]] = {
    "getDevice": (404, "E0000007", _DEVICE),
    "deleteDevice": (404, "E0000007", _DEVICE),
    "activateDevice": (404, "E0000007", _DEVICE),
    "deactivateDevice": (404, "E0000007", _DEVICE),
    "suspendDevice": (404, "E0000007", _DEVICE),
    "unsuspendDevice": (404, "E0000007", _DEVICE),
    "listDeviceUsers": (404, "E0000007", _DEVICE),
    "getFactorTransactionStatus": (404, "E0000007", "a push challenge answered on an Okta Verify device"),
    "getRoleAssignmentGovernanceGrant": (404, "E0000007", "a grant made through Okta Identity Governance"),
    "getRoleAssignmentGovernanceGrantResources": (404, "E0000007", "a grant made through Okta Identity Governance"),
    "getRefreshTokenForAuthorizationServerAndClient": (404, "E0000007", _REFRESH),
    "revokeRefreshTokenForAuthorizationServerAndClient": (404, "E0000007", _REFRESH),
    "getRefreshTokenForUserAndClient": (404, "E0000007", _REFRESH),
    "revokeTokenForUserAndClient": (404, "E0000007", _REFRESH),
    "getOAuth2TokenForApplication": (404, "E0000007", _REFRESH),
    "revokeOAuth2TokenForApplication": (404, "E0000007", _REFRESH),
    "getUserGrant": (404, "E0000007", _GRANT),
    "revokeUserGrant": (404, "E0000007", _GRANT),
    "deleteWebAuthnPreregistrationFactor": (404, "E0000007", "an enrollment made by a YubiKey fulfillment provider"),
    "unlockUser": (403, "E0000032", "a user locked out by failed sign-ins"),
}
