"""The syntax tree; each node evaluates itself so a parsed expression is a ready-to-run, immutable tree."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mokta.expressions import values
from mokta.expressions.context import EvalContext
from mokta.expressions.errors import ExpressionError


class Node:
    """Base of all nodes; `pos` is the offset in the source text used in evaluation errors."""

    __slots__ = ()
    pos: int

    def evaluate(self, ctx: EvalContext) -> Any:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Literal(Node):
    value: Any
    pos: int

    def evaluate(self, ctx: EvalContext) -> Any:
        return self.value


@dataclass(frozen=True, slots=True)
class ArrayLiteral(Node):
    items: tuple[Node, ...]
    pos: int

    def evaluate(self, ctx: EvalContext) -> list[Any]:
        return [item.evaluate(ctx) for item in self.items]


@dataclass(frozen=True, slots=True)
class MapLiteral(Node):
    """`{'group.id': {...}}`, only meaningful as an argument to user.isMemberOf."""

    entries: tuple[tuple[str, Node], ...]
    pos: int

    def evaluate(self, ctx: EvalContext) -> dict[str, Any]:
        return {key: value.evaluate(ctx) for key, value in self.entries}


@dataclass(frozen=True, slots=True)
class Reference(Node):
    """`user.department`, `app.name`, `org.subdomain`: a missing attribute is null, never an error."""

    root: str
    path: tuple[str, ...]
    pos: int

    def evaluate(self, ctx: EvalContext) -> Any:
        if self.root == "user":
            source: Any = ctx.user
            if self.path[0] not in ctx.user and self.path[0] in ctx.user_fields:
                source = ctx.user_fields
        else:
            source = getattr(ctx, self.root)
        for name in self.path:
            if not isinstance(source, dict):
                return None
            source = source.get(name)
        return source


@dataclass(frozen=True, slots=True)
class Unary(Node):
    op: str
    operand: Node
    pos: int

    def evaluate(self, ctx: EvalContext) -> Any:
        value = self.operand.evaluate(ctx)
        if self.op == "!":
            return not values.to_bool(value, self.pos)
        if not values.is_number(value):
            raise ExpressionError(f"Cannot apply unary '{self.op}' to {values.type_name(value)}", self.pos)
        return -value if self.op == "-" else value


@dataclass(frozen=True, slots=True)
class Binary(Node):
    op: str
    left: Node
    right: Node
    pos: int

    def evaluate(self, ctx: EvalContext) -> Any:
        op = self.op
        if op == "and":
            return values.to_bool(self.left.evaluate(ctx), self.left.pos) and values.to_bool(
                self.right.evaluate(ctx), self.right.pos)
        if op == "or":
            return values.to_bool(self.left.evaluate(ctx), self.left.pos) or values.to_bool(
                self.right.evaluate(ctx), self.right.pos)
        left, right = self.left.evaluate(ctx), self.right.evaluate(ctx)
        if op == "==":
            return values.equals(left, right)
        if op == "!=":
            return not values.equals(left, right)
        if op in ("<", "<=", ">", ">="):
            return values.compare(op, left, right, self.pos)
        if op == "+":
            return values.add(left, right, self.pos)
        return values.arithmetic(op, left, right, self.pos)


@dataclass(frozen=True, slots=True)
class Conditional(Node):
    """`cond ? a : b`, and the Elvis form `a ?: b` (when `condition` is None: a unless it is null)."""

    condition: Node | None
    then: Node
    otherwise: Node
    pos: int

    def evaluate(self, ctx: EvalContext) -> Any:
        if self.condition is None:
            value = self.then.evaluate(ctx)
            return value if value is not None else self.otherwise.evaluate(ctx)
        if values.to_bool(self.condition.evaluate(ctx), self.condition.pos):
            return self.then.evaluate(ctx)
        return self.otherwise.evaluate(ctx)


@dataclass(frozen=True, slots=True)
class Index(Node):
    """`expr[i]`: array element (null when out of range) or map entry."""

    target: Node
    index: Node
    pos: int

    def evaluate(self, ctx: EvalContext) -> Any:
        target, index = self.target.evaluate(ctx), self.index.evaluate(ctx)
        if target is None:
            return None
        if isinstance(target, dict):
            return target.get(index) if isinstance(index, str) else None
        if isinstance(target, list | tuple | str) and values.is_number(index) and isinstance(index, int):
            return target[index] if 0 <= index < len(target) else None
        raise ExpressionError(f"Cannot index {values.type_name(target)} with {values.type_name(index)}", self.pos)


@dataclass(frozen=True, slots=True)
class Call(Node):
    """A built-in function call; `impl` was looked up (and its arity checked) at parse time."""

    name: str
    args: tuple[Node, ...]
    impl: Callable[..., Any]
    pos: int

    def evaluate(self, ctx: EvalContext) -> Any:
        args = [arg.evaluate(ctx) for arg in self.args]
        try:
            return self.impl(ctx, *args)
        except ExpressionError as exc:
            raise ExpressionError(f"{self.name}: {exc.message}", self.pos) from None
        except (TypeError, ValueError, AttributeError) as exc:
            raise ExpressionError(f"{self.name}: {exc}", self.pos) from None
