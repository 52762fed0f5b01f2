"""The SCIM-style grammar Okta uses for `filter=` and `search=` (spec digest part 2 §34, §24.5; part 1 §18.1): a parser
to a small AST, an evaluator over stored wire-shape documents, and the per-endpoint restrictions written as data, so
each family picks a preset instead of re-implementing the grammar."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

OPERATORS = frozenset({"eq", "ne", "gt", "ge", "lt", "le", "sw", "co", "pr", "ew"})
LOGICAL = frozenset({"and", "or", "not"})
_RANGE = frozenset({"eq", "gt", "ge", "lt", "le"})


class FilterError(ValueError):
    """A filter or search expression Okta would reject; the message names the problem (it becomes an E0000001 cause)."""


@dataclass(frozen=True)
class Rules:
    """What one endpoint's `filter`/`search` parameter accepts; the presets below are the documented ones."""

    operators: frozenset[str]
    logical: frozenset[str]
    attributes: Callable[[str], bool] | None = None
    per_attribute_ops: dict[str, frozenset[str]] = field(default_factory=dict)
    case_insensitive_values: bool = True
    parentheses: bool = True
    param: str = "filter"  # the parameter's name, used in error messages
    solo_attributes: frozenset[str] = frozenset()  # attributes that must be the whole expression


# --- AST ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Compare:
    attr: str
    op: str
    value: Any
    ignore_case: bool = False


@dataclass(frozen=True)
class Present:
    attr: str


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class And:
    left: Node
    right: Node


@dataclass(frozen=True)
class Or:
    left: Node
    right: Node


Node = Compare | Present | Not | And | Or


# --- presets -----------------------------------------------------------------------------------------------------


def _among(*names: str) -> Callable[[str], bool]:
    allowed = frozenset(names)
    return allowed.__contains__


def _profile_or(*names: str) -> Callable[[str], bool]:
    allowed = frozenset(names)
    return lambda attr: attr in allowed or (attr.startswith("profile.") and len(attr) > len("profile."))


_SEARCH_OPS = frozenset({"eq", "sw", "gt", "ge", "lt", "le", "pr"})

# §34: eq only; lastUpdated also gt/ge/lt/le; and/or but no not; names and values case-sensitive.
USERS_FILTER = Rules(
    operators=frozenset({"eq"}),
    logical=frozenset({"and", "or"}),
    attributes=_among("status", "lastUpdated", "id", "profile.login", "profile.email", "profile.firstName",
                      "profile.lastName"),
    per_attribute_ops={"lastUpdated": _RANGE},
    case_insensitive_values=False,
)

# §34 / §24.5: any profile attribute plus id, status, created, activated, statusChanged, lastUpdated, type.id;
# eq, sw (and the range operators Okta suggests instead of ne); co only on firstName/lastName/email/login;
# values case-insensitive; classification.type must stand alone.
USERS_SEARCH = Rules(
    operators=_SEARCH_OPS,
    logical=frozenset({"and", "or", "not"}),
    attributes=_profile_or("id", "status", "created", "activated", "statusChanged", "lastUpdated", "type.id",
                           "classification.type"),
    per_attribute_ops={a: _SEARCH_OPS | {"co"} for a in
                       ("profile.firstName", "profile.lastName", "profile.email", "profile.login")}
    | {"classification.type": frozenset({"eq"})},
    case_insensitive_values=True,
    param="search",
    solo_attributes=frozenset({"classification.type"}),
)

# part 1 §18.1: any profile attribute plus id, created, lastUpdated, lastMembershipUpdated, type, source.id;
# sw/eq everywhere, co only on profile.name and profile.description, ranges on the timestamps.
GROUPS_SEARCH = Rules(
    operators=frozenset({"eq", "sw"}),
    logical=frozenset({"and", "or"}),
    attributes=_profile_or("id", "created", "lastUpdated", "lastMembershipUpdated", "type", "source.id"),
    per_attribute_ops={"profile.name": frozenset({"eq", "sw", "co"}),
                       "profile.description": frozenset({"eq", "sw", "co"})}
    | {a: frozenset({"eq", "sw"}) | _RANGE for a in ("created", "lastUpdated", "lastMembershipUpdated")},
    case_insensitive_values=True,
    param="search",
)

