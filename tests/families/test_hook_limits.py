"""Okta's documented per-org limits: 25 active event hooks, 50 inline hooks, 50 hook keys, 2 log streams. Past a limit
the create (or activate) is a 400 E0000001 naming the rule, and freeing a place makes room again. Each backend gets
a private org, since the shared one holds other tests' hooks."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import BACKENDS, start_server, stop_server


@pytest.fixture(scope="module", params=BACKENDS)
def org(request: pytest.FixtureRequest) -> Iterator[httpx.Client]:
    server = start_server(request.param)
    try:
        with server.client() as client:
            yield client
    finally:
        stop_server(server)


def _refused(resp: httpx.Response, rule: str) -> None:
    assert resp.status_code == 400, resp.text
    body = resp.json()
    assert body["errorCode"] == "E0000001" and rule in body["errorCauses"][0]["errorSummary"]


def _event_hook() -> dict:
    return {"name": f"limit-{uuid.uuid4().hex[:6]}",
            "events": {"type": "EVENT_TYPE", "items": ["user.lifecycle.create"]},
            "channel": {"type": "HTTP", "version": "1.0.0", "config": {"uri": "https://hooks.example.com/x"}}}


def test_25_active_event_hooks(org: httpx.Client) -> None:
    made = [org.post("/api/v1/eventHooks", json=_event_hook()) for _ in range(25)]
    assert all(r.status_code == 200 for r in made)
    _refused(org.post("/api/v1/eventHooks", json=_event_hook()), "at most 25 active event hooks")
    first = made[0].json()["id"]
    assert org.post(f"/api/v1/eventHooks/{first}/lifecycle/deactivate").status_code == 200
    assert org.post("/api/v1/eventHooks", json=_event_hook()).status_code == 200  # an inactive hook doesn't count
    _refused(org.post(f"/api/v1/eventHooks/{first}/lifecycle/activate"), "at most 25 active event hooks")
    assert org.post(f"/api/v1/eventHooks/{made[1].json()['id']}/lifecycle/activate").status_code == 200  # already on


def _inline_hook() -> dict:
    return {"name": f"limit-{uuid.uuid4().hex[:6]}", "type": "com.okta.user.pre-registration", "version": "1.0.0",
            "channel": {"type": "HTTP", "version": "1.0.0",
                        "config": {"uri": "https://hooks.example.com/x", "method": "POST"}}}


def test_50_inline_hooks(org: httpx.Client) -> None:
    made = [org.post("/api/v1/inlineHooks", json=_inline_hook()) for _ in range(50)]
    assert all(r.status_code == 200 for r in made)
    _refused(org.post("/api/v1/inlineHooks", json=_inline_hook()), "at most 50 inline hooks")
    first = made[0].json()["id"]
    assert org.post(f"/api/v1/inlineHooks/{first}/lifecycle/deactivate").status_code == 200
    _refused(org.post("/api/v1/inlineHooks", json=_inline_hook()), "at most 50 inline hooks")  # inactive counts
    assert org.delete(f"/api/v1/inlineHooks/{first}").status_code == 204
    assert org.post("/api/v1/inlineHooks", json=_inline_hook()).status_code == 200


def test_50_hook_keys(org: httpx.Client) -> None:
    made = [org.post("/api/v1/hook-keys", json={"name": f"key-{i}"}) for i in range(50)]
    assert all(r.status_code == 200 for r in made)
    _refused(org.post("/api/v1/hook-keys", json={"name": "key-50"}), "at most 50 hook keys")
    assert org.delete(f"/api/v1/hook-keys/{made[0].json()['id']}").status_code == 204
    assert org.post("/api/v1/hook-keys", json={"name": "key-50"}).status_code == 200


def _stream(name: str) -> dict:
    return {"type": "aws_eventbridge", "name": name,
            "settings": {"accountId": "123456789012", "eventSourceName": "okta-events", "region": "us-east-1"}}


def test_2_log_streams(org: httpx.Client) -> None:
    first = org.post("/api/v1/logStreams", json=_stream("one"))
    assert first.status_code == 200 and org.post("/api/v1/logStreams", json=_stream("two")).status_code == 200
    _refused(org.post("/api/v1/logStreams", json=_stream("three")), "at most 2 log streams")
    stream = first.json()["id"]
    assert org.post(f"/api/v1/logStreams/{stream}/lifecycle/deactivate").status_code == 200
    assert org.delete(f"/api/v1/logStreams/{stream}").status_code == 204
    assert org.post("/api/v1/logStreams", json=_stream("three")).status_code == 200
