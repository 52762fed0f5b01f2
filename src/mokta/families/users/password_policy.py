"""The org's default PASSWORD policy, applied whenever a password value is set: complexity always (Okta checks it even
for an admin), history and minimum age where Okta does (self-service changes, or `strict=true`). The settings are read
at request time, so a policy an admin replaced through the API takes effect on the next request.

Okta's wording (support.okta.com, "Password requirements were not met" articles; okta-sdk-nodejs issue #207):
"password: Password requirements were not met. Password requirements: at least 8 characters, a lowercase letter, an
uppercase letter, a number, no parts of your username. Your password cannot be any of your last 4 passwords."
"""

from __future__ import annotations

import re
import secrets
import string
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from mokta.engine import ids
from mokta.http.errors import OktaError, invalid
from mokta.types import Context, Document

POLICIES = "/api/v1/policies"
HISTORY_KEEP = 24  # the most Okta's historyCount allows; older hashes are dropped
SYMBOLS = frozenset(string.punctuation)
LOGIN_SPLIT = re.compile(r"[,._#@-]")
COMMON = frozenset({"password", "password1", "password123", "passw0rd", "123456789", "12345678", "qwerty123",
                    "iloveyou", "welcome1", "letmein", "abc12345", "sunshine", "princess", "football", "baseball",
                    "trustno1", "superman", "changeme", "1q2w3e4r", "qwertyuiop", "p@ssw0rd", "p@ssword"})
ATTRIBUTE_WORDS = {"firstName": "your first name", "lastName": "your last name"}
USED_TOO_RECENTLY = "password: Password has been used too recently"


def settings(ctx: Context) -> Document:
    """`settings.password` of the default (system) PASSWORD policy, or `{}` when an org has none."""
    for _, _, doc in ctx.tx.list(ctx.org, POLICIES):
        if doc.get("type") == "PASSWORD" and doc.get("system"):
            password = (doc.get("settings") or {}).get("password")
            return password if isinstance(password, dict) else {}
    return {}


def check_complexity(ctx: Context, value: str, profile: Document | None, policy: Document | None = None) -> None:
    """400 E0000001 naming every requirement (Okta lists them all, not only the one that failed)."""
    policy = settings(ctx) if policy is None else policy
    if satisfies(value, policy, profile):
        return
    complexity, age = _part(policy, "complexity"), _part(policy, "age")
    raise invalid([f"password: Password requirements were not met. {requirements(complexity, age)}"], "password")


def check_reuse(record: Document, value: str, policy: Document, matches: Callable[[Document, str], bool]) -> None:
    """403 E0000014 when `value` is the current password or one of the last `historyCount - 1` before it; `matches`
    is the credentials module's hash check (any algorithm, imported hashes too)."""
    count = _int(_part(policy, "age").get("historyCount"))
    if count <= 0:
        return
    recent = [record.get("password") or {}, *(record.get("history") or [])][:count]
    if any(matches(stored, value) for stored in recent if isinstance(stored, dict)):
        raise OktaError(403, "E0000014", "Update of credentials failed", [USED_TOO_RECENTLY])


def check_min_age(doc: Document, policy: Document) -> None:
    """403 E0000014 while the current password is younger than `minAgeMinutes` (only `strict` requests ask)."""
    minutes = _int(_part(policy, "age").get("minAgeMinutes"))
    changed = doc.get("passwordChanged")
    if minutes <= 0 or not changed:
        return
    if ids.parse_time(ids.now()) < ids.parse_time(str(changed)) + timedelta(minutes=minutes):
        raise OktaError(403, "E0000014", "Update of credentials failed", [f"password: {_min_age_text(minutes)}"])


def remember(record: Document, new: Document) -> None:
    """Make `new` the current password and push the previous one (its hash only) onto the history."""
    previous = record.get("password")
    if isinstance(previous, dict) and previous.get("algorithm") not in (None, "HOOK"):
        record["history"] = [previous, *(record.get("history") or [])][:HISTORY_KEEP]
    record["password"] = new


