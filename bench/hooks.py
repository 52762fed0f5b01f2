"""What event hooks cost a write: `POST /api/v1/users` throughput with no hooks, one hook and five hooks subscribed to
`user.lifecycle.create` (ACTIVE, VERIFIED, pointing at a loopback receiver that answers 200), each paired slice by
slice with the bare-uvicorn floor of the same run (bench/run.py's method), so only ratios are compared.

    .venv/bin/python bench/hooks.py [--seconds N] [--database-url postgresql://…]

Every created user writes its System Log event and one outbox row per subscribed hook in the request's transaction;
the delivery worker in the same process (same pinned core) then POSTs them. Writes bench/HOOKS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import statistics
import sys
import tempfile
import threading
from pathlib import Path

import run  # bench/ is sys.path[0] when run as a script

sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # the project root, for the tests' loopback server
from run import Load, Target

from tests.loopback import JsonHandler, serve  # noqa: E402

HERE = Path(__file__).resolve().parent
HOOK_COUNTS = (0, 1, 5)
USER = ('{"profile": {"firstName": "Bench", "lastName": "User", "email": "u{n}@bench.example.com", '
        '"login": "u{n}@bench.example.com"}}')


class Receiver:
    """A customer's hook endpoint: answers the verification challenge and counts delivered events."""

    def __init__(self) -> None:
        self.events = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(JsonHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                self.echo_challenge()

            def do_POST(self) -> None:  # noqa: N802
                payload = json.loads(self.body())
                with receiver.lock:
                    receiver.events += len(payload["data"]["events"])
                self.reply(200, b"{}")

        self.httpd = serve(Handler)
        self.port = self.httpd.server_address[1]


def hooked(workdir: str, core: int, backend: str, database_url: str, hooks: int, receiver: Receiver) -> Target:
    """A fresh org with `hooks` verified hooks on user creation, and the create-user load against it."""
    server = run.mokta_server(workdir, core, tempfile.mkdtemp(prefix="data-", dir=workdir), database_url)
    server.start()
    try:
        server.wait_ready("/api/v1/users", run.headers())
        for i in range(hooks):
            body = {"name": f"bench hook {i}", "events": {"type": "EVENT_TYPE", "items": ["user.lifecycle.create"]},
                    "channel": {"type": "HTTP", "version": "1.0.0",
                                "config": {"uri": f"http://127.0.0.1:{receiver.port}/hook{i}",
                                           "headers": [{"key": "X-Bench", "value": str(i)}]}}}
            status, out = run.request(server.port, "POST", "/api/v1/eventHooks", run.headers(post=True),
                                      json.dumps(body).encode())
            hook_id = json.loads(out)["id"]
            status, out = run.request(server.port, "POST", f"/api/v1/eventHooks/{hook_id}/lifecycle/verify",
                                      run.headers(post=True))
            if status != 200 or json.loads(out).get("verificationStatus") != "VERIFIED":
                raise RuntimeError(f"hook {i} not verified: {status} {out[:300]!r}")
        load = Load("POST", "/api/v1/users?activate=false", run.headers(post=True), USER)
        run.check(server, load)
    except BaseException:
        server.stop()
        raise
    label = "no event hooks" if hooks == 0 else f"{hooks} event hook{'s' if hooks > 1 else ''}"
    return Target(f"POST /api/v1/users, {label}", backend, server, load)


def ratios(t: Target) -> list[float]:
    return [run.rate(s) / run.rate(f) for s, f in zip(t.slices, t.floor_slices, strict=True)]


def report(gen: run.Generator, args: argparse.Namespace, targets: list[Target], load_before: float) -> str:
    floor = targets[0]
    lines = ["# mokta: the cost of event hooks on a write", "",
             f"- date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}",
             f"- CPU: {run.cpu_model()}, {os.cpu_count()} logical cores; servers pinned to one core, "
             f"load generator: {gen.describe()}",
             f"- load average (1 min) at start / end: {load_before:.2f} / {os.getloadavg()[0]:.2f} "
             "(other work on the machine makes absolute numbers move; compare the ratios)",
             f"- method: bench/run.py's paired slices, {args.warmup} s warm-up, {args.seconds} rounds of 1 s; "
             "vs floor = median of scenario / paired floor slice; vs no hooks = that median / the no-hooks one",
             "",
             "| scenario | store | req/s | p50 ms | vs floor | vs no hooks |",
             "|---|---|---:|---:|---:|---:|"]
    base: dict[str, float] = {}
    for t in targets[1:]:
        ratio = statistics.median(ratios(t))
        base.setdefault(t.backend, ratio)
        lines.append(f"| {t.label} | {t.backend} | {t.rps:,.0f} | {t.median('p50_ms') or 0:.1f} | "
                     f"{ratio * 100:.1f} % | {ratio / base[t.backend] * 100:.0f} % |")
    lines += ["", f"Floor (bench/hello.py): {floor.rps:,.0f} req/s over the run.", "",
              "Each created user costs one outbox row per subscribed hook in its transaction; the delivery worker "
              "shares the server's core, so its POSTs are part of the measured cost."]
    return "\n".join(lines) + "\n"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--seconds", type=int, default=6)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--database-url", default="")
    p.add_argument("--output", default=str(HERE / "HOOKS.md"))
    args = p.parse_args()
    load_before = os.getloadavg()[0]
    server_core, client_core = run.cores()
    receiver = Receiver()
    with tempfile.TemporaryDirectory(prefix="mokta-hooks-") as workdir, contextlib.ExitStack() as stack:
        wrk = run.shutil.which("wrk")
        gen: run.Generator = (run.Wrk(wrk, server_core, client_core, args.connections, workdir) if wrk
                              else run.PyLoad(server_core, client_core, args.connections))
        hello = run.hello_server(workdir, server_core)
        hello.start()
        stack.callback(hello.stop)
        hello.wait_ready("/", {})
        targets = [Target("hello (floor)", "-", hello, Load("GET", "/", run.headers()))]
        backends = [("SQLite", lambda: "")]
        if args.database_url:
            fresh = stack.enter_context(run.pg_schemas(args.database_url))
            backends.append(("PostgreSQL", fresh))
        for backend, url in backends:
            for hooks in HOOK_COUNTS:
                targets.append(hooked(workdir, server_core, backend, url(), hooks, receiver))
                stack.callback(targets[-1].server.stop)
        run.run_rounds(gen, targets, argparse.Namespace(seconds=args.seconds, warmup=args.warmup))
        for t in targets:
            t.server.stop()
    text = report(gen, args, targets, load_before)
    text += f"\nEvents the receiver was sent during the run (all scenarios): {receiver.events:,}.\n"
    print(text)
    Path(args.output).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
