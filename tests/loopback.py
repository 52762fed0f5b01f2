"""A hook endpoint on loopback, as the tests and benchmarks stand one up: a threaded HTTP server whose handler
answers JSON and keeps quiet."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class JsonHandler(BaseHTTPRequestHandler):
    """Subclasses write `do_GET`/`do_POST`; `reply` sends a JSON body with its length."""

    def body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def reply(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def echo_challenge(self) -> None:
        """What a hook endpoint answers Okta's verification GET: the challenge header, echoed as JSON."""
        challenge = self.headers.get("X-Okta-Verification-Challenge", "")
        self.reply(200, json.dumps({"verification": challenge}).encode())

    def log_message(self, *args: Any) -> None:
        pass


def serve(handler: type[BaseHTTPRequestHandler], port: int = 0) -> ThreadingHTTPServer:
    """Listening on 127.0.0.1 (any free port unless one is named), served from a daemon thread."""
    httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd
