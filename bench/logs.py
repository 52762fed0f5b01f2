"""System Log query latency at scale: p50/p95 of filtered `GET /api/v1/logs` queries with 10,000 and 1,000,000 events
in the org, and the growth between the two sizes.

    .venv/bin/python bench/logs.py [--database-url postgresql://…] [--sizes 10000,1000000]

Events are written straight through the store's `put_log_events`, the method every request's event goes through, so
the rows and index entries are the ones the server writes; each is a copy of a real `user.lifecycle.create` event
the server logged, with its own uuid, time (spread over the last six days, in order), type, actor and targets. The
queries go over HTTP to a running `mokta serve`. Writes bench/LOGS.md (or the file named by --output).
"""

from __future__ import annotations

import argparse
import copy
import datetime
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from run import fresh_pg_schema  # noqa: E402 - bench/ is sys.path[0] when run as a script

from mokta.app import App  # noqa: E402
from mokta.config import Settings  # noqa: E402

TOKEN = "00mokta-logs-bench-token-000000000000000"
TYPES = [("user.session.start", 40), ("user.authentication.sso", 25), ("policy.evaluate_sign_on", 15),
         ("user.lifecycle.create", 5), ("group.user_membership.add", 5), ("user.account.update_profile", 5),
         ("application.user_membership.add", 3), ("user.lifecycle.deactivate", 2)]
SPAN = datetime.timedelta(days=6)
WATCHED = "00ubenchwatched00001"  # the user the targeted query asks about: the same 6 events at every size
BATCH = 5000


