"""Settings: command-line flags win over `MOKTA_*` environment variables, which win over defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Any


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 8007
    data_dir: str = "./.mokta"
    database_url: str = ""
    api_token: str = ""
    workers: int = 1
    max_body_bytes: int = 10 * 1024 * 1024
    https_only_hooks: bool = False
    log_requests: bool = True
    rate_limit: int = 600

    @property
    def store_url(self) -> str:
        return self.database_url or "sqlite:///" + os.path.join(os.path.abspath(self.data_dir), "mokta.db")

    @classmethod
    def load(cls, overrides: dict[str, Any] | None = None, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get("MOKTA_" + f.name.upper())
            if raw is not None and raw != "":
                values[f.name] = _convert(f.type, raw)
        for key, value in (overrides or {}).items():
            if value is not None:
                values[key] = value
        return cls(**values)


def _convert(kind: Any, raw: str) -> Any:
    name = kind if isinstance(kind, str) else getattr(kind, "__name__", "str")
    if name == "int":
        return int(raw)
    if name == "bool":
        return raw.strip().lower() in ("1", "true", "yes", "on")
    return raw