# part 1 §18.1 legacy filter (`lastUpdated gt "…"`, `type eq "OKTA_GROUP"`): eq on id/type, ranges on timestamps.
GROUPS_FILTER = Rules(
    operators=frozenset({"eq"}),
    logical=frozenset({"and", "or"}),
    attributes=_among("id", "type", "lastUpdated", "lastMembershipUpdated"),
    per_attribute_ops={"lastUpdated": _RANGE, "lastMembershipUpdated": _RANGE},
    case_insensitive_values=False,
)

# Everything the grammar has (logs `filter`, §34: all operators); values case-sensitive as in any Okta `filter`.
GENERIC = Rules(operators=OPERATORS, logical=LOGICAL, case_insensitive_values=False)
GENERIC_SEARCH = Rules(operators=OPERATORS, logical=LOGICAL, case_insensitive_values=True, param="search")

# part 2 §5: log streams filter only with `eq` on status or type.
LOG_STREAMS_FILTER = Rules(operators=frozenset({"eq"}), logical=frozenset({"and", "or"}),
                           attributes=_among("status", "type"), case_insensitive_values=False)

# The documented rules by list operation: (filter rules, search rules); others get GENERIC / GENERIC_SEARCH.
PRESETS: dict[str, tuple[Rules, Rules]] = {
    "listUsers": (USERS_FILTER, USERS_SEARCH),
    "listGroups": (GROUPS_FILTER, GROUPS_SEARCH),
    "listLogStreams": (LOG_STREAMS_FILTER, GENERIC_SEARCH),
}


# --- tokenizer ---------------------------------------------------------------------------------------------------

_WORD = re.compile(r'[^\s()"]+')
_ATTR = re.compile(r"[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*\Z")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?\Z")


@dataclass(frozen=True)
class _Tok:
    kind: str  # "(", ")", "str", "word"
    text: str


def _tokens(text: str, fail: Callable[[str], FilterError]) -> list[_Tok]:
    out: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append(_Tok(ch, ch))
            i += 1
        elif ch == '"':
            buf: list[str] = []
            i += 1
            while True:
                if i >= n:
                    raise fail("unterminated string")
                ch = text[i]
                if ch == "\\" and i + 1 < n:
                    buf.append(text[i + 1])
                    i += 2
                elif ch == '"':
                    i += 1
                    break
                else:
                    buf.append(ch)
                    i += 1
            out.append(_Tok("str", "".join(buf)))
        else:
            m = _WORD.match(text, i)
            assert m is not None  # any other character starts a word
            out.append(_Tok("word", m.group()))
            i = m.end()
    return out


# --- parser ------------------------------------------------------------------------------------------------------


