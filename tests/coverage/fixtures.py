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

        from tests.loopback import JsonHandler, serve

        class Echo(JsonHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                self.echo_challenge()

            def do_POST(self) -> None:  # noqa: N802
                self.body()
                self.reply(200, json.dumps(INLINE_HOOK_ANSWER).encode() if self.path.startswith("/inline") else b"")

        server = serve(Echo)
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


def _oidc_app() -> dict[str, Any]:
    """An OAuth web client: the one kind of app every app sub-resource (client secrets and keys included) exists for."""
    return {"name": "oidc_client", "label": _u("Cover app "), "signOnMode": "OPENID_CONNECT",
            "credentials": {"oauthClient": {"token_endpoint_auth_method": "client_secret_basic"}},
            "settings": {"oauthClient": {"application_type": "web", "grant_types": ["authorization_code"],
                                         "response_types": ["code"],
                                         "redirect_uris": ["https://example.com/callback"]}}}


# An app is granted each scope once: successive grants take the next scope.
_SCOPES = itertools.cycle([f"okta.{r}.{v}" for r in ("users", "groups", "apps", "logs", "policies", "roles")
                           for v in ("read", "manage") if f"{r}.{v}" != "logs.manage"])


def _signed_for_csr(driver: Any) -> bytes:
    """What a CA sends back for the CSR being published: a PEM certificate for the CSR's own public key."""
    import base64
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    csr_doc = driver.client.get(driver.current_path.rsplit("/lifecycle/", 1)[0]).json()
    request = x509.load_der_x509_csr(base64.b64decode(csr_doc["csr"]))
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    issuer = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "Cover CA")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(request.subject).issuer_name(issuer)
            .public_key(request.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + dt.timedelta(days=365)).sign(ca_key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM)


def _oauth_provisioned(driver: Any, name: str) -> str:
    """An app of an OAuth provisioning integration (`google`, `slack`, …) with its OAuth 2.0 connection set up."""
    app = driver.client.post("/api/v1/apps", json={**_oidc_app(), "name": name}).json()
    driver.client.post(f"/api/v1/apps/{app['id']}/connections/default",
                       json={"profile": {"authScheme": "OAUTH2", "clientId": "cover-client"}})
    return str(app["id"])


def _resource_jwk() -> dict[str, Any]:
    """A real RSA public key, as a resource server registers it to have tokens encrypted."""
    jwk = _signing_jwk()
    return {"kty": "RSA", "use": "enc", "e": jwk["e"], "n": jwk["n"], "status": "INACTIVE"}


def _as_policy() -> dict[str, Any]:
    return {"name": _u("cover-as-policy-"), "description": "coverage", "type": "OAUTH_AUTHORIZATION_POLICY",
            "conditions": {"clients": {"include": ["ALL_CLIENTS"]}}}


def _as_rule() -> dict[str, Any]:
    return {"name": _u("cover-as-rule-"), "type": "RESOURCE_ACCESS",
            "conditions": {"people": {"groups": {"include": ["EVERYONE"]}},
                           "grantTypes": {"include": ["client_credentials"]}, "scopes": {"include": ["*"]}},
            "actions": {"token": {"accessTokenLifetimeMinutes": 60, "refreshTokenLifetimeMinutes": 0,
                                  "refreshTokenWindowMinutes": 10080}}}


def _access_policy(driver: Any, _coll: str = "") -> str:
    body = {"type": "ACCESS_POLICY", "name": _u("cover-access-"), "description": "coverage"}
    return str(driver.client.post("/api/v1/policies", json=body).json()["id"])


def _oidc_client(driver: Any, _coll: str) -> str:
    """An OIDC service app: the client the refresh-token operations of a server are about."""
    body = {"name": "oidc_client", "label": _u("Cover client "), "signOnMode": "OPENID_CONNECT",
            "credentials": {"oauthClient": {"token_endpoint_auth_method": "client_secret_basic"}},
            "settings": {"oauthClient": {"grant_types": ["client_credentials"], "response_types": ["token"],
                                         "application_type": "service"}}}
    return str(driver.client.post("/api/v1/apps", json=body).json()["id"])


