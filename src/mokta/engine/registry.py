"""Family modules register handlers by operationId; anything unregistered falls to the generic engine."""

from __future__ import annotations

from collections.abc import Callable

from mokta.types import Handler

HANDLERS: dict[str, Handler] = {}


def handles(*operation_ids: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        for op_id in operation_ids:
            HANDLERS[op_id] = fn
        return fn

    return register
