"""One-shot benchmark of mokta against a bare-uvicorn floor measured in the same run.

Absolute req/s depend on the machine (and on a shared VM, on the minute); the ratio to a hello-world served by the same
uvicorn, on the same pinned core, by the same load generator, in the same second, much less so. Hence every scenario
is measured in 1-second slices, each paired with an adjacent floor slice, and reported as the median paired ratio.

    .venv/bin/python bench/run.py [--seconds N] [--database-url postgresql://…] [--loadgen auto|wrk|python]

Writes a Markdown report to stdout and to bench/RESULTS.md; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import http.client
import importlib.metadata
import importlib.util
import json
import os
import platform
import resource
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loadgen import sample, shares  # bench/ is sys.path[0] when run as a script

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
TOKEN = "00mokta-bench-token-0000000000000000000000"
ADMIN_LOGIN = "admin@mokta.example"
GET_TARGET = 0.40
STARTUP_TARGET_S = 2.0
CONTENTION = 0.25  # core busy minus server share above this (loopback softirq is ~10 %) = another process
SLICE_S = 1  # wrk only takes whole seconds
PY_SLICE_WARMUP_S = 0.2  # the Python client reconnects per slice; let the connections settle first


# --------------------------------------------------------------------------- processes


def cores() -> tuple[int, int]:
    """(server core, client core): different cores when we may use two, so neither steals the other's CPU."""
    allowed = sorted(os.sched_getaffinity(0))
    return allowed[0], allowed[1] if len(allowed) > 1 else allowed[0]


def pinned(core: int) -> Callable[[], None]:
    """A preexec_fn pinning the child to one core before it execs, so every thread it starts inherits it."""
    return lambda: os.sched_setaffinity(0, {core})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def request(port: int, method: str, path: str, headers: dict[str, str], body: bytes | None = None,
            timeout: float = 10) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


