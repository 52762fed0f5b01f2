"""Applications through the SDK: BOOKMARK and OIDC apps come back as their own model classes, OAuth clients get
credentials, lists page and narrow, and an app must be deactivated before it is deleted."""

from __future__ import annotations

import json
from typing import Any

import pytest
from okta.client import Client
from okta.models import (
    AddJwkRequest,
    ApplicationCredentialsOAuthClient,
    AutoLoginApplication,
    BasicAuthApplication,
    BookmarkApplication,
    BookmarkApplicationSettings,
    BookmarkApplicationSettingsApplication,
    BrowserPluginApplication,
    CsrMetadata,
    OAuth2ClientJsonEncryptionKeyRequest,
    OAuth2ClientSecretRequestBody,
    OAuth2ScopeConsentGrant,
    OAuthApplicationCredentials,
    OpenIdConnectApplication,
    OpenIdConnectApplicationSettings,
    OpenIdConnectApplicationSettingsClient,
    Saml11Application,
    SamlApplication,
    SecurePasswordStoreApplication,
    WsFederationApplication,
)
from okta.pagination import paginate_all

from mokta.engine.keys import rsa_signing_key
from tests.conftest import Server
from tests.families.apps_support import app_body
from tests.sdk.helpers import check_paging, fails, ok, pages, unique


def bookmark(label: str, url: str = "https://example.com/start") -> BookmarkApplication:
    return BookmarkApplication(
        label=label, name="bookmark", sign_on_mode="BOOKMARK",
        settings=BookmarkApplicationSettings(app=BookmarkApplicationSettingsApplication(url=url,
                                                                                      request_integration=False)))


def oidc(label: str) -> OpenIdConnectApplication:
    return OpenIdConnectApplication(
        label=label, name="oidc_client", sign_on_mode="OPENID_CONNECT",
        credentials=OAuthApplicationCredentials(oauth_client=ApplicationCredentialsOAuthClient(
            token_endpoint_auth_method="client_secret_basic")),
        settings=OpenIdConnectApplicationSettings(oauth_client=OpenIdConnectApplicationSettingsClient(
            redirect_uris=["https://example.com/callback"], response_types=["code"],
            grant_types=["authorization_code"], application_type="web")))


async def test_bookmark_app_round_trip(okta: Client) -> None:
    label = unique("Bookmark")
    app = await ok(okta.create_application(bookmark(label)))
    assert isinstance(app, BookmarkApplication)
    assert app.id.startswith("0oa") and app.status.value == "ACTIVE"
    assert (app.label, app.name, app.sign_on_mode.value) == (label, "bookmark", "BOOKMARK")
    assert app.settings.app.url == "https://example.com/start"

    fetched = await ok(okta.get_application(app.id))
    assert isinstance(fetched, BookmarkApplication)
    assert fetched.settings.app.url == "https://example.com/start"

    renamed = unique("Renamed")
    replaced = await ok(okta.replace_application(app.id, bookmark(renamed, "https://example.com/next")))
    assert isinstance(replaced, BookmarkApplication)
    assert (replaced.label, replaced.settings.app.url) == (renamed, "https://example.com/next")
    assert replaced.status.value == "ACTIVE" and replaced.created == app.created


async def test_oidc_app_gets_client_credentials(okta: Client) -> None:
    app = await ok(okta.create_application(oidc(unique("OIDC"))))
    assert isinstance(app, OpenIdConnectApplication)
    client = app.credentials.oauth_client
    assert client.client_id == app.id
    assert client.client_secret and len(client.client_secret) >= 40
    assert client.token_endpoint_auth_method.value == "client_secret_basic"
    assert app.settings.oauth_client.redirect_uris == ["https://example.com/callback"]
    assert app.settings.oauth_client.application_type.value == "web"

    relabelled = oidc(unique("OIDC2"))  # a replace without credentials keeps the minted ones
    replaced = await ok(okta.replace_application(app.id, relabelled))
    assert isinstance(replaced, OpenIdConnectApplication)
    assert (replaced.credentials.oauth_client.client_id, replaced.credentials.oauth_client.client_secret) == (
        client.client_id, client.client_secret)


