"""Public `/.well-known` documents: org metadata computed from the org itself."""

from __future__ import annotations

from mokta.engine.registry import handles
from mokta.types import Context, Reply


@handles("getWellknownOrgMetadata")
def get_org_metadata(ctx: Context) -> Reply:
    base = ctx.request.base_url
    return Reply(200, {"id": ctx.org, "pipeline": "idx",
                       "_links": {"organization": {"href": base}, "alternate": {"href": base}}})
