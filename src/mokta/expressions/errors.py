"""The one error the expression language raises, carrying where in the text things went wrong."""

from __future__ import annotations


class ExpressionError(ValueError):
    """A malformed expression (at parse time) or an impossible operation (at evaluation); callers map it to E0000001."""

    def __init__(self, message: str, position: int = 0) -> None:
        super().__init__(f"{message} (at position {position})")
        self.message = message
        self.position = position
