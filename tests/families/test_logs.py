"""The System Log: every change writes an Okta-shaped event in its own transaction, and `GET /api/v1/logs` answers
Okta's query (window, filter, q, order, limit) with the polling contract."""

from __future__ import annotations

import time
import uuid

import httpx
import okta.models


def _next(resp: httpx.Response) -> str | None:
    links = [link for link in resp.headers.get_list("link") if 'rel="next"' in link]
    return links[0].split(">")[0].lstrip("<") if links else None


def test_a_change_writes_an_event_the_sdk_parses(api: httpx.Client) -> None:
    name = f"logged-{uuid.uuid4().hex[:8]}"
    group = api.post("/api/v1/groups", json={"profile": {"name": name}}).json()
    resp = api.get("/api/v1/logs", params={"filter": f'target.id eq "{group["id"]}"'})
    assert resp.status_code == 200
    events = resp.json()
    assert [e["eventType"] for e in events] == ["group.lifecycle.create"]
    event = events[0]
    assert event["target"][0]["alternateId"] == name and event["outcome"]["result"] == "SUCCESS"
    assert event["actor"]["type"] == "User" and "@" in event["actor"]["alternateId"]
    parsed = okta.models.LogEvent.from_dict(event)
    assert parsed.event_type == "group.lifecycle.create" and parsed.target[0].id == group["id"]


def test_failed_requests_leave_no_event(api: httpx.Client) -> None:
    marker = f"nolog-{uuid.uuid4().hex[:8]}"
    assert api.post("/api/v1/zones", json={"name": marker, "type": "IP"}).status_code == 400
    assert api.get("/api/v1/logs", params={"q": marker}).json() == []


def test_filter_q_order_and_limits(api: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:8]
    ids = [api.post("/api/v1/groups", json={"profile": {"name": f"q{tag}-{i}"}}).json()["id"] for i in range(3)]
    found = api.get("/api/v1/logs", params={"q": f"q{tag}-1"}).json()
    assert [e["target"][0]["id"] for e in found] == [ids[1]]
    expr = " or ".join(f'target.id eq "{i}"' for i in ids)
    ascending = [e["target"][0]["id"] for e in api.get("/api/v1/logs", params={"filter": expr}).json()]
    descending = api.get("/api/v1/logs", params={"filter": expr, "sortOrder": "DESCENDING"}).json()
    assert ascending == ids and [e["target"][0]["id"] for e in descending] == ids[::-1]
    assert api.get("/api/v1/logs", params={"filter": 'eventType eqq "x"'}).status_code == 400
    assert api.get("/api/v1/logs", params={"limit": 1001}).status_code == 400
    assert api.get("/api/v1/logs", params={"q": " ".join(["w"] * 11)}).status_code == 400
    assert api.get("/api/v1/logs", params={"since": "yesterday"}).status_code == 400


def test_polling_and_bounded_queries(api: httpx.Client) -> None:
    since = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(time.time() - 5))
    tag = uuid.uuid4().hex[:8]
    first = api.post("/api/v1/groups", json={"profile": {"name": f"poll{tag}-a"}}).json()
    resp = api.get("/api/v1/logs", params={"since": since, "filter": f'target.alternateId sw "poll{tag}"'})
    assert [e["target"][0]["id"] for e in resp.json()] == [first["id"]]
    url = _next(resp)
    assert url is not None  # polling always offers the next page
    empty = api.get(url)
    assert empty.json() == [] and _next(empty) is not None
    second = api.post("/api/v1/groups", json={"profile": {"name": f"poll{tag}-b"}}).json()
    later = api.get(_next(empty) or url)
    assert [e["target"][0]["id"] for e in later.json()] == [second["id"]]
    until = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(time.time() + 60))
    bounded = api.get("/api/v1/logs", params={"since": since, "until": until,
                                              "filter": f'target.alternateId sw "poll{tag}"'})
    assert len(bounded.json()) == 2 and _next(bounded) is None

