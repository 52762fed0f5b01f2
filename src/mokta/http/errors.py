"""Okta's error body, as data: one exception type, a table of codes, a few constructors."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

SUMMARIES: dict[str, str] = {
    "E0000001": "Api validation failed: {detail}",
    "E0000003": "The request body was not well-formed.",
    "E0000005": "Invalid session",
    "E0000006": "You do not have permission to perform the requested action",
    "E0000007": "Not found: {detail}",
    "E0000009": "Internal Server Error",
    "E0000011": "Invalid token provided",
    "E0000015": "You do not have permission to access the feature you are requesting",
    "E0000022": "The endpoint does not support the provided HTTP method",
    "E0000047": "API call exceeded rate limit due to too many requests.",
    "E0000053": "Invalid value for parameter: {detail}",
}


class OktaError(Exception):
    """An error that becomes an Okta error body; `causes` name the fields at fault."""

    def __init__(self, status: int, code: str, summary: str, causes: Iterable[str] = (),
                 headers: list[tuple[str, str]] | None = None) -> None:
        super().__init__(summary)
        self.status = status
        self.code = code
        self.summary = summary
        self.causes = list(causes)
        self.headers = headers or []

    def body(self) -> dict[str, Any]:
        return {
            "errorCode": self.code,
            "errorSummary": self.summary,
            "errorLink": self.code,
            "errorId": "oae" + secrets.token_urlsafe(16).replace("-", "A").replace("_", "B")[:19],
            "errorCauses": [{"errorSummary": c} for c in self.causes],
        }


def invalid(causes: Iterable[str] | str, detail: str | None = None) -> OktaError:
    """E0000001: the request failed validation; each cause names a field."""
    cause_list = [causes] if isinstance(causes, str) else list(causes)
    text = detail or (cause_list[0] if cause_list else "the request is invalid")
    return OktaError(400, "E0000001", SUMMARIES["E0000001"].format(detail=text), cause_list)


def not_found(what: str) -> OktaError:
    return OktaError(404, "E0000007", SUMMARIES["E0000007"].format(detail=what))


def malformed_body() -> OktaError:
    return OktaError(400, "E0000003", SUMMARIES["E0000003"])


def invalid_token() -> OktaError:
    return OktaError(401, "E0000011", SUMMARIES["E0000011"])


def forbidden(summary: str | None = None) -> OktaError:
    return OktaError(403, "E0000006", summary or SUMMARIES["E0000006"])


def method_not_allowed() -> OktaError:
    return OktaError(405, "E0000022", SUMMARIES["E0000022"])


def bad_param(name: str, reason: str) -> OktaError:
    """A query or path parameter Okta rejects; still E0000001 with the parameter named."""
    return invalid([f"{name}: {reason}"], f"{name}: {reason}")


def conflict(summary: str, code: str = "E0000001") -> OktaError:
    return OktaError(409, code, summary)
