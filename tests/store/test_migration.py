"""An existing database is upgraded in place: a schema-1 org, whose System Log lived among the documents, starts on
the new code with every event moved to the indexed log table, in order, and keeps logging."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mokta.engine import filters, log_index
from mokta.engine.log_index import stamp
from mokta.store import open_store
from mokta.store.base import SCHEMA_VERSION
from mokta.store.sqlite import SqliteStore
from tests.conftest import start_server, stop_server


def _store_url(server: object) -> str:
    return getattr(server, "database_url", "") or f"{server.data_dir}/mokta.db"


def _downgrade(url: str) -> list[str]:
    """Rewrite the database as schema 1 left it: events as `/api/v1/logs/{uuid}` documents, no log tables."""
    store = open_store(url)
    with store.transaction() as tx:
        rows = tx._all("SELECT org, doc FROM log_events ORDER BY published, seq")
        for org, raw in rows:
            doc = tx._load(raw)
            tx._exec(f"INSERT INTO objects (org, path, coll, doc) VALUES (?, ?, ?, {tx.json_cast})",
                     (org, f"/api/v1/logs/{doc['uuid']}", "/api/v1/logs", json.dumps(doc)))
        tx._exec("DROP TABLE log_targets")
        tx._exec("DROP TABLE log_events")
        tx.set_meta("schema_version", "1")
    store.close()
    return [tx._load(raw)["uuid"] for _, raw in rows]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_schema_1_database_is_upgraded(backend: str) -> None:
    first = start_server(backend)
    try:
        with first.client() as api:
            group = api.post("/api/v1/groups", json={"profile": {"name": "before the upgrade"}}).json()
    finally:
        stop_server(first)
    old_events = _downgrade(_store_url(first))
    assert len(old_events) >= 1
    second = start_server(backend, data_dir=first.data_dir, database_url=first.database_url or None,
                          token=first.token)
    try:
        with second.client() as api:
            found = api.get("/api/v1/logs", params={"filter": f'target.id eq "{group["id"]}"'}).json()
            assert [e["eventType"] for e in found] == ["group.lifecycle.create"]
            assert [e["uuid"] for e in api.get("/api/v1/logs", params={"limit": 1000}).json()] == old_events
            api.post("/api/v1/groups", json={"profile": {"name": "after the upgrade"}})
            assert len(api.get("/api/v1/logs", params={"limit": 1000}).json()) == len(old_events) + 1
        store = open_store(_store_url(second))
        with store.transaction(write=False) as tx:
            assert tx.meta("schema_version") == str(SCHEMA_VERSION)
            assert tx._one("SELECT COUNT(*) FROM objects WHERE coll = '/api/v1/logs'") == (0,)
        store.close()
    finally:
        stop_server(second)


PLANS = {
    'eventType eq "user.lifecycle.create" and target.id eq "00u1"': "log_targets_id",
    'target.id eq "00u1" or target.id eq "00u2"': "log_targets_id",
    'target.id sw "00g" and outcome.result eq "SUCCESS"': "log_targets_id",
    'actor.id eq "00u1" and eventType eq "user.session.start"': "log_events_actor",
    'actor.alternateId eq "a@b.c" and target.alternateId co "x"': "log_events_actor_alt",
    'outcome.result eq "FAILURE"': "log_events_outcome",
    'eventType eq "user.lifecycle.create"': "log_events_type",
    'uuid eq "1b4d"': "log_events_uuid",
    "": "log_events_published",
}


@pytest.mark.parametrize("text", list(PLANS))
def test_indexed_filters_are_index_lookups(tmp_path: object, text: str) -> None:
    """SQLite's plan for each common query reads the index meant for it and never walks the whole table."""
    store = SqliteStore(f"{tmp_path}/plan.db")
    store.migrate()
    now = datetime.now(UTC)
    node = filters.parse(text, filters.GENERIC) if text else None
    narrowed = log_index.narrowing("org", node, now - timedelta(hours=1), now)
    with store.transaction(write=False) as tx:
        seen: list[tuple[str, Any]] = []
        real = tx._all
        tx._all = lambda sql, params=(): seen.append((sql, params)) or real(sql, params)  # type: ignore[method-assign]
        tx.log_events("org", narrowed.sql(), narrowed.params, since=narrowed.since, until=narrowed.until,
                      position=(stamp(now - timedelta(minutes=5)), 7), descending=False, limit=101,
                      through=narrowed.through, by_seq=narrowed.by_seq)
        plan = [str(row[-1]) for row in real("EXPLAIN QUERY PLAN " + seen[0][0], seen[0][1])]
    store.close()
    assert not [step for step in plan if step.startswith("SCAN")], plan
    assert any(PLANS[text] in step for step in plan), plan