def _app_mapping(driver: Any, _coll: str = "") -> str:
    """A profile mapping exists for each app: make an app and take the mapping from its profile."""
    app_id = driver.create_with("createApplication")
    mappings = driver.client.get("/api/v1/mappings", params={"sourceId": app_id}).json()
    return str(mappings[0]["id"])


def _refresh_grant(driver: Any, _coll: str = "") -> dict[str, str]:
    """A refresh token really issued by the default server (password grant with offline_access), with the user, app
    and client it belongs to; kept on the driver for the parameters resolved after this one."""
    import httpx

    login, password = _u("refresh-") + "@example.com", "Tr0ub4dor&3-horse"
    user = driver.client.post("/api/v1/users", params={"activate": "true"}, json={
        "profile": {"firstName": "Re", "lastName": "Fresh", "email": login, "login": login},
        "credentials": {"password": {"value": password}}}).json()
    app = driver.client.post("/api/v1/apps", json={
        "name": "oidc_client", "label": _u("Cover refresh "), "signOnMode": "OPENID_CONNECT",
        "credentials": {"oauthClient": {"token_endpoint_auth_method": "client_secret_basic"}},
        "settings": {"oauthClient": {"application_type": "web", "grant_types": ["password", "refresh_token"],
                                     "redirect_uris": ["https://example.com/callback"]}}}).json()
    client = app["credentials"]["oauthClient"]
    answer = httpx.post(str(driver.client.base_url).rstrip("/") + "/oauth2/default/v1/token", timeout=30,
                        auth=(client["client_id"], client["client_secret"]),
                        data={"grant_type": "password", "username": login, "password": password,
                              "scope": "openid offline_access"}).json()
    assert "refresh_token" in answer, answer
    token = driver.client.get(f"/api/v1/apps/{app['id']}/tokens").json()[0]
    driver.refresh_grant = {"userId": user["id"], "appId": app["id"], "clientId": client["client_id"],
                            "tokenId": token["id"]}
    return driver.refresh_grant


# Operations on one refresh token, by the path parameter resolved first (which issues the token).
_REFRESH_OPS = {"getRefreshTokenForAuthorizationServerAndClient": "clientId",
                "revokeRefreshTokenForAuthorizationServerAndClient": "clientId",
                "getRefreshTokenForUserAndClient": "userId", "revokeTokenForUserAndClient": "userId",
                "getOAuth2TokenForApplication": "appId", "revokeOAuth2TokenForApplication": "appId",
                "listRefreshTokensForUserAndClient": "userId", "revokeTokensForUserAndClient": "userId"}


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
    "updateGroupAssignmentToApplication": lambda _: [{"op": "replace", "path": "/priority", "value": 0}],
    "addGroup": lambda _: {"profile": {"name": _u("cover-group-"), "description": "coverage"}},
    "replaceGroup": lambda _: {"profile": {"name": _u("cover-group-"), "description": "replaced"}},
    "createApplication": lambda _: _oidc_app(),
    "replaceApplication": lambda _: _oidc_app(),
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
    "createGroupPushMapping": lambda d: {"sourceGroupId": d.reference("/api/v1/groups", True),
                                         "targetGroupName": _u("pushed-"), "status": "INACTIVE"},
    "createCrossAppAccessConnection": lambda d: {"resourceAppInstanceId": d.create_with("createApplication")},
    "updateDefaultProvisioningConnectionForApplication": {
        "baseUrl": "https://scim.example.com/v2", "profile": {"authScheme": "TOKEN", "token": "cover-token"}},
    "createFederatedClaim": lambda _: {"name": _u("role"), "expression": "user.title"},
    "replaceFederatedClaim": lambda _: {"name": _u("role"), "expression": "user.department"},
    "grantConsentToScope": lambda d: {"issuer": str(d.client.base_url).rstrip("/"), "scopeId": next(_SCOPES)},
    "publishCsrFromApplication": lambda d: _signed_for_csr(d),
    "generateCsrForApplication": {"subject": {"commonName": "cover.example.com", "countryName": "US"},
                                  "subjectAltNames": {"dnsNames": ["cover.example.com"]}},
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
    "replaceAuthorizationServer": lambda _: {"name": _u("cover-as-"), "description": "replaced",
                                           "audiences": ["api://cover"]},
    "rotateAuthorizationServerKeys": {"use": "sig"},
    "createAuthorizationServerPolicy": lambda _: _as_policy(),
    "replaceAuthorizationServerPolicy": lambda _: _as_policy(),
    "createAuthorizationServerPolicyRule": lambda _: _as_rule(),
    "replaceAuthorizationServerPolicyRule": lambda _: _as_rule(),
    "createOAuth2Claim": lambda _: {"name": _u("cover_claim_"), "claimType": "RESOURCE", "valueType": "EXPRESSION",
                                    "value": "user.email"},
    "replaceOAuth2Claim": lambda _: {"name": _u("cover_claim_"), "claimType": "RESOURCE",
                                     "valueType": "EXPRESSION", "value": "user.login"},
    "addOAuth2ResourceServerJsonWebKey": lambda _: _resource_jwk(),
    "mapResourceToPolicy": lambda d: {"resourceType": "ACCESS_POLICY", "resourceId": _access_policy(d)},
    "createPolicyRule": lambda _: {"type": "SIGN_ON", "name": _u("cover-rule-")},
    "replacePolicyRule": lambda _: {"type": "SIGN_ON", "name": _u("cover-rule-")},
    "createPolicy": lambda _: {"type": "OKTA_SIGN_ON", "name": _u("cover-policy-"), "description": "coverage"},
    "replacePolicy": lambda _: {"type": "OKTA_SIGN_ON", "name": _u("cover-policy-"), "description": "replaced"},
}

