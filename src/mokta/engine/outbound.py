"""Calls mokta makes to customers' endpoints (hook verification, inline hooks): the channel's headers and auth
scheme, a short timeout, and loopback targets reached directly rather than through an outbound proxy."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlencode, urlsplit

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
TIMEOUT = 3.0


def target_problem(uri: str, https_only: bool) -> str | None:
    """Why a hook endpoint is refused, or None. Okta calls only https URLs; mokta runs inside developers' networks, so
    by default plain http (loopback and private hosts included) is accepted too, unless `https_only` is set."""
    parts = urlsplit(uri)
    if not parts.hostname or parts.scheme not in ("http", "https"):
        return f"{uri!r} must be an absolute http(s) URL"
    if https_only and parts.scheme != "https":
        return f"{uri!r} must be an https URL"
    return None


def channel_headers(config: dict[str, Any]) -> dict[str, str]:
    """The custom headers and the auth-scheme header a hook channel is configured with."""
    headers = {str(h.get("key")): str(h.get("value")) for h in config.get("headers") or [] if isinstance(h, dict)}
    scheme = config.get("authScheme")
    if isinstance(scheme, dict) and scheme.get("key"):
        headers[str(scheme["key"])] = str(scheme.get("value") or "")
    return headers


def call(uri: str, method: str = "GET", headers: dict[str, str] | None = None, body: Any = None,
         timeout: float = TIMEOUT) -> tuple[int, Any]:
    """Make one JSON call; returns (status, parsed body). Raises OSError when the endpoint can't be reached."""
    data = None if body is None else json.dumps(body).encode()
    return _send(urllib.request.Request(uri, data=data, method=method, headers={
        **(headers or {}), **({"Content-Type": "application/json"} if data is not None else {})}), timeout)


def call_form(uri: str, fields: dict[str, str], timeout: float = TIMEOUT) -> tuple[int, Any]:
    """POST an `application/x-www-form-urlencoded` body (an OAuth token request); answers as `call` does."""
    return _send(urllib.request.Request(uri, data=urlencode(fields).encode(), method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}), timeout)


def _send(request: urllib.request.Request, timeout: float) -> tuple[int, Any]:
    direct = urlsplit(request.full_url).hostname in LOOPBACK
    opener = urllib.request.build_opener(*([urllib.request.ProxyHandler({})] if direct else []))
    try:
        with opener.open(request, timeout=timeout) as response:
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as e:
        raw, status = e.read(), e.code
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode("utf-8", "replace")
