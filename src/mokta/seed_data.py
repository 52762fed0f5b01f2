"""The objects a brand-new Okta org already holds, in wire shape, keyed by their canonical API path.

Kept apart from `bootstrap.py` so the catalogue of Okta's built-ins (names, defaults, system flags) reads as data.
Every document here must validate against the response schema of the GET operation serving its path (the test in
`tests/test_bootstrap.py` checks that, and that the official SDK's models parse it). Links to other resources are
stored as absolute paths (`/api/v1/...`); the output layer owns the host.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from mokta.engine import ids
from mokta.engine.keys import rsa_signing_key
from mokta.types import Document

Seed = list[tuple[str, Document]]

# Private material lives under this prefix: no operation routes here, so it is never served.
PRIVATE_ROOT = "/mokta"
AS_KEYS_ROOT = f"{PRIVATE_ROOT}/keys/authorizationServers"
SECURITY_QUESTIONS_PATH = f"{PRIVATE_ROOT}/catalog/securityQuestions"
FEATURE_GRAPH_PATH = f"{PRIVATE_ROOT}/catalog/featureDependencies"

DEFAULT_AUTH_SERVER = "default"
DEFAULT_POLICY_DESCRIPTION = "The default policy applies in all situations if no other policy applies."

# Email templates every brand has (templateName -> default subject, the variable its body must carry).
EMAIL_TEMPLATES: dict[str, tuple[str, str]] = {
    "AccountLockout": ("Account Lockout", "${unlockAccountLink}"),
    "ADForgotPassword": ("Forgotten password", "${recoveryLink}"),
    "ADForgotPasswordDenied": ("Forgotten Password", ""),
    "ADSelfServiceUnlock": ("Unlock Account", "${unlockAccountLink}"),
    "ADUserActivation": ("Welcome to Okta!", "${activationLink}"),
    "AuthenticatorEnrolled": ("Security method enrolled", "${request.authenticator}"),
    "AuthenticatorReset": ("Security method reset", "${request.authenticators}"),
    "ChangeEmailConfirmation": ("Confirm email address change", "${verificationToken}"),
    "EmailChallenge": ("One-time Email Authentication Link", "${emailAuthenticationLink}"),
    "EmailChangeConfirmation": ("Notice of email address change", ""),
    "EmailFactorVerification": ("Confirm your email address", "${verificationLink}"),
    "ForgotPassword": ("Account password reset", "${resetPasswordLink}"),
    "ForgotPasswordDenied": ("Account Password Reset", ""),
    "IGAReviewerEndNotification": ("Access certification campaign: ${campaignName}", ""),
    "IGAReviewerNotification": ("Access certification campaign: ${campaignName}", ""),
    "IGAReviewerPendingNotification": ("Access certification campaign: ${campaignName}", ""),
    "IGAReviewerReassigned": ("Access certification campaign: ${campaignName}", ""),
    "LDAPForgotPassword": ("Account password reset", "${resetPasswordLink}"),
    "LDAPForgotPasswordDenied": ("Account password reset", ""),
    "LDAPSelfServiceUnlock": ("Unlock Account", "${unlockAccountLink}"),
    "LDAPUserActivation": ("Welcome to Okta!", "${activationLink}"),
    "MyAccountChangeConfirmation": ("Confirm email address change", "${verificationToken}"),
    "NewSignOnNotification": ("New Sign-On Notification", "${request.browser}"),
    "OktaVerifyActivation": ("Push Verify Activation Email", "${pushVerifyActivationLink}"),
    "PasswordChanged": ("Password Changed", ""),
    "PasswordResetByAdmin": ("Account Password Reset", "${resetPasswordLink}"),
    "PendingEmailChange": ("Notice of pending email address change", ""),
    "RegistrationActivation": ("Activate Account", "${registrationActivationLink}"),
    "RegistrationEmailVerification": ("Welcome to ${org.name}!", "${verificationLink}"),
    "SelfServiceUnlock": ("Unlock Account", "${unlockAccountLink}"),
    "SelfServiceUnlockOnUnlockedAccount": ("Unlock Account", ""),
    "UserActivation": ("Welcome to Okta!", "${activationLink}"),
}

# Security questions users may pick for the `question` factor (key -> text shown to the user).
SECURITY_QUESTIONS: dict[str, str] = {
    "disliked_food": "What is the food you least liked as a child?",
    "name_of_first_plush_toy": "What is the name of your first stuffed animal?",
    "first_award": "What did you earn your first medal or award for?",
    "favorite_security_question": "What is your favorite security question?",
    "favorite_toy": "What is the toy/stuffed animal you liked the most as a kid?",
    "first_computer_game": "What was the first computer game you played?",
    "favorite_movie_quote": "What is your favorite movie quote?",
    "first_sports_team_mascot": "What was the mascot of the first sports team you played on?",
    "first_music_purchase": "What music album or song did you first purchase?",
    "favorite_art_piece": "What is your favorite piece of art?",
    "grandmother_favorite_desert": "What was your grandmother's favorite dessert?",
    "first_thing_cooked": "What was the first thing you learned to cook?",
    "childhood_dream_job": "What was your dream job as a child?",
    "first_kiss_location": "Where did you have your first kiss?",
    "place_where_significant_other_was_met": "Where did you meet your spouse/significant other?",
    "favorite_vacation_location": "Where did you go for your favorite vacation?",
    "new_years_two_thousand": "Where were you on New Year's Eve in the year 2000?",
    "favorite_speaker_actor": "Who is your favorite speaker/orator?",
    "favorite_book_movie_character": "Who is your favorite book/movie character?",
    "favorite_sports_player": "Who is your favorite sports player?",
}

# Standard admin roles that receive notification subscriptions, and the notification types.
SUBSCRIBING_ROLES = ("SUPER_ADMIN", "ORG_ADMIN", "APP_ADMIN", "USER_ADMIN", "HELP_DESK_ADMIN", "READ_ONLY_ADMIN",
                     "API_ACCESS_MANAGEMENT_ADMIN", "REPORT_ADMIN", "GROUP_MEMBERSHIP_ADMIN")
NOTIFICATION_TYPES = ("AD_AGENT", "AGENT_AUTO_UPDATE_NOTIFICATION", "AGENT_AUTO_UPDATE_NOTIFICATION_LDAP", "APP_IMPORT",
                      "CONNECTOR_AGENT", "IWA_AGENT", "LDAP_AGENT", "OKTA_ANNOUNCEMENT", "OKTA_UPDATE",
                      "RATELIMIT_NOTIFICATION", "REPORT_SUSPICIOUS_ACTIVITY", "USER_DEPROVISION", "USER_LOCKED_OUT")


def build(org: str, name: str, stamp: str, admin_login: str) -> Seed:
    """Every built-in object of a new org, parents before children."""
    s = _Org(org, name, stamp, admin_login)
    return [
        *s.org_settings(), *s.directory(), *s.zones(), *s.authenticators(), *s.policies(),
        *s.authorization_server(), *s.branding(), *s.catalogues(),
    ]


class _Org:
    """Ids shared across families (the admin, Everyone, the default realm…) minted once per org."""

    def __init__(self, org: str, name: str, stamp: str, admin_login: str) -> None:
        self.org, self.name, self.stamp, self.login = org, name, stamp, admin_login
        self.admin = ids.new_id("00u")
        self.everyone = ids.new_id("00g")
        self.user_type = ids.new_id("oty")
        self.realm = ids.new_id("guo")
        self.ui_schema = ids.new_id("uis")
        self.authenticator_ids: dict[str, str] = {}

    def _times(self, *names: str) -> dict[str, str]:
        return {n: self.stamp for n in (names or ("created", "lastUpdated"))}

    # -- org-wide settings (singletons) ---------------------------------------------------------------------------

    def org_settings(self) -> Seed:
        t = self._times()
        return [
            ("/api/v1/org", {
                "id": self.org, "companyName": self.name, "subdomain": self.name, "status": "ACTIVE",
                "website": "https://example.com", **t,
                "_links": {k: {"href": f"/api/v1/org/{v}"} for k, v in (
                    ("contacts", "contacts"), ("logo", "logo"), ("uploadLogo", "logo"),
                    ("oktaCommunication", "privacy/oktaCommunication"), ("oktaSupport", "privacy/oktaSupport"),
                    ("preferences", "preferences"))},
            }),
            ("/api/v1/org/preferences", {"showEndUserFooter": True}),
            ("/api/v1/org/privacy/oktaCommunication", {"optOutEmailUsers": False}),
            ("/api/v1/org/privacy/oktaSupport", {"support": "DISABLED", "caseNumber": None, "expiration": None}),
            ("/api/v1/org/privacy/oktaSupport/cases", {"supportCases": []}),
            ("/api/v1/org/orgSettings/thirdPartyAdminSetting", {"thirdPartyAdmin": False}),
            ("/api/v1/org/settings/autoAssignAdminAppSetting", {"autoAssignAdminAppSetting": True}),
            ("/api/v1/org/settings/clientPrivilegesSetting", {"clientPrivilegesSetting": False}),
            ("/api/v1/org/captcha", {}),
            ("/api/v1/org/contacts/BILLING", self._contact("BILLING")),
            ("/api/v1/org/contacts/TECHNICAL", self._contact("TECHNICAL")),
            ("/api/v1/rate-limit-settings/admin-notifications", {"notificationsEnabled": True}),
            ("/api/v1/rate-limit-settings/per-client", {
                "defaultMode": "ENFORCE",
                "useCaseModeOverrides": {"LOGIN_PAGE": "ENFORCE", "OAUTH2_AUTHORIZE": "ENFORCE",
                                         "OIE_APP_INTENT": "ENFORCE"},
            }),
            ("/api/v1/rate-limit-settings/warning-threshold", {"warningThreshold": 90}),
            ("/api/v1/threats/configuration", {"action": "none", "excludeZones": [], **t}),
            ("/api/v1/first-party-app-settings/admin-console",
             {"sessionIdleTimeoutMinutes": 15, "sessionMaxLifetimeMinutes": 720}),
            ("/attack-protection/api/v1/authenticator-settings", {"verifyKnowledgeSecondWhen2faRequired": False}),
            ("/attack-protection/api/v1/user-lockout-settings", {"preventBruteForceLockoutFromUnknownDevices": False}),
            ("/device-access/api/v1/desktop-mfa/enforce-number-matching-challenge-settings",
             {"desktopMFAEnforceNumberMatchingChallengeEnabled": False}),
            ("/device-access/api/v1/desktop-mfa/recovery-pin-settings", {"desktopMFARecoveryPinEnabled": False}),
            ("/okta-personal-settings/api/v1/export-blocklists", {"domains": []}),
            ("/okta-personal-settings/api/v1/edit-feature", {"enableEnduserEntryPoints": True,
                                                              "enableExportApps": True}),
        ]

    def _contact(self, kind: str) -> Document:
        # One document serves both the contact-type list (contactType) and the contact GET (userId).
        return {"contactType": kind, "userId": self.admin,
                "_links": {"user": {"href": f"/api/v1/users/{self.admin}"}}}

    # -- people ---------------------------------------------------------------------------------------------------

    def directory(self) -> Seed:
        t = self._times()
        role = ids.new_id("ra1")
        assignment = ids.new_id("rul")
        seed: Seed = [
            (f"/api/v1/realms/{self.realm}", {
                "id": self.realm, "isDefault": True, "profile": {"name": "Default Realm", "realmType": "DEFAULT"},
                **t,
            }),
            (f"/api/v1/realm-assignments/{assignment}", {
                "id": assignment, "name": "Catch-all", "status": "ACTIVE", "isDefault": True, "priority": 499,
                "actions": {"assignUserToRealm": {"realmId": self.realm}}, **t,
            }),
            ("/api/v1/meta/schemas/user/default", _user_schema(self.stamp)),
            ("/api/v1/meta/schemas/group/default", _group_schema(self.stamp)),
            (f"/api/v1/meta/types/user/{self.user_type}", {
                "id": self.user_type, "name": "user", "displayName": "User",
                "description": "Okta user profile template", "default": True, "createdBy": self.admin,
                "lastUpdatedBy": self.admin, **t,
                "_links": {"schema": {"href": "/api/v1/meta/schemas/user/default"}},
            }),
            (f"/api/v1/users/{self.admin}", self._admin_user()),
            (f"/api/v1/users/{self.admin}/roles/{role}", {
                "id": role, "label": "Super Administrator", "type": "SUPER_ADMIN", "status": "ACTIVE",
                "assignmentType": "USER", **t,
                "_links": {"assignee": {"href": f"/api/v1/users/{self.admin}"}},
            }),
            (f"/api/v1/groups/{self.everyone}", {
                "id": self.everyone, **t, "lastMembershipUpdated": self.stamp, "objectClass": ["okta:user_group"],
                "type": "BUILT_IN", "profile": {"name": "Everyone", "description": "All users in your organization"},
            }),
            (f"/api/v1/groups/{self.everyone}/users/{self.admin}", {"id": self.admin}),
            (f"/api/v1/meta/uischemas/{self.ui_schema}", {
                "id": self.ui_schema, **t,
                "uiSchema": {"type": "Group", "label": "Sign in", "buttonLabel": "Sign in", "elements": [
                    {"type": "Control", "scope": f"#/properties/{attr}", "label": label,
                     "options": {"format": "text"}}
                    for attr, label in (("email", "Email"), ("firstName", "First name"), ("lastName", "Last name"))
                ]},
            }),
        ]
        for role_type in SUBSCRIBING_ROLES:
            seed.extend((f"/api/v1/roles/{role_type}/subscriptions/{n}", _subscription(n))
                        for n in NOTIFICATION_TYPES)
        seed.extend((f"/api/v1/users/{self.admin}/subscriptions/{n}", _subscription(n)) for n in NOTIFICATION_TYPES)
        return seed

    def _admin_user(self) -> Document:
        return {
            "id": self.admin, "status": "ACTIVE", "created": self.stamp, "activated": self.stamp,
            "statusChanged": self.stamp, "lastLogin": None, "lastUpdated": self.stamp,
            "passwordChanged": self.stamp, "type": {"id": self.user_type}, "realmId": self.realm,
            "profile": {"firstName": "Mokta", "lastName": "Admin", "email": self.login, "login": self.login,
                        "mobilePhone": None, "secondEmail": None},
            "credentials": {"password": {}, "provider": {"type": "OKTA", "name": "OKTA"}},
        }

    # -- network zones --------------------------------------------------------------------------------------------

    def zones(self) -> Seed:
        def zone(name: str, kind: str, usage: str, **extra: Any) -> tuple[str, Document]:
            zid = ids.new_id("nzo")
            return f"/api/v1/zones/{zid}", {"id": zid, "name": name, "type": kind, "status": "ACTIVE",
                                            "usage": usage, "system": True, **self._times(), **extra}

        return [
            zone("LegacyIpZone", "IP", "POLICY"),
            zone("BlockedIpZone", "IP", "BLOCKLIST"),
            # Okta also returns empty locations/asns include+exclude arrays; the SDK models those as objects and
            # rejects arrays, so they are left out (absent means none).
            zone("DefaultEnhancedDynamicZone", "DYNAMIC_V2", "BLOCKLIST",
                 ipServiceCategories={"include": ["ALL_ANONYMIZERS"], "exclude": []}),
            zone("DefaultExemptIpZone", "IP", "POLICY", gateways=[], useAsExemptList=True),
        ]

    # -- authenticators -------------------------------------------------------------------------------------------

    def authenticators(self) -> Seed:
        totp = {"timeIntervalInSeconds": 30, "encoding": "base32", "algorithm": "HMACSHA1", "passCodeLength": 6}
        key_settings = {"algorithms": ["RS256", "ES256"], "keyProtection": "ANY"}
        catalogue: list[tuple[str, str, str, str, dict[str, Any] | None, list[Document]]] = [
            ("okta_password", "Password", "password", "ACTIVE", None,
             [{"type": "password", "status": "ACTIVE"}]),
            ("okta_email", "Email", "email", "ACTIVE", {"allowedFor": "any", "tokenLifetimeInMinutes": 5},
             [{"type": "email", "status": "ACTIVE"}]),
            ("okta_verify", "Okta Verify", "app", "ACTIVE",
             {"channelBinding": {"style": "NUMBER_CHALLENGE", "required": "HIGH_RISK_ONLY"},
              "compliance": {"fips": "OPTIONAL"}, "userVerification": "PREFERRED"},
             [{"type": "push", "status": "ACTIVE", "settings": {**key_settings, "transactionTypes": ["LOGIN"]}},
              {"type": "totp", "status": "ACTIVE", "settings": totp},
              {"type": "signed_nonce", "status": "ACTIVE",
               "settings": {**key_settings, "showSignInWithOV": "ALWAYS"}}]),
            ("phone_number", "Phone", "phone", "INACTIVE", {"allowedFor": "none"},
             [{"type": "sms", "status": "INACTIVE"}, {"type": "voice", "status": "INACTIVE"}]),
            ("security_question", "Security Question", "security_question", "INACTIVE", {"allowedFor": "recovery"},
             [{"type": "security_question", "status": "ACTIVE"}]),
            ("webauthn", "Security Key or Biometric", "security_key", "INACTIVE", None,
             [{"type": "webauthn", "status": "ACTIVE",
               "settings": {"userVerification": "DISCOURAGED", "attachment": "ANY"}}]),
        ]
        seed: Seed = []
        for key, name, kind, status, settings, methods in catalogue:
            aid = ids.new_id("aut")
            self.authenticator_ids[key] = aid
            doc: Document = {"id": aid, "key": key, "name": name, "type": kind, "status": status, **self._times()}
            if settings is not None:
                doc["settings"] = settings
            seed.append((f"/api/v1/authenticators/{aid}", doc))
            seed.extend((f"/api/v1/authenticators/{aid}/methods/{m['type']}", m) for m in methods)
        return seed

    # -- policies -------------------------------------------------------------------------------------------------

    def policies(self) -> Seed:
        everyone = {"people": {"groups": {"include": [self.everyone]}}}
        anyone = {"people": {"users": {"exclude": []}}, "network": {"connection": "ANYWHERE"}}
        seed: Seed = []

        def add(ptype: str, policy: Document, rule_type: str, rule: Document, *, prefixes: tuple[str, str] = (
                "00p", "0pr"), name: str = "Default Policy", rule_name: str = "Default Rule",
                rule_priority: int = 1) -> None:
            pid, rid = ids.new_id(prefixes[0]), ids.new_id(prefixes[1])
            seed.append((f"/api/v1/policies/{pid}", {
                "id": pid, "type": ptype, "name": name, "description": DEFAULT_POLICY_DESCRIPTION,
                "priority": 1, "status": "ACTIVE", "system": True, **self._times(), **policy,
            }))
            seed.append((f"/api/v1/policies/{pid}/rules/{rid}", {
                "id": rid, "type": rule_type, "name": rule_name, "priority": rule_priority, "status": "ACTIVE",
                "system": True, **self._times(), **rule,
            }))

        add("OKTA_SIGN_ON", {"conditions": everyone}, "SIGN_ON", {
            "conditions": {**anyone, "authContext": {"authType": "ANY"}},
            "actions": {"signon": {
                "access": "ALLOW", "requireFactor": False, "primaryFactor": "PASSWORD_IDP_ANY_FACTOR",
                "rememberDeviceByDefault": False, "factorLifetime": 15, "factorPromptMode": "ALWAYS",
                "session": {"usePersistentCookie": False, "maxSessionIdleMinutes": 120,
                            "maxSessionLifetimeMinutes": 0},
            }},
        })
        add("PASSWORD", {
            "conditions": {**everyone, "authProvider": {"provider": "OKTA"}},
            "settings": {
                "password": {
                    "complexity": {"minLength": 8, "minLowerCase": 1, "minUpperCase": 1, "minNumber": 1,
                                   "minSymbol": 0, "excludeUsername": True, "excludeAttributes": [],
                                   "dictionary": {"common": {"exclude": False}}},
                    "age": {"maxAgeDays": 0, "expireWarnDays": 0, "minAgeMinutes": 0, "historyCount": 4},
                    "lockout": {"maxAttempts": 10, "autoUnlockMinutes": 0, "showLockoutFailures": False,
                                "userLockoutNotificationChannels": []},
                },
                "recovery": {"factors": {
                    "recovery_question": {"status": "ACTIVE", "properties": {"complexity": {"minLength": 4}}},
                    "okta_email": {"status": "ACTIVE",
                                   "properties": {"recoveryToken": {"tokenLifetimeMinutes": 60}}},
                    "okta_sms": {"status": "INACTIVE"},
                    "okta_call": {"status": "INACTIVE"},
                }},
                "delegation": {"options": {"skipUnlock": False}},
            },
        }, "PASSWORD", {
            "conditions": dict(anyone),
            "actions": {
                "passwordChange": {"access": "ALLOW"},
                "selfServicePasswordReset": {"access": "ALLOW", "requirement": {
                    "primary": {"methods": ["email"]}, "stepUp": {"required": False}}},
                "selfServiceUnlock": {"access": "DENY"},
            },
        })
        enroll = (("okta_password", "REQUIRED"), ("okta_email", "REQUIRED"), ("okta_verify", "OPTIONAL"),
                  ("phone_number", "NOT_ALLOWED"), ("security_question", "NOT_ALLOWED"), ("webauthn", "NOT_ALLOWED"))
        add("MFA_ENROLL", {
            "conditions": everyone,
            "settings": {"type": "AUTHENTICATORS",
                         "authenticators": [{"key": k, "enroll": {"self": v}} for k, v in enroll]},
        }, "MFA_ENROLL", {"conditions": dict(anyone), "actions": {"enroll": {"self": "CHALLENGE"}}})
        catch_all = {"prefixes": ("rst", "rul"), "rule_name": "Catch-all Rule", "rule_priority": 99}
        add("ACCESS_POLICY", {"conditions": None}, "ACCESS_POLICY", {
            "actions": {"appSignOn": {"access": "ALLOW", "verificationMethod": {
                "type": "ASSURANCE", "factorMode": "2FA", "reauthenticateIn": "PT12H", "constraints": []}}},
        }, **catch_all)  # type: ignore[arg-type]
        add("PROFILE_ENROLLMENT", {"conditions": None}, "PROFILE_ENROLLMENT", {
            "actions": {"profileEnrollment": {
                "access": "ALLOW", "unknownUserAction": "DENY", "progressiveProfilingAction": "DISABLED",
                "activationRequirements": {"emailVerification": True}, "uiSchemaId": self.ui_schema,
                "profileAttributes": [{"name": "email", "label": "Email", "required": True}],
            }},
        }, **catch_all)  # type: ignore[arg-type]
        add("IDP_DISCOVERY", {"conditions": None}, "IDP_DISCOVERY", {
            "conditions": {"network": {"connection": "ANYWHERE"}, "platform": {"include": [], "exclude": []},
                           "app": {"include": [], "exclude": []}},
            # Okta answers providers [{"type": "OKTA"}], but OKTA is not in the spec's IdP type enum (the SDK
            # rejects it), so the rule routes to the org's own sign-in page by naming no external provider.
            "actions": {"idp": {"providers": [], "idpSelectionType": "SPECIFIC"}},
        }, name="Idp Discovery Policy")
        add("ENTITY_RISK", {"conditions": None}, "ENTITY_RISK",
            {"actions": {"entityRisk": {"actions": []}}}, **catch_all)  # type: ignore[arg-type]
        add("POST_AUTH_SESSION", {"conditions": None}, "POST_AUTH_SESSION",
            {"actions": {"postAuthSession": {"failureActions": []}}}, **catch_all)  # type: ignore[arg-type]
        return seed

    # -- the default custom authorization server ------------------------------------------------------------------

    def authorization_server(self) -> Seed:
        root = f"/api/v1/authorizationServers/{DEFAULT_AUTH_SERVER}"
        t = self._times()
        next_rotation = (_parse(self.stamp) + timedelta(days=90)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        signing_keys = server_keys(DEFAULT_AUTH_SERVER, self.stamp)
        kid = signing_keys[0][1]["kid"]
        seed: Seed = [
            (root, {
                "id": DEFAULT_AUTH_SERVER, "name": "default",
                "description": "Default Authorization Server for your Applications",
                "audiences": ["api://default"], "issuer": f"/oauth2/{DEFAULT_AUTH_SERVER}",
                "issuerMode": "ORG_URL", "status": "ACTIVE", **t,
                "credentials": {"signing": {"kid": kid, "lastRotated": self.stamp,
                                            "nextRotation": next_rotation, "rotationMode": "AUTO", "use": "sig"}},
            }),
            *signing_keys, *server_scopes_and_claims(DEFAULT_AUTH_SERVER),
        ]
        pid, rid = ids.new_id("00p"), ids.new_id("0pr")
        seed.append((f"{root}/policies/{pid}", {
            "id": pid, "type": "OAUTH_AUTHORIZATION_POLICY", "name": "Default Policy",
            "description": "Default policy description", "priority": 1, "status": "ACTIVE", "system": False,
            "conditions": {"clients": {"include": ["ALL_CLIENTS"]}}, **t,
        }))
        seed.append((f"{root}/policies/{pid}/rules/{rid}", {
            "id": rid, "type": "RESOURCE_ACCESS", "name": "Default Policy Rule", "priority": 1, "status": "ACTIVE",
            "system": False, **t,
            "conditions": {
                "people": {"groups": {"include": ["EVERYONE"]}},
                "grantTypes": {"include": ["implicit", "client_credentials", "authorization_code", "password"]},
                "scopes": {"include": ["*"]},
            },
            "actions": {"token": {"accessTokenLifetimeMinutes": 60, "refreshTokenLifetimeMinutes": 0,
                                  "refreshTokenWindowMinutes": 10080}},
        }))
        return seed

    # -- brand, theme, pages, email templates ---------------------------------------------------------------------

    def branding(self) -> Seed:
        brand = ids.new_id("bnd")
        root = f"/api/v1/brands/{brand}"
        seed: Seed = [
            (root, {"id": brand, "name": f"{self.name}_default", "isDefault": True, "locale": "en",
                    "removePoweredByOkta": False, "agreeToCustomPrivacyPolicy": False}),
        ]
        return seed + brand_defaults(root)

    # -- other catalogues -----------------------------------------------------------------------------------------

    def catalogues(self) -> Seed:
        sms = ids.new_id("cst")
        seed: Seed = [
            (f"/api/v1/templates/sms/{sms}", {
                "id": sms, "name": "Default", "type": "SMS_VERIFY_CODE",
                "template": "${org.name} verification code: ${code}", "translations": {}, **self._times(),
            }),
            ("/api/v1/meta/schemas/logStream/aws_eventbridge", _log_stream_schema_aws()),
            ("/api/v1/meta/schemas/logStream/splunk_cloud_logstreaming", _log_stream_schema_splunk()),
            (f"{SECURITY_QUESTIONS_PATH}", {"questions": [{"question": k, "questionText": v}
                                                          for k, v in SECURITY_QUESTIONS.items()]}),
        ]
        for name, display, platform, status in (
                ("com.okta.device.osquery", "OSQuery", "MACOS", "DEACTIVATED"),
                ("com.okta.windowssecuritycenter", "Windows Security Center", "WINDOWS", "DEACTIVATED"),
                ("com.android.zero.trust", "Android Device Trust", "ANDROID", "DEACTIVATED")):
            did = ids.new_id("din")
            seed.append((f"/api/v1/device-integrations/{did}",
                         {"id": did, "name": name, "displayName": display, "platform": platform, "status": status}))
        for bname, btype, settings in (
                ("New City", "ANOMALOUS_LOCATION", {"maxEventsUsedForEvaluation": 20, "granularity": "CITY"}),
                ("New Country", "ANOMALOUS_LOCATION", {"maxEventsUsedForEvaluation": 20, "granularity": "COUNTRY"}),
                ("New State", "ANOMALOUS_LOCATION",
                 {"maxEventsUsedForEvaluation": 20, "granularity": "SUBDIVISION"}),
                ("New Geo-Location", "ANOMALOUS_LOCATION",
                 {"maxEventsUsedForEvaluation": 20, "granularity": "LAT_LONG", "radiusKilometers": 20}),
                ("New Device", "ANOMALOUS_DEVICE", {"maxEventsUsedForEvaluation": 20}),
                ("New IP", "ANOMALOUS_IP", {"maxEventsUsedForEvaluation": 50}),
                ("Velocity", "VELOCITY", {"velocityKph": 805})):
            bid = ids.new_id("abr")
            seed.append((f"/api/v1/behaviors/{bid}", {"id": bid, "name": bname, "type": btype, "status": "ACTIVE",
                                                      "settings": settings, **self._times()}))
        graph: dict[str, list[str]] = {}
        features: dict[str, str] = {}
        for fname, stage, status, needs in (
                ("Dynamic Issuer Mode", "EA", "DISABLED", ()),
                ("IP Exempt Zone", "EA", "ENABLED", ()),
                ("Desktop MFA", "EA", "DISABLED", ()),
                ("Desktop MFA Recovery PIN", "EA", "DISABLED", ("Desktop MFA",)),
                ("Password Protection Warning", "BETA", "DISABLED", ())):
            fid = features[fname] = ids.new_id("ftr")
            graph[fid] = [features[n] for n in needs]
            seed.append((f"/api/v1/features/{fid}", {
                "id": fid, "name": fname, "description": f"{fname} (self-service feature)", "type": "self-service",
                "status": status, "stage": {"value": stage, "state": "OPEN"},
            }))
        seed.append((FEATURE_GRAPH_PATH, {"dependencies": graph}))
        return seed


# -- what every authorization server holds from its creation ----------------------------------------------------------

AS_ROOT = "/api/v1/authorizationServers"
SYSTEM_SCOPES = (("openid", "openid"), ("profile", "Profile"), ("email", "Email"), ("address", "Address"),
                 ("phone", "Phone"), ("offline_access", "Offline access"), ("device_sso", "Device SSO"))
IDENTITY_CLAIMS = (
    ("profile", ("name", "family_name", "given_name", "middle_name", "nickname", "preferred_username", "profile",
                 "picture", "website", "gender", "birthdate", "zoneinfo", "locale", "updated_at")),
    ("email", ("email", "email_verified")), ("address", ("address",)), ("phone", ("phone_number",)))


def signing_key(as_id: str, status: str, stamp: str) -> Seed:
    """A fresh RS256 key of a server in its two places: the public JWK the API lists, and the private key the token
    runtime signs with (both carry the key's status: ACTIVE, NEXT or EXPIRED)."""
    jwk, pem = rsa_signing_key()
    return [(f"{AS_ROOT}/{as_id}/credentials/keys/{jwk['kid']}", {**jwk, "status": status}),
            (f"{AS_KEYS_ROOT}/{as_id}/{jwk['kid']}",
             {"kid": jwk["kid"], "alg": "RS256", "status": status, "privateKeyPem": pem, "created": stamp})]


def server_keys(as_id: str, stamp: str) -> Seed:
    """The ACTIVE key that signs now and the NEXT key the first rotation promotes (ACTIVE first)."""
    return signing_key(as_id, "ACTIVE", stamp) + signing_key(as_id, "NEXT", stamp)


def server_scopes_and_claims(as_id: str) -> Seed:
    """Okta's system scopes and claims: the OIDC scopes, `sub` in access tokens, the standard ID token claims."""
    root = f"{AS_ROOT}/{as_id}"
    seed: Seed = []
    for scope, display in SYSTEM_SCOPES:
        sid = ids.new_id("scp")
        seed.append((f"{root}/scopes/{sid}", {
            "id": sid, "name": scope, "displayName": display, "description": f"Built-in `{scope}` scope",
            "system": True, "default": False, "optional": False, "consent": "IMPLICIT",
            "metadataPublish": "ALL_CLIENTS",
        }))
    cid = ids.new_id("ocl")
    seed.append((f"{root}/claims/{cid}", {
        "id": cid, "name": "sub", "status": "ACTIVE", "claimType": "RESOURCE", "valueType": "EXPRESSION",
        "value": "(appuser != null) ? appuser.userName : app.clientId", "conditions": {"scopes": []},
        "system": True, "alwaysIncludeInToken": True,
    }))
    for scope, claims in IDENTITY_CLAIMS:
        for claim in claims:
            cid = ids.new_id("ocl")
            seed.append((f"{root}/claims/{cid}", {
                "id": cid, "name": claim, "status": "ACTIVE", "claimType": "IDENTITY", "valueType": "SYSTEM",
                "value": claim, "conditions": {"scopes": [scope]}, "system": True, "alwaysIncludeInToken": False,
            }))
    return seed


def brand_defaults(root: str) -> Seed:
    """What every brand carries: its theme, default page variants and the full email-template catalogue.

    `root` is the brand's path (`/api/v1/brands/{brandId}`); the brands family adds these for brands it creates.
    """
    csp = {"mode": "report_only", "srcList": []}
    theme = ids.new_id("thm")
    seed: Seed = [
        (f"{root}/themes/{theme}", {
            "id": theme, "primaryColorHex": "#1662dd", "primaryColorContrastHex": "#ffffff",
            "secondaryColorHex": "#ebebed", "secondaryColorContrastHex": "#000000",
            "signInPageTouchPointVariant": "OKTA_DEFAULT", "endUserDashboardTouchPointVariant": "OKTA_DEFAULT",
            "errorPageTouchPointVariant": "OKTA_DEFAULT", "emailTemplateTouchPointVariant": "OKTA_DEFAULT",
            "loadingPageTouchPointVariant": "OKTA_DEFAULT",
            "logo": "https://ok12static.oktacdn.com/assets/img/logos/okta-logo.png",
            "favicon": "https://ok12static.oktacdn.com/assets/img/logos/okta_favicon.ico",
        }),
        (f"{root}/pages/sign-in/default", {
            "pageContent": _SIGN_IN_PAGE, "widgetVersion": "^7", "contentSecurityPolicySetting": csp,
            "widgetCustomizations": {"widgetGeneration": "G3"},
        }),
        (f"{root}/pages/error/default", {"pageContent": _ERROR_PAGE, "contentSecurityPolicySetting": csp}),
        (f"{root}/pages/sign-out/customized", {"type": "OKTA_DEFAULT"}),
    ]
    for template, (subject, variable) in EMAIL_TEMPLATES.items():
        base = f"{root}/templates/email/{template}"
        seed.append((base, {"name": template}))
        seed.append((f"{base}/settings", {"recipients": "ALL_USERS"}))
        seed.append((f"{base}/default-content", {"subject": subject, "body": _email_body(variable)}))
    return seed


def _subscription(notification: str) -> Document:
    return {"notificationType": notification, "channels": ["email"], "status": "subscribed"}


def _parse(stamp: str) -> Any:
    return ids.parse_time(stamp)


def _attr(title: str, *, required: bool = False, self_access: str = "READ_WRITE", **extra: Any) -> Document:
    out: Document = {"title": title, "type": "string", "mutability": "READ_WRITE", "scope": "NONE"}
    if required:
        out["required"] = True
    out.update(extra)
    out["permissions"] = [{"principal": "SELF", "action": self_access}]
    out["master"] = {"type": "PROFILE_MASTER"}
    return out


def _user_schema(stamp: str) -> Document:
    """Okta's default user profile schema: the base attributes, no custom ones yet."""
    base = {
        "login": _attr("Username", required=True, minLength=5, maxLength=100, pattern=".+"),
        "firstName": _attr("First name", required=True, minLength=1, maxLength=50),
        "lastName": _attr("Last name", required=True, minLength=1, maxLength=50),
        "middleName": _attr("Middle name"),
        "honorificPrefix": _attr("Honorific prefix"),
        "honorificSuffix": _attr("Honorific suffix"),
        "email": _attr("Primary email", required=True, format="email"),
        "title": _attr("Title"),
        "displayName": _attr("Display name"),
        "nickName": _attr("Nickname"),
        "profileUrl": _attr("Profile Url", format="uri"),
        "secondEmail": _attr("Secondary email", format="email"),
        "mobilePhone": _attr("Mobile phone", maxLength=100),
        "primaryPhone": _attr("Primary phone", maxLength=100),
        "streetAddress": _attr("Street address", maxLength=1024),
        "city": _attr("City", maxLength=128),
        "state": _attr("State", maxLength=128),
        "zipCode": _attr("Zip code", maxLength=50),
        "countryCode": _attr("Country code", format="country-code"),
        "postalAddress": _attr("Postal Address", maxLength=4096),
        "preferredLanguage": _attr("Preferred language", format="language-code"),
        "locale": _attr("Locale", format="locale"),
        "timezone": _attr("Time zone", format="timezone"),
        "userType": _attr("User type"),
        "employeeNumber": _attr("Employee number"),
        "costCenter": _attr("Cost center"),
        "organization": _attr("Organization"),
        "division": _attr("Division"),
        "department": _attr("Department"),
        "managerId": _attr("ManagerId"),
        "manager": _attr("Manager"),
    }
    return {
        "id": "/meta/schemas/user/default", "$schema": "http://json-schema.org/draft-04/schema#", "name": "user",
        "title": "User", "description": "Okta user profile template", "type": "object",
        "created": stamp, "lastUpdated": stamp,
        "definitions": {
            "base": {"id": "#base", "type": "object", "properties": base,
                     "required": ["login", "firstName", "lastName", "email"]},
            "custom": {"id": "#custom", "type": "object", "properties": {}, "required": []},
        },
        "properties": {"profile": {"allOf": [{"$ref": "#/definitions/custom"}, {"$ref": "#/definitions/base"}]}},
    }


def _group_schema(stamp: str) -> Document:
    """Okta's default group profile schema (name and description)."""
    def attr(title: str, max_length: int, required: bool) -> Document:
        out: Document = {"title": title, "type": "string", "mutability": "READ_WRITE", "scope": "NONE",
                         "maxLength": max_length, "permissions": [{"principal": "SELF", "action": "READ_ONLY"}],
                         "master": {"type": "OKTA"}}
        if required:
            out["required"] = True
        return out

    return {
        "id": "/meta/schemas/group/default", "$schema": "http://json-schema.org/draft-04/schema#",
        "name": "group", "title": "Okta group", "description": "Okta group profile template", "type": "object",
        "created": stamp, "lastUpdated": stamp,
        "definitions": {
            "base": {"id": "#base", "type": "object", "required": ["name"],
                     "properties": {"name": attr("Name", 255, True), "description": attr("Description", 1024, False)}},
            "custom": {"id": "#custom", "type": "object", "properties": {}, "required": []},
        },
        "properties": {"profile": {"allOf": [{"$ref": "#/definitions/custom"}, {"$ref": "#/definitions/base"}]}},
    }


def _log_stream_schema(kind: str, title: str, settings: Document, required: list[str]) -> Document:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "id": f"/api/v1/meta/schemas/logStream/{kind}",
        "title": title, "type": "object", "required": ["name", "settings"],
        "properties": {
            "name": {"title": "Name", "type": "string", "writeOnce": False, "pattern": "^.{1,100}$"},
            "settings": {"type": "object", "properties": settings, "required": required},
        },
    }


