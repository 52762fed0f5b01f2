"""Names Okta keeps unique per org: checked case-insensitively against seeded and created objects, freed on delete,
and a replace may keep its own name."""

from __future__ import annotations

import httpx


def test_group_names_are_unique(api: httpx.Client) -> None:
    assert api.post("/api/v1/groups", json={"profile": {"name": "everyone"}}).status_code == 400  # seeded Everyone
    group = api.post("/api/v1/groups", json={"profile": {"name": "Unique Names"}}).json()
    dup = api.post("/api/v1/groups", json={"profile": {"name": "unique names "}})
    assert dup.status_code == 400 and dup.json()["errorCauses"][0]["errorSummary"].startswith("profile.name")
    assert api.put(f"/api/v1/groups/{group['id']}",
                   json={"profile": {"name": "Unique Names", "description": "same name"}}).status_code == 200
    assert api.delete(f"/api/v1/groups/{group['id']}").status_code == 204
    assert api.post("/api/v1/groups", json={"profile": {"name": "Unique Names"}}).status_code == 200


def test_zone_and_origin_names_are_unique(api: httpx.Client) -> None:
    zone = {"name": "LegacyIpZone", "type": "IP", "gateways": [{"type": "CIDR", "value": "10.9.0.0/16"}]}
    assert api.post("/api/v1/zones", json=zone).status_code == 400  # a system zone's name
    origin = {"name": "unique-origin", "origin": "https://unique.example.com", "scopes": [{"type": "CORS"}]}
    assert api.post("/api/v1/trustedOrigins", json=origin).status_code == 200
    again = api.post("/api/v1/trustedOrigins", json={**origin, "name": "other"})
    assert again.status_code == 400 and "origin" in again.json()["errorCauses"][0]["errorSummary"]
