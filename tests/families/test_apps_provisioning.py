"""The provisioning side of apps: the default connection (token kept write-only, OAuth connections with a real
signing key, lifecycle), group push mappings, Cross App Access connections, features and federated claims."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import httpx
from cryptography import x509

APPS = "/api/v1/apps"


def app(api: httpx.Client) -> dict[str, Any]:
    body = {"label": f"prov {uuid.uuid4().hex[:8]}", "name": "bookmark", "signOnMode": "BOOKMARK",
            "settings": {"app": {"url": "https://example.com"}}}
    return dict(api.post(APPS, json=body).json())


def cause(resp: httpx.Response) -> str:
    assert resp.status_code == 400, resp.text
    return str(resp.json()["errorCauses"][0]["errorSummary"])


def test_token_connection(api: httpx.Client) -> None:
    conn = f"{APPS}/{app(api)['id']}/connections/default"
    assert api.get(conn).json()["status"] == "DISABLED"
    assert cause(api.post(conn, json={"profile": {"authScheme": "TOKEN"}})).startswith("profile.token")
    assert cause(api.post(conn, json={"baseUrl": "nope", "profile": {"authScheme": "TOKEN", "token": "t"}})) \
        .startswith("baseUrl")
    made = api.post(conn, params={"activate": "true"},
                    json={"baseUrl": "https://scim.example.com/v2", "profile": {"authScheme": "TOKEN", "token": "t"}})
    assert made.status_code == 200, made.text
    assert made.json()["status"] == "ENABLED" and "token" not in made.json()["profile"]
    assert "token" not in made.text
    assert api.post(f"{conn}/lifecycle/deactivate").status_code == 204
    assert api.get(conn).json()["status"] == "DISABLED"
    assert api.post(f"{conn}/lifecycle/activate").status_code == 204
    got = api.get(conn).json()
    assert got["status"] == "ENABLED" and got["baseUrl"] == "https://scim.example.com/v2"
    assert api.get(f"{conn}/jwks").json()["jwks"]["keys"] == []


def test_oauth_connection_publishes_a_real_key(api: httpx.Client) -> None:
    conn = f"{APPS}/{app(api)['id']}/connections/default"
    made = api.post(conn, json={"profile": {"authScheme": "OAUTH2", "clientId": "downstream-client"}})
    assert made.status_code == 200, made.text
    assert made.json()["profile"] == {"authScheme": "OAUTH2", "clientId": "downstream-client"}
    keys = api.get(f"{conn}/jwks").json()["jwks"]["keys"]
    assert len(keys) == 1 and keys[0]["kty"] == "RSA"
    cert = x509.load_der_x509_certificate(base64.b64decode(keys[0]["x5c"][0]))
    assert cert.public_key().public_numbers().e == 65537  # type: ignore[union-attr]
    again = api.post(conn, json={"profile": {"authScheme": "OAUTH2"}})
    assert again.status_code == 200
    assert api.get(f"{conn}/jwks").json()["jwks"]["keys"][0]["kid"] == keys[0]["kid"]  # the same key pair
    assert cause(api.post(conn, json={"profile": {"authScheme": "BASIC"}})).startswith("profile.authScheme")


def test_group_push_mappings(api: httpx.Client) -> None:
    mappings = f"{APPS}/{app(api)['id']}/group-push/mappings"
    source = api.post("/api/v1/groups", json={"profile": {"name": f"src-{uuid.uuid4().hex[:8]}"}}).json()
    target = api.post("/api/v1/groups", json={"profile": {"name": f"tgt-{uuid.uuid4().hex[:8]}"}}).json()
    assert cause(api.post(mappings, json={"sourceGroupId": "00gMISSINGMISSING000", "targetGroupName": "x"})) \
        .startswith("sourceGroupId")
    assert cause(api.post(mappings, json={"sourceGroupId": source["id"]})).startswith("targetGroupId")
    both = {"sourceGroupId": source["id"], "targetGroupId": target["id"], "targetGroupName": "x"}
    assert cause(api.post(mappings, json=both)).startswith("targetGroupId")
    made = api.post(mappings, json={"sourceGroupId": source["id"], "targetGroupId": target["id"]})
    assert made.status_code == 201, made.text
    mapping = made.json()
    assert mapping["status"] == "ACTIVE" and mapping["targetGroupId"] == target["id"]
    assert cause(api.post(mappings, json={"sourceGroupId": source["id"], "targetGroupName": "y"})) \
        .startswith("sourceGroupId")
    assert [m["id"] for m in api.get(mappings, params={"sourceGroupId": source["id"]}).json()] == [mapping["id"]]
    assert api.get(mappings, params={"status": "INACTIVE"}).json() == []
    assert [m["id"] for m in api.get(mappings, params={"lastUpdated": "2020-01-01T00:00:00Z"}).json()] == [
        mapping["id"]]
    assert api.get(mappings, params={"lastUpdated": "2999-01-01T00:00:00Z"}).json() == []
    assert cause(api.get(mappings, params={"lastUpdated": "yesterday"})).startswith("lastUpdated")
    item = f"{mappings}/{mapping['id']}"
    assert cause(api.delete(item, params={"deleteTargetGroup": "true"})).startswith("status")
    assert api.patch(item, json={"status": "INACTIVE"}).json()["status"] == "INACTIVE"
    assert api.delete(item, params={"deleteTargetGroup": "true"}).status_code == 204
    assert api.get(item).status_code == 404
    assert api.get(f"/api/v1/groups/{target['id']}").status_code == 404  # the target went with it
    assert api.get(f"/api/v1/groups/{source['id']}").status_code == 200


def test_cross_app_access_connections(api: httpx.Client) -> None:
    requesting, resource = app(api), app(api)
    conns = f"{APPS}/{requesting['id']}/cwo/connections"
    assert cause(api.post(conns, json={"resourceAppInstanceId": "0oaMISSINGMISSING000"})) \
        .startswith("resourceAppInstanceId")
    assert cause(api.post(conns, json={"resourceAppInstanceId": requesting["id"]})) \
        .startswith("resourceAppInstanceId")
    made = api.post(conns, json={"resourceAppInstanceId": resource["id"]})
    assert made.status_code == 201, made.text
    conn = made.json()
    assert cause(api.post(conns, json={"resourceAppInstanceId": resource["id"]})).startswith("resourceAppInstanceId")
    assert conn["requestingAppInstanceId"] == requesting["id"] and conn["status"] == "ACTIVE"
    assert api.patch(f"{conns}/{conn['id']}", json={"status": "INACTIVE"}).json()["status"] == "INACTIVE"
    assert api.patch(f"{conns}/{conn['id']}", json={"status": "BROKEN"}).status_code == 400
    assert api.delete(f"{conns}/{conn['id']}").status_code == 204
    assert api.get(conns).json() == []
    again = api.post(conns, json={"resourceAppInstanceId": resource["id"]}).json()
    api.post(f"{APPS}/{resource['id']}/lifecycle/deactivate")
    assert api.delete(f"{APPS}/{resource['id']}").status_code == 204
    assert api.get(f"{conns}/{again['id']}").status_code == 404  # the deleted app can't be reached any more


def test_federated_claims_need_name_and_expression(api: httpx.Client) -> None:
    claims = f"{APPS}/{app(api)['id']}/federated-claims"
    assert cause(api.post(claims, json={"name": "role"})).startswith("expression")
    made = api.post(claims, json={"name": "role", "expression": "user.title"})
    assert made.status_code == 201
    claim = made.json()
    replaced = api.put(f"{claims}/{claim['id']}", json={"name": "role", "expression": "user.department"})
    assert replaced.status_code == 201 and replaced.json()["expression"] == "user.department"
    assert cause(api.put(f"{claims}/{claim['id']}", json={"expression": "x"})).startswith("name")


def test_oauth_callback_enables_the_connection(api: httpx.Client) -> None:
    body = {"label": f"slack {uuid.uuid4().hex[:8]}", "name": "slack", "signOnMode": "BOOKMARK",
            "settings": {"app": {"url": "https://slack.example.com"}}}
    slack = api.post(APPS, json=body).json()
    callback = f"{APPS}/slack/{slack['id']}/oauth2/callback"
    conn = f"{APPS}/{slack['id']}/connections/default"
    assert cause(api.post(callback, params={"code": "c"})).startswith("profile.authScheme")  # no OAuth connection
    api.post(conn, json={"profile": {"authScheme": "OAUTH2", "clientId": "slack-client"}})
    assert cause(api.post(callback)).startswith("code")
    assert api.post(f"{APPS}/zoomus/{slack['id']}/oauth2/callback", params={"code": "c"}).status_code == 404
    assert api.get(conn).json()["status"] == "DISABLED"
    assert api.post(callback, params={"code": "c", "state": "s"}).status_code == 204
    assert api.get(conn).json()["status"] == "ENABLED"


def test_features_follow_the_provisioning_connection(api: httpx.Client) -> None:
    app_id = app(api)["id"]
    features = f"{APPS}/{app_id}/features"
    assert api.get(features).json() == []
    assert api.get(f"{features}/USER_PROVISIONING").status_code == 404
    enable = {"create": {"lifecycleCreate": {"status": "ENABLED"}}}
    assert cause(api.put(f"{features}/USER_PROVISIONING", json=enable)).startswith("featureName")
    api.post(f"{APPS}/{app_id}/connections/default", params={"activate": "true"},
             json={"baseUrl": "https://scim.example.com/v2", "profile": {"authScheme": "TOKEN", "token": "t"}})
    listed = api.get(features).json()
    assert [f["name"] for f in listed] == ["USER_PROVISIONING"] and listed[0]["status"] == "ENABLED"
    assert listed[0]["capabilities"]["create"]["lifecycleCreate"]["status"] == "DISABLED"
    updated = api.put(f"{features}/USER_PROVISIONING", json=enable)
    assert updated.status_code == 200, updated.text
    caps = api.get(f"{features}/USER_PROVISIONING").json()["capabilities"]
    assert caps["create"]["lifecycleCreate"]["status"] == "ENABLED"
    assert caps["update"]["password"]["seed"] == "RANDOM"  # untouched capabilities stay
    api.post(f"{APPS}/{app_id}/connections/default/lifecycle/deactivate")
    assert api.get(f"{features}/USER_PROVISIONING").json()["status"] == "DISABLED"


def test_inbound_provisioning_takes_import_settings(api: httpx.Client) -> None:
    app_id = app(api)["id"]
    features = f"{APPS}/{app_id}/features"
    api.post(f"{APPS}/{app_id}/connections/default",
             json={"baseUrl": "https://scim.example.com/v2", "profile": {"authScheme": "TOKEN", "token": "t"}})
    assert cause(api.put(f"{features}/INBOUND_PROVISIONING", json={"importRules": {}})).startswith("importSettings")
    body = {"importSettings": {"username": {"userNameFormat": "EMAIL"}},
            "importRules": {"userCreateAndMatch": {"exactMatchCriteria": "EMAIL"}}}
    made = api.put(f"{features}/INBOUND_PROVISIONING", json=body)
    assert made.status_code == 200, made.text
    assert made.json()["capabilities"]["importSettings"]["username"]["userNameFormat"] == "EMAIL"
    assert [f["name"] for f in api.get(features).json()] == ["USER_PROVISIONING", "INBOUND_PROVISIONING"]
    assert cause(api.put(f"{features}/USER_PROVISIONING", json={"importRules": {}})).startswith("importRules")
