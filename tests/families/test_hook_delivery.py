"""Event hooks deliver over real HTTP: Okta's payload to a verified, active hook, retried when the endpoint fails,
still delivered after a server restart, and each delivery logged."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import Server, start_server, stop_server
from tests.loopback import JsonHandler, serve


class Receiver:
    """A customer's hook endpoint on loopback: answers the verification challenge, records event POSTs, and can be
    told to fail the next N of them."""

    def __init__(self, port: int = 0) -> None:
        self.received: list[dict[str, Any]] = []
        self.failures = 0
        self.headers: list[dict[str, str]] = []
        receiver = self

        class Handler(JsonHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                self.echo_challenge()

            def do_POST(self) -> None:  # noqa: N802
                payload = json.loads(self.body())
                if receiver.failures > 0:
                    receiver.failures -= 1
                    self.reply(500, b"{}")
                    return
                receiver.received.append(payload)
                receiver.headers.append(dict(self.headers))
                self.reply(200, b"{}")

        self.httpd = serve(Handler, port)
        self.port = self.httpd.server_address[1]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def events_of(self, event_type: str) -> list[dict[str, Any]]:
        return [e for p in self.received for e in p["data"]["events"] if e["eventType"] == event_type]


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def _hook(api: httpx.Client, port: int, events: list[str]) -> dict[str, Any]:
    body = {"name": f"delivery-{uuid.uuid4().hex[:6]}", "events": {"type": "EVENT_TYPE", "items": events},
            "channel": {"type": "HTTP", "version": "1.0.0",
                        "config": {"uri": f"http://127.0.0.1:{port}/okta",
                                   "headers": [{"key": "X-Tenant", "value": "mokta"}],
                                   "authScheme": {"type": "HEADER", "key": "Authorization", "value": "s3cret"}}}}
    hook = api.post("/api/v1/eventHooks", json=body).json()
    assert api.post(f"/api/v1/eventHooks/{hook['id']}/lifecycle/verify").status_code == 200
    return hook


def _group(api: httpx.Client) -> str:
    return str(api.post("/api/v1/groups", json={"profile": {"name": f"hooked-{uuid.uuid4().hex[:8]}"}}).json()["id"])


def _wait(check: Any, seconds: float = 20.0) -> Any:
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out waiting")


def test_delivers_okta_payload_with_headers(api: httpx.Client, receiver: Receiver) -> None:
    hook = _hook(api, receiver.port, ["group.lifecycle.create"])
    group_id = _group(api)
    events = _wait(lambda: [e for e in receiver.events_of("group.lifecycle.create")
                            if e["target"][0]["id"] == group_id])
    payload = next(p for p in receiver.received if p["data"]["events"][0]["target"][0]["id"] == group_id)
    assert payload["eventType"] == "com.okta.event_hook" and payload["cloudEventsVersion"] == "0.1"
    assert payload["source"].endswith(f"/api/v1/eventHooks/{hook['id']}") and events[0]["uuid"]
    sent = receiver.headers[receiver.received.index(payload)]
    assert sent["Authorization"] == "s3cret" and sent["X-Tenant"] == "mokta"
    logged = _wait(lambda: api.get("/api/v1/logs", params={
        "filter": f'eventType eq "event_hook.delivery" and target.id eq "{hook["id"]}"'}).json())
    assert logged[0]["outcome"]["result"] == "SUCCESS"
    api.post(f"/api/v1/eventHooks/{hook['id']}/lifecycle/deactivate")


def test_failing_endpoint_is_retried_until_it_recovers(api: httpx.Client, receiver: Receiver) -> None:
    hook = _hook(api, receiver.port, ["group.lifecycle.create"])
    receiver.failures = 2
    started = time.time()
    group_id = _group(api)
    assert time.time() - started < 2  # the API answered without waiting for the endpoint
    _wait(lambda: [e for e in receiver.events_of("group.lifecycle.create") if e["target"][0]["id"] == group_id])
    assert receiver.failures == 0
    api.post(f"/api/v1/eventHooks/{hook['id']}/lifecycle/deactivate")


def test_unsubscribed_and_unverified_hooks_get_nothing(api: httpx.Client, receiver: Receiver) -> None:
    other = _hook(api, receiver.port, ["user.lifecycle.create"])
    _group(api)
    time.sleep(1.0)
    assert receiver.events_of("group.lifecycle.create") == []
    api.post(f"/api/v1/eventHooks/{other['id']}/lifecycle/deactivate")


def test_delivery_survives_a_restart(server: Server) -> None:
    receiver = Receiver()
    port = receiver.port
    first = start_server(server.backend)
    try:
        with first.client() as api:
            _hook(api, port, ["group.lifecycle.create"])
            receiver.close()  # the endpoint goes away before the event
            group_id = _group(api)
    finally:
        stop_server(first)
    receiver = Receiver(port)
    second = start_server(server.backend, data_dir=first.data_dir, database_url=first.database_url or None,
                          token=first.token)
    try:
        _wait(lambda: [e for e in receiver.events_of("group.lifecycle.create") if e["target"][0]["id"] == group_id],
              seconds=30)
    finally:
        stop_server(second)
        receiver.close()
