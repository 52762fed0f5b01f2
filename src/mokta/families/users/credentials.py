"""Passwords and recovery answers never live in the user document: they are hashed (scrypt, or the client's own
imported hash) into a private document no operation routes to, and checked with the algorithm that made them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Any

from mokta.families.users import password_policy
from mokta.http.errors import invalid
from mokta.seed_data import PRIVATE_ROOT
from mokta.types import Context, Document

ROOT = f"{PRIVATE_ROOT}/credentials/users"
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
DIGESTS = {"SHA-512": "sha512", "SHA-256": "sha256", "SHA-1": "sha1", "MD5": "md5"}
PBKDF2_DIGESTS = {"SHA1_HMAC": "sha1", "SHA224_HMAC": "sha224", "SHA256_HMAC": "sha256", "SHA384_HMAC": "sha384",
                  "SHA512_HMAC": "sha512"}


def load(ctx: Context, user_id: str) -> Document:
    return ctx.tx.get(ctx.org, f"{ROOT}/{user_id}") or {}


def save(ctx: Context, user_id: str, record: Document) -> None:
    ctx.tx.put(ctx.org, f"{ROOT}/{user_id}", record, listed=False)


def forget(ctx: Context, user_id: str) -> None:
    ctx.tx.delete_tree(ctx.org, f"{ROOT}/{user_id}")


def has_password(ctx: Context, user_id: str) -> bool:
    return bool(load(ctx, user_id).get("password"))


def apply(ctx: Context, user_id: str, body: Any, profile: Document | None = None,
          history: bool = False) -> tuple[Document, bool]:
    """Store what a create/update body's `credentials` carry; return the wire form and whether a password was set.
    A plain password value must meet the default PASSWORD policy's complexity (checked against `profile`), and with
    `history` must not repeat a recent one; imported hashes and hooks can't be checked, so they are taken as given."""
    creds = body if isinstance(body, dict) else {}
    record = load(ctx, user_id)
    wire: Document = {}
    changed = False
    password = creds.get("password")
    if isinstance(password, dict) and password:
        if "value" in password:
            value = str(password["value"])
            policy = password_policy.settings(ctx)
            password_policy.check_complexity(ctx, value, profile, policy)
            if history:
                password_policy.check_reuse(record, value, policy, check)
        password_policy.remember(record, _password_record(password))
        changed = True
    if record.get("password"):
        wire["password"] = {}
    question = creds.get("recovery_question")
    if isinstance(question, dict) and question:
        text, answer = str(question.get("question") or ""), str(question.get("answer") or "")
        if not text or not answer:
            raise invalid("recovery_question: The security question and answer are both required",
                          "recovery_question")
        if len(answer) < 4:
            raise invalid("recovery_question.answer: The security question answer must be at least 4 characters",
                          "recovery_question")
        record["recovery"] = {"question": text, "answer": hash_secret(answer.strip().lower())}
    if record.get("recovery"):
        wire["recovery_question"] = {"question": record["recovery"]["question"]}
    save(ctx, user_id, record)
    return wire, changed


def verify(ctx: Context, user_id: str, value: str) -> bool:
    """True when `value` is the user's password, by whichever algorithm stored it."""
    stored = load(ctx, user_id).get("password") or {}
    return check(stored, value)


def check(stored: Document, value: str) -> bool:
    algorithm = stored.get("algorithm")
    raw = value.encode()
    if algorithm == "SCRYPT":
        return _scrypt_ok(stored, raw)
    if algorithm == "BCRYPT":
        import bcrypt

        full = f"$2a${int(stored.get('workFactor') or 10):02d}${stored.get('salt', '')}{stored.get('value', '')}"
        try:
            return bcrypt.checkpw(raw, full.encode())
        except ValueError:
            return False
    salt = _b64(stored.get("salt"))
    if algorithm in DIGESTS:
        data = salt + raw if stored.get("saltOrder", "PREFIX") == "PREFIX" else raw + salt
        return hmac.compare_digest(hashlib.new(DIGESTS[algorithm], data).digest(), _b64(stored.get("value")))
    if algorithm == "PBKDF2":
        digest = PBKDF2_DIGESTS.get(str(stored.get("digestAlgorithm") or "SHA512_HMAC"), "sha512")
        expected = _b64(stored.get("value"))
        size = int(stored.get("keySize") or len(expected) or 64)
        got = hashlib.pbkdf2_hmac(digest, raw, salt, int(stored.get("iterationCount") or 4096), size)
        return hmac.compare_digest(got, expected)
    return False


def hash_secret(value: str) -> Document:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(value.encode(), salt=salt, **SCRYPT)
    return {"algorithm": "SCRYPT", "salt": _enc(salt), "value": _enc(digest), **SCRYPT}


def check_answer(ctx: Context, user_id: str, answer: str) -> bool:
    stored = (load(ctx, user_id).get("recovery") or {}).get("answer") or {}
    return _scrypt_ok(stored, answer.strip().lower().encode())


# -- private ------------------------------------------------------------------------------------------------------


def _password_record(password: Document) -> Document:
    if "value" in password:
        return hash_secret(str(password["value"]))
    if isinstance(password.get("hash"), dict):
        return _imported(password["hash"])
    if isinstance(password.get("hook"), dict):
        return {"algorithm": "HOOK", "hook": password["hook"].get("type", "default")}
    raise invalid("password: A password value, hash or hook is required", "password")


def _imported(spec: Document) -> Document:
    """An imported hash is kept as given, after checking it carries what its algorithm needs."""
    algorithm = str(spec.get("algorithm") or "")
    if algorithm not in ("BCRYPT", "PBKDF2", *DIGESTS):
        raise invalid(f"password.hash.algorithm: {algorithm or 'missing'} is not supported", "password.hash")
    if not spec.get("value"):
        raise invalid("password.hash.value: The field cannot be left blank", "password.hash")
    if algorithm == "BCRYPT":
        if len(str(spec.get("salt") or "")) != 22:
            raise invalid("password.hash.salt: BCRYPT salt must be 22 characters", "password.hash")
        if not 1 <= int(spec.get("workFactor") or 0) <= 20:
            raise invalid("password.hash.workFactor: must be between 1 and 20", "password.hash")
    if algorithm == "PBKDF2" and not spec.get("salt"):
        raise invalid("password.hash.salt: The field cannot be left blank", "password.hash")
    return {k: v for k, v in spec.items() if v is not None}


def _scrypt_ok(stored: Document, raw: bytes) -> bool:
    if stored.get("algorithm") != "SCRYPT":
        return False
    got = hashlib.scrypt(raw, salt=_b64(stored["salt"]), n=stored["n"], r=stored["r"], p=stored["p"])
    return hmac.compare_digest(got, _b64(stored["value"]))


def _enc(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _b64(text: Any) -> bytes:
    if not text:
        return b""
    padded = str(text) + "=" * (-len(str(text)) % 4)
    try:
        return base64.b64decode(padded)
    except ValueError:
        return b""
