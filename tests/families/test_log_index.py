"""The System Log index answers exactly what evaluating every event would: a few thousand events written straight
into a server's store, then filters (indexed, partly indexed and not indexable at all), windows, both orders and
paging compared with the evaluator run over every event."""

from __future__ import annotations

import copy
import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from mokta.engine import filters
from mokta.store import open_store
from tests.conftest import BACKENDS, Server, start_server, stop_server

TYPES = ["user.lifecycle.create", "user.lifecycle.activate", "group.user_membership.add", "user.session.start",
         "policy.lifecycle.update"]
EVENTS = 3000


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(request: pytest.FixtureRequest) -> Iterator[tuple[Server, list[dict[str, Any]]]]:
    """A private server holding EVENTS synthetic events cloned from one it wrote itself."""
    server = start_server(request.param)
    try:
        with server.client() as api:
            api.post("/api/v1/groups", json={"profile": {"name": "template"}})
            template = api.get("/api/v1/logs", params={"filter": 'eventType eq "group.lifecycle.create"'}).json()[0]
        store = open_store(server.database_url or f"{server.data_dir}/mokta.db")
        with store.transaction() as tx:
            org = tx.orgs()[0][0]
            docs = _events(template)
            tx.put_log_events(org, docs)
        store.close()
        yield server, docs
    finally:
        stop_server(server)


def _events(template: dict[str, Any]) -> list[dict[str, Any]]:
    rng = random.Random(7)
    start = datetime.now(UTC) - timedelta(days=3)
    docs = []
    for i in range(EVENTS):
        doc = copy.deepcopy(template)
        moment = start + timedelta(seconds=rng.randrange(0, 3 * 86400), milliseconds=rng.randrange(0, 3))
        doc.update(uuid=str(uuid.UUID(int=rng.getrandbits(128))), eventType=rng.choice(TYPES),
                   published=moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z")
        doc["actor"] = dict(doc["actor"], id=f"00uactor{i % 10:012d}", alternateId=f"actor{i % 10}@example.com")
        doc["outcome"] = {"result": "FAILURE" if i % 17 == 0 else "SUCCESS", "reason": None}
        targets = [dict(doc["target"][0], id=f"00gtarget{rng.randrange(40):011d}", alternateId=f"group {i}")]
        if i % 3 == 0:
            targets.append(dict(doc["target"][0], id=f"00utarget{rng.randrange(40):011d}", type="User"))
        doc["target"] = targets
        docs.append(doc)
    docs[5]["actor"]["id"] = 12345  # a non-string value: only the evaluator can compare it
    docs[1234]["displayMessage"] = "Quarantine device"
    return docs


def _expected(docs: list[dict[str, Any]], text: str | None, since: datetime, until: datetime,
              descending: bool) -> list[str]:
    node = filters.parse(text, filters.GENERIC) if text else None
    rows = [(d["published"], i, d) for i, d in enumerate(docs)
            if since <= datetime.fromisoformat(d["published"].replace("Z", "+00:00")) < until
            and (node is None or filters.matches(node, d))]
    rows.sort(key=lambda r: (r[0], r[1]), reverse=descending)
    return [r[2]["uuid"] for r in rows]


def _all_pages(api: httpx.Client, params: dict[str, Any]) -> list[str]:
    seen: list[str] = []
    url: str | None = "/api/v1/logs"
    first = True
    while url:
        resp = api.get(url, params=params if first else None)
        assert resp.status_code == 200, resp.text
        seen += [e["uuid"] for e in resp.json()]
        links = [v for v in resp.headers.get_list("link") if 'rel="next"' in v]
        url = links[0].split(">")[0].lstrip("<") if links else None
        first = False
    return seen


FILTERS = [
    'eventType eq "user.lifecycle.create"',
    'eventType eq "group.user_membership.add" and target.id eq "00gtarget00000000007"',
    'target.id eq "00utarget00000000003" or actor.id eq "00uactor000000000004"',
    'eventType sw "user." and outcome.result eq "FAILURE"',
    'actor.alternateId eq "actor3@example.com" and not (eventType eq "user.session.start")',
    'target.alternateId co "group 1" and eventType eq "user.lifecycle.activate"',
    'actor.id eq "12345"',
    'actor.id pr and outcome.result ne "SUCCESS"',
    'eventType eq "user.lifecycle.create" or target.alternateId co "9"',
    'published gt "2020-01-01T00:00:00.000Z" and target.id sw "00gtarget0000000001"',
    'target.id sw "00"',  # an event's two targets both match: still one answer per event
    'target.id eq "00gtarget00000000011" and eventType eq "user.session.start"',
]


@pytest.mark.parametrize("text", FILTERS)
def test_filters_match_the_evaluator(loaded: tuple[Server, list[dict[str, Any]]], text: str) -> None:
    server, docs = loaded
    now = datetime.now(UTC)
    since, until = now - timedelta(days=2, hours=5), now - timedelta(hours=7)
    window = {"since": since.isoformat(), "until": until.isoformat(), "filter": text}
    with server.client() as api:
        got = _all_pages(api, {**window, "limit": 50})
        assert got == _expected(docs, text, since, until, False)
        assert got  # every filter above selects something, so an empty answer is a failure
        down = _all_pages(api, {**window, "limit": 1000, "sortOrder": "DESCENDING"})
        assert down == _expected(docs, text, since, until, True)


def test_unfiltered_window_and_keywords(loaded: tuple[Server, list[dict[str, Any]]]) -> None:
    server, docs = loaded
    now = datetime.now(UTC)
    since, until = now - timedelta(days=1), now - timedelta(hours=20)
    with server.client() as api:
        got = _all_pages(api, {"since": since.isoformat(), "until": until.isoformat(), "limit": 7})
        assert got == _expected(docs, None, since, until, False) and len(got) > 7
        marked = _all_pages(api, {"since": (now - timedelta(days=4)).isoformat(), "until": now.isoformat(),
                                  "q": "QUARANTINE device"})
        assert marked == [docs[1234]["uuid"]]


def test_polling_continues_from_the_last_event(loaded: tuple[Server, list[dict[str, Any]]]) -> None:
    server, _ = loaded
    since = (datetime.now(UTC) - timedelta(days=4)).isoformat()
    params = {"since": since, "filter": 'eventType eq "group.lifecycle.create"', "limit": 1000}
    with server.client() as api:
        first = api.get("/api/v1/logs", params=params)
        assert [e["target"][0]["alternateId"] for e in first.json()][-1] == "template"
        url = _next(first)
        empty = api.get(url)
        assert empty.json() == [] and _next(empty) == url
        made = api.post("/api/v1/groups", json={"profile": {"name": f"poll-{uuid.uuid4().hex[:6]}"}}).json()
        news = api.get(url)
        assert [e["target"][0]["id"] for e in news.json()] == [made["id"]]
        assert api.get(_next(news)).json() == []


def _next(resp: httpx.Response) -> str:
    links = [v for v in resp.headers.get_list("link") if 'rel="next"' in v]
    assert links, "a polling answer always links to the next page"
    return links[0].split(">")[0].lstrip("<")