async def test_list_pages_keep_model_classes(okta: Client) -> None:
    prefix = unique("PageApp")
    mine = {(await ok(okta.create_application(bookmark(f"{prefix}-{i}")))).id for i in range(3)}
    mine |= {(await ok(okta.create_application(oidc(f"{prefix}-o{i}")))).id for i in range(2)}
    items = check_paging(await pages(okta.list_applications, limit=2), 2, mine)
    kinds = {type(a).__name__ for a in items if a.id in mine}
    assert kinds == {"BookmarkApplication", "OpenIdConnectApplication"}
    assert [a.id async for a in paginate_all(okta.list_applications, limit=4)] == [a.id for a in items]


async def test_q_and_filter(okta: Client) -> None:
    prefix = unique("Qapp")
    first = await ok(okta.create_application(bookmark(f"{prefix} one")))
    second = await ok(okta.create_application(bookmark(f"{prefix} two"), activate=False))
    assert second.status.value == "INACTIVE"
    assert {a.id for a in await ok(okta.list_applications(q=prefix.lower()))} == {first.id, second.id}
    inactive = await ok(okta.list_applications(filter='status eq "INACTIVE"'))
    assert second.id in {a.id for a in inactive} and first.id not in {a.id for a in inactive}
    assert all(a.status.value == "INACTIVE" for a in inactive)
    await fails(okta.list_applications(filter='label co "x"'), 400, "E0000001")


async def test_lifecycle_and_delete(okta: Client) -> None:
    app = await ok(okta.create_application(bookmark(unique("Life"))))
    error = await fails(okta.delete_application(app.id), 403, "E0000056")
    assert "deactivated" in error.error_causes[0]["errorSummary"]

    await ok(okta.deactivate_application(app.id))
    assert (await ok(okta.get_application(app.id))).status.value == "INACTIVE"
    await ok(okta.activate_application(app.id))
    assert (await ok(okta.get_application(app.id))).status.value == "ACTIVE"

    await ok(okta.deactivate_application(app.id))
    await ok(okta.delete_application(app.id))
    await fails(okta.get_application(app.id), 404, "E0000007")
    assert app.id not in {a.id for a in await ok(okta.list_applications())}


async def test_missing_app_is_404(okta: Client) -> None:
    await fails(okta.get_application("0oaDOESNOTEXIST00000"), 404, "E0000007")
    await fails(okta.activate_application("0oaDOESNOTEXIST00000"), 404, "E0000007")


MODE_CLASSES = {"AUTO_LOGIN": AutoLoginApplication, "BASIC_AUTH": BasicAuthApplication,
                "BOOKMARK": BookmarkApplication, "BROWSER_PLUGIN": BrowserPluginApplication,
                "OPENID_CONNECT": OpenIdConnectApplication, "SAML_1_1": Saml11Application,
                "SAML_2_0": SamlApplication, "SECURE_PASSWORD_STORE": SecurePasswordStoreApplication,
                "WS_FEDERATION": WsFederationApplication}


@pytest.mark.parametrize("mode", sorted(MODE_CLASSES))
async def test_every_sign_on_mode_reads_back_as_its_model(okta: Client, mode: str) -> None:
    model = MODE_CLASSES[mode]
    app = await ok(okta.create_application(model.from_dict(app_body(mode))))
    assert type(app) is model and app.sign_on_mode.value == mode
    fetched = await ok(okta.get_application(app.id))
    assert type(fetched) is model and fetched.label == app.label and fetched.name == app.name
    if mode in ("SAML_1_1", "SAML_2_0", "WS_FEDERATION"):
        key = await ok(okta.get_application_key(app.id, app.credentials.signing.kid))
        assert key.kid == app.credentials.signing.kid and key.x5c
    listed = await ok(okta.list_applications(filter=f'name eq "{app.name}"', limit=200))
    assert app.id in {a.id for a in listed} and all(type(a) is MODE_CLASSES[a.sign_on_mode.value] for a in listed)


async def test_bad_settings_come_back_as_okta_errors(okta: Client) -> None:
    body = app_body("SAML_2_0")
    del body["settings"]["signOn"]["audience"]
    error = await fails(okta.create_application(SamlApplication.from_dict(body)), 400, "E0000001")
    assert "settings.signOn.audience" in error.error_causes[0]["errorSummary"]