_AWS_REGIONS = (
    ("US East (Ohio)", "us-east-2"), ("US East (N. Virginia)", "us-east-1"), ("US West (N. California)", "us-west-1"),
    ("US West (Oregon)", "us-west-2"), ("Canada (Central)", "ca-central-1"), ("Europe (Frankfurt)", "eu-central-1"),
    ("Europe (Ireland)", "eu-west-1"), ("Europe (London)", "eu-west-2"), ("Europe (Paris)", "eu-west-3"),
    ("Europe (Milan)", "eu-south-1"), ("Europe (Stockholm)", "eu-north-1"),
)


def _log_stream_schema_aws() -> Document:
    return _log_stream_schema("aws_eventbridge", "AWS EventBridge", {
        "accountId": {"title": "AWS Account ID", "type": "string", "writeOnce": True, "pattern": r"^\d{12}$"},
        "eventSourceName": {"title": "AWS Event Source Name", "type": "string", "writeOnce": True,
                            "pattern": r"^[\.\-_A-Za-z0-9]{1,75}$"},
        "region": {"title": "AWS Region", "type": "string", "writeOnce": True,
                   "oneOf": [{"title": t, "const": c} for t, c in _AWS_REGIONS]},
    }, ["eventSourceName", "accountId", "region"])


def _log_stream_schema_splunk() -> Document:
    return _log_stream_schema("splunk_cloud_logstreaming", "Splunk Cloud", {
        "host": {"title": "Host", "type": "string", "writeOnce": False,
                 "pattern": r"^([a-z0-9]+(-[a-z0-9]+)*){1,100}\.splunkcloud(gc|fed)?\.com$"},
        "token": {"title": "HEC Token", "type": "string", "writeOnce": False,
                  "pattern": "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"},
        "edition": {"title": "Edition", "type": "string", "writeOnce": False,
                    "oneOf": [{"title": "AWS", "const": "aws"}, {"title": "AWS GovCloud", "const": "aws_govcloud"},
                              {"title": "GCP", "const": "gcp"}]},
    }, ["host", "token", "edition"])


def _email_body(variable: str) -> str:
    link = f'<p><a href="{variable}">{variable}</a></p>' if variable.endswith(("Link}", "link}")) else (
        f"<p>{variable}</p>" if variable else "")
    return ("<html><body><p>Hi ${user.profile.firstName},</p>" + link
            + "<p>This message was sent by ${org.name}.</p></body></html>")


_SIGN_IN_PAGE = (
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{{orgName}} - {{pageTitle}}</title>"
    "{{{SignInWidgetResources}}}</head><body><div id=\"okta-login-container\"></div>"
    "<script>var config = OktaUtil.getSignInWidgetConfig();"
    "var oktaSignIn = new OktaSignIn(config);oktaSignIn.renderEl({el: '#okta-login-container'},"
    "OktaUtil.completeLogin, function(error) {console.log(error);});</script></body></html>"
)

_ERROR_PAGE = (
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{{orgName}} - {{errorSummary}}</title></head>"
    "<body><h1>{{errorSummary}}</h1><p>{{errorDescription}}</p>"
    "<a href=\"{{back}}\">{{buttonText}}</a></body></html>"
)
