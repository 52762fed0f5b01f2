"""A transactional document store: SQLite by default, PostgreSQL behind the same interface."""

from __future__ import annotations

from mokta.store.base import Store


def open_store(database_url: str) -> Store:
    """Pick the backend from the URL scheme (`sqlite:///path` or `postgresql://…`)."""
    if database_url.startswith(("postgresql://", "postgres://")):
        from mokta.store.postgres import PostgresStore

        return PostgresStore(database_url)
    from mokta.store.sqlite import SqliteStore

    return SqliteStore(database_url.removeprefix("sqlite://").removeprefix("/") if database_url.startswith("sqlite://")
                       else database_url)
