"""Trusted origins through the SDK: scopes round-trip, the admin is recorded, paging, `q`, uniqueness, URL checks,
lifecycle and delete."""

from __future__ import annotations

from okta.client import Client
from okta.models import TrustedOrigin, TrustedOriginScope, TrustedOriginWrite

from tests.sdk.helpers import check_paging, fails, ok, pages, unique


def origin_body(name: str, origin: str, *scopes: str) -> TrustedOriginWrite:
    return TrustedOriginWrite(name=name, origin=origin,
                              scopes=[TrustedOriginScope(type=s) for s in scopes or ("CORS", "REDIRECT")])


async def test_create_get_replace(okta: Client) -> None:
    name, host = unique("app"), unique("app")
    created: TrustedOrigin = await ok(okta.create_trusted_origin(origin_body(name, f"https://{host}.example.com")))
    assert isinstance(created, TrustedOrigin)
    assert created.id.startswith("tos") and created.status.value == "ACTIVE"
    assert created.origin == f"https://{host}.example.com"
    assert [s.type.value for s in created.scopes] == ["CORS", "REDIRECT"]
    assert created.created_by.startswith("00u") and created.last_updated_by == created.created_by  # the token's admin

    fetched: TrustedOrigin = await ok(okta.get_trusted_origin(created.id))
    assert (fetched.name, fetched.origin) == (name, created.origin)

    embed = TrustedOrigin(name=unique("embed"), origin=f"https://{host}.example.org", scopes=[
        TrustedOriginScope(type="IFRAME_EMBED", allowed_okta_apps=["OKTA_ENDUSER"])])
    replaced: TrustedOrigin = await ok(okta.replace_trusted_origin(created.id, embed))
    assert (replaced.name, replaced.origin) == (embed.name, embed.origin)
    assert [(s.type.value, [a.value for a in s.allowed_okta_apps]) for s in replaced.scopes] == [
        ("IFRAME_EMBED", ["OKTA_ENDUSER"])]
    assert replaced.created_by == created.created_by and replaced.created == created.created


async def test_list_pages_and_q(okta: Client) -> None:
    prefix = unique("tpage")
    mine = {(await ok(okta.create_trusted_origin(origin_body(f"{prefix}-{i}", f"https://{prefix}-{i}.example.com"))))
            .id for i in range(5)}
    check_paging(await pages(okta.list_trusted_origins, limit=2), 2, mine)
    assert {o.id for o in await ok(okta.list_trusted_origins(q=prefix))} == mine
    by_origin = await ok(okta.list_trusted_origins(q=f"https://{prefix}-3"))
    assert [o.name for o in by_origin] == [f"{prefix}-3"]


async def test_lifecycle_and_delete(okta: Client) -> None:
    name = unique("life")
    created = await ok(okta.create_trusted_origin(origin_body(name, f"https://{name}.example.com")))
    assert (await ok(okta.deactivate_trusted_origin(created.id))).status.value == "INACTIVE"
    assert (await ok(okta.get_trusted_origin(created.id))).status.value == "INACTIVE"
    assert (await ok(okta.activate_trusted_origin(created.id))).status.value == "ACTIVE"
    await ok(okta.delete_trusted_origin(created.id))
    await fails(okta.get_trusted_origin(created.id), 404, "E0000007")


async def test_unique_and_valid(okta: Client) -> None:
    name = unique("dup")
    await ok(okta.create_trusted_origin(origin_body(name, f"https://{name}.example.com")))
    error = await fails(okta.create_trusted_origin(origin_body(name, "https://other.example.com")), 400, "E0000001")
    assert "name" in error.error_summary
    error = await fails(okta.create_trusted_origin(origin_body(unique("x"), f"https://{name}.example.com")),
                        400, "E0000001")
    assert "origin" in error.error_summary
    await fails(okta.create_trusted_origin(origin_body(unique("bad"), "not a url")), 400, "E0000001")
    await fails(okta.create_trusted_origin(origin_body(unique("bad"), "https://x.example.com/path")), 400, "E0000001")
    await fails(okta.get_trusted_origin("tosDOESNOTEXIST00000"), 404, "E0000007")
