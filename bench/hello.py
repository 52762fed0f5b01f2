"""The baseline: the smallest useful ASGI app, served by uvicorn exactly as `mokta serve` serves mokta.

Ratios against this isolate what mokta itself costs per request, independent of the machine and of uvicorn. To stay
"exactly as mokta" even when mokta's uvicorn settings change, it is handed to mokta's own `mokta.cli._serve` in place
of `mokta.app.App` (one worker), rather than copying that `uvicorn.run(...)` call here.
Run as `python bench/hello.py PORT` with mokta importable.
"""

from __future__ import annotations

import sys
import types
from typing import Any

BODY = b'{"hello":"world"}'
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]


class Hello:
    """Stands in for `mokta.app.App`: same constructor and attributes `_serve` uses, no work per request."""

    bootstrap_token: str | None = None

    def __init__(self, settings: Any) -> None:
        self.settings = settings

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Answer every HTTP request with a small JSON body; acknowledge lifespan like mokta does."""
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):  # drain the body, as any real app must
            pass
        await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
        await send({"type": "http.response.body", "body": BODY})


def main() -> int:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8008
    stand_in = types.ModuleType("mokta.app")
    stand_in.__dict__["App"] = Hello
    sys.modules["mokta.app"] = stand_in  # `_serve` does `from mokta.app import App` at call time

    from mokta import cli
    from mokta.config import Settings

    return cli._serve(Settings(host="127.0.0.1", port=port, workers=1))


if __name__ == "__main__":
    sys.exit(main())
