"""Brands: names are unique (409), every new brand comes with its theme, pages and email templates, a custom
privacy policy URL needs the admin's agreement, and the default brand can't be deleted."""

from __future__ import annotations

from mokta.engine import generic, uniques
from mokta.engine.registry import handles
from mokta.http.errors import conflict, invalid
from mokta.seed_data import brand_defaults
from mokta.types import Context, Document, Reply

BRANDS = "/api/v1/brands"
uniques.unique_fields(BRANDS, "name")


@handles("listBrands")
def list_brands(ctx: Context) -> Reply:
    q = str(ctx.query.get("q") or "").lower()
    if not q:
        return generic.serve(ctx)
    return generic.list_where(ctx, BRANDS, lambda doc: q in str(doc.get("name") or "").lower())


@handles("createBrand")
def create_brand(ctx: Context) -> Reply:
    body = _checked(ctx, None)
    body.update(isDefault=False, removePoweredByOkta=bool(body.get("removePoweredByOkta", False)))
    ctx.body = body
    reply = generic.serve(ctx)
    for path, doc in brand_defaults(f"{BRANDS}/{reply.body['id']}"):
        ctx.tx.put(ctx.org, path, doc)
    return reply


@handles("replaceBrand")
def replace_brand(ctx: Context) -> Reply:
    old = generic.load(ctx, f"{BRANDS}/{ctx.path_params['brandId']}", "Brand")
    body = _checked(ctx, old["id"])
    body["isDefault"] = old.get("isDefault", False)
    body.setdefault("removePoweredByOkta", False)
    ctx.body = body
    return generic.serve(ctx)


@handles("deleteBrand")
def delete_brand(ctx: Context) -> Reply:
    doc = generic.load(ctx, f"{BRANDS}/{ctx.path_params['brandId']}", "Brand")
    if doc.get("isDefault"):
        raise conflict("The default brand can't be deleted.")
    return generic.serve(ctx)


# -- private ------------------------------------------------------------------------------------------------------


def _checked(ctx: Context, own_id: str | None) -> Document:
    body = generic.body_object(ctx)
    name = str(body.get("name") or "").strip()
    if not name:
        raise invalid("name: The field cannot be left blank", "name")
    if body.get("customPrivacyPolicyUrl") and body.get("agreeToCustomPrivacyPolicy") is not True:
        raise invalid("agreeToCustomPrivacyPolicy: must be true to set customPrivacyPolicyUrl",
                      "agreeToCustomPrivacyPolicy")
    uniques.check(ctx, BRANDS, body, f"{BRANDS}/{own_id}" if own_id else None,
                  conflict(f"A brand named {name!r} already exists."))
    return body
