"""What an expression can see when it runs: the user, their groups, and optionally the app and org."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class EvalContext:
    """The evaluation environment; `user` is the profile, `user_fields` the top-level user fields (id, status, …)."""

    user: dict[str, Any]
    group_ids: frozenset[str] | set[str] = frozenset()
    group_names: dict[str, str] = field(default_factory=dict)
    app: dict[str, Any] | None = None
    org: dict[str, Any] | None = None
    appuser: dict[str, Any] | None = None
    idpuser: dict[str, Any] | None = None
    user_fields: dict[str, Any] = field(default_factory=dict)