@dataclass
class Server:
    """A server process under test, started pinned to the server core."""

    name: str
    argv: list[str]
    env: dict[str, str]
    port: int
    core: int
    log_path: str
    proc: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0

    def start(self) -> None:
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child
        self.started_at = time.perf_counter()
        self.proc = subprocess.Popen(self.argv, env=self.env, stdout=log, stderr=log, preexec_fn=pinned(self.core))
        log.close()

    def wait_ready(self, path: str, headers: dict[str, str], timeout: float = 60.0) -> float:
        """Poll until `path` answers 200; returns seconds since spawn."""
        assert self.proc is not None
        deadline = self.started_at + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                if request(self.port, "GET", path, headers, timeout=2)[0] == 200:
                    return time.perf_counter() - self.started_at
            except OSError:
                pass
            time.sleep(0.005)
        raise RuntimeError(f"{self.name} not ready after {timeout}s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def log_tail(self) -> str:
        with contextlib.suppress(OSError), open(self.log_path, errors="replace") as f:
            return "".join(f.readlines()[-20:])
        return ""


def with_src(env: dict[str, str]) -> dict[str, str]:
    """Make this checkout's mokta importable by the children even if it is not installed."""
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH", "")) if p)
    return env


def hello_server(workdir: str, core: int) -> Server:
    port = free_port()
    return Server("hello", [sys.executable, str(HERE / "hello.py"), str(port)], with_src(dict(os.environ)), port,
                  core, os.path.join(workdir, f"hello-{port}.log"))


def mokta_server(workdir: str, core: int, data_dir: str, database_url: str = "") -> Server:
    """`python -m mokta.cli serve` with one worker, a fixed token and request logging off."""
    port = free_port()
    env = with_src(dict(os.environ, MOKTA_HOST="127.0.0.1", MOKTA_PORT=str(port), MOKTA_DATA_DIR=data_dir,
                        MOKTA_API_TOKEN=TOKEN, MOKTA_LOG_REQUESTS="false", MOKTA_WORKERS="1",
                        MOKTA_DATABASE_URL=database_url))
    return Server("mokta", [sys.executable, "-m", "mokta.cli", "serve"], env, port, core,
                  os.path.join(workdir, f"mokta-{port}.log"))


# --------------------------------------------------------------------------- load generation


@dataclass
class Load:
    """One request shape; it goes unchanged to whichever load generator runs it."""

    method: str
    path: str
    headers: dict[str, str]
    body: str | None = None  # a template; `{n}` becomes a unique counter


@dataclass
class Target:
    """A scenario and the per-slice measurements taken of it."""

    label: str
    backend: str
    server: Server
    load: Load
    slices: list[dict[str, Any]] = field(default_factory=list)
    floor_slices: list[dict[str, Any]] = field(default_factory=list)  # the floor's slice paired with each of ours

    @property
    def rps(self) -> float:
        return float(sum(s["requests"] for s in self.slices) / sum(s["seconds"] for s in self.slices))

    def median(self, key: str) -> float | None:
        values = [s[key] for s in self.slices if s.get(key) is not None]
        return statistics.median(values) if values else None


WRK_LUA = """
wrk.method = {method}
wrk.path = {path}
{headers}
local template = {body}
local counter = 0
local nthreads = 0
function setup(thread)
  nthreads = nthreads + 1
  thread:set("tid", nthreads)
end
{request}
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCHJSON {{"requests":%.0f,"duration_us":%.0f,"p50_us":%.0f,"p99_us":%.0f,' ..
    '"status":%.0f,"connect":%.0f,"read":%.0f,"write":%.0f,"timeout":%.0f}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end
"""

WRK_REQUEST = """
function request()
  counter = counter + 1
  local body = string.gsub(template, "{n}", tid .. "-" .. counter)
  return wrk.format(nil, nil, nil, body)
end
"""


def lua_str(s: str) -> str:
    return json.dumps(s)  # a JSON string literal is a valid Lua string literal for these ASCII inputs


class Wrk:
    """wrk, one thread on the client core: in C it needs a fraction of a core for what one Python core serves."""

    def __init__(self, exe: str, server_core: int, client_core: int, connections: int, workdir: str) -> None:
        self.exe, self.server_core, self.core = exe, server_core, client_core
        self.connections, self.workdir = connections, workdir
        out = subprocess.run([exe, "-v"], capture_output=True, text=True)
        first = (out.stdout or out.stderr or "wrk").splitlines()[0]
        self.version = first.split(" Copyright")[0].strip()

    def describe(self) -> str:
        return f"{self.version} (1 thread, {self.connections} connections, core {self.core})"

    def run(self, server: Server, load: Load, seconds: int) -> dict[str, Any]:
        body = load.body.replace("{n}", f"{secrets.token_hex(3)}-{{n}}") if load.body else None
        script = WRK_LUA.format(
            method=lua_str(load.method), path=lua_str(load.path),
            headers="\n".join(f"wrk.headers[{lua_str(k)}] = {lua_str(v)}" for k, v in load.headers.items()),
            body=lua_str(body) if body else "nil", request=WRK_REQUEST if body else "")
        script_path = os.path.join(self.workdir, "bench.lua")
        with open(script_path, "w") as f:
            f.write(script)
        argv = [self.exe, "-t1", f"-c{self.connections}", f"-d{seconds}s", "--timeout", "10s", "-s", script_path,
                f"http://127.0.0.1:{server.port}"]
        pid = server.proc.pid if server.proc else 0
        cpu0, srv0, t0 = children_cpu_seconds(), sample(self.server_core, pid), time.perf_counter()
        out = subprocess.run(argv, capture_output=True, text=True, preexec_fn=pinned(self.core))
        cpu1, srv1, t1 = children_cpu_seconds(), sample(self.server_core, pid), time.perf_counter()
        line = next((x for x in out.stdout.splitlines() if x.startswith("BENCHJSON ")), None)
        if line is None:
            raise RuntimeError(f"wrk failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
        r = json.loads(line.removeprefix("BENCHJSON "))
        return {"requests": r["requests"], "seconds": r["duration_us"] / 1e6, "p50_ms": r["p50_us"] / 1000,
                "p99_ms": r["p99_us"] / 1000, "errors": r["status"] + r["connect"] + r["read"] + r["write"]
                + r["timeout"], "client_cpu": (cpu1 - cpu0) / (t1 - t0), **shares(pid, srv0, srv1)}


class PyLoad:
    """bench/loadgen.py in its own process on the client core (used when wrk is not installed)."""

    def __init__(self, server_core: int, client_core: int, connections: int) -> None:
        self.server_core, self.core, self.connections = server_core, client_core, connections

    def describe(self) -> str:
        return (f"python asyncio keep-alive client, bench/loadgen.py ({self.connections} connections, "
                f"core {self.core})")

    def run(self, server: Server, load: Load, seconds: int) -> dict[str, Any]:
        body = load.body.replace("{n}", f"{secrets.token_hex(3)}-{{n}}") if load.body else None
        spec = {"host": "127.0.0.1", "port": server.port, "method": load.method, "path": load.path,
                "headers": load.headers, "body": body, "connections": self.connections,
                "warmup": PY_SLICE_WARMUP_S, "seconds": seconds, "server_core": self.server_core,
                "server_pid": server.proc.pid if server.proc else 0}
        out = subprocess.run([sys.executable, str(HERE / "loadgen.py"), json.dumps(spec)], capture_output=True,
                             text=True, preexec_fn=pinned(self.core))
        if out.returncode != 0 or not out.stdout.strip():
            raise RuntimeError(f"loadgen failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
        return dict(json.loads(out.stdout.strip().splitlines()[-1]))


Generator = Wrk | PyLoad


# --------------------------------------------------------------------------- scenarios


def headers(post: bool = False) -> dict[str, str]:
    """The same headers go to hello and to mokta, so parsing them costs both sides alike."""
    h = {"Authorization": f"SSWS {TOKEN}", "Accept": "application/json"}
    if post:
        h["Content-Type"] = "application/json"
    return h


def admin_id(server: Server) -> str:
    status, body = request(server.port, "GET", "/api/v1/users", headers())
    if status != 200:
        raise RuntimeError(f"GET /api/v1/users answered {status}: {body[:300]!r}")
    users = json.loads(body)
    admin = next((u for u in users if u.get("profile", {}).get("login") == ADMIN_LOGIN), users[0] if users else None)
    if admin is None:
        raise RuntimeError("no seeded user found")
    return str(admin["id"])


def check(server: Server, load: Load) -> None:
    """One request by hand first: a benchmark of 401s or 400s would be a fast, meaningless number."""
    body = load.body.replace("{n}", "check").encode() if load.body else None
    status, out = request(server.port, load.method, load.path, load.headers, body)
    if status != 200:
        raise RuntimeError(f"{load.method} {load.path} answered {status}: {out[:300]!r}")


def mokta_targets(workdir: str, core: int, backend: str, database_url: str) -> list[Target]:
    server = mokta_server(workdir, core, tempfile.mkdtemp(prefix="data-", dir=workdir), database_url)
    server.start()
    try:
        server.wait_ready("/api/v1/users", headers())
        get = Load("GET", f"/api/v1/users/{admin_id(server)}", headers())
        post = Load("POST", "/api/v1/groups", headers(post=True), '{"profile": {"name": "bench-{n}"}}')
        user = Load("POST", "/api/v1/users?activate=false", headers(post=True),
                    '{"profile": {"firstName": "Bench", "lastName": "User", "email": "u{n}@bench.example.com", '
                    '"login": "u{n}@bench.example.com"}}')
        for load in (get, post, user):
            check(server, load)
    except BaseException:
        server.stop()
        raise
    return [Target("GET /api/v1/users/{id}", backend, server, get),
            Target("POST /api/v1/groups", backend, server, post),
            Target("POST /api/v1/users", backend, server, user)]


def rate(measured: dict[str, Any]) -> float:
    return float(measured["requests"]) / float(measured["seconds"])


def run_rounds(gen: Generator, targets: list[Target], args: argparse.Namespace) -> None:
    """Warm every target up, then measure 1-second slices, each scenario slice paired with a floor slice right
    next to it (floor first on even rounds, last on odd ones), so the host's minute-to-minute speed, which on a
    shared VM swings the floor by 2x, hits both halves of every ratio alike."""
    floor, scenarios = targets[0], targets[1:]
    for t in targets:
        if args.warmup:
            gen.run(t.server, t.load, args.warmup)
    for i in range(args.seconds // SLICE_S):
        for t in scenarios[i % len(scenarios):] + scenarios[:i % len(scenarios)]:
            pair = (floor, t) if i % 2 == 0 else (t, floor)
            got = {id(x): gen.run(x.server, x.load, SLICE_S) for x in pair}
            floor.slices.append(got[id(floor)])
            t.slices.append(got[id(t)])
            t.floor_slices.append(got[id(floor)])
        print(f"  round {i + 1}: " + ", ".join(f"{t.label} [{t.backend}] {rate(t.slices[-1]):,.0f}/s vs "
                                               f"{rate(t.floor_slices[-1]):,.0f}/s" for t in scenarios),
              file=sys.stderr)


@dataclass
class Startup:
    label: str
    backend: str
    data: str
    times: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def bench_startup(workdir: str, core: int, backend: str, database_url: Callable[[], str], starts: int
                  ) -> list[Startup]:
    """Spawn → first 200 from GET /api/v1/users: into an empty store (bootstraps an org), then restarting on it."""
    fresh: list[float] = []
    again: list[float] = []
    for _ in range(starts):
        data_dir = tempfile.mkdtemp(prefix="start-", dir=workdir)
        url = database_url()
        for times in (fresh, again):
            server = mokta_server(workdir, core, data_dir, url)
            server.start()
            try:
                times.append(server.wait_ready("/api/v1/users", headers()))
            finally:
                server.stop()
    out = [Startup("mokta", backend, "empty store", fresh), Startup("mokta", backend, "existing store", again)]
    for s in out:
        print(f"  startup mokta [{backend}, {s.data}]: {', '.join(f'{t:.2f}' for t in s.times)} s", file=sys.stderr)
    return out


def bench_hello_startup(workdir: str, core: int, starts: int) -> Startup:
    times = []
    for _ in range(starts):
        server = hello_server(workdir, core)
        server.start()
        try:
            times.append(server.wait_ready("/", {}))
        finally:
            server.stop()
    print(f"  startup hello: {', '.join(f'{t:.2f}' for t in times)} s", file=sys.stderr)
    return Startup("hello", "-", "-", times)


def fresh_pg_schema(base_url: str, prefix: str) -> tuple[str, str]:
    """A new PostgreSQL schema: the URL that makes it the search_path, and its name."""
    import psycopg

    name = prefix + secrets.token_hex(5)
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    return f"{base_url}{'&' if '?' in base_url else '?'}options=-csearch_path%3D{name}", name


@contextlib.contextmanager
def pg_schemas(base_url: str) -> Iterator[Callable[[], str]]:
    """Hands out fresh PostgreSQL schemas (as search_path URLs) and drops them all afterwards."""
    import psycopg

    made: list[str] = []

    def fresh() -> str:
        url, name = fresh_pg_schema(base_url, "mokta_bench_")
        made.append(name)
        return url

    try:
        yield fresh
    finally:
        if made:
            with psycopg.connect(base_url, autocommit=True) as conn:
                for name in made:
                    conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


# --------------------------------------------------------------------------- report


def pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x * 100:.0f} %"


def cpu_model() -> str:
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def uvicorn_flavour() -> str:
    http_impl = "httptools" if importlib.util.find_spec("httptools") else "h11"
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    try:
        version = importlib.metadata.version("uvicorn")
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    return f"uvicorn {version} (http={http_impl}, loop={loop}, 1 worker, log_level=warning, access_log off)"


def contended(t: Target) -> str:
    """A mark when the server's core was busy but not with the server: another process was competing for it."""
    busy, own = t.median("server_core_busy"), t.median("server_cpu")
    return " ⚠" if busy is not None and own is not None and busy - own > CONTENTION else ""


def report(gen: Generator, server_core: int, args: argparse.Namespace, targets: list[Target],
           startups: list[Startup], notes: list[str], load_before: float) -> str:
    floor = targets[0]
    rounds = len(targets[1].slices) if len(targets) > 1 else 0
    lines = [
        "# mokta benchmark",
        "",
        f"- date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- python: {platform.python_version()} ({platform.python_implementation()}), {uvicorn_flavour()}",
        f"- CPU: {cpu_model()}, {os.cpu_count()} logical cores; every server pinned to core {server_core}",
        f"- load generator: {gen.describe()}",
        f"- load average (1 min) at start / end: {load_before:.2f} / {os.getloadavg()[0]:.2f}",
        f"- method: {args.warmup} s warm-up per scenario, then {rounds} rounds; in each, every scenario runs a "
        f"{SLICE_S} s slice right next to a {SLICE_S} s slice of the floor (bench/hello.py); "
        "vs floor = median over rounds of scenario / its paired floor slice",
        "",
        "## Throughput (relative to the bare-uvicorn floor)",
        "",
        "| scenario | store | req/s | p50 ms | p99 ms | vs floor | range over rounds | target | errors "
        "| server core busy | server process | client CPU |",
        "|---|---|---:|---:|---:|---:|---|---|---:|---:|---:|---:|",
    ]
    for t in targets:
        ratios = [1.0] if t is floor else [rate(s) / rate(f) for s, f in zip(t.slices, t.floor_slices, strict=True)]
        ratio = statistics.median(ratios)
        target = ""
        if t.label.startswith("GET /api/v1/users/"):
            target = f"≥ {GET_TARGET * 100:.0f} % {'✅' if ratio >= GET_TARGET else '❌'}"
        rates = [rate(s) for s in t.slices]
        rng = f"{min(rates):,.0f}–{max(rates):,.0f}/s"
        if t is not floor:
            rng = f"{min(ratios) * 100:.0f}–{max(ratios) * 100:.0f} %"
        lines.append(f"| {t.label} | {t.backend} | {t.rps:,.0f} | {t.median('p50_ms') or 0:.2f} | "
                     f"{t.median('p99_ms') or 0:.2f} | {ratio * 100:.1f} % | {rng} | {target} | "
                     f"{sum(s['errors'] for s in t.slices)} | {pct(t.median('server_core_busy'))} | "
                     f"{pct(t.median('server_cpu'))}{contended(t)} | {pct(t.median('client_cpu'))} |")
    lines += ["", f"## Startup (spawn → first 200; median of {args.starts})", "",
              "| server | store | data | median s | runs s | vs hello | target |", "|---|---|---|---:|---|---:|---|"]
    hello_start = next((s.median for s in startups if s.label == "hello"), None)
    for s in startups:
        target = ""
        if s.label == "mokta" and s.data == "empty store":
            target = f"< {STARTUP_TARGET_S:.0f} s {'✅' if s.median < STARTUP_TARGET_S else '❌'}"
        vs = f"{s.median / hello_start:.1f}×" if hello_start else ""
        lines.append(f"| {s.label} | {s.backend} | {s.data} | {s.median:.2f} | "
                     f"{', '.join(f'{t:.2f}' for t in s.times)} | {vs} | {target} |")
    lines += ["", "Notes:", "",
              "- req/s is over all slices; p50/p99 are medians of the per-slice percentiles.",
              "- server core busy ≈ 100 % (from /proc/stat, incl. softirq for loopback traffic) means the server's "
              "core was the bottleneck, as intended; server process is the share of that core the server itself "
              "got; client CPU near 100 % with the server core idle would mean the load generator limited that row.",
              "- mokta's startup is timed to the first 200 from an authenticated `GET /api/v1/users`; "
              "hello's to the first 200 from `GET /`."]
    if any(contended(t) for t in targets):
        lines.append("- ⚠ the server's core was busy with other processes during that row: the machine was not "
                     "quiet, so those numbers (and the ratios) are unreliable; rerun on an idle machine.")
    lines += [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def beside_floor(args: argparse.Namespace, prefix: str,
                 make_targets: Callable[[str, int, str, str], list[Target]]
                 ) -> Iterator[tuple[Generator, str, Callable[[], str] | None, list[Target]]]:
    """The load generator, a work dir, fresh PostgreSQL schemas (when asked for) and running servers: the bare
    hello-world floor first, then each store's scenarios; every server stops when the block ends."""
    server_core, client_core = cores()
    wrk = shutil.which("wrk")
    with tempfile.TemporaryDirectory(prefix=prefix) as workdir, contextlib.ExitStack() as stack:
        gen: Generator = (Wrk(wrk, server_core, client_core, args.connections, workdir)
                          if wrk and args.loadgen != "python" else PyLoad(server_core, client_core, args.connections))
        print(f"load generator: {gen.describe()}; servers on core {server_core}", file=sys.stderr)
        fresh_pg = stack.enter_context(pg_schemas(args.database_url)) if args.database_url else None
        hello = hello_server(workdir, server_core)
        hello.start()
        stack.callback(hello.stop)
        hello.wait_ready("/", {})
        targets = [Target("hello (floor)", "-", hello, Load("GET", "/", headers()))]
        targets += make_targets(workdir, server_core, "sqlite", "")
        stack.callback(targets[-1].server.stop)
        if fresh_pg is not None:
            targets += make_targets(workdir, server_core, "postgres", fresh_pg())
            stack.callback(targets[-1].server.stop)
        yield gen, workdir, fresh_pg, targets


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--seconds", type=int, default=5, help="measured seconds per scenario, in 1 s rounds (default 5)")
    p.add_argument("--warmup", type=int, default=2, help="warm-up seconds per scenario (default 2)")
    p.add_argument("--connections", type=int, default=16, help="concurrent keep-alive connections (default 16)")
    p.add_argument("--starts", type=int, default=3, help="startups to take the median of (default 3)")
    p.add_argument("--database-url", default="", help="postgresql://… to also benchmark PostgreSQL (fresh schemas)")
    p.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto",
                   help="wrk when on PATH (auto), else the Python client")
    p.add_argument("--output", default=str(HERE / "RESULTS.md"), help="where to write the Markdown report")
    args = p.parse_args(argv)
    if args.seconds < SLICE_S:
        p.error(f"--seconds must be at least {SLICE_S}")

    load_before = os.getloadavg()[0]
    server_core, client_core = cores()
    notes: list[str] = []
    if server_core == client_core:
        notes.append("only one core available: servers and load generator shared it, so ratios are pessimistic")
    if args.loadgen == "wrk" and not shutil.which("wrk"):
        p.error("--loadgen wrk but wrk is not on PATH")
    with beside_floor(args, "mokta-bench-", mokta_targets) as (gen, workdir, fresh_pg, targets):
        if fresh_pg is not None:
            notes.append("PostgreSQL's own server processes are not pinned; they share the machine's cores with "
                         "the load generator and mokta")
        run_rounds(gen, targets, args)
        for t in targets:
            t.server.stop()
        startups = [bench_hello_startup(workdir, server_core, args.starts)]
        startups += bench_startup(workdir, server_core, "sqlite", lambda: "", args.starts)
        if fresh_pg is not None:
            startups += bench_startup(workdir, server_core, "postgres", fresh_pg, args.starts)
    text = report(gen, server_core, args, targets, startups, notes, load_before)
    print(text)
    Path(args.output).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
