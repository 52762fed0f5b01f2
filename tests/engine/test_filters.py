"""The filter/search grammar: parsing, evaluation, presets and every rejected form, table-driven."""

from __future__ import annotations

from typing import Any

import pytest

from mokta.engine.filters import (
    GENERIC,
    GROUPS_FILTER,
    GROUPS_SEARCH,
    USERS_FILTER,
    USERS_SEARCH,
    And,
    Compare,
    FilterError,
    Not,
    Or,
    Present,
    Rules,
    matches,
    parse,
    sort_docs,
    sort_key,
)

ALICE: dict[str, Any] = {
    "id": "00u1",
    "status": "ACTIVE",
    "created": "2024-01-01T00:00:00.000Z",
    "lastUpdated": "2024-06-15T12:30:00.000Z",
    "type": {"id": "oty1"},
    "profile": {
        "login": "alice@example.com",
        "email": "Alice@Example.com",
        "firstName": "Alice",
        "lastName": "Liddell",
        "nickName": "",
        "age": 30,
        "score": 4.5,
        "admin": True,
        "title": None,
        "tags": ["red", "Blue"],
        "quote": 'say "hi"',
    },
    "credentials": {"provider": {"type": "OKTA", "name": "OKTA"}},
    "emails": [{"type": "work", "value": "a@w.com"}, {"type": "home", "value": "a@h.com"}],
}


# --- parsing -----------------------------------------------------------------------------------------------------

PARSED = [
    ('status eq "ACTIVE"', Compare("status", "eq", "ACTIVE")),
    ('status EQ "ACTIVE"', Compare("status", "eq", "ACTIVE")),
    ("profile.age gt 30", Compare("profile.age", "gt", 30)),
    ("profile.score le -4.5", Compare("profile.score", "le", -4.5)),
    ("profile.admin eq true", Compare("profile.admin", "eq", True)),
    ("profile.admin eq FALSE", Compare("profile.admin", "eq", False)),
    ("profile.title eq null", Compare("profile.title", "eq", None)),
    (r'profile.quote eq "say \"hi\""', Compare("profile.quote", "eq", 'say "hi"')),
    (r'profile.quote eq "back\\slash"', Compare("profile.quote", "eq", "back\\slash")),
    ("profile.title pr", Present("profile.title")),
    ("profile.title PR", Present("profile.title")),
    ('a eq "1" or b eq "2" and c eq "3"',
     Or(Compare("a", "eq", "1"), And(Compare("b", "eq", "2"), Compare("c", "eq", "3")))),
    ('(a eq "1" or b eq "2") and c eq "3"',
     And(Or(Compare("a", "eq", "1"), Compare("b", "eq", "2")), Compare("c", "eq", "3"))),
    ('not a eq "1" and b pr', And(Not(Compare("a", "eq", "1")), Present("b"))),
    ('NOT (a eq "1" OR b pr)', Not(Or(Compare("a", "eq", "1"), Present("b")))),
    ('a eq "1" And b eq "2" aNd c pr', And(And(Compare("a", "eq", "1"), Compare("b", "eq", "2")), Present("c"))),
    ('((a eq "x y"))', Compare("a", "eq", "x y")),
    ('a eq "(not) and"', Compare("a", "eq", "(not) and")),
]


@pytest.mark.parametrize(("text", "tree"), PARSED)
def test_parse_tree(text: str, tree: Any) -> None:
    assert parse(text, GENERIC) == tree


def test_search_compares_carry_case_insensitivity() -> None:
    assert parse('profile.firstName eq "al"', USERS_SEARCH) == Compare("profile.firstName", "eq", "al", True)
    assert parse('profile.firstName eq "al"', USERS_FILTER) == Compare("profile.firstName", "eq", "al", False)


# --- evaluation --------------------------------------------------------------------------------------------------

