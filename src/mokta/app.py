"""The ASGI application: read the request, route once, authenticate, validate, serve in one transaction, reply."""

from __future__ import annotations

import importlib
import itertools
import json
import logging
import pkgutil
import secrets
import sys
import time
from email.utils import formatdate
from typing import Any
from urllib.parse import parse_qs, unquote

from mokta import bootstrap, families
from mokta.config import Settings
from mokta.engine import delivery, events, generic, indexes, uniques
from mokta.engine.registry import EXTENSIONS, HANDLERS
from mokta.engine.runtime import Runtime
from mokta.http.auth import authenticate
from mokta.http.errors import SUMMARIES, OktaError, bad_param, not_found
from mokta.http.validate import parse_body, parse_query
from mokta.oauth import bearer
from mokta.spec import openapi
from mokta.spec.catalog import Catalog, Operation
from mokta.store import open_store
from mokta.types import Context, Reply, Request

log = logging.getLogger("mokta")

Scope = dict[str, Any]
BOOTSTRAP_LOCK = 7260012
FORM = "application/x-www-form-urlencoded"


def load_families() -> None:
    """Import every family module so its handlers register themselves."""
    for info in pkgutil.iter_modules(families.__path__):
        importlib.import_module(f"{families.__name__}.{info.name}")
    importlib.import_module("mokta.oauth.endpoints")  # the OAuth 2.0 / OIDC endpoints register the same way


class Orgs:
    """Maps a request's Host to its org; unknown hosts reach the default org."""

    def __init__(self, rows: list[tuple[str, str | None, bool, dict[str, Any]]]) -> None:
        self.by_host = {h.lower(): i for i, h, _, _ in rows if h}
        self.default = next((i for i, _, d, _ in rows if d), rows[0][0] if rows else "")

    def for_host(self, host: str) -> str:
        return self.by_host.get(host.lower(), self.by_host.get(host.split(":")[0].lower(), self.default))


