"""Log streams: settings checked against the org's log-stream schema for the stream's type (required settings,
patterns, allowed values), `writeOnce` settings fixed after creation, unique names, and a `filter` limited to `eq` on
status and type. (Okta never shows the Splunk HEC token again; the official SDK's model requires it in every answer,
so mokta answers with it.)"""

from __future__ import annotations

import re
from typing import Any

from mokta.engine import generic, quotas, uniques
from mokta.engine.registry import handles
from mokta.http.errors import invalid
from mokta.types import Context, Document, Reply

STREAMS = "/api/v1/logStreams"
SCHEMAS = "/api/v1/meta/schemas/logStream"
MAX_STREAMS = 2  # log stream integrations per org
uniques.unique_fields(STREAMS, "name")


@handles("createLogStream")
def create_log_stream(ctx: Context) -> Reply:
    _checked(ctx, None)
    quotas.check(ctx, STREAMS, MAX_STREAMS, f"An org can have at most {MAX_STREAMS} log streams")
    return generic.serve(ctx)


@handles("replaceLogStream")
def replace_log_stream(ctx: Context) -> Reply:
    path = f"{STREAMS}/{ctx.path_params['logStreamId']}"
    old = generic.load(ctx, path, "LogStream")
    _checked(ctx, old)
    return generic.serve(ctx)


def _checked(ctx: Context, old: Document | None) -> None:
    body = generic.body_object(ctx)
    kind = str(body.get("type") or "")
    if old is not None and kind != old.get("type"):
        raise invalid("type: A log stream's type can't be changed", "type")
    schema = ctx.tx.get(ctx.org, f"{SCHEMAS}/{kind}")
    if schema is None:
        raise invalid(f"type: {kind!r} is not a log stream type", "type")
    uniques.check(ctx, STREAMS, body, f"{STREAMS}/{old['id']}" if old else None)
    settings_schema = (schema.get("properties") or {}).get("settings") or {}
    settings = body.get("settings") if isinstance(body.get("settings"), dict) else {}
    for name in settings_schema.get("required") or []:
        if settings.get(name) in (None, ""):
            raise invalid(f"settings.{name}: The field cannot be left blank", f"settings.{name}")
    for name, rule in (settings_schema.get("properties") or {}).items():
        value = settings.get(name)
        if value is None:
            continue
        problem = _problem(rule, value)
        if problem:
            raise invalid(f"settings.{name}: {problem}", f"settings.{name}")
        before = ((old or {}).get("settings") or {}).get(name)
        if old is not None and rule.get("writeOnce") and before is not None and value != before:
            raise invalid(f"settings.{name}: can't be changed once the log stream is created", f"settings.{name}")


def _problem(rule: dict[str, Any], value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a string"
    allowed = [c.get("const") for c in rule.get("oneOf") or [] if isinstance(c, dict)]
    if allowed and value not in allowed:
        return "does not match any of the allowed values: " + ", ".join(str(a) for a in allowed)
    pattern = rule.get("pattern")
    if isinstance(pattern, str) and not re.fullmatch(pattern, value):
        return f"{value!r} is not valid"
    return None
