"""Compact JWS on `cryptography` alone: sign RS256 with a server's private key, verify RS*/ES*/HS* assertions
against a client's JWKs or secret. Anything malformed raises `JoseError`, never a crash."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from mokta.engine.keys import sign_jwt
from mokta.types import Document

HASHES = {"256": (hashes.SHA256, hashlib.sha256), "384": (hashes.SHA384, hashlib.sha384),
          "512": (hashes.SHA512, hashlib.sha512)}
CURVES = {"P-256": ec.SECP256R1, "P-384": ec.SECP384R1, "P-521": ec.SECP521R1}
ASYMMETRIC = {"RS256", "RS384", "RS512", "ES256", "ES384", "ES512"}
SYMMETRIC = {"HS256", "HS384", "HS512"}


class JoseError(ValueError):
    """A token or key that can't be read or doesn't verify; the message says which."""


def unb64url(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise JoseError("not base64url") from None


def _json_part(text: str) -> Document:
    try:
        value = json.loads(unb64url(text))
    except (UnicodeDecodeError, ValueError):
        raise JoseError("a JWT part is not JSON") from None
    if not isinstance(value, dict):
        raise JoseError("a JWT part is not a JSON object")
    return value


def sign(claims: Document, pem: str, kid: str) -> str:
    """An RS256 token with the `kid` header that points verifiers at the right published key."""
    return sign_jwt(claims, pem, kid, typ=None)


def decode(token: str) -> tuple[Document, Document, bytes, bytes]:
    """Header, claims, signing input and signature of a compact JWS, unverified."""
    parts = token.split(".")
    if len(parts) != 3 or not all(parts[:2]):
        raise JoseError("not a compact JWS")
    header, claims = _json_part(parts[0]), _json_part(parts[1])
    return header, claims, f"{parts[0]}.{parts[1]}".encode(), unb64url(parts[2])


def public_key(jwk: Document) -> rsa.RSAPublicKey | ec.EllipticCurvePublicKey:
    """The public key a JWK describes (RSA or EC); a malformed JWK is a JoseError."""
    try:
        if jwk.get("kty") == "RSA":
            n = int.from_bytes(unb64url(str(jwk["n"])), "big")
            e = int.from_bytes(unb64url(str(jwk["e"])), "big")
            return rsa.RSAPublicNumbers(e, n).public_key()
        if jwk.get("kty") == "EC":
            curve = CURVES[str(jwk["crv"])]()
            x = int.from_bytes(unb64url(str(jwk["x"])), "big")
            y = int.from_bytes(unb64url(str(jwk["y"])), "big")
            return ec.EllipticCurvePublicNumbers(x, y, curve).public_key()
    except (KeyError, ValueError, TypeError):
        raise JoseError("malformed JWK") from None
    raise JoseError("unsupported JWK key type")


def verify_asymmetric(alg: str, jwk: Document, signing_input: bytes, signature: bytes) -> bool:
    if alg not in ASYMMETRIC:
        return False
    key = public_key(jwk)
    algorithm = HASHES[alg[2:]][0]()
    try:
        if alg.startswith("RS") and isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, signing_input, padding.PKCS1v15(), algorithm)
            return True
        if alg.startswith("ES") and isinstance(key, ec.EllipticCurvePublicKey):
            size = (key.curve.key_size + 7) // 8
            if len(signature) != 2 * size:
                return False
            der = encode_dss_signature(int.from_bytes(signature[:size], "big"),
                                       int.from_bytes(signature[size:], "big"))
            key.verify(der, signing_input, ec.ECDSA(algorithm))
            return True
    except InvalidSignature:
        return False
    return False


def verify_hmac(alg: str, secret: str, signing_input: bytes, signature: bytes) -> bool:
    if alg not in SYMMETRIC:
        return False
    expected = hmac.new(secret.encode(), signing_input, HASHES[alg[2:]][1]).digest()
    return hmac.compare_digest(expected, signature)


def public_jwk(doc: Document) -> Document:
    """A stored key document as a publishable JWK: only the public members."""
    out: dict[str, Any] = {}
    for name in ("kty", "alg", "kid", "use", "e", "n", "crv", "x", "y"):
        if doc.get(name) is not None:
            out[name] = doc[name]
    return out
