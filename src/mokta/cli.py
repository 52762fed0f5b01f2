"""`mokta serve` starts an org; `mokta token` mints another admin API token."""

from __future__ import annotations

import argparse
import os
import sys

from mokta.config import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mokta", description="An Okta-compatible Admin Management API server")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="start the server")
    _common(serve)
    serve.add_argument("--host", help="interface to listen on (MOKTA_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (MOKTA_PORT, default 8007)")
    serve.add_argument("--workers", type=int, help="worker processes (MOKTA_WORKERS, default 1)")
    serve.add_argument("--api-token", help="fix the bootstrap admin API token (MOKTA_API_TOKEN)")
    serve.add_argument("--quiet", action="store_true", help="do not log one line per request")
    token = sub.add_parser("token", help="mint another admin API token and print it")
    _common(token)
    token.add_argument("--name", default="mokta cli", help="the token's name")
    args = parser.parse_args(argv)
    overrides = {k: v for k, v in vars(args).items() if k not in ("command", "name", "quiet")}
    if getattr(args, "quiet", False):
        overrides["log_requests"] = False
    settings = Settings.load(overrides)
    if args.command == "serve":
        return _serve(settings)
    return _token(settings, args.name)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", help="where the SQLite database lives (MOKTA_DATA_DIR, default ./.mokta)")
    p.add_argument("--database-url", help="postgresql://… to use PostgreSQL instead (MOKTA_DATABASE_URL)")


def _serve(settings: Settings) -> int:
    import uvicorn

    from mokta.app import App

    app = App(settings)
    url = f"http://{settings.host}:{settings.port}"
    print(f"mokta org: {url}", file=sys.stderr)
    if app.bootstrap_token:
        print(f"admin API token: {app.bootstrap_token}", file=sys.stderr)
    elif settings.api_token:
        print(f"admin API token: {settings.api_token}", file=sys.stderr)
    else:
        print("admin API token: (created on first start; mint another with `mokta token`)", file=sys.stderr)
    sys.stderr.flush()
    if settings.workers > 1:
        os.environ.update(_as_env(settings))
        uvicorn.run("mokta.cli:worker_app", factory=True, host=settings.host, port=settings.port,
                    workers=settings.workers, log_level="warning", access_log=False, date_header=False,
                    server_header=False)
    else:
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", access_log=False,
                    lifespan="on", date_header=False, server_header=False)
    return 0


def worker_app() -> object:
    from mokta.app import App

    return App(Settings.load())


def _as_env(settings: Settings) -> dict[str, str]:
    return {"MOKTA_" + k.upper(): str(v) for k, v in vars(settings).items() if v not in (None, "")}


def _token(settings: Settings, name: str) -> int:
    from mokta import bootstrap
    from mokta.app import App

    app = App(settings)
    with app.store.transaction() as tx:
        org = app.orgs.default
        value = bootstrap.mint_token(tx, org, bootstrap.admin_user_id(tx, org) or "", name)
    print(value)
    return 0


if __name__ == "__main__":
    sys.exit(main())
