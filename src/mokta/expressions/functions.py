"""Okta's built-in functions, as a table of name -> (implementation, min args, max args); null-safe like Okta's."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from mokta.expressions.context import EvalContext
from mokta.expressions.errors import ExpressionError
from mokta.expressions.values import equals, is_number, to_text, type_name

INT_MIN, INT_MAX = -(2**31), 2**31 - 1


@dataclass(frozen=True, slots=True)
class Function:
    """A built-in: `max_args` None means variadic."""

    impl: Callable[..., Any]
    min_args: int
    max_args: int | None


def _str(value: Any, what: str = "argument") -> str | None:
    """A String argument (or null); other types are an evaluation error, as in Okta."""
    if value is None or isinstance(value, str):
        return value
    raise ExpressionError(f"expected a String {what} but got {type_name(value)}")


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ExpressionError(f"expected an Integer {what} but got {type_name(value)}")
    return value


def _array(value: Any) -> list[Any]:
    """An Array argument; null is empty, and a String is a one-element array (Okta's Arrays.add(toCsvString({}), x))."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, str):
        return [value] if value else []
    raise ExpressionError(f"expected an Array but got {type_name(value)}")


def _java_regex(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ExpressionError(f"invalid regular expression '{pattern}': {exc}") from None


def _java_replacement(replacement: str) -> Callable[[re.Match[str]], str]:
    """Java replacement semantics: `$n` inserts group n, a backslash makes the next character literal."""

    def expand(match: re.Match[str]) -> str:
        out: list[str] = []
        i = 0
        while i < len(replacement):
            ch = replacement[i]
            if ch == "\\" and i + 1 < len(replacement):
                out.append(replacement[i + 1])
                i += 2
            elif ch == "$" and i + 1 < len(replacement) and replacement[i + 1].isdigit():
                j = i + 1
                while j < len(replacement) and replacement[j].isdigit():
                    j += 1
                group = int(replacement[i + 1:j])
                if group > (match.re.groups or 0):
                    raise ExpressionError(f"no group {group} in the pattern")
                out.append(match.group(group) or "")
                i = j
            else:
                out.append(ch)
                i += 1
        return "".join(out)

    return expand


# String functions (Okta wraps Apache StringUtils: null in, null or false out).

def _len(ctx: EvalContext, s: Any) -> int:
    return len(_str(s) or "")


def _contains(ctx: EvalContext, s: Any, search: Any) -> bool:
    s, search = _str(s), _str(search)
    return s is not None and search is not None and search in s


def _starts(ctx: EvalContext, s: Any, prefix: Any) -> bool:
    s, prefix = _str(s), _str(prefix)
    return s is not None and prefix is not None and s.startswith(prefix)


def _ends(ctx: EvalContext, s: Any, suffix: Any) -> bool:
    s, suffix = _str(s), _str(suffix)
    return s is not None and suffix is not None and s.endswith(suffix)


def _upper(ctx: EvalContext, s: Any) -> str | None:
    s = _str(s)
    return None if s is None else s.upper()


def _lower(ctx: EvalContext, s: Any) -> str | None:
    s = _str(s)
    return None if s is None else s.lower()


def _substring(ctx: EvalContext, s: Any, start: Any, end: Any = None) -> str | None:
    """StringUtils.substring: negative indexes count from the end, out-of-range indexes are clamped, start>end is ''."""
    s = _str(s)
    if s is None:
        return None
    begin = _int(start, "start index")
    stop = len(s) if end is None else _int(end, "end index")
    begin, stop = (len(s) + begin if begin < 0 else begin), (len(s) + stop if stop < 0 else stop)
    begin, stop = max(0, min(begin, len(s))), max(0, min(stop, len(s)))
    return s[begin:stop] if begin < stop else ""


def _before(ctx: EvalContext, s: Any, sep: Any) -> str | None:
    s, sep = _str(s), _str(sep)
    if s is None or sep is None:
        return s
    index = s.find(sep)
    return s if index < 0 else s[:index]


def _after(ctx: EvalContext, s: Any, sep: Any) -> str | None:
    s, sep = _str(s), _str(sep)
    if s is None:
        return None
    if sep is None:
        return ""
    index = s.find(sep)
    return "" if index < 0 else s[index + len(sep):]


def _replace(ctx: EvalContext, s: Any, match: Any, replacement: Any, count: int = 0) -> str | None:
    """Java String.replaceAll / replaceFirst: `match` is a regular expression."""
    s, match, replacement = _str(s), _str(match), _str(replacement)
    if s is None or match is None or replacement is None:
        return s
    return _java_regex(match).sub(_java_replacement(replacement), s, count=count)


def _replace_first(ctx: EvalContext, s: Any, match: Any, replacement: Any) -> str | None:
    return _replace(ctx, s, match, replacement, count=1)


def _remove_spaces(ctx: EvalContext, s: Any) -> str | None:
    s = _str(s)
    return None if s is None else s.replace(" ", "")


def _append(ctx: EvalContext, s: Any, suffix: Any) -> str:
    return (_str(s) or "") + (_str(suffix) or "")


def _join(ctx: EvalContext, sep: Any, *parts: Any) -> str:
    """String.join(separator, strings...): arrays are spread, nulls are skipped."""
    flat: list[Any] = []
    for part in parts:
        flat.extend(part if isinstance(part, list | tuple) else [part])
    return (_str(sep) or "").join(to_text(p) for p in flat if p is not None)


def _switch(ctx: EvalContext, s: Any, default: Any, *pairs: Any) -> Any:
    """String.stringSwitch(input, default, key1, value1, …): the first key found in input (as a substring) wins."""
    if len(pairs) % 2:
        raise ExpressionError("expects key/value pairs after the default")
    s = _str(s)
    if s is not None:
        for key, value in zip(pairs[::2], pairs[1::2], strict=True):
            if key is not None and _str(key) in s:
                return value
    return default


# Arrays functions.

def _arr_contains(ctx: EvalContext, array: Any, value: Any) -> bool:
    return any(equals(item, value) for item in _array(array))


def _arr_is_empty(ctx: EvalContext, array: Any) -> bool:
    return not _array(array)


def _arr_size(ctx: EvalContext, array: Any) -> int:
    return len(_array(array))


def _arr_add(ctx: EvalContext, array: Any, value: Any) -> list[Any]:
    return [*_array(array), value]


def _arr_remove(ctx: EvalContext, array: Any, value: Any) -> list[Any]:
    return [item for item in _array(array) if not equals(item, value)]


def _arr_clear(ctx: EvalContext, array: Any) -> list[Any]:
    _array(array)
    return []


def _arr_get(ctx: EvalContext, array: Any, index: Any) -> Any:
    items, i = _array(array), _int(index, "index")
    return items[i] if 0 <= i < len(items) else None


def _arr_flatten(ctx: EvalContext, *items: Any) -> list[Any]:
    out: list[Any] = []

    def walk(value: Any) -> None:
        if isinstance(value, list | tuple):
            for v in value:
                walk(v)
        elif value is not None:
            out.append(value)

    walk(list(items))
    return out


def _arr_csv(ctx: EvalContext, array: Any) -> str:
    return ",".join(to_text(item) for item in _array(array))


# Convert functions.

def _to_int(ctx: EvalContext, value: Any) -> int | None:
    """Convert.toInt: Strings and Numbers to a 32-bit Integer, rounding half-to-even; out of range is an error."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ExpressionError("cannot convert Boolean to Integer")
    try:
        number = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except (InvalidOperation, ValueError):
        raise ExpressionError(f"cannot convert '{value}' to Integer") from None
    if not number.is_finite():
        raise ExpressionError(f"cannot convert '{value}' to Integer")
    result = int(number.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
    if not INT_MIN <= result <= INT_MAX:
        raise ExpressionError(f"{value} is out of range for Integer")
    return result


def _to_num(ctx: EvalContext, value: Any) -> float | None:
    """Convert.toNum: Strings and Numbers to a Number (double)."""
    if value is None:
        return None
    if is_number(value):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            raise ExpressionError(f"cannot convert '{value}' to Number") from None
    raise ExpressionError(f"cannot convert {type_name(value)} to Number")


# Group membership (group rules).

def _member_of(ctx: EvalContext, group_id: Any) -> bool:
    return _str(group_id) in ctx.group_ids


def _member_of_any(ctx: EvalContext, *group_ids: Any) -> bool:
    return any(gid in ctx.group_ids for gid in _arr_flatten(ctx, *group_ids))


def _names(ctx: EvalContext) -> list[str]:
    return [name for gid, name in ctx.group_names.items() if gid in ctx.group_ids]


def _member_name(ctx: EvalContext, name: Any) -> bool:
    return _str(name) in _names(ctx)


def _member_name_starts(ctx: EvalContext, prefix: Any) -> bool:
    prefix = _str(prefix)
    return prefix is not None and any(n.startswith(prefix) for n in _names(ctx))


def _member_name_contains(ctx: EvalContext, part: Any) -> bool:
    part = _str(part)
    return part is not None and any(part in n for n in _names(ctx))


def _member_name_regex(ctx: EvalContext, pattern: Any) -> bool:
    """Okta writes the pattern with a leading slash, e.g. "/.*admin.*"; the whole name must match."""
    pattern = _str(pattern)
    if pattern is None:
        return False
    if pattern.startswith("/"):
        pattern = pattern[1:-1] if len(pattern) > 1 and pattern.endswith("/") else pattern[1:]
    regex = _java_regex(pattern)
    return any(regex.fullmatch(n) for n in _names(ctx))


def _user_is_member_of(ctx: EvalContext, *criteria: Any) -> bool:
    """user.isMemberOf({'group.id': …}, {'group.profile.name': …, 'operator': 'EXACT'|'STARTS_WITH'}): every
    criterion must hold for the same group; a list of values for one key means any of them."""
    checks: list[Callable[[str, str], bool]] = []
    for criterion in criteria:
        if not isinstance(criterion, dict):
            raise ExpressionError(f"expected a map of criteria but got {type_name(criterion)}")
        operator = str(criterion.get("operator", "STARTS_WITH")).upper()
        if operator not in ("EXACT", "STARTS_WITH"):
            raise ExpressionError(f"operator '{operator}' is not supported; use EXACT or STARTS_WITH")
        for key, raw in criterion.items():
            if key == "operator":
                continue
            wanted = [str(v) for v in _array(raw)]
            if key == "group.id":
                checks.append(lambda gid, name, w=wanted: gid in w)
            elif key == "group.profile.name":
                exact = operator == "EXACT"
                checks.append(lambda gid, name, w=wanted, e=exact: any(
                    name == v if e else name.startswith(v) for v in w))
            else:
                raise ExpressionError(f"criterion '{key}' is not supported")
    return any(all(check(gid, ctx.group_names.get(gid, "")) for check in checks) for gid in ctx.group_ids)


def _internal_property(ctx: EvalContext, name: Any) -> Any:
    return ctx.user_fields.get(_str(name) or "")


# Time functions.

def _now(ctx: EvalContext, *zone: Any) -> str:
    """Time.now(): the current UTC time in Okta's timestamp format (an optional time zone argument is ignored)."""
    moment = datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _iso_to_unix(ctx: EvalContext, value: Any) -> str | None:
    """Time.fromIso8601ToUnix: milliseconds since the epoch, as a String (Okta's examples substring it)."""
    value = _str(value)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ExpressionError(f"'{value}' is not an ISO 8601 timestamp") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return str(int(moment.timestamp() * 1000))


def _unix_to_iso(ctx: EvalContext, value: Any) -> str | None:
    """Time.fromUnixToIso8601: milliseconds since the epoch (String or Number) to an ISO 8601 UTC timestamp."""
    if value is None:
        return None
    try:
        millis = int(value)
    except (TypeError, ValueError):
        raise ExpressionError(f"'{value}' is not a Unix timestamp in milliseconds") from None
    moment = datetime.fromtimestamp(millis / 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{millis % 1000:03d}Z"


FUNCTIONS: dict[str, Function] = {
    "String.len": Function(_len, 1, 1),
    "String.stringContains": Function(_contains, 2, 2),
    "String.startsWith": Function(_starts, 2, 2),
    "String.endsWith": Function(_ends, 2, 2),
    "String.toUpperCase": Function(_upper, 1, 1),
    "String.toLowerCase": Function(_lower, 1, 1),
    "String.substring": Function(_substring, 2, 3),
    "String.substringBefore": Function(_before, 2, 2),
    "String.substringAfter": Function(_after, 2, 2),
    "String.replace": Function(_replace, 3, 3),
    "String.replaceFirst": Function(_replace_first, 3, 3),
    "String.removeSpaces": Function(_remove_spaces, 1, 1),
    "String.append": Function(_append, 2, 2),
    "String.join": Function(_join, 1, None),
    "String.stringSwitch": Function(_switch, 2, None),
    "Arrays.contains": Function(_arr_contains, 2, 2),
    "Arrays.isEmpty": Function(_arr_is_empty, 1, 1),
    "Arrays.size": Function(_arr_size, 1, 1),
    "Arrays.add": Function(_arr_add, 2, 2),
    "Arrays.remove": Function(_arr_remove, 2, 2),
    "Arrays.clear": Function(_arr_clear, 1, 1),
    "Arrays.get": Function(_arr_get, 2, 2),
    "Arrays.flatten": Function(_arr_flatten, 1, None),
    "Arrays.toCsvString": Function(_arr_csv, 1, 1),
    "Convert.toInt": Function(_to_int, 1, 1),
    "Convert.toNum": Function(_to_num, 1, 1),
    "isMemberOfGroup": Function(_member_of, 1, 1),
    "isMemberOfAnyGroup": Function(_member_of_any, 1, None),
    "isMemberOfGroupName": Function(_member_name, 1, 1),
    "isMemberOfGroupNameStartsWith": Function(_member_name_starts, 1, 1),
    "isMemberOfGroupNameContains": Function(_member_name_contains, 1, 1),
    "isMemberOfGroupNameRegex": Function(_member_name_regex, 1, 1),
    "user.isMemberOf": Function(_user_is_member_of, 1, None),
    "user.getInternalProperty": Function(_internal_property, 1, 1),
    "Time.now": Function(_now, 0, 1),
    "Time.fromIso8601ToUnix": Function(_iso_to_unix, 1, 1),
    "Time.fromUnixToIso8601": Function(_unix_to_iso, 1, 1),
}
