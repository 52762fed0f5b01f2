"""Okta-style identifiers and timestamps."""

from __future__ import annotations

import secrets
import string
import time
from datetime import UTC, datetime

ALPHABET = string.digits + string.ascii_letters


def new_id(prefix: str) -> str:
    """A 20-character base62 id with a family prefix (`00u…` users, `00g…` groups, …)."""
    return prefix + "".join(secrets.choice(ALPHABET) for _ in range(20 - len(prefix)))


def random_token(length: int = 40) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def now() -> str:
    """UTC ISO-8601 with milliseconds, as Okta writes timestamps."""
    t = time.time()
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(t * 1000) % 1000:03d}Z"


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