QUERY: dict[str, dict[str, Any]] = {  # values may be callables of the driver
    "generateApplicationKey": {"validityYears": 2},
    "verifyProvisioningConnectionForApplication": {"code": "cover-code", "state": "cover-state"},
    "previewSAMLmetadataForApplication": {"kid": lambda d: d.client.post(
        d.current_path.rsplit("/sso/", 1)[0] + "/credentials/keys/generate",
        params={"validityYears": 2}).json()["kid"]},
    "cloneApplicationKey": {"targetAid": lambda d: d.create_with("createApplication")},
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
    # a refresh token of its own for each operation on one: the first parameter issues it, the rest point at it
    **{f"{op}:{name}": (lambda key, issue: (lambda d, _: _refresh_grant(d)[key]) if issue
                        else (lambda d, _: d.refresh_grant[key]))(name, name == first)
       for op, first in _REFRESH_OPS.items() for name in (first, "clientId", "tokenId")},
    **{f"{op}:authServerId": "default" for op in ("getRefreshTokenForAuthorizationServerAndClient",
                                                  "revokeRefreshTokenForAuthorizationServerAndClient")},
    "getProfileMapping:mappingId": _app_mapping,
    "updateProfileMapping:mappingId": _app_mapping,
    "verifyProvisioningConnectionForApplication:appId": lambda d, _: _oauth_provisioned(d, "google"),
    # features exist once an app's provisioning connection is set up
    **{f"{op}:appId": lambda d, _: _oauth_provisioned(d, "oidc_client")
       for op in ("listFeaturesForApplication", "getFeatureForApplication", "updateFeatureForApplication")},
    # An app holds at most two client secrets: each secret operation works on an app of its own.
    **{f"{op}:appId": lambda d, _: d.create_with("createApplication")
       for op in ("createOAuth2ClientSecret", "getOAuth2ClientSecret", "activateOAuth2ClientSecret",
                  "deactivateOAuth2ClientSecret", "deleteOAuth2ClientSecret")},
    "assignApplicationPolicy:policyId": _access_policy,
    "clonePolicy:policyId": _access_policy,
    "listRefreshTokensForAuthorizationServerAndClient:clientId": _oidc_client,
    "revokeRefreshTokensForAuthorizationServerAndClient:clientId": _oidc_client,
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
    "getUserGrant": (404, "E0000007", _GRANT),
    "revokeUserGrant": (404, "E0000007", _GRANT),
    "deleteWebAuthnPreregistrationFactor": (404, "E0000007", "an enrollment made by a YubiKey fulfillment provider"),
    "unlockUser": (403, "E0000032", "a user locked out by failed sign-ins"),
}