class _Parser:
    """Recursive descent: or < and < not < (group | comparison)."""

    def __init__(self, text: str, rules: Rules) -> None:
        self.rules = rules
        self.toks = _tokens(text, self.fail)
        self.pos = 0
        self.attrs: list[str] = []

    def fail(self, why: str) -> FilterError:
        return FilterError(f"Invalid {self.rules.param}: {why}")

    def peek(self) -> _Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def keyword(self, word: str) -> bool:
        """True (and consumed) when the next token is the logical word, which must be allowed here."""
        tok = self.peek()
        if tok is None or tok.kind != "word" or tok.text.lower() != word:
            return False
        if word not in self.rules.logical:
            raise self.fail(f'unsupported logical operator "{tok.text}"')
        self.pos += 1
        return True

    def parse(self) -> Node:
        if not self.toks:
            raise self.fail("empty expression")
        node = self.parse_or()
        tok = self.peek()
        if tok is not None:
            raise self.fail('unexpected ")"' if tok.kind == ")" else f'unexpected "{tok.text}"')
        solo = [a for a in self.attrs if a in self.rules.solo_attributes]
        if solo and len(self.attrs) > 1:
            raise self.fail(f'attribute "{solo[0]}" must be used alone')
        return node

    def parse_or(self) -> Node:
        node = self.parse_and()
        while self.keyword("or"):
            node = Or(node, self.parse_and())
        return node

    def parse_and(self) -> Node:
        node = self.parse_not()
        while self.keyword("and"):
            node = And(node, self.parse_not())
        return node

    def parse_not(self) -> Node:
        if self.keyword("not"):
            return Not(self.parse_not())
        return self.parse_primary()

    def parse_primary(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise self.fail("unexpected end of expression")
        if tok.kind == "(":
            if not self.rules.parentheses:
                raise self.fail("parentheses are not supported")
            self.pos += 1
            node = self.parse_or()
            close = self.peek()
            if close is None or close.kind != ")":
                raise self.fail('missing ")"')
            self.pos += 1
            return node
        if tok.kind != "word":
            raise self.fail(f'expected an attribute name, found "{tok.text}"')
        return self.parse_comparison(tok.text)

    def parse_comparison(self, attr: str) -> Node:
        if attr.lower() in LOGICAL or not _ATTR.match(attr):
            raise self.fail(f'expected an attribute name, found "{attr}"')
        self.pos += 1
        if self.rules.attributes is not None and not self.rules.attributes(attr):
            raise self.fail(f'unknown attribute "{attr}"')
        op_tok = self.peek()
        if op_tok is None or op_tok.kind != "word":
            raise self.fail(f'missing operator after "{attr}"')
        op = op_tok.text.lower()
        self.check_operator(attr, op, op_tok.text)
        self.pos += 1
        self.attrs.append(attr)
        if op == "pr":
            return Present(attr)
        return Compare(attr, op, self.parse_value(op_tok.text), self.rules.case_insensitive_values)

    def check_operator(self, attr: str, op: str, raw: str) -> None:
        if op not in OPERATORS:
            raise self.fail(f'unknown operator "{raw}"')
        known = self.rules.operators.union(*self.rules.per_attribute_ops.values())
        if op not in known:
            raise self.fail(f'unsupported operator "{raw}"')
        if op not in self.rules.per_attribute_ops.get(attr, self.rules.operators):
            raise self.fail(f'operator "{raw}" is not supported for attribute "{attr}"')

    def parse_value(self, op: str) -> Any:
        tok = self.peek()
        if tok is None or tok.kind in "()":
            raise self.fail(f'missing value after "{op}"')
        self.pos += 1
        if tok.kind == "str":
            return tok.text
        word = tok.text.lower()
        if word in ("true", "false"):
            return word == "true"
        if word == "null":
            return None
        if _NUMBER.match(tok.text):
            return float(tok.text) if any(c in tok.text for c in ".eE") else int(tok.text)
        raise self.fail(f'invalid value "{tok.text}" (strings must be double-quoted)')


def parse(text: str, rules: Rules) -> Node:
    """Parse an already URL-decoded `filter`/`search` value, enforcing the endpoint's rules."""
    return _Parser(text, rules).parse()


# --- evaluation --------------------------------------------------------------------------------------------------

_MISSING = object()
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?\Z")


def _values(doc: Any, attr: str) -> list[Any]:
    """Every value at a dotted path; arrays along the way fan out (SCIM multi-valued semantics)."""
    current: list[Any] = [doc]
    for part in attr.split("."):
        nxt: list[Any] = []
        for item in current:
            for obj in item if isinstance(item, list) else [item]:
                if isinstance(obj, dict) and part in obj:
                    nxt.append(obj[part])
        current = nxt
    flat: list[Any] = []
    for value in current:
        flat.extend(value if isinstance(value, list) else [value])
    return flat


def _timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str) or not _TIMESTAMP.match(value):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _coerce(actual: Any, wanted: Any, ignore_case: bool) -> tuple[Any, Any] | None:
    """Bring both sides to one comparable type, or None when they can't be compared."""
    if _is_number(actual) or _is_number(wanted):
        try:
            a = float(actual) if not isinstance(actual, bool) else None
            w = float(wanted) if not isinstance(wanted, bool) else None
        except (TypeError, ValueError):
            return None
        return None if a is None or w is None else (a, w)
    if isinstance(actual, bool) or isinstance(wanted, bool):
        a_text = str(actual).lower() if isinstance(actual, bool | str) else None
        w_text = str(wanted).lower() if isinstance(wanted, bool | str) else None
        return None if a_text is None or w_text is None else (a_text, w_text)
    if isinstance(actual, str) and isinstance(wanted, str):
        a_ts, w_ts = _timestamp(actual), _timestamp(wanted)
        if a_ts is not None and w_ts is not None:
            return a_ts, w_ts
        return (actual.lower(), wanted.lower()) if ignore_case else (actual, wanted)
    return None