EVALUATED = [
    # eq / ne, case-sensitive (filter)
    ('status eq "ACTIVE"', GENERIC, True),
    ('status eq "active"', GENERIC, False),
    ('status ne "ACTIVE"', GENERIC, False),
    ('status ne "SUSPENDED"', GENERIC, True),
    ('profile.missing ne "x"', GENERIC, True),
    # case-insensitive values (search), but attribute names stay case-sensitive
    ('status eq "active"', USERS_SEARCH, True),
    ('profile.email eq "alice@example.COM"', USERS_SEARCH, True),
    ('profile.email eq "alice@example.com"', USERS_FILTER, False),
    ('profile.email eq "Alice@Example.com"', USERS_FILTER, True),
    ('profile.firstName sw "AL"', USERS_SEARCH, True),
    ('profile.firstName co "LIC"', USERS_SEARCH, True),
    # sw / co / ew
    ('profile.firstName sw "Al"', GENERIC, True),
    ('profile.firstName sw "li"', GENERIC, False),
    ('profile.firstName co "lic"', GENERIC, True),
    ('profile.firstName co "xyz"', GENERIC, False),
    ('profile.firstName ew "ice"', GENERIC, True),
    ('profile.firstName ew "Ali"', GENERIC, False),
    ('profile.firstName sw "al"', GENERIC, False),
    ("profile.age sw 3", GENERIC, False),
    # numbers compare numerically
    ("profile.age eq 30", GENERIC, True),
    ("profile.age eq 30.0", GENERIC, True),
    ("profile.age gt 9", GENERIC, True),
    ("profile.age ge 30", GENERIC, True),
    ("profile.age lt 30", GENERIC, False),
    ("profile.age le 30", GENERIC, True),
    ('profile.age eq "30"', GENERIC, True),
    ("profile.score gt 4.25", GENERIC, True),
    ("profile.score lt 1e1", GENERIC, True),
    ("profile.firstName gt 3", GENERIC, False),
    # strings order lexicographically
    ('profile.lastName gt "L"', GENERIC, True),
    ('profile.lastName lt "L"', GENERIC, False),
    # booleans
    ("profile.admin eq true", GENERIC, True),
    ("profile.admin eq false", GENERIC, False),
    ('profile.admin eq "true"', GENERIC, True),
    ("profile.admin eq 1", GENERIC, False),
    # dates compare as timestamps, whatever the offset or precision
    ('lastUpdated gt "2024-01-01T00:00:00.000Z"', GENERIC, True),
    ('lastUpdated lt "2024-01-01T00:00:00.000Z"', GENERIC, False),
    ('lastUpdated eq "2024-06-15T12:30:00Z"', GENERIC, True),
    ('lastUpdated eq "2024-06-15T14:30:00.000+02:00"', GENERIC, True),
    ('lastUpdated ge "2024-06-15T12:30:00.000Z"', GENERIC, True),
    ('lastUpdated le "2024-06-15T12:29:59.999Z"', GENERIC, False),
    ('lastUpdated gt "2024-06-15"', GENERIC, True),
    ('lastUpdated sw "2024-06-15"', GENERIC, True),
    ('lastUpdated sw "2024-06-16"', GENERIC, False),
    ('lastUpdated co "T12:30"', GENERIC, True),
    ('lastUpdated gt "2024-01-01T00:00:00.000Z" and lastUpdated lt "2024-07-01T00:00:00.000Z"', USERS_FILTER, True),
    # null and pr
    ("profile.title eq null", GENERIC, True),
    ("profile.missing eq null", GENERIC, True),
    ("profile.firstName eq null", GENERIC, False),
    ("profile.title ne null", GENERIC, False),
    ("profile.firstName ne null", GENERIC, True),
    ("profile.missing ne null", GENERIC, False),
    ("profile.firstName pr", GENERIC, True),
    ("profile.title pr", GENERIC, False),
    ("profile.nickName pr", GENERIC, False),
    ("profile.missing pr", GENERIC, False),
    ("profile.tags pr", GENERIC, True),
    ("credentials.provider pr", GENERIC, True),
    # nested paths and arrays (any element matches)
    ('type.id eq "oty1"', GENERIC, True),
    ('credentials.provider.type eq "OKTA"', GENERIC, True),
    ('credentials.provider.type.deeper eq "OKTA"', GENERIC, False),
    ('profile.tags eq "red"', GENERIC, True),
    ('profile.tags eq "blue"', GENERIC, False),
    ('profile.tags eq "blue"', USERS_SEARCH, True),
    ('profile.tags ne "red"', GENERIC, False),
    ('profile.tags sw "Bl"', GENERIC, True),
    ('emails.value eq "a@h.com"', GENERIC, True),
    ('emails.type eq "other"', GENERIC, False),
    # escaped quotes
    (r'profile.quote eq "say \"hi\""', GENERIC, True),
    (r'profile.quote co "\"hi\""', GENERIC, True),
    # logic and precedence
    ('status eq "ACTIVE" and profile.firstName eq "Bob"', GENERIC, False),
    ('status eq "ACTIVE" or profile.firstName eq "Bob"', GENERIC, True),
    ('status eq "X" and profile.firstName eq "Bob" or id eq "00u1"', GENERIC, True),
    ('id eq "00u1" or status eq "X" and profile.firstName eq "Bob"', GENERIC, True),
    ('(id eq "00u1" or status eq "X") and profile.firstName eq "Bob"', GENERIC, False),
    ('not status eq "ACTIVE"', GENERIC, False),
    ('not (status eq "X" or id eq "nope")', GENERIC, True),
    ('not status eq "X" and id eq "00u1"', GENERIC, True),
    ('not not status eq "ACTIVE"', GENERIC, True),
]


