"""Okta's (SpEL's) value rules shared by operators and functions: truthiness, equality, ordering, concatenation."""

from __future__ import annotations

from typing import Any

from mokta.expressions.errors import ExpressionError


def is_number(value: Any) -> bool:
    """True for ints and floats but not booleans (Python counts bool as int; EL does not)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def type_name(value: Any) -> str:
    """The EL type name used in error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Number"
    if isinstance(value, str):
        return "String"
    if isinstance(value, list | tuple):
        return "Array"
    return "Object"


def to_bool(value: Any, pos: int) -> bool:
    """Booleans for and/or/!/?: — a missing attribute (null) counts as false, anything else non-boolean is an error."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    raise ExpressionError(f"Expected a Boolean but got {type_name(value)}", pos)


def equals(left: Any, right: Any) -> bool:
    """`==`: numbers compare by value (1 == 1.0), strings case-sensitively, values of different types are unequal."""
    if is_number(left) and is_number(right):
        return bool(left == right)
    if type(left) is not type(right) and not (isinstance(left, list | tuple) and isinstance(right, list | tuple)):
        return False
    if isinstance(left, list | tuple):
        return len(left) == len(right) and all(equals(a, b) for a, b in zip(left, right, strict=True))
    return bool(left == right)


def compare(op: str, left: Any, right: Any, pos: int) -> bool:
    """`< <= > >=`: null on either side is false (a missing attribute never matches); mixed types are an error."""
    if left is None or right is None:
        return False
    if is_number(left) and is_number(right):
        pass
    elif isinstance(left, str) and isinstance(right, str):
        pass
    else:
        raise ExpressionError(f"Cannot compare {type_name(left)} and {type_name(right)} with '{op}'", pos)
    if op == "<":
        return bool(left < right)
    if op == "<=":
        return bool(left <= right)
    if op == ">":
        return bool(left > right)
    return bool(left >= right)


def to_text(value: Any) -> str:
    """The Java-style string form used by `+` concatenation and String functions (true, null, [a, b])."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return f"{value:.1f}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(to_text(v) for v in value) + "]"
    return str(value)


def add(left: Any, right: Any, pos: int) -> Any:
    """`+`: numeric addition for two numbers, otherwise string concatenation when either side is a String."""
    if is_number(left) and is_number(right):
        return left + right
    if isinstance(left, str) or isinstance(right, str):
        return to_text(left) + to_text(right)
    raise ExpressionError(f"Cannot add {type_name(left)} and {type_name(right)}", pos)


def arithmetic(op: str, left: Any, right: Any, pos: int) -> Any:
    """`- * / %` on numbers; integer division truncates toward zero like Java."""
    if not (is_number(left) and is_number(right)):
        raise ExpressionError(f"Cannot apply '{op}' to {type_name(left)} and {type_name(right)}", pos)
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if right == 0:
        raise ExpressionError("Division by zero", pos)
    if isinstance(left, int) and isinstance(right, int):
        quotient = abs(left) // abs(right) * (1 if (left >= 0) == (right >= 0) else -1)
        return quotient if op == "/" else left - quotient * right
    return left / right if op == "/" else left % right