async def test_client_credentials_through_the_sdk(okta: Client, server: Server) -> None:
    app = await ok(okta.create_application(oidc(unique("Creds"))))
    secrets = await ok(okta.list_o_auth2_client_secrets(app.id))
    assert len(secrets) == 1 and value(secrets[0].status) == "ACTIVE"
    assert secrets[0].client_secret != app.credentials.oauth_client.client_secret
    second = await ok(okta.create_o_auth2_client_secret(app.id, OAuth2ClientSecretRequestBody()))
    assert second.client_secret and len(second.client_secret) == 64
    inactive = await ok(okta.deactivate_o_auth2_client_secret(app.id, secrets[0].id))
    assert value(inactive.status) == "INACTIVE"
    await ok(okta.delete_o_auth2_client_secret(app.id, secrets[0].id))
    jwk, _pem = rsa_signing_key()
    # the SDK's signing-key request model has no n/e (a quirk of the spec), so keys travel as the RSA variant
    request = AddJwkRequest(actual_instance=OAuth2ClientJsonEncryptionKeyRequest(
        kid=jwk["kid"], kty="RSA", e=jwk["e"], n=jwk["n"], use="enc", status="ACTIVE"))
    added = await ok(okta.add_jwk(app.id, request))
    assert added.actual_instance.kid == jwk["kid"]
    keys = await ok(okta.list_jwk(app.id))
    assert [k.actual_instance.kid for k in keys] == [jwk["kid"]]
    grant = await ok(okta.grant_consent_to_scope(app.id, OAuth2ScopeConsentGrant(
        issuer=server.url, scope_id="okta.users.read")))
    assert grant.scope_id == "okta.users.read" and value(grant.status) == "ACTIVE"
    assert [g.id for g in await ok(okta.list_scope_consent_grants(app.id))] == [grant.id]


async def test_keys_and_csrs_through_the_sdk(okta: Client) -> None:
    app = await ok(okta.create_application(SamlApplication.from_dict(app_body("SAML_2_0"))))
    key = await ok(okta.generate_application_key(app.id, validity_years=2))
    assert key.kid and key.x5c and key.n and key.e == "AQAB"
    assert {k.kid for k in await ok(okta.list_application_keys(app.id))} == {key.kid, app.credentials.signing.kid}
    csr = await ok(okta.generate_csr_for_application(app.id, CsrMetadata.from_dict(
        {"subject": {"commonName": "sdk.example.com", "countryName": "US"},
         "subjectAltNames": {"dnsNames": ["sdk.example.com"]}})))
    made = json.loads(csr)  # the SDK types this answer as a plain string (it may be PKCS#10 text)
    assert made["kty"] == "RSA" and made["csr"]
    assert [c.id for c in await ok(okta.list_csrs_for_application(app.id))] == [made["id"]]


def value(field: Any) -> Any:
    """Some SDK models type a status as an enum, others as a plain string."""
    return getattr(field, "value", field)


async def test_private_key_jwt_client_reads_back_with_its_keys(okta: Client) -> None:
    jwk, _pem = rsa_signing_key()
    body = {"label": unique("PKJ"), "name": "oidc_client", "signOnMode": "OPENID_CONNECT",
            "credentials": {"oauthClient": {"token_endpoint_auth_method": "private_key_jwt"}},
            "settings": {"oauthClient": {"application_type": "service", "grant_types": ["client_credentials"],
                                         "jwks": {"keys": [{**jwk, "id": "new"}]}}}}  # the model wants an id
    app = await ok(okta.create_application(OpenIdConnectApplication.from_dict(body)))
    fetched = await ok(okta.get_application(app.id))
    assert isinstance(fetched, OpenIdConnectApplication)
    assert fetched.credentials.oauth_client.client_secret is None
    assert len(fetched.settings.oauth_client.jwks.keys) == 1  # the SDK leaves the oneOf key itself unparsed
    listed = await ok(okta.list_jwk(app.id))
    assert [k.actual_instance.kid for k in listed] == [jwk["kid"]]