@pytest.mark.parametrize(("text", "rules", "expected"), EVALUATED)
def test_matches(text: str, rules: Rules, expected: bool) -> None:
    assert matches(parse(text, rules), ALICE) is expected


# --- presets -----------------------------------------------------------------------------------------------------

ACCEPTED = [
    (USERS_FILTER, 'status eq "ACTIVE" or status eq "STAGED"'),
    (USERS_FILTER, 'lastUpdated ge "2024-01-01T00:00:00.000Z" and profile.login eq "a@b.c"'),
    (USERS_FILTER, '(id eq "00u1" or profile.lastName eq "L") and profile.firstName eq "F"'),
    (USERS_SEARCH, 'profile.department eq "Engineering"'),
    (USERS_SEARCH, 'profile.lastName sw "Smi"'),
    (USERS_SEARCH, 'profile.login co "ali"'),
    (USERS_SEARCH, 'type.id eq "oty1" and statusChanged gt "2024-01-01T00:00:00.000Z"'),
    (USERS_SEARCH, '(created lt "2024-01-01T00:00:00.000Z" or created gt "2024-02-01T00:00:00.000Z")'),
    (USERS_SEARCH, 'not (status eq "DEPROVISIONED")'),
    (USERS_SEARCH, "profile.department pr"),
    (USERS_SEARCH, 'classification.type eq "LITE"'),
    (GROUPS_SEARCH, 'profile.name co "eng"'),
    (GROUPS_SEARCH, 'profile.description co "eng" or profile.name sw "E"'),
    (GROUPS_SEARCH, 'type eq "APP_GROUP" and source.id eq "0oa1"'),
    (GROUPS_SEARCH, 'lastMembershipUpdated gt "2024-01-01T00:00:00.000Z"'),
    (GROUPS_FILTER, 'type eq "OKTA_GROUP"'),
    (GROUPS_FILTER, 'lastUpdated gt "2024-01-01T00:00:00.000Z" or lastMembershipUpdated lt "2024-01-01T00:00:00.000Z"'),
    (GENERIC, 'a ew "x" and b ne 3 or not c pr'),
]


@pytest.mark.parametrize(("rules", "text"), ACCEPTED)
def test_presets_accept(rules: Rules, text: str) -> None:
    parse(text, rules)


