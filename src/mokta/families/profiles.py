"""Profile validation against the org's schemas: the user schema of the user's type and the group schema, with their
custom properties. Called by the users and groups families before they write a profile."""

from __future__ import annotations

from typing import Any

from mokta.types import Context


def validate_user_profile(ctx: Context, profile: dict[str, Any], *, user_type_id: str | None,
                          own_path: str | None, partial: bool = False) -> None:
    """Raise a 400 Okta error naming the attribute when `profile` breaks the user schema (types, required, enum,
    length, pattern, unique). `partial` is for merges, where required attributes may come from the stored profile."""


def validate_group_profile(ctx: Context, profile: dict[str, Any], *, own_path: str | None) -> None:
    """Raise a 400 Okta error naming the attribute when `profile` breaks the group schema."""
