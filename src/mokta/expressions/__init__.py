"""Okta Expression Language: parse once, evaluate per user (group rules, token claims, profile mappings)."""

from mokta.expressions.context import EvalContext
from mokta.expressions.errors import ExpressionError
from mokta.expressions.parser import Expression, parse, validate

__all__ = ["EvalContext", "Expression", "ExpressionError", "parse", "validate"]
