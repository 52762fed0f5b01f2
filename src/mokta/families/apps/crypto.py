"""Real key material for apps: self-signed X.509 signing certificates, PKCS#10 CSRs, and checks that a client's
public JWK is a usable RSA or EC key. Everything here is pure: no store, no request."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from mokta.engine.keys import b64url_uint
from mokta.types import Document

SUBJECT_FIELDS = {  # CsrMetadataSubject field -> X.509 attribute
    "countryName": NameOID.COUNTRY_NAME, "stateOrProvinceName": NameOID.STATE_OR_PROVINCE_NAME,
    "localityName": NameOID.LOCALITY_NAME, "organizationName": NameOID.ORGANIZATION_NAME,
    "organizationalUnitName": NameOID.ORGANIZATIONAL_UNIT_NAME, "commonName": NameOID.COMMON_NAME,
}
CURVES: dict[str, ec.EllipticCurve] = {"P-256": ec.SECP256R1(), "P-384": ec.SECP384R1(), "P-521": ec.SECP521R1()}
MIN_RSA_BITS = 2048


class UnusableKey(ValueError):
    """A client key or certificate that cannot be used; the message names the field."""


def new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def private_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def load_private(pem: str) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


def self_signed(key: rsa.RSAPrivateKey, common_name: str, years: int) -> x509.Certificate:
    """The signing certificate Okta issues an app: subject = issuer, valid from now for `years` years."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Okta"),
                      x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "SSOProvider")])
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=365 * years))
            .sign(key, hashes.SHA256()))


def certificate_jwk(cert: x509.Certificate, kid: str) -> Document:
    """A key credential in Okta's JsonWebKey shape: the certificate chain, its SHA-256 thumbprint, n and e."""
    der = cert.public_bytes(serialization.Encoding.DER)
    public = cert.public_key()
    if not isinstance(public, rsa.RSAPublicKey):
        raise UnusableKey("certificate: must hold an RSA public key")
    numbers = public.public_numbers()
    return {"kid": kid, "kty": "RSA", "use": "sig", "e": b64url_uint(numbers.e), "n": b64url_uint(numbers.n),
            "x5c": [base64.b64encode(der).decode()],
            "x5t#S256": base64.urlsafe_b64encode(hashlib.sha256(der).digest()).rstrip(b"=").decode(),
            "expiresAt": _iso(cert.not_valid_after_utc)}


def csr(key: rsa.RSAPrivateKey, subject: Document, dns_names: list[str]) -> x509.CertificateSigningRequest:
    attrs = [x509.NameAttribute(oid, str(subject[field])) for field, oid in SUBJECT_FIELDS.items()
             if subject.get(field)]
    builder = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(attrs))
    if dns_names:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in dns_names]),
                                        critical=False)
    return builder.sign(key, hashes.SHA256())


def der_b64(request: x509.CertificateSigningRequest) -> str:
    return base64.b64encode(request.public_bytes(serialization.Encoding.DER)).decode()


def parse_certificate(raw: bytes) -> x509.Certificate:
    """A certificate as Okta accepts it for a CSR publish: PEM, DER, or base64 of the DER."""
    data = raw.strip()  # text forms only: stripping could cut a DER certificate's last bytes
    try:
        if data.startswith(b"-----BEGIN"):
            return x509.load_pem_x509_certificate(data)
        try:
            return x509.load_der_x509_certificate(raw)
        except ValueError:
            return x509.load_der_x509_certificate(base64.b64decode(data, validate=False))
    except (ValueError, binascii.Error):
        raise UnusableKey("certificate: is not a valid X.509 certificate") from None


def same_public_key(cert: x509.Certificate, key: rsa.RSAPrivateKey) -> bool:
    fmt = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return cert.public_key().public_bytes(*fmt) == key.public_key().public_bytes(*fmt)


def check_client_jwk(jwk: Document, where: str = "") -> None:
    """A client's public key must really be one: RSA of at least 2048 bits, or a point on a named NIST curve."""
    kty = jwk.get("kty")
    if kty == "RSA":
        n, e = _uint(jwk, "n", where), _uint(jwk, "e", where)
        if n.bit_length() < MIN_RSA_BITS:
            raise UnusableKey(f"{where}n: RSA modulus must be at least {MIN_RSA_BITS} bits")
        try:
            rsa.RSAPublicNumbers(e, n).public_key()
        except ValueError:
            raise UnusableKey(f"{where}n: is not a valid RSA public key") from None
        if e < 3 or e % 2 == 0:
            raise UnusableKey(f"{where}e: is not a valid RSA public exponent")
    elif kty == "EC":
        curve = CURVES.get(str(jwk.get("crv")))
        if curve is None:
            raise UnusableKey(f"{where}crv: must be one of {', '.join(CURVES)}")
        x, y = _uint(jwk, "x", where), _uint(jwk, "y", where)
        try:
            ec.EllipticCurvePublicNumbers(x, y, curve).public_key()
        except ValueError:
            raise UnusableKey(f"{where}x: the point is not on curve {jwk.get('crv')}") from None
    else:
        raise UnusableKey(f"{where}kty: must be RSA or EC")


def _uint(jwk: Document, field: str, where: str) -> int:
    value = jwk.get(field)
    if not isinstance(value, str) or not value:
        raise UnusableKey(f"{where}{field}: is required")
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (ValueError, binascii.Error):
        raise UnusableKey(f"{where}{field}: is not base64url") from None
    if not raw:
        raise UnusableKey(f"{where}{field}: is empty")
    return int.from_bytes(raw, "big")


def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
