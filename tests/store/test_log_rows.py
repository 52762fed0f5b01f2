"""The bulk path (`put_log_events`, which benchmarks load through) writes exactly the rows a request's event does
(`put_log_event`), on both backends: the same columns, one target row per distinct target id, positions in order."""

from __future__ import annotations

import pytest

from mokta.store import open_store
from tests.conftest import fresh_pg_schema, postgres_available

EVENT = {"uuid": "e1", "published": "2026-01-01T00:00:00.000Z", "eventType": "group.user_membership.add",
         "actor": {"id": "00uactor", "alternateId": "admin@example.com"}, "outcome": {"result": "SUCCESS"},
         "target": [{"id": "00utarget"}, {"id": "00gtarget"}, {"id": "00utarget"}, {"id": 7}]}


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_bulk_and_single_writes_match(backend: str, tmp_path: object) -> None:
    if backend == "postgres" and not postgres_available():
        pytest.fail("PostgreSQL is required for this test")
    store = open_store(fresh_pg_schema() if backend == "postgres" else f"{tmp_path}/rows.db")
    store.migrate()
    with store.transaction() as tx:
        one = tx.put_log_event("org", EVENT)
        many = tx.put_log_events("org", [dict(EVENT, uuid="e2"), dict(EVENT, uuid="e3")])
        assert one < many[0] < many[1]
        columns = tx._all("SELECT org, published, event_type, actor_id, actor_alternate_id, outcome FROM log_events "
                          "ORDER BY seq")
        targets = tx._all("SELECT seq, target_id, published FROM log_targets ORDER BY seq, target_id")
    store.close()
    assert len(set(columns)) == 1 and columns[0] == ("org", EVENT["published"], EVENT["eventType"], "00uactor",
                                                     "admin@example.com", "SUCCESS")
    assert [(seq, t) for seq, t, _ in targets] == [(s, t) for s in (one, *many) for t in ("00gtarget", "00utarget")]
