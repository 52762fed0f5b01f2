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


# operations whose JSON body the family checks itself, where the spec's schema is stricter than Okta (a JSON Patch
# `value` typed as an object that Okta's own examples send as a string)
OWN_BODY_CHECKS: set[str] = set()


def checks_own_body(*operation_ids: str) -> None:
    OWN_BODY_CHECKS.update(operation_ids)


# mokta's own routes beside the Okta API (under /mokta/v1 and the links Okta puts in emails), by (method, path
# template with {param} segments); they take the same authentication as the API unless registered public, and a
# JSON body unless registered `form` (the OAuth endpoints take `application/x-www-form-urlencoded`, handed over raw).
EXTENSIONS: dict[tuple[str, str], tuple[Handler, bool, bool]] = {}


def extension(method: str, template: str, *, public: bool = False, form: bool = False) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        EXTENSIONS[(method.upper(), template)] = (fn, public, form)
        return fn

    return register