class RateWindow:
    """Okta's rate-limit headers from a per-minute counter (reported, not enforced)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.window = 0
        self.used = 0

    def headers(self) -> list[tuple[str, str]]:
        now = int(time.time())
        window = now - now % 60
        if window != self.window:
            self.window, self.used = window, 0
        self.used += 1
        return [("X-Rate-Limit-Limit", str(self.limit)),
                ("X-Rate-Limit-Remaining", str(max(self.limit - self.used, 0))),
                ("X-Rate-Limit-Reset", str(window + 60))]


class App:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        load_families()
        self.rt = Runtime(Catalog.load(), settings)
        self.store = open_store(settings.store_url)
        self.store.keys_for = uniques.keys_for  # type: ignore[method-assign]
        self.store.index_for = indexes.index_for  # type: ignore[method-assign]
        self.store.migrate()
        self.bootstrap_token: str | None = None
        with self.store.transaction() as tx:
            tx.lock(BOOTSTRAP_LOCK)  # several workers may start at once on one database
            rows = tx.orgs()
            if not rows:
                _, self.bootstrap_token = bootstrap.create_org(tx, is_default=True,
                                                               api_token=settings.api_token or None)
                rows = tx.orgs()
            elif settings.api_token:
                self._ensure_token(tx, rows[0][0], settings.api_token)
        self.orgs = Orgs(rows)
        self.rate = RateWindow(settings.rate_limit)
        self.deliverer = delivery.Deliverer(self.store, self.rt.schemas)
        self._id_prefix = "X" + secrets.token_urlsafe(9).replace("-", "a").replace("_", "b")
        self._id_counter = itertools.count(1)
        self._date_second, self._date_value = 0, b""
        self._extension_roots = {t.strip("/").split("/")[0] for _, t in EXTENSIONS}
        self._openapi: bytes | None = None

    def _ensure_token(self, tx: Any, org: str, token: str) -> None:
        from mokta.http.auth import API_TOKEN, digest

        if tx.find_secret(digest(token), API_TOKEN) is None:
            bootstrap.mint_token(tx, org, bootstrap.admin_user_id(tx, org) or "", "mokta bootstrap", token)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    self.deliverer.start()
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    self.deliverer.stop()
                    self.store.close()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        started = time.perf_counter()
        body, too_large = await self._read_body(receive)
        request = self._request(scope, body)
        if too_large:
            reply = self._error(OktaError(413, "E0000001", "Api validation failed: request body is too large",
                                          [f"body: must be at most {self.settings.max_body_bytes} bytes"]))
        else:
            reply = self.handle(request)
        await self._send(send, request, reply)
        if self.settings.log_requests:
            ms = (time.perf_counter() - started) * 1000
            print(f"{request.method} {request.path} {reply.status} {ms:.1f}ms", file=sys.stderr, flush=True)

    async def _read_body(self, receive: Any) -> tuple[bytes, bool]:
        chunks: list[bytes] = []
        size = 0
        too_large = False
        while True:
            message = await receive()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.settings.max_body_bytes:
                too_large = True
            elif chunk:
                chunks.append(chunk)
            if not message.get("more_body"):
                break
        return b"".join(chunks), too_large

    def _request(self, scope: Scope, body: bytes) -> Request:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        raw_path = scope.get("raw_path") or scope["path"].encode()
        path = "/" + "/".join(s for s in raw_path.decode("latin-1").split("/") if s)
        host = headers.get("host") or f"{self.settings.host}:{self.settings.port}"
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        client = scope.get("client") or ("", 0)
        return Request(method=scope["method"].upper(), path=path, query=query, headers=headers, body=body,
                       base_url=f"{scope.get('scheme', 'http')}://{host}", client_ip=client[0] or "",
                       request_id=self._request_id())

    def _request_id(self) -> str:
        """Unique per request: a random per-process prefix and a counter (cheaper than fresh randomness)."""
        return f"{self._id_prefix}{next(self._id_counter):08x}"

    def _date(self) -> bytes:
        """The `Date` header, formatted once a second."""
        now = int(time.time())
        if now != self._date_second:
            self._date_second, self._date_value = now, formatdate(now, usegmt=True).encode()
        return self._date_value

    def handle(self, request: Request) -> Reply:
        """Everything between the bytes: never raises, always an Okta-shaped reply."""
        try:
            return self._dispatch(request)
        except OktaError as e:
            return self._error(e)
        except Exception:  # the error boundary: log it, answer like Okta does
            log.exception("unhandled error on %s %s", request.method, request.path)
            return self._error(OktaError(500, "E0000009", SUMMARIES["E0000009"]))

    def _dispatch(self, request: Request) -> Reply:
        if request.path == "/openapi.json" and request.method == "GET":
            return self._openapi_reply(request)
        segments = [unquote(s) for s in request.path.split("/") if s]
        if any("\x00" in s for s in segments):
            raise not_found(request.path)
        for name, values in request.query.items():
            if any("\x00" in v for v in values):
                raise bad_param(name, "must not contain NUL characters")
        found = self._extension(request.method, segments)
        op, params = found if found else self.rt.catalog.route(request.method, segments)
        org = self.orgs.for_host(request.headers.get("host", ""))
        with self.store.transaction(write=request.method != "GET") as tx:
            caller = None
            if not op.public:
                caller = authenticate(request.headers.get("authorization", ""), org, tx, request.base_url)
                if caller.scopes is not None:
                    bearer.require(op, caller.scopes)
                if caller.user_id and "me" in params.values():
                    params = self._resolve_me(op.param_names, params, caller.user_id, request)
            query = parse_query(op, request.query)
            body = parse_body(op, request.body, request.headers.get("content-type", ""), self.rt.schemas)
            ctx = Context(request=request, op=op, rt=self.rt, path_params=params, query=query, body=body, org=org,
                          tx=tx, caller=caller)
            if op.source == "mokta":
                handler = EXTENSIONS[(op.method, op.path)][0]
            else:
                handler = HANDLERS.get(op.id, generic.serve)
            reply = handler(ctx)
            if request.method != "GET" and 200 <= reply.status < 300 and op.source != "mokta":
                events.record(ctx, reply)  # the System Log entry commits with the change or not at all
        content = op.response_content
        if isinstance(reply.body, str) and content and not any("json" in c for c in content):
            reply.content_type = content[0]
        return reply

    def _extension(self, method: str, segments: list[str]) -> tuple[Operation, dict[str, str]] | None:
        """mokta's own routes (the email outbox, the links Okta mails): matched before the Okta catalog."""
        if not segments or segments[0] not in self._extension_roots:
            return None
        for (m, template), (_, public, form) in EXTENSIONS.items():
            parts = [p for p in template.split("/") if p]
            if m != method or len(parts) != len(segments):
                continue
            if all(p.startswith("{") or p == s for p, s in zip(parts, segments, strict=True)):
                params = {p[1:-1]: s for p, s in zip(parts, segments, strict=True) if p.startswith("{")}
                op = Operation(id=f"mokta:{method} {template}", method=method, path=template, tag="mokta",
                               source="mokta", public=public, params=[],
                               body={"required": False, "content": [FORM if form else "application/json"]},
                               success=200, responses={}, segments=tuple(parts))
                return op, params
        return None

    def _resolve_me(self, names: list[str], params: dict[str, str], user_id: str, request: Request) -> dict[str, str]:
        """`/users/me/…` is the caller's own user."""
        out = dict(params)
        for name in names:
            if out.get(name) == "me" and name in ("id", "userId", "userIdOrLogin"):
                out[name] = user_id
                request.path = request.path.replace("/users/me", f"/users/{user_id}", 1)
        return out

    def _openapi_reply(self, request: Request) -> Reply:
        if self._openapi is None:
            self._openapi = json.dumps(openapi.document(self.rt.catalog, request.base_url)).encode()
        return Reply(200, self._openapi)

    def _error(self, error: OktaError) -> Reply:
        return Reply(error.status, error.body(), list(error.headers))

    async def _send(self, send: Any, request: Request, reply: Reply) -> None:
        if isinstance(reply.body, bytes):
            payload = reply.body
        elif isinstance(reply.body, str):
            payload = reply.body.encode()
        elif reply.body is None:
            payload = b"{}" if 200 <= reply.status < 300 and reply.status != 204 else b""  # the SDK parses any 2xx
        else:
            payload = json.dumps(reply.body, separators=(",", ":")).encode()
        if reply.status in (204, 304):
            payload = b""  # these statuses carry no body on the wire
        headers = [
            (b"date", self._date()),
            (b"x-okta-request-id", request.request_id.encode()),
        ]
        headers += [(k.lower().encode(), v.encode()) for k, v in self.rate.headers()]
        if payload or reply.status != 204:
            headers.append((b"content-type", reply.content_type.encode()))
        headers += [(k.lower().encode(), v.encode("latin-1", "replace")) for k, v in reply.headers]
        headers.append((b"content-length", str(len(payload)).encode()))
        await send({"type": "http.response.start", "status": reply.status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})