def events(template: dict[str, Any], start: int, count: int, total: int, rng: random.Random) -> list[dict[str, Any]]:
    """Events number `start`…`start+count-1` of `total`, evenly spread over SPAN ending now, oldest first."""
    names, weights = zip(*TYPES, strict=True)
    origin = datetime.datetime.now(datetime.UTC) - SPAN
    out = []
    for i in range(start, start + count):
        doc = copy.deepcopy(template)
        moment = origin + SPAN * (i / total)
        kind = rng.choices(names, weights)[0]
        watched = i % -(-total // 6) == 0  # six evenly spaced events name the watched user
        user = WATCHED if watched else f"00ubench{rng.randrange(100_000):012d}"
        actor = rng.randrange(1000)
        doc.update(uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                   published=moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z",
                   eventType="user.lifecycle.create" if watched else kind, legacyEventType=kind.replace(".", "_"))
        doc["actor"] = dict(doc["actor"], id=f"00uactor{actor:012d}", alternateId=f"admin{actor}@bench.example.com")
        doc["target"] = [dict(doc["target"][0], id=user, alternateId=f"{user}@bench.example.com")]
        if kind.startswith("group.") or kind.startswith("application."):
            doc["target"].append(dict(doc["target"][0], id=f"00gbench{rng.randrange(500):012d}", type="UserGroup"))
        out.append(doc)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def call(port: int, method: str, path: str, body: Any = None) -> tuple[float, int, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    conn.request(method, path, body=json.dumps(body) if body is not None else None,
                 headers={"Authorization": f"SSWS {TOKEN}", "Content-Type": "application/json"})
    resp = conn.getresponse()
    raw = resp.read()
    elapsed = (time.perf_counter() - started) * 1000
    conn.close()
    return elapsed, resp.status, json.loads(raw) if raw else None


class Served:
    """`mokta serve` on the benchmark's store, for the length of a `with` block."""

    def __init__(self, settings: Settings) -> None:
        self.port = free_port()
        env = dict(os.environ, MOKTA_PORT=str(self.port), MOKTA_DATA_DIR=settings.data_dir, MOKTA_API_TOKEN=TOKEN,
                   MOKTA_DATABASE_URL=settings.database_url, MOKTA_LOG_REQUESTS="false",
                   PYTHONPATH=str(HERE.parent / "src"))
        self.proc = subprocess.Popen([sys.executable, "-m", "mokta.cli", "serve"], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def __enter__(self) -> Served:
        for _ in range(1200):
            try:
                if call(self.port, "GET", "/api/v1/groups")[1] == 200:
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("mokta did not start")

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def queries(now: datetime.datetime) -> dict[str, dict[str, str]]:
    """The measured queries: each a bounded window (`until` given), so the answer is the same at every poll."""
    day = (now - datetime.timedelta(days=7)).isoformat(), now.isoformat()
    hour_start = now - SPAN / 2
    hour = hour_start.isoformat(), (hour_start + datetime.timedelta(hours=1)).isoformat()
    return {
        f'eventType eq "user.lifecycle.create" and target.id eq "{WATCHED}" (7 days)':
            {"filter": f'eventType eq "user.lifecycle.create" and target.id eq "{WATCHED}"',
             "since": day[0], "until": day[1]},
        'eventType eq "user.lifecycle.create", one hour, limit 100':
            {"filter": 'eventType eq "user.lifecycle.create"', "since": hour[0], "until": hour[1], "limit": "100"},
        'actor.id eq "00uactor000000000042" (7 days), limit 100':
            {"filter": 'actor.id eq "00uactor000000000042"', "since": day[0], "until": day[1], "limit": "100"},
        "no filter, one hour, limit 100": {"since": hour[0], "until": hour[1], "limit": "100"},
    }


def measure(settings: Settings, runs: int, now: datetime.datetime) -> dict[str, tuple[float, float, int]]:
    out: dict[str, tuple[float, float, int]] = {}
    with Served(settings) as served:
        for label, params in queries(now).items():
            path = "/api/v1/logs?" + urllib.parse.urlencode(params)
            call(served.port, "GET", path)  # warm
            samples = [call(served.port, "GET", path) for _ in range(runs)]
            assert all(s[1] == 200 for s in samples), samples[0][2]
            times = sorted(s[0] for s in samples)
            out[label] = (statistics.median(times), times[max(int(len(times) * 0.95) - 1, 0)], len(samples[0][2]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="")
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--output", default=str(HERE / "LOGS.md"))  # one store per run; bench/LOGS.md holds both
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    data_dir = tempfile.mkdtemp(prefix="mokta-logs-")
    database_url = args.database_url
    if database_url:
        database_url, schema = fresh_pg_schema(database_url, "mokta_logs_")
    settings = Settings.load({"data_dir": data_dir, "database_url": database_url, "api_token": TOKEN,
                              "log_requests": False})
    with Served(settings) as served:  # one real event, written by the server, is the template
        login = "template@bench.example.com"
        call(served.port, "POST", "/api/v1/users?activate=false",
             {"profile": {"firstName": "Tem", "lastName": "Plate", "email": login, "login": login}})
        found = call(served.port, "GET", "/api/v1/logs?" + urllib.parse.urlencode(
            {"filter": 'eventType eq "user.lifecycle.create"'}))[2]
        template = found[-1]
    app = App(settings)
    org = app.orgs.default
    results: dict[int, dict[str, tuple[float, float, int]]] = {}
    load_seconds: dict[int, float] = {}
    rng = random.Random(11)
    total = sizes[-1]
    now = datetime.datetime.now(datetime.UTC)
    for size in sizes:
        started = time.perf_counter()
        with app.store.transaction() as tx:  # a fresh set per size: the watched user's six events, evenly spread
            tx._exec("DELETE FROM log_targets")
            tx._exec("DELETE FROM log_events")
        total = size
        for start in range(0, size, BATCH):
            with app.store.transaction() as tx:
                tx.put_log_events(org, events(template, start, min(BATCH, size - start), total, rng))
        load_seconds[size] = time.perf_counter() - started
        print(f"{size:,} events loaded in {load_seconds[size]:.1f} s", file=sys.stderr)
        if database_url:  # a bulk load outruns autovacuum; a running org has fresh planner statistics
            with app.store.transaction() as tx:
                tx._exec("ANALYZE log_events, log_targets")  # this schema's tables, not the whole database
        now = datetime.datetime.now(datetime.UTC)
        results[size] = measure(settings, args.runs, now)
        for label, (p50, p95, n) in results[size].items():
            print(f"  {size:,}: {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {n} events", file=sys.stderr)
    app.store.close()
    shutil.rmtree(data_dir, ignore_errors=True)
    if database_url:  # the bench's schema holds a gigabyte or more: drop it
        import psycopg

        with psycopg.connect(args.database_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
    store = "PostgreSQL" if database_url else "SQLite"
    lines = [f"# mokta System Log queries at scale ({store})", "",
             f"- date: {datetime.datetime.now(datetime.UTC).isoformat(timespec='seconds')}",
             f"- {args.runs} sequential requests per query after one warm-up; load average (1 min) at the end "
             f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (other work on the machine moves these numbers)",
             "- events spread evenly over the last six days; "
             + ", ".join(f"{size:,} loaded in {secs:.0f} s" for size, secs in load_seconds.items()), "",
             "| query | events | returned | p50 ms | p95 ms |", "|---|---:|---:|---:|---:|"]
    for size, by_query in results.items():
        for label, (p50, p95, count) in by_query.items():
            lines.append(f"| `{label}` | {size:,} | {count} | {p50:.1f} | {p95:.1f} |")
    if len(sizes) >= 2:
        lines += ["", f"| query | p50 growth {sizes[0]:,} → {sizes[-1]:,} |", "|---|---:|"]
        for label in results[sizes[0]]:
            lines.append(f"| `{label}` | {results[sizes[-1]][label][0] / results[sizes[0]][label][0]:.2f}× |")
    text = "\n".join(lines) + "\n"
    print(text)
    Path(args.output).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
