"""Evaluation: operators, null handling, every built-in function, group membership and evaluation errors."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mokta.expressions import EvalContext, ExpressionError, parse

USER = {
    "firstName": "Ada",
    "lastName": "Lovelace",
    "email": "ada@example.com",
    "department": "Engineering",
    "level": 3,
    "score": 2.5,
    "admin": True,
    "tags": ["a", "b"],
    "address": {"city": "London"},
    "blank": "",
}
GROUPS = {"00g1": "Engineering", "00g2": "Sales-West", "00g3": "okta-admins"}
CTX = EvalContext(
    user=USER,
    group_ids=frozenset({"00g1", "00g3"}),
    group_names=GROUPS,
    app={"name": "salesforce"},
    org={"subdomain": "acme"},
    user_fields={"id": "00u1", "status": "ACTIVE"},
)


def run(text: str, ctx: EvalContext = CTX) -> Any:
    return parse(text).evaluate(ctx)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('user.department == "Engineering"', True),
        ('user.department == "engineering"', False),  # == on strings is case-sensitive
        ('user.department != "Sales"', True),
        ("user.level == 3", True),
        ("user.level == 3.0", True),
        ("user.level == '3'", False),  # different types are never equal
        ("user.level > 2", True),
        ("user.level >= 3", True),
        ("user.level < 3", False),
        ("user.level <= 3", True),
        ("user.score > 2", True),
        ("'b' > 'a'", True),
        ("user.admin == true", True),
        ("user.admin", True),
        ("user.tags == {'a', 'b'}", True),
        ("user.address.city", "London"),
        ("user.address.zip", None),
        ("user.firstName.length", None),  # path through a non-object is null
        ("user.id", "00u1"),  # top-level user fields are reachable
        ("user.status == 'ACTIVE'", True),
        ("app.name", "salesforce"),
        ("org.subdomain", "acme"),
        ("appuser.role", None),
        ("user.firstName + ' ' + user.lastName", "Ada Lovelace"),
        ("'n=' + user.level", "n=3"),
        ("user.level + 1", 4),
        ("user.level + 0.5", 3.5),
        ("'x' + true", "xtrue"),
        ("'x' + user.missing", "xnull"),  # Java/SpEL string concatenation of null
        ("7 / 2", 3),  # integer division truncates
        ("-7 / 2", -3),
        ("7 % 3", 1),
        ("7.0 / 2", 3.5),
        ("-user.level", -3),
        ("!user.admin", False),
        ("user.tags[0]", "a"),
        ("user.tags[5]", None),
        ("user.missing[0]", None),
        ("user.address['city']", "London"),
        ("user.missing ?: 'default'", "default"),
        ("user.missing == null", True),
        ("null == null", True),
    ],
)
def test_operators(text: str, expected: Any) -> None:
    assert run(text) == expected


@pytest.mark.parametrize(
    "text",
    ["user.missing == 'x'", "user.missing > 1", "user.missing < 1", "user.missing >= 'a'", "1 <= user.missing",
     "user.missing and true", "user.missing ? true : false"],
)
def test_null_never_matches(text: str) -> None:
    assert run(text) is False


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('"a" > 3', "Cannot compare String and Integer with '>'"),
        ("user.admin > 1", "Cannot compare Boolean and Integer"),
        ("user.department and true", "Expected a Boolean but got String"),
        ("!user.level", "Expected a Boolean but got Integer"),
        ("!user.department == 'x'", "Expected a Boolean but got String"),  # SpEL: ! binds tighter than ==
        ("user.level ? 1 : 2", "Expected a Boolean"),
        ("-user.firstName", "Cannot apply unary '-' to String"),
        ("user.level + null", "Cannot add Integer and null"),
        ("true + 1", "Cannot add Boolean and Integer"),
        ("'a' * 2", "Cannot apply '*'"),
        ("1 / 0", "Division by zero"),
        ("user.level[0]", "Cannot index Integer"),
        ("String.len(user.level)", "String.len: expected a String"),
        ("Convert.toInt('abc')", "cannot convert 'abc' to Integer"),
        ("Convert.toInt('3000000000')", "out of range"),
        ("Arrays.size(5)", "expected an Array"),
        ("String.replace('a', '(', 'b')", "invalid regular expression"),
    ],
)
def test_type_errors_raise_expression_error(text: str, fragment: str) -> None:
    expression = parse(text)
    with pytest.raises(ExpressionError) as caught:
        expression.evaluate(CTX)
    assert fragment in caught.value.message


def test_evaluation_error_has_position() -> None:
    with pytest.raises(ExpressionError) as caught:
        run('user.level == 3 and "a" > 3')
    assert caught.value.position == 24


def test_logical_operators_short_circuit() -> None:
    assert run("false and 'a' > 3") is False
    assert run("true or 'a' > 3") is True
    assert run("true ? 1 : 'a' > 3") == 1


STRING_CASES: list[tuple[str, Any]] = [
    ("String.len('This')", 4),
    ("String.len('')", 0),
    ("String.len(user.missing)", 0),
    ("String.stringContains('This is a test', 'test')", True),
    ("String.stringContains('This is a test', 'Test')", False),  # case-sensitive
    ("String.stringContains(user.missing, 'a')", False),
    ("String.stringContains('abc', user.missing)", False),
    ("String.startsWith(user.firstName, 'Ad')", True),
    ("String.startsWith(user.firstName, 'ad')", False),
    ("String.startsWith(user.missing, 'a')", False),
    ("String.endsWith(user.email, '@example.com')", True),
    ("String.endsWith(user.missing, 'x')", False),
    ("String.toUpperCase('abc')", "ABC"),
    ("String.toUpperCase(user.missing)", None),
    ("String.toLowerCase('ABC')", "abc"),
    ("String.toLowerCase(user.missing)", None),
    ("String.substring('This is a test', 2, 9)", "is is a"),
    ("String.substring('abcdef', 0, 100)", "abcdef"),  # end clamped
    ("String.substring('abcdef', 10, 12)", ""),  # start past the end
    ("String.substring('abcdef', 4, 2)", ""),  # start after end
    ("String.substring('abcdef', -2, 6)", "ef"),  # negative counts from the end
    ("String.substring('abcdef', 3)", "def"),
    ("String.substring(user.missing, 0, 1)", None),
    ("String.substringBefore('abc@okta.com', '@')", "abc"),
    ("String.substringBefore('abc', '@')", "abc"),
    ("String.substringBefore(user.missing, '@')", None),
    ("String.substringAfter('abc@okta.com', '@')", "okta.com"),
    ("String.substringAfter('abc', '@')", ""),
    ("String.substringAfter(user.missing, '@')", None),
    ("String.replace('This is a test', 'is', 'at')", "That at a test"),
    ("String.replace(user.email, '@.*', '')", "ada"),  # match is a regular expression
    ("String.replace('John Smith', '(\\\\w+) (\\\\w+)', '$2, $1')", "Smith, John"),
    ("String.replace(user.missing, 'a', 'b')", None),
    ("String.replaceFirst('This is a test', 'is', 'at')", "That is a test"),
    ("String.removeSpaces('This is a test')", "Thisisatest"),
    ("String.removeSpaces(user.missing)", None),
    ("String.append('This is', ' a test')", "This is a test"),
    ("String.append(user.missing, 'x')", "x"),
    ("String.join(',', 'This', 'is', 'a', 'test')", "This,is,a,test"),
    ("String.join('', 'This', 'is')", "Thisis"),
    ("String.join('-', user.tags, 'c')", "a-b-c"),
    ("String.join('-', 'a', user.missing, 'b')", "a-b"),
    ("String.stringSwitch('This is a test', 'default', 'key1', 'value1')", "default"),
    ("String.stringSwitch('This is a test', 'default', 'test', 'value1')", "value1"),
    ("String.stringSwitch('First match wins', 'default', 'absent', 'v1', 'wins', 'v2', 'match', 'v3')", "v2"),
    ("String.stringSwitch('Substrings count', 'default', 'ring', 'value1')", "value1"),
    ("String.stringSwitch(user.missing, 'default', 'a', 'b')", "default"),
]


@pytest.mark.parametrize(("text", "expected"), STRING_CASES)
def test_string_functions(text: str, expected: Any) -> None:
    assert run(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Arrays.contains(user.tags, 'a')", True),
        ("Arrays.contains(user.tags, 'A')", False),
        ("Arrays.contains({}, 'a')", False),
        ("Arrays.contains(user.missing, 'a')", False),
        ("Arrays.contains({1, 2}, 2.0)", True),
        ("Arrays.isEmpty({})", True),
        ("Arrays.isEmpty(user.tags)", False),
        ("Arrays.isEmpty(user.missing)", True),
        ("Arrays.isEmpty(Arrays.toCsvString({}))", True),
        ("Arrays.size(user.tags)", 2),
        ("Arrays.size({})", 0),
        ("Arrays.size(user.missing)", 0),
        ("Arrays.add(user.tags, 'c')", ["a", "b", "c"]),
        ("Arrays.add({}, 'c')", ["c"]),
        ("Arrays.add(Arrays.toCsvString({}), 'x')", ["x"]),
        ("Arrays.remove({'a', 'b', 'a'}, 'a')", ["b"]),
        ("Arrays.remove({}, 'a')", []),
        ("Arrays.clear(user.tags)", []),
        ("Arrays.get(user.tags, 1)", "b"),
        ("Arrays.get(user.tags, 2)", None),
        ("Arrays.get(user.tags, -1)", None),
        ("Arrays.get({}, 0)", None),
        ("Arrays.flatten(user.tags, {'c', {'d'}}, 'e')", ["a", "b", "c", "d", "e"]),
        ("Arrays.flatten({})", []),
        ("Arrays.toCsvString({'Engineering', 'Marketing'})", "Engineering,Marketing"),
        ("Arrays.toCsvString({})", ""),
        ("Arrays.toCsvString({1, true})", "1,true"),
    ],
)
def test_array_functions(text: str, expected: Any) -> None:
    assert run(text) == expected


def test_array_functions_do_not_mutate_the_profile() -> None:
    run("Arrays.add(user.tags, 'z')")
    run("Arrays.clear(user.tags)")
    assert USER["tags"] == ["a", "b"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Convert.toInt('1234')", 1234),
        ("Convert.toInt(' 42 ')", 42),
        ("Convert.toInt('1234.4')", 1234),
        ("Convert.toInt(2.5)", 2),  # half-to-even
        ("Convert.toInt(3.5)", 4),
        ("Convert.toInt(-7)", -7),
        ("Convert.toInt(user.missing)", None),
        ("Convert.toInt('12') + 1", 13),
        ("Convert.toNum('3.25')", 3.25),
        ("Convert.toNum(3)", 3.0),
        ("Convert.toNum(user.missing)", None),
    ],
)
def test_convert_functions(text: str, expected: Any) -> None:
    result = run(text)
    assert result == expected and type(result) is type(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("isMemberOfGroup('00g1')", True),
        ("isMemberOfGroup('00g2')", False),
        ("isMemberOfAnyGroup('00g2', '00g3')", True),
        ("isMemberOfAnyGroup('00g2', '00g9')", False),
        ("isMemberOfAnyGroup({'00g9', '00g1'})", True),
        ("isMemberOfGroupName('Engineering')", True),
        ("isMemberOfGroupName('engineering')", False),
        ("isMemberOfGroupName('Sales-West')", False),  # a known group the user is not in
        ("isMemberOfGroupNameStartsWith('okta-')", True),
        ("isMemberOfGroupNameStartsWith('Sales')", False),
        ("isMemberOfGroupNameContains('admin')", True),
        ("isMemberOfGroupNameContains('West')", False),
        ("isMemberOfGroupNameRegex('/.*admin.*')", True),
        ("isMemberOfGroupNameRegex('/.*admin.*/')", True),
        ("isMemberOfGroupNameRegex('Eng.*')", True),
        ("isMemberOfGroupNameRegex('/admin')", False),  # the whole name must match
        ("user.isMemberOf({'group.id': '00g1'})", True),
        ("user.isMemberOf({'group.id': {'00g2', '00g3'}})", True),
        ("user.isMemberOf({'group.id': '00g2'})", False),
        ("user.isMemberOf({'group.profile.name': 'Eng'})", True),  # STARTS_WITH is the default
        ("user.isMemberOf({'group.profile.name': 'Eng', 'operator': 'EXACT'})", False),
        ("user.isMemberOf({'group.profile.name': 'Engineering', 'operator': 'EXACT'})", True),
        ("user.isMemberOf({'group.id': '00g1'}, {'group.profile.name': 'okta'})", False),  # same group must match
        ("!isMemberOfGroup('00g1')", False),
        ('user.department == "Engineering" and isMemberOfAnyGroup("00g1","00g2")', True),
    ],
)
def test_group_membership(text: str, expected: bool) -> None:
    assert run(text) is expected


def test_user_internal_property() -> None:
    assert run("user.getInternalProperty('status') == 'ACTIVE'") is True
    assert run("user.getInternalProperty('nope')") is None


def test_time_functions() -> None:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", run("Time.now()"))
    assert run("Time.fromIso8601ToUnix('2021-09-20T00:00:00.000Z')") == "1632096000000"
    assert run("Time.fromUnixToIso8601('1632096000123')") == "2021-09-20T00:00:00.123Z"
    # Okta's documented recipe for "one year after the hire date".
    recipe = ("String.substring(Time.fromUnixToIso8601((Convert.toInt(String.substring(Time.fromIso8601ToUnix("
              "'2021-09-20' + 'T00:00:00.000Z'), 0, 10)) + 31536000) + '000'), 0, 10)")
    assert run(recipe) == "2022-09-20"
    with pytest.raises(ExpressionError):
        run("Time.fromIso8601ToUnix('yesterday')")


def test_empty_context_defaults() -> None:
    ctx = EvalContext(user={})
    assert run("isMemberOfGroup('00g1') or user.x == null", ctx) is True
    assert run("app.name", ctx) is None
