"""The words every module shares: documents, requests, replies and the per-request context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mokta.engine.runtime import Runtime
    from mokta.spec.catalog import Operation
    from mokta.store.base import Tx

Document = dict[str, Any]
OperationId = str


@dataclass(slots=True)
class Request:
    """What arrived on the wire, before anything is known about the operation."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    base_url: str
    client_ip: str = ""
    request_id: str = ""


@dataclass(slots=True)
class Caller:
    """Who is calling: the admin user behind the token, and the token itself; for an OAuth access token, the client
    it was issued to and its scopes."""

    user_id: str
    token_id: str | None = None
    scopes: frozenset[str] | None = None
    client_id: str | None = None


@dataclass(slots=True)
class Reply:
    status: int
    body: Any = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    content_type: str = "application/json"


@dataclass(slots=True)
class Context:
    """Everything a handler needs: the matched operation, typed inputs, the org and the open transaction."""

    request: Request
    op: Operation
    rt: Runtime
    path_params: dict[str, str]
    query: dict[str, Any]
    body: Any
    org: str
    tx: Tx
    caller: Caller | None = None
    events: list[Document] = field(default_factory=list)

    @property
    def concrete_path(self) -> str:
        return self.request.path

    def url(self, path: str) -> str:
        return self.request.base_url + path


Handler = Callable[[Context], Reply]
