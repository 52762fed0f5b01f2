"""User search latency at scale: p50/p95 of `search=` queries with 10,000 and 100,000 users in the org, and how the
latency grows between the two sizes (the target: p50 ≤ 20 ms, growth ≤ 2×).

    .venv/bin/python bench/search.py [--database-url postgresql://…] [--sizes 10000,100000]

Users are written straight through the store (as the API would write them, index included) to keep set-up short;
the searches go over HTTP to a running `mokta serve`. Writes bench/SEARCH.md.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from run import fresh_pg_schema  # noqa: E402 - bench/ is sys.path[0] when run as a script

from mokta.app import App  # noqa: E402
from mokta.config import Settings  # noqa: E402
from mokta.engine import ids  # noqa: E402

TOKEN = "00mokta-search-bench-token-00000000000000"
DEPARTMENTS = [f"Department {i}" for i in range(50)]
LAST_NAMES = ["Smith", "Smyth", "Jones", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Roberts",
              "Johnson", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall"]
QUERIES = {
    'profile.department eq "Department 7"': "department eq",
    'profile.lastName sw "Sm"': "lastName sw",
}


def populate(app: App, start: int, count: int) -> None:
    rng = random.Random(start)
    org = app.orgs.default
    stamp = ids.now()
    done = 0
    while done < count:
        with app.store.transaction() as tx:
            for i in range(start + done, start + min(done + 2000, count)):
                user_id = ids.new_id("00u")
                login = f"user{i}@bench.example.com"
                tx.put(org, f"/api/v1/users/{user_id}", {
                    "id": user_id, "status": "ACTIVE", "created": stamp, "activated": stamp, "statusChanged": stamp,
                    "lastLogin": None, "lastUpdated": stamp, "passwordChanged": None, "type": {"id": "oty"},
                    "profile": {"firstName": f"First{i}", "lastName": rng.choice(LAST_NAMES), "email": login,
                                "login": login, "department": rng.choice(DEPARTMENTS), "title": "Engineer"},
                    "credentials": {"provider": {"type": "OKTA", "name": "OKTA"}},
                })
        done = min(done + 2000, count)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def timed_get(port: int, path: str) -> tuple[float, int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Authorization": f"SSWS {TOKEN}"})
    resp = conn.getresponse()
    body = resp.read()
    elapsed = (time.perf_counter() - started) * 1000
    conn.close()
    return elapsed, resp.status, len(json.loads(body)) if resp.status == 200 else -1


def measure(settings: Settings, runs: int) -> dict[str, tuple[float, float, int]]:
    port = free_port()
    env = dict(os.environ, MOKTA_PORT=str(port), MOKTA_DATA_DIR=settings.data_dir, MOKTA_API_TOKEN=TOKEN,
               MOKTA_DATABASE_URL=settings.database_url, MOKTA_LOG_REQUESTS="false",
               PYTHONPATH=str(HERE.parent / "src"))
    proc = subprocess.Popen([sys.executable, "-m", "mokta.cli", "serve"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                if timed_get(port, "/api/v1/groups")[1] == 200:
                    break
            except OSError:
                time.sleep(0.05)
        out: dict[str, tuple[float, float, int]] = {}
        for query in QUERIES:
            path = "/api/v1/users?" + urllib.parse.urlencode({"search": query, "limit": 200})
            timed_get(port, path)  # warm
            samples = [timed_get(port, path) for _ in range(runs)]
            assert all(s[1] == 200 for s in samples), samples[:3]
            times = sorted(s[0] for s in samples)
            out[query] = (statistics.median(times), times[int(len(times) * 0.95) - 1], samples[0][2])
        return out
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    data_dir = tempfile.mkdtemp(prefix="mokta-search-")
    database_url = args.database_url
    if database_url:
        database_url, _schema = fresh_pg_schema(database_url, "mokta_search_")
    settings = Settings.load({"data_dir": data_dir, "database_url": database_url, "api_token": TOKEN,
                              "log_requests": False})
    app = App(settings)
    results: dict[int, dict[str, tuple[float, float, int]]] = {}
    have = 0
    for size in sizes:
        started = time.perf_counter()
        populate(app, have, size - have)
        print(f"{size} users loaded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        have = size
        if database_url:  # a bulk load outruns autovacuum; a running org has fresh planner statistics
            with app.store.transaction() as tx:
                tx._exec("ANALYZE objects, attr_index")  # this schema's tables, not the whole database
        results[size] = measure(settings, args.runs)
    store = "PostgreSQL" if database_url else "SQLite"
    lines = [f"# mokta user search at scale ({store})", "",
             f"- date: {datetime.datetime.now(datetime.UTC).isoformat(timespec='seconds')}",
             f"- {args.runs} sequential requests per query after one warm-up, `limit=200`", "",
             "| query | users | matches on page | p50 ms | p95 ms |", "|---|---:|---:|---:|---:|"]
    for size, by_query in results.items():
        for query, (p50, p95, count) in by_query.items():
            lines.append(f"| `{query}` | {size:,} | {count} | {p50:.1f} | {p95:.1f} |")
    if len(sizes) >= 2:
        lines += ["", f"| query | p50 growth {sizes[0]:,} → {sizes[-1]:,} | target |", "|---|---:|---|"]
        for query in QUERIES:
            growth = results[sizes[-1]][query][0] / results[sizes[0]][query][0]
            lines.append(f"| `{query}` | {growth:.2f}× | ≤ 2× {'✅' if growth <= 2 else '❌'} |")
    text = "\n".join(lines) + "\n"
    print(text)
    (HERE / "SEARCH.md").write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
