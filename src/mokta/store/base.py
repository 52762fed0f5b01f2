"""The store interface. Documents live under their canonical API path; every row carries its org.

A document's key is its concrete item path (`/api/v1/groups/00g…`) and its collection the path above it, so listing a
collection, deleting a parent with its children and keyset paging are each one indexed query on either backend.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from mokta.types import Document

SCHEMA_VERSION = 2  # 2: System Log events moved from `objects` to their own indexed table

TABLES = [
    """CREATE TABLE IF NOT EXISTS mokta_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS orgs (id TEXT PRIMARY KEY, host TEXT, is_default INTEGER NOT NULL DEFAULT 0,
        doc {json} NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS objects (seq {serial}, org TEXT NOT NULL, path TEXT{c} NOT NULL,
        coll TEXT{c} NOT NULL, doc {json} NOT NULL, UNIQUE (org, path))""",
    """CREATE INDEX IF NOT EXISTS objects_coll ON objects (org, coll, seq)""",
    """CREATE TABLE IF NOT EXISTS secrets (hash TEXT PRIMARY KEY, org TEXT NOT NULL, kind TEXT NOT NULL,
        path TEXT{c} NOT NULL, expires TEXT)""",
    """CREATE INDEX IF NOT EXISTS secrets_path ON secrets (org, path)""",
    """CREATE INDEX IF NOT EXISTS secrets_expiry ON secrets (kind, expires)""",
    """CREATE TABLE IF NOT EXISTS unique_keys (org TEXT NOT NULL, scope TEXT NOT NULL, value TEXT NOT NULL,
        path TEXT{c} NOT NULL, PRIMARY KEY (org, scope, value))""",
    """CREATE INDEX IF NOT EXISTS unique_keys_path ON unique_keys (org, path)""",
    """CREATE TABLE IF NOT EXISTS attr_index (org TEXT NOT NULL, coll TEXT{c} NOT NULL, attr TEXT NOT NULL,
        value TEXT{c} NOT NULL, path TEXT{c} NOT NULL, seq BIGINT NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS attr_index_lookup ON attr_index (org, coll, attr, value, seq)""",
    """CREATE INDEX IF NOT EXISTS attr_index_path ON attr_index (org, path)""",
    """CREATE INDEX IF NOT EXISTS attr_index_value ON attr_index (org, attr, value)""",
    """CREATE TABLE IF NOT EXISTS deliveries (id TEXT PRIMARY KEY, org TEXT NOT NULL, hook TEXT NOT NULL,
        payload TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at DOUBLE PRECISION NOT NULL,
        lease_until DOUBLE PRECISION NOT NULL DEFAULT 0)""",
    """CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (next_at)""",
    # The System Log: one row per event with the fields filters name most, each indexed in `published` order, so an
    # `eq` on one of them within a time window is one index range; targets (an array) get a row each.
    """CREATE TABLE IF NOT EXISTS log_events (seq {serial}, org TEXT NOT NULL, uuid TEXT{c} NOT NULL,
        published TEXT{c} NOT NULL, event_type TEXT{c}, actor_id TEXT{c}, actor_alternate_id TEXT{c},
        outcome TEXT{c}, doc {json} NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS log_events_published ON log_events (org, published, seq)""",
    """CREATE INDEX IF NOT EXISTS log_events_type ON log_events (org, event_type, published, seq)""",
    """CREATE INDEX IF NOT EXISTS log_events_actor ON log_events (org, actor_id, published, seq)""",
    """CREATE INDEX IF NOT EXISTS log_events_actor_alt ON log_events (org, actor_alternate_id, published, seq)""",
    """CREATE INDEX IF NOT EXISTS log_events_outcome ON log_events (org, outcome, published, seq)""",
    """CREATE INDEX IF NOT EXISTS log_events_uuid ON log_events (org, uuid, published, seq)""",
    """CREATE TABLE IF NOT EXISTS log_targets (org TEXT NOT NULL, target_id TEXT{c} NOT NULL,
        published TEXT{c} NOT NULL, seq BIGINT NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS log_targets_id ON log_targets (org, target_id, published, seq)""",
]

LOGS = "/api/v1/logs"  # where schema 1 kept System Log events, as documents of `objects`



def log_row(doc: Document) -> tuple[list[Any], list[str]]:
    """A LogEvent's indexed columns (uuid, published, eventType, actor.id, actor.alternateId, outcome.result) and its
    target ids. Only string values are indexed: the filter grammar compares anything else by coercion, and the
    query never narrows on such values (see `engine/log_index.py`)."""
    actor = doc.get("actor") if isinstance(doc.get("actor"), dict) else {}
    outcome = doc.get("outcome") if isinstance(doc.get("outcome"), dict) else {}
    columns = [doc.get("uuid"), doc.get("published"), doc.get("eventType"), actor.get("id"),
               actor.get("alternateId"), outcome.get("result")]
    targets = [t.get("id") for t in doc.get("target") or [] if isinstance(t, dict)]
    return ([c if isinstance(c, str) else None for c in columns],
            sorted({t for t in targets if isinstance(t, str)}))


IndexFor = Callable[[str, Document], "list[tuple[str, str]] | None"]


def no_index(path: str, doc: Document) -> list[tuple[str, str]] | None:
    return None

KeysFor = Callable[[str, Document], dict[str, str]]


def no_keys(path: str, doc: Document) -> dict[str, str]:
    return {}


class Tx:
    """One unit of work. Subclasses supply `_exec`/`_all`/`_one` over a DB-API cursor; SQL uses `?` placeholders."""

    json_cast = "?"
    keys_for: KeysFor = staticmethod(no_keys)  # which of a document's fields must be unique, by scope
    index_for: IndexFor = staticmethod(no_index)  # the (attribute, value) pairs searches narrow on, if indexed

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> int:
        raise NotImplementedError

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _exec_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        for row in rows:
            self._exec(sql, row)

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        rows = self._all(sql, params)
        return rows[0] if rows else None

    @staticmethod
    def _load(raw: Any) -> Document:
        return json.loads(raw) if isinstance(raw, str | bytes) else raw

    def lock(self, key: int) -> None:
        """Serialise this transaction against others holding the same key (SQLite writers already are)."""

    # documents ---------------------------------------------------------------------------------------------------

    def get(self, org: str, path: str) -> Document | None:
        row = self._one("SELECT doc FROM objects WHERE org = ? AND path = ?", (org, path))
        return self._load(row[0]) if row else None

    def get_many(self, org: str, paths: Sequence[str]) -> dict[str, Document]:
        if not paths:
            return {}
        marks = ",".join("?" for _ in paths)
        rows = self._all(f"SELECT path, doc FROM objects WHERE org = ? AND path IN ({marks})", (org, *paths))
        return {p: self._load(d) for p, d in rows}

    def exists(self, org: str, path: str) -> bool:
        return self._one("SELECT 1 FROM objects WHERE org = ? AND path = ?", (org, path)) is not None

    def put(self, org: str, path: str, doc: Document, *, listed: bool = True) -> None:
        """Insert or replace; a replaced document keeps its place (`seq`) in its collection. Settings objects
        (`listed=False`) live at a path but belong to no collection listing."""
        coll = path.rsplit("/", 1)[0] if listed else path + "#"
        self._exec(
            f"INSERT INTO objects (org, path, coll, doc) VALUES (?, ?, ?, {self.json_cast}) "
            f"ON CONFLICT (org, path) DO UPDATE SET doc = excluded.doc",
            (org, path, coll, json.dumps(doc, separators=(",", ":"))),
        )
        entries = self.index_for(path, doc)
        if entries is not None:
            self._reindex(org, coll, path, entries)
        keys = self.keys_for(path, doc)
        if keys:
            held = {(str(s), str(v)) for s, v in self._all(
                "SELECT scope, value FROM unique_keys WHERE org = ? AND path = ?", (org, path))}
            if held != set(keys.items()):
                self._exec("DELETE FROM unique_keys WHERE org = ? AND path = ?", (org, path))
                self._exec_many("INSERT INTO unique_keys (org, scope, value, path) VALUES (?, ?, ?, ?)",
                                [(org, scope, value, path) for scope, value in keys.items()])

    def _reindex(self, org: str, coll: str, path: str, entries: list[tuple[str, str]]) -> None:
        """Keep a document's index rows in step with it; most rewrites (a timestamp, a status) change few values,
        so only what differs is deleted and inserted."""
        rows = self._all("SELECT attr, value, seq FROM attr_index WHERE org = ? AND path = ?", (org, path))
        held = {(str(a), str(v)) for a, v, _ in rows}
        wanted = set(entries)
        if held == wanted:
            return
        seq = rows[0][2] if rows else (self._one("SELECT seq FROM objects WHERE org = ? AND path = ?",
                                                 (org, path)) or (0,))[0]
        for attr, value in held - wanted:
            self._exec("DELETE FROM attr_index WHERE org = ? AND path = ? AND attr = ? AND value = ?",
                       (org, path, attr, value))
        self._exec_many("INSERT INTO attr_index (org, coll, attr, value, path, seq) VALUES (?, ?, ?, ?, ?, ?)",
                        [(org, coll, attr, value, path, seq) for attr, value in wanted - held])

    def unique_owner(self, org: str, scope: str, value: str) -> str | None:
        """The path of the document holding `value` in a unique scope (a group name, a zone name), if any."""
        row = self._one("SELECT path FROM unique_keys WHERE org = ? AND scope = ? AND value = ?", (org, scope, value))
        return str(row[0]) if row else None

    def delete_tree(self, org: str, path: str) -> int:
        """Delete a document and everything stored beneath it (children follow their parent)."""
        n = self._exec("DELETE FROM objects WHERE org = ? AND (path = ? OR (path >= ? AND path < ?))",
                       (org, path, path + "/", path + "0"))
        for table in ("secrets", "unique_keys", "attr_index"):
            self._exec(f"DELETE FROM {table} WHERE org = ? AND (path = ? OR (path >= ? AND path < ?))",
                       (org, path, path + "/", path + "0"))
        return n

    def list(self, org: str, coll: str, *, after: int = 0, limit: int | None = None,
             descending: bool = False) -> list[tuple[int, str, Document]]:
        """A page of a collection in insertion order, keyset-paged by `seq`."""
        if descending:
            sql = "SELECT seq, path, doc FROM objects WHERE org = ? AND coll = ? AND seq < ? ORDER BY seq DESC"
            params: list[Any] = [org, coll, after or 2**62]
        else:
            sql = "SELECT seq, path, doc FROM objects WHERE org = ? AND coll = ? AND seq > ? ORDER BY seq"
            params = [org, coll, after]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [(s, p, self._load(d)) for s, p, d in self._all(sql, params)]

    def list_narrowed(self, org: str, coll: str, seqs_sql: str, params: Sequence[Any], *, after: int = 0,
                      limit: int | None = None) -> list[tuple[int, str, Document]]:
        """A page of a collection limited to the rows an attribute-index query selects (searches): the page's
        `seq`s are picked from the index alone, then only those documents are read."""
        page = f"SELECT seq FROM ({seqs_sql}) AS candidates WHERE seq > ? ORDER BY seq"
        params = [*params, after]
        if limit is not None:
            page += " LIMIT ?"
            params.append(limit)
        sql = f"SELECT seq, path, doc FROM objects WHERE org = ? AND coll = ? AND seq IN ({page}) ORDER BY seq"
        return [(s, p, self._load(d)) for s, p, d in self._all(sql, [org, coll, *params])]

    # deliveries: the durable outbox of event-hook calls -------------------------------------------------------

    def enqueue_delivery(self, delivery_id: str, org: str, hook: str, payload: str, at: float) -> None:
        self._exec("INSERT INTO deliveries (id, org, hook, payload, attempts, next_at, lease_until) "
                   "VALUES (?, ?, ?, ?, 0, ?, 0)", (delivery_id, org, hook, payload, at))

    def claim_deliveries(self, now: float, lease: float, limit: int) -> list[tuple[str, str, str, str, int]]:
        """Due deliveries not leased by another worker, leased to this one: (id, org, hook, payload, attempts)."""
        rows = self._all("SELECT id, org, hook, payload, attempts FROM deliveries WHERE next_at <= ? AND "
                         "lease_until < ? ORDER BY next_at LIMIT ?", (now, now, limit))
        claimed = []
        for row in rows:
            if self._exec("UPDATE deliveries SET lease_until = ? WHERE id = ? AND lease_until < ?",
                          (now + lease, row[0], now)):
                claimed.append((str(row[0]), str(row[1]), str(row[2]), str(row[3]), int(row[4])))
        return claimed

    def finish_delivery(self, delivery_id: str) -> None:
        self._exec("DELETE FROM deliveries WHERE id = ?", (delivery_id,))

    def retry_delivery(self, delivery_id: str, attempts: int, at: float) -> None:
        self._exec("UPDATE deliveries SET attempts = ?, next_at = ?, lease_until = 0 WHERE id = ?",
                   (attempts, at, delivery_id))

    # the System Log: an append-only table read in `published` order ----------------------------------------------

    def put_log_event(self, org: str, doc: Document) -> int:
        """Append one event with its target rows (the per-request path: the position comes back from the insert
        itself, saving a round trip); returns its `seq`."""
        columns, target_ids = log_row(doc)
        columns[0], columns[1] = columns[0] or "", columns[1] or ""
        row = self._one("INSERT INTO log_events (org, uuid, published, event_type, actor_id, actor_alternate_id, "
                        f"outcome, doc) VALUES (?, ?, ?, ?, ?, ?, ?, {self.json_cast}) RETURNING seq",
                        (org, *columns, json.dumps(doc, separators=(",", ":"))))
        seq = int(row[0]) if row else 0
        if target_ids:
            self._exec_many("INSERT INTO log_targets (org, target_id, published, seq) VALUES (?, ?, ?, ?)",
                            [(org, target, columns[1], seq) for target in target_ids])
        return seq

    def put_log_events(self, org: str, docs: Sequence[Document]) -> list[int]:
        """Append events in order, two batched statements however many there are (bulk loads use this too, so
        they write exactly the rows a request does)."""
        seqs = self._next_log_seqs(len(docs))
        events: list[tuple[Any, ...]] = []
        targets: list[tuple[Any, ...]] = []
        for seq, doc in zip(seqs, docs, strict=True):
            columns, target_ids = log_row(doc)
            columns[0], columns[1] = columns[0] or "", columns[1] or ""
            events.append((seq, org, *columns, json.dumps(doc, separators=(",", ":"))))
            targets += [(org, target, columns[1], seq) for target in target_ids]
        self._exec_many("INSERT INTO log_events (seq, org, uuid, published, event_type, actor_id, actor_alternate_id, "
                        f"outcome, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, {self.json_cast})", events)
        if targets:
            self._exec_many("INSERT INTO log_targets (org, target_id, published, seq) VALUES (?, ?, ?, ?)", targets)
        return seqs

    def _next_log_seqs(self, n: int) -> list[int]:
        """`n` fresh event positions (SQLite: writers are serialised, so the maximum is safe to extend)."""
        row = self._one("SELECT COALESCE(MAX(seq), 0) FROM log_events")
        start = int(row[0]) if row else 0
        return list(range(start + 1, start + n + 1))

    def log_events(self, org: str, where: str, params: Sequence[Any], *, since: str, until: str | None,
                   position: tuple[str, int] | None, descending: bool, limit: int,
                   through: tuple[str, Sequence[Any]] | None = None,
                   by_seq: bool = False) -> list[tuple[int, str, Document]]:
        """Events with `since <= published <= until` in `published` order (ties by `seq`) strictly after `position`,
        narrowed by `where` (SQL over `log_events.*`): (seq, published, doc).

        The walk follows one index in order and stops at `limit`: `log_targets`' when `through` names a target
        condition, else whichever of `log_events`' the planner picks for `where`. The cursor tightens the window
        bound the walk seeks on; its exact tie-break is hidden from the planner. `by_seq` when `where` picks rows
        by `seq` (several targets): the org's own indexes are then hidden, or SQLite walks one of them to save
        sorting the few rows picked."""
        low, high = since, until
        if position is not None:
            if descending:
                high = min(high, position[0]) if high else position[0]
            else:
                low = max(low, position[0])
        args: list[Any] = [org]
        if through is not None:
            walk = "t"
            sql = (f"SELECT log_events.seq, log_events.published, log_events.doc FROM log_targets t JOIN log_events "
                   f"ON log_events.seq = t.seq WHERE t.org = ? AND t.{through[0]}")
            args += through[1]
        else:
            walk = "log_events"
            sql = ("SELECT seq, published, doc FROM log_events WHERE "
                   + ("(log_events.org || '')" if by_seq else "log_events.org") + " = ?")
        published = f"({walk}.published || '')" if by_seq else f"{walk}.published"
        sql += f" AND {published} >= ?"
        args.append(low)
        if high is not None:
            sql += f" AND {published} <= ?"
            args.append(high)
        if where:
            sql += f" AND {where}"
            args += params
        if position is not None:
            sql += f" AND (({walk}.published || ''), {walk}.seq) {'<' if descending else '>'} (?, ?)"
            args += position
        order = " DESC" if descending else ""
        sql += f" ORDER BY {walk}.published{order}, {walk}.seq{order} LIMIT ?"
        args.append(limit)
        return [(int(s), str(p), self._load(d)) for s, p, d in self._all(sql, args)]

    def log_position(self, org: str, seq: int | None = None) -> tuple[str, int] | None:
        """Where event `seq` sits in `published` order, or the newest event's place when `seq` is None."""
        if seq is None:
            row = self._one("SELECT published, seq FROM log_events WHERE org = ? ORDER BY published DESC, seq DESC "
                            "LIMIT 1", (org,))
        else:
            row = self._one("SELECT published, seq FROM log_events WHERE org = ? AND seq = ?", (org, seq))
        return (str(row[0]), int(row[1])) if row else None

    def indexed_paths(self, org: str, attr: str, value: str | None) -> list[str]:
        """Paths whose index holds `attr = value` (or any value of `attr`), in any collection (a user's
        memberships, the values of one linked-object relationship)."""
        if value is None:
            rows = self._all("SELECT path FROM attr_index WHERE org = ? AND attr = ?", (org, attr))
        else:
            rows = self._all("SELECT path FROM attr_index WHERE org = ? AND attr = ? AND value = ?", (org, attr, value))
        return [str(r[0]) for r in rows]

    def count(self, org: str, coll: str) -> int:
        row = self._one("SELECT COUNT(*) FROM objects WHERE org = ? AND coll = ?", (org, coll))
        return int(row[0]) if row else 0

    def colls_under(self, org: str, prefix: str) -> list[tuple[int, str, Document]]:
        """Every document below a path, whatever its collection (used for cross-collection lookups)."""
        rows = self._all("SELECT seq, path, doc FROM objects WHERE org = ? AND path >= ? AND path < ? ORDER BY seq",
                         (org, prefix + "/", prefix + "0"))
        return [(s, p, self._load(d)) for s, p, d in rows]

    # secrets: hashed tokens that point at a document -------------------------------------------------------------

    def put_secret(self, org: str, digest: str, kind: str, path: str, expires: str | None = None) -> None:
        self._exec("INSERT INTO secrets (hash, org, kind, path, expires) VALUES (?, ?, ?, ?, ?)",
                   (digest, org, kind, path, expires))

    def find_secret(self, digest: str, kind: str) -> tuple[str, str, str | None] | None:
        row = self._one("SELECT org, path, expires FROM secrets WHERE hash = ? AND kind = ?", (digest, kind))
        return (row[0], row[1], row[2]) if row else None

    def find_secret_document(self, digest: str, kind: str) -> tuple[str, str, Document] | None:
        """The secret's org and path with the document it unlocks, in one query (the per-request auth lookup)."""
        row = self._one("SELECT s.org, s.path, o.doc FROM secrets s JOIN objects o ON o.org = s.org "
                        "AND o.path = s.path WHERE s.hash = ? AND s.kind = ?", (digest, kind))
        return (row[0], row[1], self._load(row[2])) if row else None

    def delete_secrets(self, org: str, path: str, kind: str) -> None:
        """Forget every secret of one kind held for a document (a new link replaces the old ones)."""
        self._exec("DELETE FROM secrets WHERE org = ? AND path = ? AND kind = ?", (org, path, kind))

    def purge_secrets(self, kind: str, before: str) -> None:
        """Forget secrets of one kind that expired before `before` (ISO timestamps compare as text)."""
        self._exec("DELETE FROM secrets WHERE kind = ? AND expires IS NOT NULL AND expires < ?", (kind, before))

    def delete_secret(self, digest: str) -> None:
        self._exec("DELETE FROM secrets WHERE hash = ?", (digest,))

    # orgs --------------------------------------------------------------------------------------------------------

    def orgs(self) -> list[tuple[str, str | None, bool, Document]]:
        rows = self._all("SELECT id, host, is_default, doc FROM orgs ORDER BY is_default DESC, id")
        return [(i, h, bool(d), self._load(doc)) for i, h, d, doc in rows]

    def put_org(self, org_id: str, host: str | None, is_default: bool, doc: Document) -> None:
        self._exec(
            f"INSERT INTO orgs (id, host, is_default, doc) VALUES (?, ?, ?, {self.json_cast}) "
            f"ON CONFLICT (id) DO UPDATE SET host = excluded.host, doc = excluded.doc",
            (org_id, host, 1 if is_default else 0, json.dumps(doc)),
        )

    def meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM mokta_meta WHERE key = ?", (key,))
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._exec("INSERT INTO mokta_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
                   "excluded.value", (key, value))


def upgrade(tx: Tx) -> None:
    """Bring an existing database to SCHEMA_VERSION (the tables themselves are created idempotently first). From 1:
    System Log events move out of `objects` into `log_events`, in their original order."""
    version = int(tx.meta("schema_version") or SCHEMA_VERSION)
    if version >= SCHEMA_VERSION:
        tx.set_meta("schema_version", str(version))
        return
    if version < 2:
        for org, in tx._all("SELECT DISTINCT org FROM objects WHERE coll = ?", (LOGS,)):
            rows = tx._all("SELECT doc FROM objects WHERE org = ? AND coll = ? ORDER BY seq", (org, LOGS))
            tx.put_log_events(str(org), [tx._load(d) for d, in rows])
        tx._exec("DELETE FROM objects WHERE coll = ?", (LOGS,))
    tx.set_meta("schema_version", str(SCHEMA_VERSION))


class Store:
    """Hands out transactions; one per request."""

    keys_for: KeysFor = staticmethod(no_keys)
    index_for: IndexFor = staticmethod(no_index)

    def migrate(self) -> None:
        raise NotImplementedError

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Tx]:
        raise NotImplementedError
        yield  # pragma: no cover

    def close(self) -> None:
        pass
