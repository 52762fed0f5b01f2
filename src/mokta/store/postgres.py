"""PostgreSQL backend: one connection per thread; several workers can share the database."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

from mokta.store.base import TABLES, IndexFor, KeysFor, Store, Tx, no_index, no_keys, upgrade


class PostgresTx(Tx):
    json_cast = "?::jsonb"

    def __init__(self, cur: psycopg.Cursor[Any], keys_for: KeysFor = no_keys,
                 index_for: IndexFor = no_index) -> None:
        self.cur = cur
        self.keys_for = keys_for  # type: ignore[method-assign]
        self.index_for = index_for  # type: ignore[method-assign]

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> int:
        self.cur.execute(sql.replace("?", "%s"), params)  # type: ignore[call-overload]
        return self.cur.rowcount

    def lock(self, key: int) -> None:
        self.cur.execute("SELECT pg_advisory_xact_lock(%s)", (key,))

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.cur.execute(sql.replace("?", "%s"), params)  # type: ignore[call-overload]
        return self.cur.fetchall()

    def _exec_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.cur.executemany(sql.replace("?", "%s"), rows)  # type: ignore[arg-type]

    def _next_log_seqs(self, n: int) -> list[int]:
        """Concurrent writers share the table, so positions come from its sequence."""
        if n == 1:
            return [int(self._all("SELECT nextval(pg_get_serial_sequence('log_events', 'seq'))")[0][0])]
        rows = self._all("SELECT nextval(pg_get_serial_sequence('log_events', 'seq')) FROM generate_series(1, ?)",
                         (n,))
        return sorted(int(r[0]) for r in rows)


class PostgresStore(Store):
    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()

    def _conn(self) -> psycopg.Connection[Any]:
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed or conn.broken:
            conn = psycopg.connect(self.url, autocommit=True)
            self._local.conn = conn
        return conn

    def migrate(self) -> None:
        conn = self._conn()
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(7260011)")
            for sql in TABLES:
                cur.execute(sql.format(json="JSONB", serial="BIGSERIAL PRIMARY KEY", c=' COLLATE "C"'))
            upgrade(PostgresTx(cur))

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Tx]:
        """Writes get a real transaction; reads run each statement on its own, saving the BEGIN/COMMIT round
        trips (a read changes nothing, so there is nothing to keep atomic)."""
        conn = self._conn()
        if not write:
            with conn.cursor() as cur:
                yield PostgresTx(cur, self.keys_for, self.index_for)
            return
        with conn.transaction(), conn.cursor() as cur:
            yield PostgresTx(cur, self.keys_for, self.index_for)

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
