"""Event hooks through the SDK: created ACTIVE and UNVERIFIED, the secret never comes back, `verify` runs Okta's
challenge against a real local endpoint, a new URI unverifies, and only an INACTIVE hook can be deleted."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from okta.client import Client
from okta.models import (
    EventHook,
    EventHookChannel,
    EventHookChannelConfig,
    EventHookChannelConfigAuthScheme,
    EventHookChannelConfigHeader,
    EventSubscriptions,
)

from tests.loopback import JsonHandler, serve
from tests.sdk.helpers import fails, ok, unique

SECRET = "hook-secret-value"


class Receiver(JsonHandler):
    """A hook endpoint: echoes Okta's challenge when the shared secret is presented, remembers what it saw."""

    seen: list[dict[str, str]] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        Receiver.seen.append(dict(self.headers.items()))
        answer = self.headers.get("X-Okta-Verification-Challenge") if self.headers.get("Authorization") == SECRET \
            else "wrong"
        self.reply(200, json.dumps({"verification": answer}).encode())


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    httpd = serve(Receiver)
    yield f"http://127.0.0.1:{httpd.server_address[1]}/okta/events"
    httpd.shutdown()


def hook(name: str, uri: str, secret: str = SECRET) -> EventHook:
    return EventHook(
        name=name, description="Test hook",
        events=EventSubscriptions(type="EVENT_TYPE", items=["user.lifecycle.create", "group.user_membership.add"]),
        channel=EventHookChannel(type="HTTP", version="1.0.0", config=EventHookChannelConfig(
            uri=uri, headers=[EventHookChannelConfigHeader(key="X-Tenant", value="mokta")],
            auth_scheme=EventHookChannelConfigAuthScheme(type="HEADER", key="Authorization", value=secret))))


async def test_create_get_list_replace(okta: Client) -> None:
    name = unique("hook")
    created: EventHook = await ok(okta.create_event_hook(hook(name, "https://hooks.example.com/okta")))
    assert isinstance(created, EventHook)
    assert created.id.startswith("who") and created.status == "ACTIVE"
    assert created.verification_status.value == "UNVERIFIED"
    assert created.created_by.startswith("00u")  # the admin behind the API token
    assert created.events.items == ["user.lifecycle.create", "group.user_membership.add"]
    scheme = created.channel.config.auth_scheme
    assert (scheme.key, scheme.value) == ("Authorization", None)  # the secret never comes back

    fetched: EventHook = await ok(okta.get_event_hook(created.id))
    assert fetched.name == name and fetched.channel.config.auth_scheme.value is None
    assert [(h.key, h.value) for h in fetched.channel.config.headers] == [("X-Tenant", "mokta")]

    listed = await ok(okta.list_event_hooks())  # not paged: every hook in one answer
    assert created.id in {h.id for h in listed}
    assert all(h.channel.config.auth_scheme is None or h.channel.config.auth_scheme.value is None for h in listed)

    renamed = unique("hook2")
    replaced: EventHook = await ok(okta.replace_event_hook(created.id, hook(renamed, "https://hooks.example.com/okta")))
    assert (replaced.name, replaced.status, replaced.created_by) == (renamed, "ACTIVE", created.created_by)


async def test_verify_against_a_real_endpoint(okta: Client, endpoint: str) -> None:
    created: EventHook = await ok(okta.create_event_hook(hook(unique("verify"), endpoint)))
    Receiver.seen.clear()
    verified: EventHook = await ok(okta.verify_event_hook(created.id))
    assert verified.verification_status.value == "VERIFIED"
    assert verified.channel.config.auth_scheme.value is None
    headers = Receiver.seen[-1]
    assert headers["Authorization"] == SECRET and headers["X-Tenant"] == "mokta"
    assert headers["X-Okta-Verification-Challenge"]
    assert (await ok(okta.get_event_hook(created.id))).verification_status.value == "VERIFIED"

    # a replace without the secret keeps it; a new URI needs verifying again
    same = hook(verified.name, endpoint, secret="")
    kept: EventHook = await ok(okta.replace_event_hook(created.id, same))
    assert kept.verification_status.value == "VERIFIED"
    await ok(okta.deactivate_event_hook(created.id))
    await ok(okta.activate_event_hook(created.id))
    assert (await ok(okta.verify_event_hook(created.id))).verification_status.value == "VERIFIED"  # secret kept
    moved: EventHook = await ok(okta.replace_event_hook(created.id, hook(verified.name, endpoint + "/v2")))
    assert moved.verification_status.value == "UNVERIFIED"


async def test_failed_verification(okta: Client, endpoint: str) -> None:
    wrong_secret: EventHook = await ok(okta.create_event_hook(hook(unique("wrong"), endpoint, secret="nope")))
    await fails(okta.verify_event_hook(wrong_secret.id), 400, "E0000001")
    assert (await ok(okta.get_event_hook(wrong_secret.id))).verification_status.value == "UNVERIFIED"
    nobody = await ok(okta.create_event_hook(hook(unique("nobody"), "http://127.0.0.1:9/nothing")))
    await fails(okta.verify_event_hook(nobody.id), 400, "E0000001")


async def test_lifecycle_and_delete(okta: Client) -> None:
    created: EventHook = await ok(okta.create_event_hook(hook(unique("life"), "https://hooks.example.com/a")))
    await fails(okta.delete_event_hook(created.id), 400, "E0000001")
    assert (await ok(okta.deactivate_event_hook(created.id))).status == "INACTIVE"
    assert (await ok(okta.get_event_hook(created.id))).status == "INACTIVE"
    assert (await ok(okta.activate_event_hook(created.id))).status == "ACTIVE"
    await ok(okta.deactivate_event_hook(created.id))
    await ok(okta.delete_event_hook(created.id))
    await fails(okta.get_event_hook(created.id), 404, "E0000007")


async def test_bad_hooks(okta: Client) -> None:
    error = await fails(okta.create_event_hook(hook(unique("bad"), "not a url")), 400, "E0000001")
    assert "channel.config.uri" in error.error_summary
    await fails(okta.create_event_hook(hook(unique("ftp"), "ftp://hooks.example.com/x")), 400, "E0000001")
    await fails(okta.get_event_hook("whoDOESNOTEXIST00000"), 404, "E0000007")
