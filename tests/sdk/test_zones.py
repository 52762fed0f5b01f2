"""Network zones through the SDK: IP and dynamic zones as their own classes, real address checks, paging, `filter`,
a fixed type, lifecycle, and Okta's rules on deleting active and system zones."""

from __future__ import annotations

from okta.client import Client
from okta.models import DynamicNetworkZone, IPNetworkZone, NetworkZoneAddress

from tests.sdk.helpers import check_paging, fails, ok, pages, unique


def ip_zone(name: str, *cidrs: str, proxies: tuple[str, ...] = ()) -> IPNetworkZone:
    return IPNetworkZone(
        name=name, type="IP", gateways=[NetworkZoneAddress(type="CIDR", value=c) for c in cidrs] or None,
        proxies=[NetworkZoneAddress(type="RANGE", value=r) for r in proxies] or None)


async def test_create_get_replace(okta: Client) -> None:
    name = unique("office")
    zone = await ok(okta.create_network_zone(ip_zone(name, "10.0.0.0/24", proxies=("10.1.1.1-10.1.1.9",))))
    assert isinstance(zone, IPNetworkZone)
    assert zone.id.startswith("nzo") and zone.status.value == "ACTIVE"
    assert (zone.usage.value, zone.system) == ("POLICY", False)
    assert [(a.type.value, a.value) for a in zone.gateways] == [("CIDR", "10.0.0.0/24")]
    assert [a.value for a in zone.proxies] == ["10.1.1.1-10.1.1.9"]

    fetched = await ok(okta.get_network_zone(zone.id))
    assert isinstance(fetched, IPNetworkZone) and fetched.name == name

    renamed = unique("office2")
    replaced = await ok(okta.replace_network_zone(zone.id, ip_zone(renamed, "192.168.0.0/16")))
    assert isinstance(replaced, IPNetworkZone)
    assert (replaced.name, [a.value for a in replaced.gateways], replaced.proxies) == (
        renamed, ["192.168.0.0/16"], None)
    assert (replaced.usage.value, replaced.system, replaced.created) == ("POLICY", False, zone.created)


async def test_dynamic_zone_and_type_is_fixed(okta: Client) -> None:
    dynamic = await ok(okta.create_network_zone(DynamicNetworkZone(name=unique("tor"), type="DYNAMIC",
                                                                   proxy_type="Tor")))
    assert isinstance(dynamic, DynamicNetworkZone) and dynamic.proxy_type == "Tor"
    error = await fails(okta.replace_network_zone(dynamic.id, ip_zone(dynamic.name, "10.0.0.0/8")), 400, "E0000001")
    assert "type" in error.error_summary
    assert isinstance(await ok(okta.get_network_zone(dynamic.id)), DynamicNetworkZone)


async def test_list_pages_and_filter(okta: Client) -> None:
    prefix = unique("zpage")
    made = [await ok(okta.create_network_zone(ip_zone(f"{prefix}-{i}", f"10.{i}.0.0/16"))) for i in range(3)]
    items = check_paging(await pages(okta.list_network_zones, limit=2), 2, {z.id for z in made})
    names = {type(z).__name__ for z in items}
    assert {"IPNetworkZone", "EnhancedDynamicNetworkZone"} <= names  # seeded system zones parse too

    picked = await ok(okta.list_network_zones(filter=f'(id eq "{made[0].id}" or id eq "{made[2].id}")'))
    assert [z.id for z in picked] == [made[0].id, made[2].id]
    system = await ok(okta.list_network_zones(filter="system eq true"))
    assert {z.name for z in system} >= {"LegacyIpZone", "BlockedIpZone", "DefaultExemptIpZone"}
    assert all(z.system for z in system)
    await fails(okta.list_network_zones(filter='name co "x"'), 400, "E0000001")


async def test_lifecycle_and_delete(okta: Client) -> None:
    zone = await ok(okta.create_network_zone(ip_zone(unique("life"), "172.16.0.0/12")))
    await fails(okta.delete_network_zone(zone.id), 400, "E0000001")
    assert (await ok(okta.deactivate_network_zone(zone.id))).status.value == "INACTIVE"
    assert (await ok(okta.get_network_zone(zone.id))).status.value == "INACTIVE"
    assert (await ok(okta.activate_network_zone(zone.id))).status.value == "ACTIVE"
    await ok(okta.deactivate_network_zone(zone.id))
    await ok(okta.delete_network_zone(zone.id))
    await fails(okta.get_network_zone(zone.id), 404, "E0000007")


async def test_bad_zones_are_rejected(okta: Client) -> None:
    error = await fails(okta.create_network_zone(ip_zone(unique("bad"), "not-an-ip")), 400, "E0000001")
    assert "gateways[0].value" in error.error_causes[0]["errorSummary"]
    await fails(okta.create_network_zone(ip_zone(unique("bad"), proxies=("10.0.0.9-10.0.0.1",))), 400, "E0000001")
    await fails(okta.create_network_zone(ip_zone(unique("empty"))), 400, "E0000001")
    taken = unique("taken")
    await ok(okta.create_network_zone(ip_zone(taken, "10.9.0.0/16")))
    await fails(okta.create_network_zone(ip_zone(taken, "10.8.0.0/16")), 400, "E0000001")


async def test_system_zone_and_missing_zone(okta: Client) -> None:
    legacy = next(z for z in await ok(okta.list_network_zones()) if z.name == "LegacyIpZone")
    await ok(okta.deactivate_network_zone(legacy.id))
    await fails(okta.delete_network_zone(legacy.id), 403, "E0000006")
    await ok(okta.activate_network_zone(legacy.id))
    await fails(okta.get_network_zone("nzoDOESNOTEXIST00000"), 404, "E0000007")
