"""Okta's wire format: auth, errors, headers, validation and Link paging, on both stores."""

from __future__ import annotations

import re

import httpx

from tests.conftest import Server

ERROR_KEYS = {"errorCode", "errorSummary", "errorLink", "errorId", "errorCauses"}


def assert_okta_error(resp: httpx.Response, status: int, code: str) -> dict:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert ERROR_KEYS <= body.keys()
    assert body["errorCode"] == code
    return body


def test_missing_and_bad_tokens_are_401(server: Server) -> None:
    with httpx.Client(base_url=server.url) as anon:
        assert_okta_error(anon.get("/api/v1/users"), 401, "E0000011")
        assert_okta_error(anon.get("/api/v1/users", headers={"Authorization": "SSWS nope"}), 401, "E0000011")
        assert_okta_error(anon.get("/api/v1/users", headers={"Authorization": "Basic abc"}), 401, "E0000011")
        assert_okta_error(anon.get("/api/v1/users", headers={"Authorization": "SSWS"}), 401, "E0000011")


def test_token_with_and_without_space(server: Server) -> None:
    with httpx.Client(base_url=server.url) as anon:
        assert anon.get("/api/v1/groups", headers={"Authorization": f"SSWS {server.token}"}).status_code == 200
        assert anon.get("/api/v1/groups", headers={"Authorization": f"SSWS{server.token}"}).status_code == 200


def test_well_known_is_public(server: Server) -> None:
    with httpx.Client(base_url=server.url) as anon:
        resp = anon.get("/.well-known/okta-organization")
        assert resp.status_code == 200
        assert resp.json()["id"]


def test_headers_on_every_response(api: httpx.Client) -> None:
    for resp in (api.get("/api/v1/groups"), api.get("/api/v1/nothing-here")):
        assert resp.headers["x-okta-request-id"]
        assert int(resp.headers["x-rate-limit-limit"]) > 0
        assert int(resp.headers["x-rate-limit-remaining"]) >= 0
        assert int(resp.headers["x-rate-limit-reset"]) > 1_700_000_000
        assert re.match(r"\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT", resp.headers["date"])
        assert resp.headers["content-type"].startswith("application/json")


def test_unknown_path_is_404_and_wrong_method_405(api: httpx.Client) -> None:
    assert_okta_error(api.get("/api/v1/nothing-here"), 404, "E0000007")
    assert_okta_error(api.patch("/api/v1/groups"), 405, "E0000022")


def test_missing_item_is_404(api: httpx.Client) -> None:
    body = assert_okta_error(api.get("/api/v1/groups/00gDOESNOTEXIST00000"), 404, "E0000007")
    assert "00gDOESNOTEXIST00000" in body["errorSummary"]


def test_malformed_json_is_e0000003(api: httpx.Client) -> None:
    resp = api.post("/api/v1/groups", content=b"{not json", headers={"Content-Type": "application/json"})
    assert_okta_error(resp, 400, "E0000003")


def test_validation_names_the_field(api: httpx.Client) -> None:
    body = assert_okta_error(api.post("/api/v1/groups", json={"profile": {"name": 5}}), 400, "E0000001")
    assert any("profile.name" in c["errorSummary"] for c in body["errorCauses"])
    body = assert_okta_error(api.post("/api/v1/zones", json={"name": "z", "type": "NOPE"}), 400, "E0000001")
    assert any("type" in c["errorSummary"] for c in body["errorCauses"])


def test_bad_query_parameter_type(api: httpx.Client) -> None:
    body = assert_okta_error(api.get("/api/v1/groups", params={"limit": "many"}), 400, "E0000001")
    assert "limit" in body["errorSummary"]


def test_oversized_body_is_413(api: httpx.Client) -> None:
    resp = api.post("/api/v1/groups", content=b"x" * (11 * 1024 * 1024), headers={"Content-Type": "application/json"})
    assert_okta_error(resp, 413, "E0000001")


def test_created_object_wire_shape(api: httpx.Client, server: Server) -> None:
    resp = api.post("/api/v1/groups", json={"profile": {"name": "wire shape"}})
    assert resp.status_code == 200, resp.text
    group = resp.json()
    assert re.fullmatch(r"00g[0-9A-Za-z]{17}", group["id"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z", group["created"])
    assert group["_links"]["self"]["href"] == f"{server.url}/api/v1/groups/{group['id']}"
    assert api.get(f"/api/v1/groups/{group['id']}").json()["profile"]["name"] == "wire shape"


def test_link_paging_is_stable_across_inserts(api: httpx.Client) -> None:
    made = [api.post("/api/v1/zones", json={"name": f"page-{i}", "type": "IP",
                                              "gateways": [{"type": "CIDR", "value": "10.0.0.0/24"}]}).json()["id"]
            for i in range(7)]
    seen: list[str] = []
    url: str | None = "/api/v1/zones?limit=3"
    pages = 0
    while url:
        resp = api.get(url)
        assert resp.status_code == 200
        links = resp.headers.get_list("link")
        assert 'rel="self"' in links[0]
        seen.extend(z["id"] for z in resp.json())
        nxt = [link for link in links if 'rel="next"' in link]
        assert nxt == [] or nxt[0] == links[-1]
        url = nxt[0].split(">")[0].lstrip("<") if nxt else None
        if pages == 0:
            api.post("/api/v1/zones", json={"name": "late", "type": "IP",
                                            "gateways": [{"type": "CIDR", "value": "10.0.1.0/24"}]})
        pages += 1
    assert pages >= 3
    assert len(seen) == len(set(seen))
    assert set(made) <= set(seen)


def test_api_tokens_list_and_revoke_current(server: Server) -> None:
    from tests.conftest import start_server, stop_server

    srv = start_server(server.backend)
    try:
        with srv.client() as api:
            tokens = api.get("/api/v1/api-tokens").json()
            assert tokens and all("id" in t and "userId" in t for t in tokens)
            assert all("token" not in t and "hash" not in t for t in tokens)
            assert api.delete("/api/v1/api-tokens/current").status_code == 204
            assert_okta_error(api.get("/api/v1/users"), 401, "E0000011")
    finally:
        stop_server(srv)


def test_odd_inputs_never_500(api: httpx.Client) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    odd = [b"null", b"[]", b'"text"', b"123", deep, b'{"profile": []}', b"\xff\xfe",
           b'{"profile": {"name": "\\u0000"}}']
    for body in odd:
        resp = api.post("/api/v1/groups", content=body, headers={"Content-Type": "application/json"})
        assert resp.status_code in (200, 400), (body[:40], resp.status_code, resp.text[:200])
        assert resp.json()["errorCode"] if resp.status_code == 400 else resp.json()["id"]
    for path in ("/api/v1/groups/%00", "/api/v1/groups/" + "x" * 5000, "/api/v1/users/%2e%2e%2f"):
        assert api.get(path).status_code == 404
    assert api.get("/api/v1/groups", params={"limit": "-5", "after": "garbage!!"}).status_code == 400