REJECTED = [
    # unknown and unsupported operators
    (GENERIC, 'status eqq "A"', 'Invalid filter: unknown operator "eqq"'),
    (GENERIC, 'status = "A"', 'Invalid filter: unknown operator "="'),
    (USERS_SEARCH, 'status ne "ACTIVE"', 'Invalid search: unsupported operator "ne"'),
    (USERS_SEARCH, 'profile.login ew "com"', 'Invalid search: unsupported operator "ew"'),
    (USERS_FILTER, 'status sw "A"', 'Invalid filter: unsupported operator "sw"'),
    (USERS_FILTER, "status pr", 'Invalid filter: unsupported operator "pr"'),
    (GROUPS_SEARCH, 'profile.name ne "x"', 'Invalid search: unsupported operator "ne"'),
    # disallowed per attribute
    (USERS_FILTER, 'status gt "A"', 'Invalid filter: operator "gt" is not supported for attribute "status"'),
    (USERS_FILTER, 'profile.login GE "a"',
     'Invalid filter: operator "GE" is not supported for attribute "profile.login"'),
    (USERS_SEARCH, 'profile.city co "x"',
     'Invalid search: operator "co" is not supported for attribute "profile.city"'),
    (USERS_SEARCH, 'status co "ACT"', 'Invalid search: operator "co" is not supported for attribute "status"'),
    (USERS_SEARCH, 'classification.type sw "L"',
     'Invalid search: operator "sw" is not supported for attribute "classification.type"'),
    (GROUPS_SEARCH, 'type co "APP"', 'Invalid search: operator "co" is not supported for attribute "type"'),
    (GROUPS_SEARCH, 'id gt "0"', 'Invalid search: operator "gt" is not supported for attribute "id"'),
    (GROUPS_FILTER, 'type sw "OKTA"', 'Invalid filter: unsupported operator "sw"'),
    (GROUPS_FILTER, 'id gt "0"', 'Invalid filter: operator "gt" is not supported for attribute "id"'),
    # unknown attributes (names are case-sensitive)
    (USERS_FILTER, 'profile.x eq "1"', 'Invalid filter: unknown attribute "profile.x"'),
    (USERS_FILTER, 'Status eq "ACTIVE"', 'Invalid filter: unknown attribute "Status"'),
    (USERS_FILTER, 'created gt "2024-01-01T00:00:00.000Z"', 'Invalid filter: unknown attribute "created"'),
    (USERS_SEARCH, 'credentials.provider.type eq "OKTA"',
     'Invalid search: unknown attribute "credentials.provider.type"'),
    (USERS_SEARCH, 'profile. eq "x"', 'Invalid search: expected an attribute name, found "profile."'),
    (GROUPS_SEARCH, 'name eq "x"', 'Invalid search: unknown attribute "name"'),
    (GROUPS_FILTER, 'profile.name eq "x"', 'Invalid filter: unknown attribute "profile.name"'),
    # logical operators
    (USERS_FILTER, 'not status eq "ACTIVE"', 'Invalid filter: unsupported logical operator "not"'),
    (USERS_FILTER, 'status eq "A" and not id eq "1"', 'Invalid filter: unsupported logical operator "not"'),
    (GROUPS_SEARCH, 'NOT type eq "APP_GROUP"', 'Invalid search: unsupported logical operator "NOT"'),
    (Rules(operators=frozenset({"eq"}), logical=frozenset({"and"})), 'a eq "1" or b eq "2"',
     'Invalid filter: unsupported logical operator "or"'),
    (Rules(operators=frozenset({"eq"}), logical=frozenset(), parentheses=False), '(a eq "1")',
     "Invalid filter: parentheses are not supported"),
    # classification.type must stand alone
    (USERS_SEARCH, 'classification.type eq "LITE" and status eq "ACTIVE"',
     'Invalid search: attribute "classification.type" must be used alone'),
    # structure
    (GENERIC, "", "Invalid filter: empty expression"),
    (GENERIC, "   ", "Invalid filter: empty expression"),
    (GENERIC, '(status eq "A"', 'Invalid filter: missing ")"'),
    (GENERIC, '((status eq "A")', 'Invalid filter: missing ")"'),
    (GENERIC, 'status eq "A")', 'Invalid filter: unexpected ")"'),
    (GENERIC, "()", 'Invalid filter: expected an attribute name, found ")"'),
    (GENERIC, "status eq", 'Invalid filter: missing value after "eq"'),
    (GENERIC, '(status eq) and id pr', 'Invalid filter: missing value after "eq"'),
    (GENERIC, "status", 'Invalid filter: missing operator after "status"'),
    (GENERIC, 'status "A"', 'Invalid filter: missing operator after "status"'),
    (GENERIC, 'status eq ACTIVE', 'Invalid filter: invalid value "ACTIVE" (strings must be double-quoted)'),
    (GENERIC, 'status eq "ACTIVE', "Invalid filter: unterminated string"),
    (GENERIC, 'status eq "A" garbage', 'Invalid filter: unexpected "garbage"'),
    (GENERIC, 'status eq "A" "B"', 'Invalid filter: unexpected "B"'),
    (GENERIC, 'status pr "A"', 'Invalid filter: unexpected "A"'),
    (GENERIC, 'status eq "A" and', "Invalid filter: unexpected end of expression"),
    (GENERIC, 'status eq "A" or or id pr', 'Invalid filter: expected an attribute name, found "or"'),
    (GENERIC, 'and status eq "A"', 'Invalid filter: expected an attribute name, found "and"'),
    (GENERIC, '"status" eq "A"', 'Invalid filter: expected an attribute name, found "status"'),
    (GENERIC, "not", "Invalid filter: unexpected end of expression"),
]


@pytest.mark.parametrize(("rules", "text", "message"), REJECTED)
def test_rejected(rules: Rules, text: str, message: str) -> None:
    with pytest.raises(FilterError) as caught:
        parse(text, rules)
    assert str(caught.value) == message


def test_filter_error_is_a_value_error() -> None:
    assert issubclass(FilterError, ValueError)


# --- sorting -----------------------------------------------------------------------------------------------------

DOCS = [
    {"id": "00u3", "profile": {"lastName": "beta"}},
    {"id": "00u1", "profile": {"lastName": "Alpha"}},
    {"id": "00u5", "profile": {}},
    {"id": "00u2", "profile": {"lastName": "alpha"}},
    {"id": "00u4", "profile": {"lastName": "Zed"}},
    {"id": "00u0", "profile": {"lastName": None}},
]


@pytest.mark.parametrize(("descending", "order"), [
    (False, ["00u1", "00u2", "00u3", "00u4", "00u0", "00u5"]),
    (True, ["00u4", "00u3", "00u1", "00u2", "00u0", "00u5"]),
])
def test_sort_docs(descending: bool, order: list[str]) -> None:
    assert [d["id"] for d in sort_docs(DOCS, "profile.lastName", descending)] == order


def test_sort_key_orders_numbers_numerically_and_missing_last() -> None:
    docs = [{"id": "b", "n": 10}, {"id": "a", "n": 9}, {"id": "c"}, {"id": "d", "n": 9}]
    assert [d["id"] for d in sorted(docs, key=lambda d: sort_key(d, "n"))] == ["a", "d", "b", "c"]
