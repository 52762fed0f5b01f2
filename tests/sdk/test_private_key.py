"""The official SDK in `PrivateKey` mode: it signs a client assertion, gets an org-server access token for the
scopes granted to its service app, and calls the API as `Bearer`; an ungranted scope's operation is a 403."""

from __future__ import annotations

import httpx
from okta.client import Client
from okta.models import AddGroupRequest, OktaUserGroupProfile

from tests.conftest import Server
from tests.oauth.helpers import make_client, pem, rsa_jwk
from tests.sdk.helpers import fails, ok, unique


def private_key_client(server: Server, client_id: str, key_pem: str, kid: str, scopes: list[str]) -> Client:
    return Client({"orgUrl": server.url, "authorizationMode": "PrivateKey", "clientId": client_id,
                   "scopes": scopes, "privateKey": key_pem, "kid": kid})


async def test_private_key_mode_lists_users(api: httpx.Client, server: Server) -> None:
    key, jwk = rsa_jwk()
    app = make_client(api, "private_key_jwt", jwks=[jwk], grants=["okta.users.read"])
    sdk = private_key_client(server, app.client_id, pem(key), jwk["kid"], ["okta.users.read"])
    users = await ok(sdk.list_users(limit=5))
    assert users and all(u.id.startswith("00u") for u in users)
    listed = await ok(sdk.get_user(users[0].id))
    assert listed.id == users[0].id
    await fails(sdk.list_groups(), 403, "E0000006")


async def test_private_key_mode_needs_the_grant(api: httpx.Client, server: Server) -> None:
    key, jwk = rsa_jwk()
    app = make_client(api, "private_key_jwt", jwks=[jwk], grants=["okta.groups.manage"])
    sdk = private_key_client(server, app.client_id, pem(key), jwk["kid"], ["okta.groups.manage"])
    name = unique("pk")
    group = await ok(sdk.add_group(AddGroupRequest(profile=OktaUserGroupProfile(name=name))))
    assert (await ok(sdk.get_group(group.id))).profile.actual_instance.name == name
    await fails(sdk.list_users(), 403, "E0000006")
    stranger = private_key_client(server, app.client_id, pem(rsa_jwk()[0]), jwk["kid"], ["okta.groups.manage"])
    _, _, error = await stranger.list_groups()
    assert error is not None  # a key the app never registered gets no token
