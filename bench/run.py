"""One-shot benchmark of mokta against a bare-uvicorn floor measured in the same run.

Absolute req/s depend on the machine; the ratio to a hello-world served by the same uvicorn, on the same pinned core,
by the same load generator, does not (much). So every throughput is reported as a fraction of that floor.

    .venv/bin/python bench/run.py [--seconds N] [--database-url postgresql://…] [--loadgen auto|wrk|python]

Writes a Markdown report to stdout and to bench/RESULTS.md.
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

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
TOKEN = "00mokta-bench-token-0000000000000000000000"
ADMIN_LOGIN = "admin@mokta.example"
GET_TARGET = 0.40
STARTUP_TARGET_S = 2.0
CLK_TCK = os.sysconf("SC_CLK_TCK")


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


def proc_cpu_seconds(pid: int) -> float:
    """User+system CPU seconds of a process, from /proc (the server's CPU use during a window)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Server:
    """A server process under test, started pinned, with the time its first good answer took."""

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
                status, _ = request("127.0.0.1", self.port, "GET", path, headers, timeout=2)
                if status == 200:
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


def request(host: str, port: int, method: str, path: str, headers: dict[str, str], body: bytes | None = None,
            timeout: float = 10) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def hello_server(workdir: str, core: int) -> Server:
    port = free_port()
    return Server("hello", [sys.executable, str(HERE / "hello.py"), str(port)], dict(os.environ), port, core,
                  os.path.join(workdir, f"hello-{port}.log"))


def mokta_server(workdir: str, core: int, data_dir: str, database_url: str = "") -> Server:
    """`python -m mokta.cli serve` with one worker, a fixed token and request logging off."""
    port = free_port()
    env = dict(os.environ, MOKTA_HOST="127.0.0.1", MOKTA_PORT=str(port), MOKTA_DATA_DIR=data_dir,
               MOKTA_API_TOKEN=TOKEN, MOKTA_LOG_REQUESTS="false", MOKTA_WORKERS="1", MOKTA_DATABASE_URL=database_url)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH", "")) if p)
    return Server("mokta", [sys.executable, "-m", "mokta.cli", "serve"], env, port, core,
                  os.path.join(workdir, f"mokta-{port}.log"))


# --------------------------------------------------------------------------- load generation


@dataclass
class Load:
    """One throughput scenario: the same request shape goes to whichever load generator runs it."""

    method: str
    path: str
    headers: dict[str, str]
    body: str | None = None  # a template; `{n}` becomes a unique counter


@dataclass
class Result:
    label: str
    backend: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    server_cpu: float | None
    client_cpu: float | None
    ratio: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


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
    return json.dumps(s)  # a JSON string literal is a valid Lua string literal for our ASCII inputs


class Wrk:
    """wrk with one thread on the client core: in C it needs a fraction of a core for what one Python core serves."""

    name = "wrk"

    def __init__(self, exe: str, core: int, connections: int, workdir: str) -> None:
        self.exe, self.core, self.connections, self.workdir = exe, core, connections, workdir
        out = subprocess.run([exe, "-v"], capture_output=True, text=True)
        self.version = (out.stdout or out.stderr).splitlines()[0].strip() if (out.stdout or out.stderr) else "wrk"

    def describe(self) -> str:
        return f"{self.version} (1 thread, {self.connections} connections, core {self.core})"

    def run(self, server: Server, load: Load, warmup: int, seconds: int) -> dict[str, Any]:
        if warmup:
            self._once(server, load, warmup, "w")
        return self._once(server, load, seconds, "m")

    def _once(self, server: Server, load: Load, seconds: int, phase: str) -> dict[str, Any]:
        assert server.proc is not None
        body = load.body.replace("{n}", f"{phase}{secrets.token_hex(3)}-{{n}}") if load.body else None
        script = WRK_LUA.format(
            method=lua_str(load.method), path=lua_str(load.path),
            headers="\n".join(f"wrk.headers[{lua_str(k)}] = {lua_str(v)}" for k, v in load.headers.items()),
            body=lua_str(body) if body else "nil", request=WRK_REQUEST if body else "")
        script_path = os.path.join(self.workdir, "bench.lua")
        with open(script_path, "w") as f:
            f.write(script)
        argv = [self.exe, "-t1", f"-c{self.connections}", f"-d{seconds}s", "--timeout", "10s", "-s", script_path,
                f"http://127.0.0.1:{server.port}"]
        cpu0, srv0, t0 = children_cpu_seconds(), proc_cpu_seconds(server.proc.pid), time.perf_counter()
        out = subprocess.run(argv, capture_output=True, text=True, preexec_fn=pinned(self.core))
        cpu1, srv1, t1 = children_cpu_seconds(), proc_cpu_seconds(server.proc.pid), time.perf_counter()
        line = next((x for x in out.stdout.splitlines() if x.startswith("BENCHJSON ")), None)
        if line is None:
            raise RuntimeError(f"wrk failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
        r = json.loads(line.removeprefix("BENCHJSON "))
        wall = t1 - t0
        errors = r["status"] + r["connect"] + r["read"] + r["write"] + r["timeout"]
        return {"rps": r["requests"] / (r["duration_us"] / 1e6), "p50_ms": r["p50_us"] / 1000,
                "p99_ms": r["p99_us"] / 1000, "errors": errors, "client_cpu": (cpu1 - cpu0) / wall,
                "server_cpu": (srv1 - srv0) / wall}


class PyLoad:
    """bench/loadgen.py in its own process on the client core (used when wrk is not installed)."""

    name = "python"

    def __init__(self, core: int, connections: int) -> None:
        self.core, self.connections = core, connections

    def describe(self) -> str:
        return (f"python asyncio raw-socket keep-alive client (bench/loadgen.py, {self.connections} connections, "
                f"core {self.core})")

    def run(self, server: Server, load: Load, warmup: int, seconds: int) -> dict[str, Any]:
        assert server.proc is not None
        body = load.body.replace("{n}", f"{secrets.token_hex(3)}-{{n}}") if load.body else None
        spec = {"host": "127.0.0.1", "port": server.port, "method": load.method, "path": load.path,
                "headers": load.headers, "body": body, "connections": self.connections, "warmup": warmup,
                "seconds": seconds, "server_pid": server.proc.pid}
        out = subprocess.run([sys.executable, str(HERE / "loadgen.py"), json.dumps(spec)], capture_output=True,
                             text=True, preexec_fn=pinned(self.core))
        if out.returncode != 0 or not out.stdout.strip():
            raise RuntimeError(f"loadgen failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
        return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- scenarios


def headers(post: bool = False) -> dict[str, str]:
    """The same headers go to hello and to mokta, so parsing them costs both sides alike."""
    h = {"Authorization": f"SSWS {TOKEN}", "Accept": "application/json"}
    if post:
        h["Content-Type"] = "application/json"
    return h


def measure(gen: Wrk | PyLoad, server: Server, load: Load, label: str, backend: str, args: argparse.Namespace
            ) -> Result:
    r = gen.run(server, load, args.warmup, args.seconds)
    res = Result(label, backend, r["rps"], r["p50_ms"], r["p99_ms"], r["errors"], r.get("server_cpu"),
                 r.get("client_cpu"))
    print(f"  {label} [{backend}]: {res.rps:,.0f} req/s, p50 {res.p50_ms:.2f} ms, p99 {res.p99_ms:.2f} ms, "
          f"errors {res.errors}, server cpu {pct(res.server_cpu)}, client cpu {pct(res.client_cpu)}", file=sys.stderr)
    return res


def bench_hello(gen: Wrk | PyLoad, workdir: str, core: int, label: str, args: argparse.Namespace) -> Result:
    server = hello_server(workdir, core)
    server.start()
    try:
        server.wait_ready("/", {})
        return measure(gen, server, Load("GET", "/", headers()), label, "-", args)
    finally:
        server.stop()


def admin_id(server: Server) -> str:
    status, body = request("127.0.0.1", server.port, "GET", "/api/v1/users", headers())
    if status != 200:
        raise RuntimeError(f"GET /api/v1/users answered {status}: {body[:300]!r}")
    users = json.loads(body)
    admin = next((u for u in users if u.get("profile", {}).get("login") == ADMIN_LOGIN), users[0] if users else None)
    if admin is None:
        raise RuntimeError("no seeded user found")
    return str(admin["id"])


def check(server: Server, method: str, path: str, body: bytes | None = None) -> None:
    """One request by hand first: a benchmark of 401s or 400s would be a fast, meaningless number."""
    status, out = request("127.0.0.1", server.port, method, path, headers(body is not None), body)
    if status != 200:
        raise RuntimeError(f"{method} {path} answered {status}: {out[:300]!r}")


def bench_mokta(gen: Wrk | PyLoad, workdir: str, core: int, backend: str, database_url: str,
                args: argparse.Namespace) -> list[Result]:
    data_dir = tempfile.mkdtemp(prefix="data-", dir=workdir)
    server = mokta_server(workdir, core, data_dir, database_url)
    server.start()
    try:
        server.wait_ready("/api/v1/users", headers())
        uid = admin_id(server)
        check(server, "GET", f"/api/v1/users/{uid}")
        check(server, "POST", "/api/v1/groups", b'{"profile": {"name": "bench-check"}}')
        get = measure(gen, server, Load("GET", f"/api/v1/users/{uid}", headers()), "GET /api/v1/users/{id}",
                      backend, args)
        post = measure(gen, server, Load("POST", "/api/v1/groups", headers(post=True),
                                         '{"profile": {"name": "bench-{n}"}}'), "POST /api/v1/groups", backend, args)
        return [get, post]
    finally:
        server.stop()


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
    fresh, again = [], []
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


@contextlib.contextmanager
def pg_schemas(base_url: str) -> Iterator[Callable[[], str]]:
    """Hands out fresh PostgreSQL schemas (as search_path URLs) and drops them all afterwards."""
    import psycopg

    made: list[str] = []

    def fresh() -> str:
        name = "mokta_bench_" + secrets.token_hex(5)
        with psycopg.connect(base_url, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {name}")
        made.append(name)
        return f"{base_url}{'&' if '?' in base_url else '?'}options=-csearch_path%3D{name}"

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


def report(gen: Wrk | PyLoad, server_core: int, args: argparse.Namespace, hello: list[Result],
           results: list[Result], startups: list[Startup], notes: list[str]) -> str:
    floor = statistics.mean(h.rps for h in hello)
    lines = [
        "# mokta benchmark",
        "",
        f"- date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- python: {platform.python_version()} ({platform.python_implementation()}), {uvicorn_flavour()}",
        f"- CPU: {cpu_model()}, {os.cpu_count()} logical cores; server pinned to core {server_core}",
        f"- load generator: {gen.describe()}",
        f"- per scenario: {args.warmup} s warm-up, then {args.seconds} s measured",
        f"- floor (100 %): bench/hello.py, the mean of a run before and after mokta's ({floor:,.0f} req/s)",
        "",
        "## Throughput (ratios to the bare-uvicorn floor)",
        "",
        "| scenario | store | req/s | p50 ms | p99 ms | vs floor | target | errors | server CPU | client CPU |",
        "|---|---|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for r in hello + results:
        r.ratio = r.rps / floor
        target = ""
        if r.label.startswith("GET /api/v1/users/"):
            target = f"≥ {GET_TARGET * 100:.0f} % {'✅' if r.ratio >= GET_TARGET else '❌'}"
        lines.append(f"| {r.label} | {r.backend} | {r.rps:,.0f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | "
                     f"{r.ratio * 100:.1f} % | {target} | {r.errors} | {pct(r.server_cpu)} | {pct(r.client_cpu)} |")
    lines += ["", "## Startup (spawn → first 200 from the server; median of "
              f"{args.starts})", "",
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
              "- server CPU ≈ 100 % means the server's core was the bottleneck, as intended; a client CPU near "
              "100 % with server CPU well below would mean the load generator limited that row.",
              "- mokta's startup is timed to the first 200 from `GET /api/v1/users` (authenticated); "
              "hello's to the first 200 from `GET /`."]
    lines += [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--seconds", type=int, default=5, help="measured seconds per scenario (default 5)")
    p.add_argument("--warmup", type=int, default=2, help="warm-up seconds per scenario (default 2)")
    p.add_argument("--connections", type=int, default=16, help="concurrent keep-alive connections (default 16)")
    p.add_argument("--starts", type=int, default=3, help="startups to take the median of (default 3)")
    p.add_argument("--database-url", default="", help="postgresql://… to also benchmark PostgreSQL (fresh schemas)")
    p.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto",
                   help="wrk when on PATH (auto), else the Python client")
    p.add_argument("--output", default=str(HERE / "RESULTS.md"), help="where to write the Markdown report")
    args = p.parse_args(argv)

    server_core, client_core = cores()
    notes: list[str] = []
    if server_core == client_core:
        notes.append("only one core available: server and load generator shared it, so ratios are pessimistic")
    wrk = shutil.which("wrk")
    if args.loadgen == "wrk" and not wrk:
        p.error("--loadgen wrk but wrk is not on PATH")
    with tempfile.TemporaryDirectory(prefix="mokta-bench-") as workdir:
        gen: Wrk | PyLoad = (Wrk(wrk, client_core, args.connections, workdir) if wrk and args.loadgen != "python"
                             else PyLoad(client_core, args.connections))
        print(f"load generator: {gen.describe()}; server on core {server_core}", file=sys.stderr)
        hello = [bench_hello(gen, workdir, server_core, "hello (floor, before)", args)]
        results = bench_mokta(gen, workdir, server_core, "sqlite", "", args)
        startups = bench_startup(workdir, server_core, "sqlite", lambda: "", args.starts)
        if args.database_url:
            with pg_schemas(args.database_url) as fresh:
                results += bench_mokta(gen, workdir, server_core, "postgres", fresh(), args)
                startups += bench_startup(workdir, server_core, "postgres", fresh, args.starts)
            notes.append("PostgreSQL's own server processes are not pinned; they compete with the load generator "
                         "and the server for the machine's cores")
        hello.append(bench_hello(gen, workdir, server_core, "hello (floor, after)", args))
        startups.insert(0, bench_hello_startup(workdir, server_core, args.starts))
    text = report(gen, server_core, args, hello, results, startups, notes)
    print(text)
    Path(args.output).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
