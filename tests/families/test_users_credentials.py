"""Imported password hashes are verified with their own algorithm (as Okta does at the user's first sign-in), and
mokta's own hashes are salted scrypt; no server needed."""

from __future__ import annotations

import base64
import hashlib

import bcrypt
import pytest

from mokta.families.users.credentials import check, hash_secret

PASSWORD = "correct horse battery staple"
SALT = b"pepper-and-salt!"


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def test_own_hashes_are_salted_scrypt() -> None:
    one, two = hash_secret(PASSWORD), hash_secret(PASSWORD)
    assert one["algorithm"] == "SCRYPT" and one["value"] != two["value"]
    assert PASSWORD not in str(one)
    assert check(one, PASSWORD) and not check(one, PASSWORD + "!")


def test_bcrypt() -> None:
    full = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()  # $2b$04$<22 salt><31 hash>
    stored = {"algorithm": "BCRYPT", "workFactor": 4, "salt": full[7:29], "value": full[29:]}
    assert check(stored, PASSWORD) and not check(stored, "nope")


@pytest.mark.parametrize("algorithm", ["SHA-512", "SHA-256", "SHA-1", "MD5"])
@pytest.mark.parametrize("order", ["PREFIX", "POSTFIX"])
def test_salted_digests(algorithm: str, order: str) -> None:
    name = {"SHA-512": "sha512", "SHA-256": "sha256", "SHA-1": "sha1", "MD5": "md5"}[algorithm]
    data = SALT + PASSWORD.encode() if order == "PREFIX" else PASSWORD.encode() + SALT
    stored = {"algorithm": algorithm, "salt": b64(SALT), "saltOrder": order,
              "value": b64(hashlib.new(name, data).digest())}
    assert check(stored, PASSWORD) and not check(stored, PASSWORD.upper())


def test_unsalted_md5() -> None:
    assert check({"algorithm": "MD5", "value": b64(hashlib.md5(PASSWORD.encode()).digest())}, PASSWORD)


def test_pbkdf2() -> None:
    value = hashlib.pbkdf2_hmac("sha256", PASSWORD.encode(), SALT, 1000, 32)
    stored = {"algorithm": "PBKDF2", "digestAlgorithm": "SHA256_HMAC", "iterationCount": 1000, "keySize": 32,
              "salt": b64(SALT), "value": b64(value)}
    assert check(stored, PASSWORD) and not check(stored, "x")


def test_hook_and_unknown_never_verify_locally() -> None:
    assert not check({"algorithm": "HOOK", "hook": "default"}, PASSWORD)
    assert not check({}, PASSWORD)
