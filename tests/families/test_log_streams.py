"""Log streams: settings checked against the type's schema, writeOnce settings fixed, names unique, and `filter`
limited to `eq` on status and type."""

from __future__ import annotations

import uuid

import httpx

STREAMS = "/api/v1/logStreams"


def _aws(name: str, **settings: str) -> dict:
    return {"type": "aws_eventbridge", "name": name,
            "settings": {"accountId": "123456789012", "eventSourceName": "okta-events", "region": "us-east-1",
                         **settings}}


def _cause(resp: httpx.Response) -> str:
    assert resp.status_code == 400, resp.text
    return str(resp.json()["errorCauses"][0]["errorSummary"])


def _make_room(api: httpx.Client) -> None:
    """An org holds at most two log streams, and this org is shared with other tests: start from none."""
    for stream in api.get(STREAMS).json():
        api.post(f"{STREAMS}/{stream['id']}/lifecycle/deactivate")
        assert api.delete(f"{STREAMS}/{stream['id']}").status_code == 204


def test_settings_rules(api: httpx.Client) -> None:
    _make_room(api)
    name = f"stream-{uuid.uuid4().hex[:6]}"
    made = api.post(STREAMS, json=_aws(name))
    assert made.status_code == 200, made.text  # a realistic event source name, whatever the spec's pattern says
    stream = made.json()
    assert _cause(api.post(STREAMS, json=_aws(name))).startswith("name:")
    assert _cause(api.post(STREAMS, json=_aws(f"x{name}", accountId="12"))).startswith("settings.accountId")
    assert _cause(api.post(STREAMS, json=_aws(f"y{name}", region="mars-1"))).startswith("settings.region")
    moved = _aws(name, region="eu-west-1")
    assert "can't be changed" in _cause(api.put(f"{STREAMS}/{stream['id']}", json=moved))
    assert api.put(f"{STREAMS}/{stream['id']}", json=_aws(name)).status_code == 200
    splunk = {"type": "splunk_cloud_logstreaming", "name": f"splunk-{uuid.uuid4().hex[:6]}",
              "settings": {"host": "acme.splunkcloud.com", "edition": "aws",
                           "token": "11111111-2222-4333-8444-555555555555"}}
    created = api.post(STREAMS, json=splunk)
    assert created.status_code == 200, created.text
    assert api.get(f"{STREAMS}/{created.json()['id']}").json()["settings"]["host"] == "acme.splunkcloud.com"
    by_type = api.get(STREAMS, params={"filter": 'type eq "splunk_cloud_logstreaming"'}).json()
    assert created.json()["id"] in {s["id"] for s in by_type} and stream["id"] not in {s["id"] for s in by_type}
    assert api.get(STREAMS, params={"filter": 'name eq "x"'}).status_code == 400
