"""Turns expression text into tokens; identifiers are read whole, so `user.organization` never starts an `or`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mokta.expressions.errors import ExpressionError

# Longest first, so `==` wins over `=` and `&&` over `&`.
OPERATORS = ("==", "!=", ">=", "<=", "&&", "||", "?:", ">", "<", "!", "+", "-", "*", "/", "%", "?", ":", "(", ")",
             "{", "}", "[", "]", ",", ".")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "\\": "\\", "'": "'", '"': '"', "/": "/"}


@dataclass(frozen=True, slots=True)
class Token:
    """One lexeme: kind is STRING, NUMBER, NAME, OP or EOF."""

    kind: str
    value: Any
    pos: int


def tokenize(text: str) -> list[Token]:
    """Split `text` into tokens, ending with an EOF token; raises ExpressionError with the offending position."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "\"'":
            start = i
            value, i = _read_string(text, i)
            tokens.append(Token("STRING", value, start))
        elif ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit()):
            start = i
            while i < n and text[i].isdigit():
                i += 1
            is_float = i < n and text[i] == "." and i + 1 < n and text[i + 1].isdigit()
            if is_float:
                i += 1
                while i < n and text[i].isdigit():
                    i += 1
            if i < n and text[i] in "eE" and (i + 1 < n and (text[i + 1].isdigit() or text[i + 1] in "+-")):
                is_float = True
                i += 2
                while i < n and text[i].isdigit():
                    i += 1
            if i < n and text[i] in "lLdDfF":  # SpEL numeric suffixes
                is_float = is_float or text[i] in "dDfF"
                i += 1
            raw = text[start:i].rstrip("lLdDfF")
            tokens.append(Token("NUMBER", float(raw) if is_float else int(raw), start))
            if i < n and (text[i].isalpha() or text[i] == "_"):
                raise ExpressionError(f"Unexpected character '{text[i]}' after number", i)
        elif ch.isalpha() or ch in "_$":
            start = i
            while i < n and (text[i].isalnum() or text[i] in "_$"):
                i += 1
            tokens.append(Token("NAME", text[start:i], start))
        else:
            op = next((o for o in OPERATORS if text.startswith(o, i)), None)
            if op is None:
                if ch == "=":
                    raise ExpressionError("Assignment '=' is not allowed; use '==' to compare", i)
                if ch in "&|":
                    raise ExpressionError(f"Unexpected '{ch}'; use '{ch * 2}'", i)
                raise ExpressionError(f"Unexpected character '{ch}'", i)
            tokens.append(Token("OP", op, i))
            i += len(op)
    tokens.append(Token("EOF", None, n))
    return tokens


def _read_string(text: str, start: int) -> tuple[str, int]:
    """Read a quoted string with backslash escapes; returns the value and the index after the closing quote."""
    quote = text[start]
    out: list[str] = []
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch == quote:
            if quote == "'" and text.startswith("''", i):  # SpEL doubles a single quote to escape it
                out.append("'")
                i += 2
                continue
            return "".join(out), i + 1
        if ch == "\\":
            if i + 1 >= len(text):
                break
            nxt = text[i + 1]
            if nxt == "u" and len(text) >= i + 6:
                try:
                    out.append(chr(int(text[i + 2:i + 6], 16)))
                except ValueError:
                    raise ExpressionError("Invalid unicode escape in string", i) from None
                i += 6
                continue
            if nxt not in ESCAPES:
                raise ExpressionError(f"Invalid escape '\\{nxt}' in string", i)
            out.append(ESCAPES[nxt])
            i += 2
            continue
        out.append(ch)
        i += 1
    raise ExpressionError("Unterminated string literal", start)
