"""Applications through the SDK: BOOKMARK and OIDC apps come back as their own model classes, OAuth clients get
credentials, lists page and narrow, and an app must be deactivated before it is deleted."""

from __future__ import annotations

from okta.client import Client
from okta.models import (
    ApplicationCredentialsOAuthClient,
    BookmarkApplication,
    BookmarkApplicationSettings,
    BookmarkApplicationSettingsApplication,
    OAuthApplicationCredentials,
    OpenIdConnectApplication,
    OpenIdConnectApplicationSettings,
    OpenIdConnectApplicationSettingsClient,
)
from okta.pagination import paginate_all

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
