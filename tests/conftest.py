"""Live servers for the HTTP and SDK tests: one per store backend per test worker, started as `mokta serve`."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import pytest

from mokta.store import open_store
from mokta.store.base import Tx

PG_URL = os.environ.get("MOKTA_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", "postgres"]


@dataclass
class Server:
    url: str
    token: str
    backend: str
    process: subprocess.Popen[bytes]
    data_dir: str
    database_url: str

    def client(self, token: str | None = None) -> httpx.Client:
        auth = token if token is not None else self.token
        return httpx.Client(base_url=self.url, headers={"Authorization": f"SSWS {auth}"}, timeout=30)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_URL, connect_timeout=3):
            return True
    except Exception:
        return False


MADE_SCHEMAS: list[str] = []  # this test process's PostgreSQL schemas, dropped when its session ends


@pytest.fixture(scope="session", autouse=True)
def drop_made_schemas() -> Iterator[None]:
    """Leave the shared database as it was found: every schema the session made goes at its end (after the
    servers using them have stopped)."""
    yield
    if not MADE_SCHEMAS:
        return
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute("SET lock_timeout = '5s'")
        for name in MADE_SCHEMAS:
            try:
                conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
            except psycopg.Error:
                pass  # a server still holds it: leaving one schema behind is harmless


def fresh_pg_schema() -> str:
    import psycopg

    name = "mokta_t_" + secrets.token_hex(6)
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    MADE_SCHEMAS.append(name)
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{name}"


def start_server(backend: str, *, data_dir: str | None = None, database_url: str | None = None,
                 token: str | None = None, extra_env: dict[str, str] | None = None) -> Server:
    if backend == "postgres" and not postgres_available():
        if os.environ.get("CI") or os.environ.get("MOKTA_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here but not reachable at {PG_URL}")
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")
    data_dir = data_dir or tempfile.mkdtemp(prefix="mokta-test-")
    if backend == "postgres" and database_url is None:
        database_url = fresh_pg_schema()
    token = token or "00" + secrets.token_hex(20)
    port = free_port()
    env = dict(os.environ, MOKTA_DATA_DIR=data_dir, MOKTA_API_TOKEN=token, MOKTA_PORT=str(port),
               MOKTA_HOST="127.0.0.1", MOKTA_LOG_REQUESTS="false", MOKTA_DATABASE_URL=database_url or "",
               **(extra_env or {}))
    log = open(os.path.join(data_dir, "server.log"), "ab")  # noqa: SIM115 - lives as long as the process
    proc = subprocess.Popen([sys.executable, "-m", "mokta.cli", "serve"], env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited: " + open(os.path.join(data_dir, "server.log")).read()[-3000:])
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.05)
    else:
        proc.kill()
        raise RuntimeError("server did not start")
    return Server(url, token, backend, proc, data_dir, database_url or "")


@contextmanager
def store_tx(server: Server) -> Iterator[tuple[Tx, str]]:
    """A transaction on a running server's own database and its org id, for what a test can't do over HTTP (time
    passing, records only the server sees)."""
    url = server.database_url or "sqlite:///" + os.path.join(os.path.abspath(server.data_dir), "mokta.db")
    store = open_store(url)
    try:
        with store.transaction() as tx:
            yield tx, tx.orgs()[0][0]
    finally:
        store.close()


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session", params=BACKENDS)
def server(request: pytest.FixtureRequest) -> Iterator[Server]:
    srv = start_server(request.param)
    yield srv
    stop_server(srv)


@pytest.fixture()
def api(server: Server) -> Iterator[httpx.Client]:
    with server.client() as client:
        yield client
