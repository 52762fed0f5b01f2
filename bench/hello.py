"""The baseline: the smallest useful ASGI app, served by uvicorn exactly as `mokta serve` serves mokta.

Ratios against this isolate what mokta itself costs per request, independent of the machine and of uvicorn.
Run as `python bench/hello.py PORT`.
"""

from __future__ import annotations

import sys
from typing import Any

import uvicorn

BODY = b'{"hello":"world"}'
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
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


def main() -> None:
    """Same uvicorn.run arguments as mokta.cli._serve with one worker."""
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8008
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="on")


if __name__ == "__main__":
    main()