def requirements(complexity: Document, age: Document) -> str:
    """Okta's sentence describing the policy: the list of rules, then the history and minimum-age sentences."""
    rules = []
    if _int(complexity.get("minLength")) > 0:
        rules.append(f"at least {_int(complexity.get('minLength'))} characters")
    for key, word in (("minLowerCase", "a lowercase letter"), ("minUpperCase", "an uppercase letter"),
                      ("minNumber", "a number"), ("minSymbol", "a symbol")):
        if _int(complexity.get(key)) > 0:
            rules.append(word)
    if complexity.get("excludeUsername"):
        rules.append("no parts of your username")
    for attribute in complexity.get("excludeAttributes") or []:
        rules.append(f"does not include {ATTRIBUTE_WORDS.get(str(attribute), f'your {attribute}')}")
    if ((complexity.get("dictionary") or {}).get("common") or {}).get("exclude"):
        rules.append("not a commonly used password")
    text = f"Password requirements: {', '.join(rules)}." if rules else "Password requirements:."
    history = _int(age.get("historyCount"))
    if history > 0:
        text += f" Your password cannot be any of your last {history} passwords."
    minutes = _int(age.get("minAgeMinutes"))
    if minutes > 0:
        text += f" {_min_age_text(minutes)}"
    return text


def temporary(policy: Document, profile: Document | None) -> str:
    """A random password that satisfies the policy for this user (Okta's temporary passwords always do)."""
    while True:
        value = _random(policy)
        if satisfies(value, policy, profile):
            return value


def _random(policy: Document) -> str:
    complexity = _part(policy, "complexity")
    pools = [string.ascii_lowercase] * max(_int(complexity.get("minLowerCase")), 1)
    pools += [string.ascii_uppercase] * max(_int(complexity.get("minUpperCase")), 1)
    pools += [string.digits] * max(_int(complexity.get("minNumber")), 1)
    pools += ["!#$%*+=?"] * _int(complexity.get("minSymbol"))
    size = max(_int(complexity.get("minLength")), 12, len(pools))
    chars = [secrets.choice(pool) for pool in pools]
    chars += [secrets.choice(string.ascii_letters + string.digits) for _ in range(size - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


# -- private ------------------------------------------------------------------------------------------------------


def satisfies(value: str, policy: Document, profile: Document | None) -> bool:
    """True when `value` meets every complexity rule of `policy` for a user with `profile`."""
    return _complex_enough(value, _part(policy, "complexity"), profile or {})


def _complex_enough(value: str, complexity: Document, profile: Document) -> bool:
    counts = (("minLowerCase", sum(c.islower() for c in value)), ("minUpperCase", sum(c.isupper() for c in value)),
              ("minNumber", sum(c.isdigit() for c in value)), ("minSymbol", sum(c in SYMBOLS for c in value)))
    if len(value) < _int(complexity.get("minLength")) or any(n < _int(complexity.get(k)) for k, n in counts):
        return False
    lowered = value.lower()
    if complexity.get("excludeUsername") and any(part in lowered for part in _login_parts(profile)):
        return False
    for attribute in complexity.get("excludeAttributes") or []:
        word = str(profile.get(str(attribute)) or "").strip().lower()
        if word and word in lowered:
            return False
    common = ((complexity.get("dictionary") or {}).get("common") or {}).get("exclude")
    return not (common and lowered in COMMON)


def _login_parts(profile: Document) -> list[str]:
    """Okta splits the login on , . _ # @ - and checks the parts of at least 4 characters, leaving out the top-level
    domain; the whole login counts too."""
    login = str(profile.get("login") or "").lower()
    if not login:
        return []
    pieces = LOGIN_SPLIT.split(login)
    if "@" in login and "." in login.rsplit("@", 1)[1]:
        pieces = pieces[:-1]
    return [login, *(p for p in pieces if len(p) >= 4)]


def _min_age_text(minutes: int) -> str:
    if minutes % 1440 == 0:
        amount = f"{minutes // 1440} day(s)"
    elif minutes % 60 == 0:
        amount = f"{minutes // 60} hour(s)"
    else:
        amount = f"{minutes} minute(s)"
    return f"At least {amount} must have elapsed since you last changed your password."


def _part(policy: Document, name: str) -> Document:
    part = policy.get(name)
    return part if isinstance(part, dict) else {}


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0
