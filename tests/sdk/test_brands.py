"""Brands through the SDK: create with a theme, replace, paging, unique names (409), the protected default brand,
the privacy-policy agreement, and delete."""

from __future__ import annotations

from okta.client import Client
from okta.models import Brand, BrandRequest, CreateBrandRequest, ThemeResponse

from tests.sdk.helpers import check_paging, fails, ok, pages, unique


async def test_create_get_replace(okta: Client) -> None:
    name = unique("Acme")
    brand: Brand = await ok(okta.create_brand(CreateBrandRequest(name=name)))
    assert isinstance(brand, Brand)
    assert brand.id.startswith("bnd") and brand.name == name
    assert (brand.is_default, brand.remove_powered_by_okta) == (False, False)

    themes = await ok(okta.list_brand_themes(brand.id))
    assert len(themes) == 1 and isinstance(themes[0], ThemeResponse)
    assert themes[0].primary_color_hex == "#1662dd"
    assert themes[0].sign_in_page_touch_point_variant.value == "OKTA_DEFAULT"

    fetched: Brand = await ok(okta.get_brand(brand.id))
    assert fetched.name == name

    renamed = unique("Acme2")
    replaced: Brand = await ok(okta.replace_brand(brand.id, BrandRequest(
        name=renamed, locale="fr", remove_powered_by_okta=True,
        custom_privacy_policy_url="https://example.com/privacy", agree_to_custom_privacy_policy=True)))
    assert (replaced.name, replaced.locale, replaced.remove_powered_by_okta) == (renamed, "fr", True)
    assert (replaced.custom_privacy_policy_url, replaced.is_default) == ("https://example.com/privacy", False)
    assert (await ok(okta.get_brand(brand.id))).locale == "fr"


async def test_list_pages(okta: Client) -> None:
    prefix = unique("bpage")
    mine = {(await ok(okta.create_brand(CreateBrandRequest(name=f"{prefix}-{i}")))).id for i in range(4)}
    items = check_paging(await pages(okta.list_brands, limit=2), 2, mine)
    assert [b.is_default for b in items].count(True) == 1
    assert {b.id for b in await ok(okta.list_brands(q=prefix))} == mine


async def test_names_are_unique(okta: Client) -> None:
    name = unique("Taken")
    first: Brand = await ok(okta.create_brand(CreateBrandRequest(name=name)))
    await fails(okta.create_brand(CreateBrandRequest(name=name)), 409, "E0000001")
    other: Brand = await ok(okta.create_brand(CreateBrandRequest(name=unique("Other"))))
    await fails(okta.replace_brand(other.id, BrandRequest(name=first.name)), 409, "E0000001")


async def test_privacy_policy_needs_agreement(okta: Client) -> None:
    brand: Brand = await ok(okta.create_brand(CreateBrandRequest(name=unique("Privacy"))))
    error = await fails(okta.replace_brand(brand.id, BrandRequest(
        name=brand.name, custom_privacy_policy_url="https://example.com/p")), 400, "E0000001")
    assert "agreeToCustomPrivacyPolicy" in error.error_summary


async def test_delete_and_default_brand(okta: Client) -> None:
    brand: Brand = await ok(okta.create_brand(CreateBrandRequest(name=unique("Gone"))))
    await ok(okta.delete_brand(brand.id))
    await fails(okta.get_brand(brand.id), 404, "E0000007")
    await fails(okta.list_brand_themes(brand.id), 404, "E0000007")

    default = next(b for b in await ok(okta.list_brands(limit=200)) if b.is_default)
    await fails(okta.delete_brand(default.id), 409, "E0000001")
    assert (await ok(okta.get_brand(default.id))).is_default is True
