"""Real key material: RSA key pairs for signing (authorization servers, hook keys), as a public JWK plus a PEM."""

from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from mokta.types import Document


def b64url_uint(n: int) -> str:
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def rsa_signing_key() -> tuple[Document, str]:
    """A fresh RS256 key pair: the public JWK (kid = RFC 7638 thumbprint) and the private key as PKCS#8 PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    numbers = key.public_key().public_numbers()
    e, n = b64url_uint(numbers.e), b64url_uint(numbers.n)
    thumb = json.dumps({"e": e, "kty": "RSA", "n": n}, separators=(",", ":"), sort_keys=True).encode()
    kid = base64.urlsafe_b64encode(hashlib.sha256(thumb).digest()).rstrip(b"=").decode()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    return {"kid": kid, "kty": "RSA", "alg": "RS256", "use": "sig", "e": e, "n": n}, pem


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@lru_cache(maxsize=64)
def _private_key(pem: str) -> rsa.RSAPrivateKey:
    """Parsing a PEM checks the key (milliseconds); a server signs with the same few keys over and over."""
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("not an RSA private key")
    return key


def sign_jwt(claims: dict[str, Any], pem: str, kid: str, *, typ: str | None = "JWT") -> str:
    """A compact RS256 JWT signed with a stored private key (PEM), its header naming the key by `kid` (Okta's own
    access and ID tokens carry no `typ`)."""
    header = {"kid": kid, "alg": "RS256", **({"typ": typ} if typ else {})}
    signing_input = ".".join(b64url(json.dumps(part, separators=(",", ":")).encode()) for part in (header, claims))
    signature = _private_key(pem).sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64url(signature)}"
