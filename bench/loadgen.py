"""Fallback load generator for when `wrk` is absent: N keep-alive HTTP/1.1 connections over asyncio Protocols.

It runs as its own process (pinned by the caller to a core the server does not use) and does the least work it can
per request -- prebuilt request bytes, a tiny response parser -- so that it stays far from saturating its core
while the server saturates its own. It reports its own CPU use so the caller can tell if that ever stops being true.

Usage: `python bench/loadgen.py '<json spec>'`; prints one JSON line of results.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any


def core_ticks(core: int) -> tuple[int, int]:
    """(busy, total) jiffies of one core from /proc/stat; busy counts irq/softirq, which loopback traffic costs
    the server's core but /proc/<pid>/stat never charges to the server process."""
    try:
        with open("/proc/stat") as f:
            for line in f:
                if line.startswith(f"cpu{core} "):
                    v = [int(x) for x in line.split()[1:]]
                    user, nice, system, idle, iowait, irq, softirq, steal = (v + [0] * 8)[:8]
                    busy = user + nice + system + irq + softirq
                    return busy, busy + idle + iowait + steal
    except (OSError, ValueError):
        pass
    return 0, 0


def proc_ticks(pid: int) -> int:
    """User+system jiffies of a process (all its threads): how much of its core the server itself got."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


def sample(core: int, pid: int) -> tuple[int, int, int]:
    busy, total = core_ticks(core)
    return busy, total, proc_ticks(pid) if pid else 0


class Requests:
    """Builds request bytes; a `{n}` in the body template becomes a process-wide unique counter."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.method: str = spec["method"]
        self.path: str = spec["path"]
        self.host = f"{spec['host']}:{spec['port']}"
        self.headers: dict[str, str] = spec.get("headers", {})
        self.template: str | None = spec.get("body")
        self.counter = 0
        self.fixed = self._build(None) if self.template is None else None

    def _build(self, body: bytes | None) -> bytes:
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Host: {self.host}"]
        lines += [f"{k}: {v}" for k, v in self.headers.items()]
        if body is not None:
            lines.append(f"Content-Length: {len(body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b"")

    def next(self) -> bytes:
        if self.fixed is not None:
            return self.fixed
        self.counter += 1
        assert self.template is not None
        return self._build(self.template.replace("{n}", str(self.counter)).encode())


class Stats:
    """What the measurement window saw; completions outside the window are not counted."""

    def __init__(self) -> None:
        self.recording = False
        self.stopped = False
        self.latencies_ns: list[int] = []
        self.statuses: dict[int, int] = {}
        self.errors = 0


class Conn(asyncio.Protocol):
    """One keep-alive connection: send, wait for the whole response, send the next."""

    def __init__(self, reqs: Requests, stats: Stats) -> None:
        self.reqs = reqs
        self.stats = stats
        self.buf = b""
        self.sent = 0
        self.transport: asyncio.Transport | None = None
        self.closed = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self._send()

    def _send(self) -> None:
        if self.stats.stopped:
            assert self.transport is not None
            self.transport.close()
            return
        self.sent = time.perf_counter_ns()
        assert self.transport is not None
        self.transport.write(self.reqs.next())

    def data_received(self, data: bytes) -> None:
        self.buf += data
        end = self.buf.find(b"\r\n\r\n")
        if end < 0:
            return
        head = self.buf[:end].lower()
        i = head.find(b"\r\ncontent-length:")
        length = 0
        if i >= 0:
            j = head.find(b"\r\n", i + 2)
            length = int(head[i + 17:j if j >= 0 else len(head)])
        total = end + 4 + length
        if len(self.buf) < total:
            return
        status = int(self.buf[9:12])
        self.buf = self.buf[total:]
        stats = self.stats
        if stats.recording:
            stats.latencies_ns.append(time.perf_counter_ns() - self.sent)
            stats.statuses[status] = stats.statuses.get(status, 0) + 1
        self._send()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.stats.stopped:
            self.stats.errors += 1
        if not self.closed.done():
            self.closed.set_result(None)


def percentile(sorted_values: list[int], q: float) -> float:
    """Nearest-rank percentile, in milliseconds."""
    if not sorted_values:
        return 0.0
    k = min(len(sorted_values) - 1, max(0, round(q / 100 * len(sorted_values)) - 1))
    return sorted_values[k] / 1e6


async def run(spec: dict[str, Any]) -> dict[str, Any]:
    """Warm up, then record for exactly the window, sampling server CPU at the window's edges."""
    loop = asyncio.get_running_loop()
    reqs, stats = Requests(spec), Stats()
    conns: list[Conn] = []
    for _ in range(spec["connections"]):
        _, proto = await loop.create_connection(lambda: Conn(reqs, stats), spec["host"], spec["port"])
        conns.append(proto)
    await asyncio.sleep(spec["warmup"])
    core, pid = spec.get("server_core", -1), spec.get("server_pid", 0)
    cpu0, srv0, t0 = time.process_time(), sample(core, pid), time.perf_counter()
    stats.recording = True
    await asyncio.sleep(spec["seconds"])
    stats.recording = False
    cpu1, srv1, t1 = time.process_time(), sample(core, pid), time.perf_counter()
    stats.stopped = True
    await asyncio.wait([c.closed for c in conns], timeout=5)
    wall = t1 - t0
    lat = sorted(stats.latencies_ns)
    errors = stats.errors + sum(n for s, n in stats.statuses.items() if s >= 400)
    return {"requests": len(lat), "seconds": wall, "rps": len(lat) / wall, "p50_ms": percentile(lat, 50),
            "p99_ms": percentile(lat, 99), "errors": errors, "statuses": stats.statuses,
            "client_cpu": (cpu1 - cpu0) / wall, **shares(pid, srv0, srv1)}


def shares(pid: int, before: tuple[int, int, int], after: tuple[int, int, int]) -> dict[str, float | None]:
    """Between two `sample`s: how busy the server's core was, and how much of it the server process itself got
    (busy but not the server's = softirq for loopback traffic, or another process contending for the core)."""
    total = after[1] - before[1]
    if total <= 0:
        return {"server_core_busy": None, "server_cpu": None}
    return {"server_core_busy": (after[0] - before[0]) / total,
            "server_cpu": (after[2] - before[2]) / total if pid else None}


def main() -> None:
    spec = json.loads(sys.argv[1])
    print(json.dumps(asyncio.run(run(spec))), flush=True)


if __name__ == "__main__":
    main()
