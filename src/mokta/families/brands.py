"""Brands: names are unique (409), every new brand comes with its one theme, a custom privacy policy URL needs the
admin's agreement, and the default brand can't be deleted."""

from __future__ import annotations

from mokta.engine import generic, ids
from mokta.engine.registry import handles
from mokta.http.errors import conflict, invalid
from mokta.http.paging import decode_cursor, encode_cursor, limit_of, paged
from mokta.types import Context, Document, Reply

BRANDS = "/api/v1/brands"
DEFAULT_THEME: Document = {
    "primaryColorHex": "#1662dd", "primaryColorContrastHex": "#ffffff", "secondaryColorHex": "#ebebed",
    "secondaryColorContrastHex": "#000000", "signInPageTouchPointVariant": "OKTA_DEFAULT",
    "endUserDashboardTouchPointVariant": "OKTA_DEFAULT", "errorPageTouchPointVariant": "OKTA_DEFAULT",
    "emailTemplateTouchPointVariant": "OKTA_DEFAULT", "loadingPageTouchPointVariant": "OKTA_DEFAULT",
    "logo": None, "favicon": None, "backgroundImage": None,
}


@handles("listBrands")
def list_brands(ctx: Context) -> Reply:
    q = str(ctx.query.get("q") or "").lower()
    if not q:
        return generic.serve(ctx)
    limit = limit_of(ctx)
    rows = [r for r in ctx.tx.list(ctx.org, BRANDS, after=decode_cursor(ctx.query.get("after")))
            if q in str(r[2].get("name") or "").lower()]
    page = rows if limit is None else rows[:limit]
    more = limit is not None and len(rows) > limit
    schema = ctx.rt.item_schema(ctx.op.response_schema)
    docs = [generic.fill(ctx, schema, generic.output(ctx, path, doc)) for _, path, doc in page]
    return paged(ctx, docs, encode_cursor(page[-1][0]) if more and page else None)


@handles("createBrand")
def create_brand(ctx: Context) -> Reply:
    body = _checked(ctx, None)
    body.update(isDefault=False, removePoweredByOkta=bool(body.get("removePoweredByOkta", False)))
    ctx.body = body
    reply = generic.serve(ctx)
    theme = ids.new_id("thm")
    ctx.tx.put(ctx.org, f"{BRANDS}/{reply.body['id']}/themes/{theme}", {"id": theme, **DEFAULT_THEME})
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
    for _, _, doc in ctx.tx.list(ctx.org, BRANDS):
        if doc.get("id") != own_id and str(doc.get("name") or "").lower() == name.lower():
            raise conflict(f"A brand named {name!r} already exists.")
    return body