def _compare_one(actual: Any, node: Compare) -> bool:
    op, wanted = node.op, node.value
    if wanted is None:
        return actual is None if op == "eq" else False
    if op in ("sw", "co", "ew"):  # text operators: never numeric or timestamp coercion
        if not (isinstance(actual, str) and isinstance(wanted, str)):
            return False
        a, w = (actual.lower(), wanted.lower()) if node.ignore_case else (actual, wanted)
        return a.startswith(w) if op == "sw" else a.endswith(w) if op == "ew" else w in a
    pair = _coerce(actual, wanted, node.ignore_case)
    if pair is None:
        return False
    a, w = pair
    if op == "eq":
        return bool(a == w)
    try:
        return bool({"gt": a > w, "ge": a >= w, "lt": a < w, "le": a <= w}[op])
    except TypeError:
        return False


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def matches(node: Node, doc: dict[str, Any]) -> bool:
    """Whether a stored document satisfies the expression; an array matches when any element does."""
    if isinstance(node, And):
        return matches(node.left, doc) and matches(node.right, doc)
    if isinstance(node, Or):
        return matches(node.left, doc) or matches(node.right, doc)
    if isinstance(node, Not):
        return not matches(node.node, doc)
    if isinstance(node, Present):
        return any(_present(v) for v in _values(doc, node.attr))
    values = _values(doc, node.attr)
    if node.op == "ne" and node.value is None:
        return any(v is not None for v in values)
    if node.op == "ne":
        return not any(_compare_one(v, Compare(node.attr, "eq", node.value, node.ignore_case)) for v in values)
    if node.value is None and node.op == "eq" and not values:
        return True  # `x eq null` also matches an absent attribute
    return any(_compare_one(v, node) for v in values)


# --- sorting -----------------------------------------------------------------------------------------------------


def sort_key(doc: dict[str, Any], attr: str) -> tuple[Any, ...]:
    """`sortBy` order (§24.5, §34): ASCII, case-insensitive, missing values last, ties by id."""
    values = [v for v in _values(doc, attr) if v is not None]
    doc_id = str(doc.get("id", ""))
    if not values:
        return (1, 0, "", doc_id)
    value = values[0]
    if _is_number(value):
        return (0, 0, float(value), doc_id)
    return (0, 1, str(value).lower(), doc_id)


def sort_docs(docs: Iterable[dict[str, Any]], attr: str, descending: bool = False) -> list[dict[str, Any]]:
    """Sort for `sortBy`/`sortOrder`; descending flips values only, so ties stay by id and missing values stay last."""
    keyed = [(sort_key(d, attr), d) for d in docs]
    present = sorted((kd for kd in keyed if kd[0][0] == 0), key=lambda kd: kd[0][3])
    present.sort(key=lambda kd: kd[0][1:3], reverse=descending)
    missing = sorted((kd for kd in keyed if kd[0][0] == 1), key=lambda kd: kd[0][3])
    return [d for _, d in present + missing]
