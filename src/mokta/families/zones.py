"""Network zones: names are unique, IP zones hold real CIDRs and ranges, a zone's type is fixed, an ACTIVE or system
zone can't be deleted, and `filter` takes `eq` clauses on id, usage and system."""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from mokta.engine import generic, uniques
from mokta.engine.registry import handles
from mokta.http.errors import OktaError, bad_param, invalid
from mokta.types import Context, Reply

ZONES = "/api/v1/zones"
uniques.unique_fields(ZONES, "name")
FILTER_FIELDS = {"id", "usage", "system", "type", "status", "name"}
FILTER_CLAUSE = re.compile(r'\(?\s*(\w+)\s+eq\s+(?:"([^"]*)"|(true|false))\s*\)?', re.IGNORECASE)


@handles("listNetworkZones")
def list_network_zones(ctx: Context) -> Reply:
    wanted = _filter(str(ctx.query.get("filter") or ""))
    if not wanted:
        return generic.serve(ctx)
    return generic.list_where(
        ctx, ZONES, lambda doc: all(_text(doc.get(k)) in values for k, values in wanted.items()))


@handles("createNetworkZone")
def create_network_zone(ctx: Context) -> Reply:
    body = _checked(ctx, None)
    body.setdefault("usage", "POLICY")
    body["system"] = False
    ctx.body = body
    return generic.serve(ctx)


@handles("replaceNetworkZone")
def replace_network_zone(ctx: Context) -> Reply:
    old = generic.load(ctx, f"{ZONES}/{ctx.path_params['zoneId']}", "Zone")
    body = _checked(ctx, old["id"])
    if body.get("type") != old.get("type"):
        raise invalid("type: A zone's type can't be changed", "type")
    body.setdefault("usage", old.get("usage", "POLICY"))
    body["system"] = old.get("system", False)
    ctx.body = body
    return generic.serve(ctx)


@handles("deleteNetworkZone")
def delete_network_zone(ctx: Context) -> Reply:
    doc = generic.load(ctx, f"{ZONES}/{ctx.path_params['zoneId']}", "Zone")
    if doc.get("system"):
        raise OktaError(403, "E0000006", "You do not have permission to perform the requested action",
                        ["A system zone can't be deleted"])
    if doc.get("status") == "ACTIVE":
        raise invalid("status: An ACTIVE zone can't be deleted; deactivate it first", "status")
    return generic.serve(ctx)


# -- private ------------------------------------------------------------------------------------------------------


def _checked(ctx: Context, own_id: str | None) -> dict[str, Any]:
    """A unique name, and for IP zones at least one gateway or proxy, each a valid CIDR or range."""
    body = generic.body_object(ctx)
    uniques.check(ctx, ZONES, body, f"{ZONES}/{own_id}" if own_id else None,
                  invalid("name: A zone with this name already exists", "name"))
    if body.get("type") == "IP":
        if not body.get("gateways") and not body.get("proxies"):
            raise invalid("gateways: An IP zone needs at least one gateway or proxy", "gateways")
        for field in ("gateways", "proxies"):
            for i, address in enumerate(body.get(field) or []):
                if not _valid_address(address):
                    raise invalid(f"{field}[{i}].value: {address.get('value')!r} is not a valid {address.get('type')}",
                                  f"{field}[{i}].value")
    return body


def _valid_address(address: Any) -> bool:
    if not isinstance(address, dict):
        return False
    kind, value = address.get("type"), str(address.get("value") or "")
    try:
        if kind == "CIDR":
            ipaddress.ip_network(value, strict=False)
            return "/" in value
        if kind == "RANGE":
            parts = value.split("-")
            low, high = (ipaddress.ip_address(v.strip()) for v in (parts * 2 if len(parts) == 1 else parts))
            return low.version == high.version and low <= high  # type: ignore[operator]
    except ValueError:
        return False
    return False


def _filter(expression: str) -> dict[str, set[str]]:
    """`(id eq "a" or id eq "b") and usage eq "POLICY"`: clauses on one field are alternatives, fields combine."""
    if not expression.strip():
        return {}
    rest = FILTER_CLAUSE.sub("", expression)
    if re.sub(r"\b(and|or)\b|[()\s]", "", rest, flags=re.IGNORECASE):
        raise bad_param("filter", f"unsupported filter expression: {expression}")
    wanted: dict[str, set[str]] = {}
    for field, quoted, boolean in FILTER_CLAUSE.findall(expression):
        if field not in FILTER_FIELDS:
            raise bad_param("filter", f"{field} can't be filtered on")
        wanted.setdefault(field, set()).add(quoted if not boolean else boolean.lower())
    return wanted


def _text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)
