"""Hook endpoints: mokta accepts plain http (developers' private networks) by default; MOKTA_HTTPS_ONLY_HOOKS restores
Okta's https-only rule."""

from __future__ import annotations

import uuid

import httpx

from tests.conftest import Server, start_server, stop_server


def _hook(uri: str) -> dict:
    return {"name": f"target-{uuid.uuid4().hex[:6]}",
            "events": {"type": "EVENT_TYPE", "items": ["user.lifecycle.create"]},
            "channel": {"type": "HTTP", "version": "1.0.0", "config": {"uri": uri}}}


def test_plain_http_by_default_https_only_when_set(api: httpx.Client, server: Server) -> None:
    assert api.post("/api/v1/eventHooks", json=_hook("http://10.0.0.5/hooks")).status_code == 200
    assert api.post("/api/v1/eventHooks", json=_hook("ftp://10.0.0.5/hooks")).status_code == 400
    strict = start_server(server.backend, extra_env={"MOKTA_HTTPS_ONLY_HOOKS": "true"})
    try:
        with strict.client() as other:
            refused = other.post("/api/v1/eventHooks", json=_hook("http://10.0.0.5/hooks"))
            assert refused.status_code == 400 and "https" in refused.json()["errorCauses"][0]["errorSummary"]
            assert other.post("/api/v1/eventHooks", json=_hook("https://hooks.example.com/x")).status_code == 200
    finally:
        stop_server(strict)
