"""Recursive-descent parser for Okta Expression Language; compile once with `parse`, evaluate many times."""

from __future__ import annotations

from typing import Any

from mokta.expressions.context import EvalContext
from mokta.expressions.errors import ExpressionError
from mokta.expressions.functions import FUNCTIONS
from mokta.expressions.lexer import Token, tokenize
from mokta.expressions.nodes import (
    ArrayLiteral,
    Binary,
    Call,
    Conditional,
    Index,
    Literal,
    MapLiteral,
    Node,
    Reference,
    Unary,
)

ROOTS = frozenset({"user", "app", "appuser", "org", "idpuser"})
LITERALS: dict[str, Any] = {"true": True, "false": False, "null": None}
# SpEL's textual operators; they only count in operator position, so `user.eq` stays an attribute.
WORD_COMPARISONS = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">="})


class Expression:
    """A compiled expression: immutable, thread-safe, reusable across users."""

    __slots__ = ("text", "_root", "_references")

    def __init__(self, text: str, root: Node, references: tuple[Reference, ...]) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "_root", root)
        object.__setattr__(self, "_references", references)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Expression is immutable")

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"

    def evaluate(self, context: EvalContext) -> Any:
        """Run the expression; raises ExpressionError on type errors (group rules treat that as no match)."""
        return self._root.evaluate(context)

    def attributes(self) -> set[str]:
        """The attributes read, as `root.attr` (e.g. "user.department"), for checking against a profile schema."""
        return {f"{ref.root}.{ref.path[0]}" for ref in self._references}

    def references(self) -> tuple[Reference, ...]:
        """Every attribute reference with its full path and position, for validators that need more than names."""
        return self._references


def parse(text: str) -> Expression:
    """Compile `text`; raises ExpressionError saying what is wrong and where."""
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("Expression is empty", 0)
    parser = _Parser(tokenize(text))
    try:
        root = parser.expression()
    except RecursionError:
        raise ExpressionError("Expression is nested too deeply", 0) from None
    token = parser.peek()
    if token.kind != "EOF":
        raise ExpressionError(f"Unexpected {_describe(token)} after the end of the expression", token.pos)
    return Expression(text, root, tuple(parser.references))


def validate(text: str, known_user_attributes: set[str] | frozenset[str]) -> None:
    """Parse `text` and check every `user.<attr>` exists in the user schema; `user.profile.<attr>` is not valid."""
    expression = parse(text)
    for ref in expression.references():
        if ref.root != "user" or ref.path[0] in known_user_attributes:
            continue
        if ref.path[0] == "profile" and len(ref.path) > 1:
            raise ExpressionError(
                f"Invalid property profile in user.{'.'.join(ref.path)}; use user.{ref.path[1]} instead", ref.pos)
        raise ExpressionError(f"Invalid property {ref.path[0]} in expression: user.{ref.path[0]} is not a known "
                              "user attribute", ref.pos)


def _describe(token: Token) -> str:
    if token.kind == "EOF":
        return "end of expression"
    if token.kind == "STRING":
        return f"string {token.value!r}"
    return f"'{token.value}'"


