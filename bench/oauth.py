"""OAuth token throughput: client_credentials grants per second on one pinned core, beside the same run's
GET-by-id and Bearer-authenticated GET-by-id throughput, each paired with the bare-uvicorn floor (see bench/run.py).

    .venv/bin/python bench/oauth.py [--seconds N] [--database-url postgresql://…] [--loadgen auto|wrk|python]

Writes a Markdown report to stdout and to bench/OAUTH.md; Keycloak's sizing guide (about 120 client-credentials
grants per second per vCPU) is the yardstick the report divides by.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import json
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

from run import (  # bench/ is sys.path[0] when run as a script
    HERE,
    Load,
    PyLoad,
    Target,
    Wrk,
    admin_id,
    beside_floor,
    check,
    cores,
    cpu_model,
    headers,
    mokta_server,
    rate,
    request,
    run_rounds,
    uvicorn_flavour,
)

KEYCLOAK_PER_VCPU = 120.0
SCOPE = "okta.users.read"


def oauth_client(port: int) -> tuple[str, str]:
    """A service app allowed client_credentials with admin consent to okta.users.read, made over the API."""
    body = {"name": "oidc_client", "label": "bench service", "signOnMode": "OPENID_CONNECT",
            "credentials": {"oauthClient": {"token_endpoint_auth_method": "client_secret_basic"}},
            "settings": {"oauthClient": {"grant_types": ["client_credentials"], "application_type": "service",
                                         "response_types": ["token"]}}}
    status, out = request(port, "POST", "/api/v1/apps", headers(post=True), json.dumps(body).encode())
    if status != 200:
        raise RuntimeError(f"creating the app answered {status}: {out[:300]!r}")
    app = json.loads(out)
    grant = {"issuer": f"http://127.0.0.1:{port}", "scopeId": SCOPE}
    status, out = request(port, "POST", f"/api/v1/apps/{app['id']}/grants", headers(post=True),
                          json.dumps(grant).encode())
    if status != 201:
        raise RuntimeError(f"granting {SCOPE} answered {status}: {out[:300]!r}")
    client = app["credentials"]["oauthClient"]
    return str(client["client_id"]), str(client["client_secret"])


def targets_for(workdir: str, core: int, backend: str, database_url: str) -> list[Target]:
    server = mokta_server(workdir, core, tempfile.mkdtemp(prefix="data-", dir=workdir), database_url)
    server.start()
    try:
        server.wait_ready("/api/v1/users", headers())
        client_id, secret = oauth_client(server.port)
        basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
        grant = Load("POST", "/oauth2/v1/token", {"Authorization": f"Basic {basic}", "Accept": "application/json",
                                                  "Content-Type": "application/x-www-form-urlencoded"},
                     f"grant_type=client_credentials&scope={SCOPE}&n={{n}}")
        status, out = request(server.port, "POST", grant.path, grant.headers,
                              f"grant_type=client_credentials&scope={SCOPE}".encode())
        if status != 200:
            raise RuntimeError(f"token request answered {status}: {out[:300]!r}")
        access = json.loads(out)["access_token"]
        user = admin_id(server)
        get = Load("GET", f"/api/v1/users/{user}", headers())
        bearer = Load("GET", f"/api/v1/users/{user}", {"Authorization": f"Bearer {access}",
                                                        "Accept": "application/json"})
        for load in (get, bearer):
            check(server, load)
    except BaseException:
        server.stop()
        raise
    return [Target("GET /api/v1/users/{id} (SSWS)", backend, server, get),
            Target("POST /oauth2/v1/token (client_credentials)", backend, server, grant),
            Target("GET /api/v1/users/{id} (Bearer)", backend, server, bearer)]


def report(gen: Wrk | PyLoad, server_core: int, args: argparse.Namespace, targets: list[Target]) -> str:
    floor = targets[0]
    lines = [
        "# mokta OAuth benchmark",
        "",
        f"- date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- python: {platform.python_version()}, {uvicorn_flavour()}",
        f"- CPU: {cpu_model()}, {os.cpu_count()} logical cores; every server pinned to core {server_core}",
        f"- load generator: {gen.describe()}",
        f"- method: as bench/run.py: {args.warmup} s warm-up, then 1 s slices of each scenario paired with 1 s of "
        "the bare-uvicorn floor; each token is a real grant (client authentication, admin-consent lookup, an RS256 "
        "signature, a stored token record and its System Log event in one write transaction)",
        "",
        "| scenario | store | req/s | p50 ms | p99 ms | vs floor | errors |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for t in targets:
        ratios = [1.0] if t is floor else [rate(s) / rate(f) for s, f in zip(t.slices, t.floor_slices, strict=True)]
        lines.append(f"| {t.label} | {t.backend} | {t.rps:,.0f} | {t.median('p50_ms') or 0:.2f} | "
                     f"{t.median('p99_ms') or 0:.2f} | {statistics.median(ratios) * 100:.1f} % | "
                     f"{sum(s['errors'] for s in t.slices)} |")
    lines += ["", "## Grants per second against GET-by-id and Keycloak", "",
              "| store | grants/s (1 core) | GET-by-id/s | grants / GET | grants / Keycloak's 120 per vCPU |",
              "|---|---:|---:|---:|---:|"]
    for backend in dict.fromkeys(t.backend for t in targets[1:]):
        get = next(t for t in targets if t.backend == backend and "SSWS" in t.label)
        grant = next(t for t in targets if t.backend == backend and "token" in t.label)
        lines.append(f"| {backend} | {grant.rps:,.0f} | {get.rps:,.0f} | {grant.rps / get.rps * 100:.0f} % | "
                     f"{grant.rps / KEYCLOAK_PER_VCPU:.1f}× |")
    lines += ["", "Keycloak's figure is from its own sizing guide (client-credentials grants per vCPU, measured on "
              "its hardware); the comparison is indicative, not a same-machine race."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--seconds", type=int, default=6, help="measured seconds per scenario (default 6)")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--database-url", default="", help="postgresql://… to also measure PostgreSQL (fresh schema)")
    p.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto")
    p.add_argument("--output", default=str(HERE / "OAUTH.md"))
    args = p.parse_args(argv)
    with beside_floor(args, "mokta-oauth-bench-", targets_for) as (gen, _workdir, _fresh_pg, targets):
        run_rounds(gen, targets, args)
    server_core, _client_core = cores()
    text = report(gen, server_core, args, targets)
    print(text)
    Path(args.output).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
