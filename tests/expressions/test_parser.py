"""Parsing: grammar coverage, keyword-prefixed identifiers, error positions, attributes() and validate()."""

from __future__ import annotations

import pytest

from mokta.expressions import EvalContext, ExpressionError, parse, validate

EMPTY = EvalContext(user={})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"double"', "double"),
        ("'single'", "single"),
        (r'"tab\there \"quoted\" back\\slash \u00e9"', 'tab\there "quoted" back\\slash é'),
        (r"'it\'s'", "it's"),
        ("'it''s'", "it's"),
        ("42", 42),
        ("3.25", 3.25),
        ("-7", -7),
        ("true", True),
        ("FALSE", False),
        ("null", None),
        ('{"a", "b"}', ["a", "b"]),
        ("{}", []),
        ("{1, {2, 3}}", [1, [2, 3]]),
        ("(1)", 1),
        ("{'a', 'b'}[1]", "b"),
    ],
)
def test_literals(text: str, expected: object) -> None:
    assert parse(text).evaluate(EMPTY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true or false and false", True),  # and binds tighter than or
        ("(true or false) and false", False),
        ("false and true or true", True),
        ("true || false && false", True),
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("10 - 4 - 3", 3),  # left-associative
        ("1 + 2 == 3", True),
        ("1 < 2 and 2 < 3", True),
        ("!false and false", False),  # ! binds tighter than and
        ("not (true and false)", True),
        ("true ? 1 : 2", 1),
        ("false ? 1 : true ? 2 : 3", 2),  # ternary is right-associative
        ("1 > 2 ? 'a' : 'b'", "b"),
        ("true ? 'x' : 'y' + 'z'", "x"),
        ("1 == 1 AND 2 == 2", True),
        ("1 == 2 Or 2 == 2", True),
        ("--3", 3),
        ("-(2 + 3)", -5),
        ("2 eq 2", True),
        ("2 ne 2", False),
        ("null ?: 'fallback'", "fallback"),
        ("'set' ?: 'fallback'", "set"),
    ],
)
def test_precedence_and_associativity(text: str, expected: object) -> None:
    assert parse(text).evaluate(EMPTY) == expected


@pytest.mark.parametrize(
    "attribute", ["organization", "notes", "equipment", "order", "android", "andrew", "nullable", "trueName",
                  "eqLevel", "neighbor", "ltd", "orgId", "not", "and", "or", "null", "true"],
)
def test_keyword_prefixed_identifiers(attribute: str) -> None:
    expression = parse(f'user.{attribute} == "x"')
    assert expression.attributes() == {f"user.{attribute}"}
    assert expression.evaluate(EvalContext(user={attribute: "x"})) is True
    assert expression.evaluate(EvalContext(user={attribute: "y"})) is False


@pytest.mark.parametrize(
    ("text", "position", "fragment"),
    [
        ('user.firstName == "Bob', 18, "Unterminated string"),
        ("'abc", 0, "Unterminated string"),
        ('String.len("a"', 14, "Expected ')'"),
        ("(1 + 2", 6, "Expected ')'"),
        ('user.department ==', 18, "Unexpected end"),
        ("1 +", 3, "Unexpected end"),
        ("true and", 8, "Unexpected end"),
        ('String.reverse("a")', 0, "Function String.reverse is not supported"),
        ('foo("a")', 0, "Function foo is not supported"),
        ("user. == 1", 5, "Expected an attribute name after 'user.'"),
        ("user.", 5, "Expected an attribute name"),
        ("user == 1", 0, "needs an attribute"),
        ("employee.name", 0, "Unknown variable 'employee'"),
        ("user.a = 'b'", 7, "Assignment '='"),
        ("1 2", 2, "after the end"),
        ("and true", 0, "Expected a value before 'and'"),
        ("{1, 2", 5, "Expected '}'"),
        ("true ? 1", 8, "Expected ':'"),
        ("user.a & user.b", 7, "use '&&'"),
        ("", 0, "empty"),
        ("   ", 0, "empty"),
        ('String.len("a", "b")', 0, "expects 1 argument(s) but got 2"),
        ("String.substring('a')", 0, "expects 2 to 3"),
        ("isMemberOfAnyGroup()", 0, "at least 1"),
        ("String.stringSwitch('a', 'd', 'k')", 0, "key/value pairs"),
        ("String.len", 0, "must be called"),
        ("#", 0, "Unexpected character '#'"),
        (r'"bad \q escape"', 5, "Invalid escape"),
        ("12abc", 2, "after number"),
        ("{'k': 1, 2: 3}", 9, "Map keys"),
    ],
)
def test_errors_say_why_and_where(text: str, position: int, fragment: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    assert caught.value.position == position, caught.value.message
    assert fragment in caught.value.message
    assert isinstance(caught.value, ValueError)


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(ExpressionError):
        parse("(" * 5000 + "1" + ")" * 5000)


@pytest.mark.parametrize(
    ("text", "attributes"),
    [
        ('user.department == "Engineering" and isMemberOfAnyGroup("00g1","00g2")', {"user.department"}),
        ("String.toUpperCase(user.firstName) + user.lastName", {"user.firstName", "user.lastName"}),
        ("user.a == user.a", {"user.a"}),
        ("user.address.city", {"user.address"}),
        ("app.name == org.subdomain", {"app.name", "org.subdomain"}),
        ('isMemberOfGroup("00g1")', set()),
        ("user.getInternalProperty('status') == 'ACTIVE'", set()),
    ],
)
def test_attributes(text: str, attributes: set[str]) -> None:
    assert parse(text).attributes() == attributes


def test_expression_is_immutable_and_reusable() -> None:
    expression = parse("user.n > 1")
    with pytest.raises(AttributeError):
        expression.text = "other"  # type: ignore[misc]
    assert [expression.evaluate(EvalContext(user={"n": n})) for n in (0, 2)] == [False, True]
    assert repr(expression) == "Expression('user.n > 1')"


KNOWN = {"firstName", "lastName", "department", "organization"}


@pytest.mark.parametrize(
    "text",
    ['user.department == "Eng"', "user.organization == 'x' or isMemberOfGroup('00g1')",
     'String.startsWith(user.firstName, "A")', "isMemberOfGroupNameRegex('/.*admin.*')"],
)
def test_validate_accepts_known_attributes(text: str) -> None:
    validate(text, KNOWN)


@pytest.mark.parametrize(
    ("text", "position", "fragment"),
    [
        ('user.department == "Eng" and user.costCenter == "1"', 29, "costCenter"),
        ('user.profile.department == "Eng"', 0, "use user.department instead"),
        ('user.department == "Eng', 19, "Unterminated string"),
        ("nope(1)", 0, "not supported"),
    ],
)
def test_validate_rejects(text: str, position: int, fragment: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        validate(text, KNOWN)
    assert caught.value.position == position
    assert fragment in caught.value.message