class _Parser:
    """Precedence, loosest first: ?: / ?:, or, and, comparisons, + -, * / %, unary ! not -, postfix [ ]."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.references: list[Reference] = []

    def peek(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        token = self.tokens[self.i]
        if token.kind != "EOF":
            self.i += 1
        return token

    def at_op(self, *ops: str) -> bool:
        token = self.peek()
        return token.kind == "OP" and token.value in ops

    def at_word(self, *words: str) -> bool:
        token = self.peek()
        return token.kind == "NAME" and token.value.lower() in words

    def expect(self, op: str, context: str) -> Token:
        token = self.peek()
        if not (token.kind == "OP" and token.value == op):
            raise ExpressionError(f"Expected '{op}' {context} but found {_describe(token)}", token.pos)
        return self.advance()

    def expression(self) -> Node:
        condition = self.logical_or()
        if self.at_op("?:"):
            pos = self.advance().pos
            return Conditional(None, condition, self.expression(), pos)
        if self.at_op("?"):
            pos = self.advance().pos
            then = self.expression()
            self.expect(":", "in the ternary operator")
            return Conditional(condition, then, self.expression(), pos)
        return condition

    def logical_or(self) -> Node:
        left = self.logical_and()
        while self.at_op("||") or self.at_word("or"):
            pos = self.advance().pos
            left = Binary("or", left, self.logical_and(), pos)
        return left

    def logical_and(self) -> Node:
        left = self.comparison()
        while self.at_op("&&") or self.at_word("and"):
            pos = self.advance().pos
            left = Binary("and", left, self.comparison(), pos)
        return left

    def comparison(self) -> Node:
        left = self.additive()
        while True:
            token = self.peek()
            if token.kind == "OP" and token.value in COMPARISONS:
                op = token.value
            elif token.kind == "NAME" and token.value.lower() in WORD_COMPARISONS:
                op = WORD_COMPARISONS[token.value.lower()]
            else:
                return left
            self.advance()
            left = Binary(op, left, self.additive(), token.pos)

    def additive(self) -> Node:
        left = self.multiplicative()
        while self.at_op("+", "-"):
            token = self.advance()
            left = Binary(token.value, left, self.multiplicative(), token.pos)
        return left

    def multiplicative(self) -> Node:
        left = self.unary()
        while self.at_op("*", "/", "%"):
            token = self.advance()
            left = Binary(token.value, left, self.unary(), token.pos)
        return left

    def unary(self) -> Node:
        if self.at_op("!") or self.at_word("not"):
            pos = self.advance().pos
            return Unary("!", self.unary(), pos)
        if self.at_op("-", "+"):
            token = self.advance()
            operand = self.unary()
            if token.value == "-" and isinstance(operand, Literal) and isinstance(operand.value, int | float) \
                    and not isinstance(operand.value, bool):
                return Literal(-operand.value, token.pos)
            return Unary(token.value, operand, token.pos)
        return self.postfix()

    def postfix(self) -> Node:
        node = self.primary()
        while self.at_op("["):
            pos = self.advance().pos
            index = self.expression()
            self.expect("]", "to close the index")
            node = Index(node, index, pos)
        return node

    def primary(self) -> Node:
        token = self.peek()
        if token.kind in ("STRING", "NUMBER"):
            self.advance()
            return Literal(token.value, token.pos)
        if token.kind == "OP" and token.value == "(":
            self.advance()
            inner = self.expression()
            self.expect(")", f"to close the '(' at position {token.pos}")
            return inner
        if token.kind == "OP" and token.value == "{":
            return self.braces()
        if token.kind == "NAME":
            word = token.value.lower()
            if word in LITERALS:
                self.advance()
                return Literal(LITERALS[word], token.pos)
            if word in ("and", "or"):
                raise ExpressionError(f"Expected a value before '{token.value}'", token.pos)
            return self.name()
        if token.kind == "EOF":
            raise ExpressionError("Unexpected end of expression; a value is missing", token.pos)
        raise ExpressionError(f"Unexpected {_describe(token)}; expected a value", token.pos)

    def braces(self) -> Node:
        """`{a, b}` is an array; `{'k': v, …}` is a map (the argument form of user.isMemberOf)."""
        start = self.advance()
        if self.at_op("}"):
            self.advance()
            return ArrayLiteral((), start.pos)
        first = self.expression()
        if self.at_op(":"):
            return self.map_rest(first, start)
        items = [first]
        while self.at_op(","):
            self.advance()
            items.append(self.expression())
        self.expect("}", f"to close the '{{' at position {start.pos}")
        return ArrayLiteral(tuple(items), start.pos)

    def map_rest(self, first_key: Node, start: Token) -> Node:
        entries: list[tuple[str, Node]] = []
        key = first_key
        while True:
            if not (isinstance(key, Literal) and isinstance(key.value, str)):
                raise ExpressionError("Map keys must be string literals", key.pos)
            self.expect(":", "after the map key")
            entries.append((key.value, self.expression()))
            if not self.at_op(","):
                break
            self.advance()
            key = self.expression()
        self.expect("}", f"to close the '{{' at position {start.pos}")
        return MapLiteral(tuple(entries), start.pos)

    def name(self) -> Node:
        """A dotted name: a function call when followed by '(', otherwise an attribute reference."""
        first = self.advance()
        parts = [first.value]
        while self.at_op("."):
            dot = self.advance()
            token = self.peek()
            if token.kind != "NAME":
                raise ExpressionError(f"Expected an attribute name after '{'.'.join(parts)}.'", dot.pos + 1)
            parts.append(self.advance().value)
        dotted = ".".join(parts)
        if self.at_op("("):
            return self.call(dotted, first.pos)
        if parts[0] not in ROOTS:
            if dotted in FUNCTIONS:
                raise ExpressionError(f"Function {dotted} must be called with '(…)'", first.pos)
            raise ExpressionError(f"Unknown variable '{parts[0]}'; expected one of {', '.join(sorted(ROOTS))}",
                                  first.pos)
        if len(parts) == 1:
            raise ExpressionError(f"'{parts[0]}' needs an attribute, e.g. {parts[0]}.login", first.pos)
        ref = Reference(parts[0], tuple(parts[1:]), first.pos)
        self.references.append(ref)
        return ref

    def call(self, name: str, pos: int) -> Node:
        function = FUNCTIONS.get(name)
        if function is None:
            raise ExpressionError(f"Function {name} is not supported", pos)
        open_paren = self.advance()
        args: list[Node] = []
        if not self.at_op(")"):
            args.append(self.expression())
            while self.at_op(","):
                self.advance()
                args.append(self.expression())
        self.expect(")", f"to close the call to {name} at position {open_paren.pos}")
        count = len(args)
        if count < function.min_args or (function.max_args is not None and count > function.max_args):
            if function.max_args is None:
                wanted = f"at least {function.min_args}"
            elif function.min_args == function.max_args:
                wanted = str(function.min_args)
            else:
                wanted = f"{function.min_args} to {function.max_args}"
            raise ExpressionError(f"Function {name} expects {wanted} argument(s) but got {count}", pos)
        if name == "String.stringSwitch" and count % 2:
            raise ExpressionError(f"Function {name} expects key/value pairs after the default value", pos)
        return Call(name, tuple(args), function.impl, pos)
