"""Key credentials, CSRs and SAML metadata checked with `cryptography` on the test side: certificates carry the
published `n`/`e` and thumbprint, CSRs are validly signed for the requested subject and names, and only a certificate
for the CSR's own key can be published."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import uuid
import xml.etree.ElementTree as ET
from typing import Any

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

APPS = "/api/v1/apps"
MD = "{urn:oasis:names:tc:SAML:2.0:metadata}"
DS = "{http://www.w3.org/2000/09/xmldsig#}"


def b64url_int(value: str) -> int:
    return int.from_bytes(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)), "big")


def saml_app(api: httpx.Client) -> dict[str, Any]:
    body = {"label": f"SAML {uuid.uuid4().hex[:8]}", "signOnMode": "SAML_2_0", "settings": {"signOn": {
        "ssoAcsUrl": "https://sp.example.com/acs", "audience": "https://sp.example.com", "responseSigned": True,
        "assertionSigned": True, "honorForceAuthn": True, "requestCompressed": False,
        "allowMultipleAcsEndpoints": False}}}
    resp = api.post(APPS, json=body)
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def check_key(jwk: dict[str, Any], years: int) -> x509.Certificate:
    der = base64.b64decode(jwk["x5c"][0])
    cert = x509.load_der_x509_certificate(der)
    numbers = cert.public_key().public_numbers()  # type: ignore[union-attr]
    assert (numbers.n, numbers.e) == (b64url_int(jwk["n"]), b64url_int(jwk["e"]))
    thumb = base64.urlsafe_b64encode(hashlib.sha256(der).digest()).rstrip(b"=").decode()
    assert jwk["x5t#S256"] == thumb and jwk["kty"] == "RSA" and jwk["use"] == "sig"
    cert.verify_directly_issued_by(cert)  # self-signed: its own key verifies its signature
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert abs(lifetime.days - 365 * years) <= 1
    assert jwk["expiresAt"].startswith(cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M"))
    return cert


def test_generate_makes_a_real_self_signed_certificate(api: httpx.Client) -> None:
    app = saml_app(api)
    resp = api.post(f"{APPS}/{app['id']}/credentials/keys/generate", params={"validityYears": 3})
    assert resp.status_code == 201, resp.text
    check_key(resp.json(), 3)
    created = api.get(f"{APPS}/{app['id']}/credentials/keys/{app['credentials']['signing']['kid']}").json()
    check_key(created, 10)
    kids = [k["kid"] for k in api.get(f"{APPS}/{app['id']}/credentials/keys").json()]
    assert sorted(kids) == sorted([resp.json()["kid"], created["kid"]])
    for years in ("1", "11"):
        bad = api.post(f"{APPS}/{app['id']}/credentials/keys/generate", params={"validityYears": years})
        assert bad.status_code == 400 and "validityYears" in bad.json()["errorCauses"][0]["errorSummary"]


def test_clone_copies_the_key_to_another_app(api: httpx.Client) -> None:
    source, target = saml_app(api), saml_app(api)
    kid = source["credentials"]["signing"]["kid"]
    resp = api.post(f"{APPS}/{source['id']}/credentials/keys/{kid}/clone", params={"targetAid": target["id"]})
    assert resp.status_code == 201, resp.text
    copied = api.get(f"{APPS}/{target['id']}/credentials/keys/{kid}").json()
    original = api.get(f"{APPS}/{source['id']}/credentials/keys/{kid}").json()
    assert copied["x5c"] == original["x5c"] and copied["kid"] == kid
    again = api.post(f"{APPS}/{source['id']}/credentials/keys/{kid}/clone", params={"targetAid": target["id"]})
    assert again.status_code == 400
    missing = api.post(f"{APPS}/{source['id']}/credentials/keys/{kid}/clone", params={"targetAid": "0oaNOPE"})
    assert missing.status_code == 404


def test_csr_is_valid_and_publish_needs_its_key(api: httpx.Client) -> None:
    app = saml_app(api)
    csrs = f"{APPS}/{app['id']}/credentials/csrs"
    body = {"subject": {"countryName": "US", "stateOrProvinceName": "California", "localityName": "San Francisco",
                        "organizationName": "Example Inc", "organizationalUnitName": "IT",
                        "commonName": "sso.example.com"},
            "subjectAltNames": {"dnsNames": ["sso.example.com", "login.example.com"]}}
    resp = api.post(csrs, json=body)
    assert resp.status_code == 201, resp.text
    csr_doc = resp.json()
    assert csr_doc["kty"] == "RSA" and csr_doc["id"]
    request = x509.load_der_x509_csr(base64.b64decode(csr_doc["csr"]))
    assert request.is_signature_valid
    subject = {a.oid: a.value for a in request.subject}
    assert subject[NameOID.COMMON_NAME] == "sso.example.com" and subject[NameOID.COUNTRY_NAME] == "US"
    assert subject[NameOID.ORGANIZATIONAL_UNIT_NAME] == "IT"
    sans = request.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert sans.get_values_for_type(x509.DNSName) == ["sso.example.com", "login.example.com"]
    assert [c["id"] for c in api.get(csrs).json()] == [csr_doc["id"]]

    publish = f"{csrs}/{csr_doc['id']}/lifecycle/publish"
    stranger = _signed(request.subject, rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key())
    refused = api.post(publish, content=stranger.public_bytes(serialization.Encoding.PEM),
                       headers={"Content-Type": "application/x-pem-file"})
    assert refused.status_code == 400 and "certificate" in refused.json()["errorCauses"][0]["errorSummary"]
    garbage = api.post(publish, content=b"not a certificate", headers={"Content-Type": "application/pkix-cert"})
    assert garbage.status_code == 400

    cert = _signed(request.subject, request.public_key())
    der = cert.public_bytes(serialization.Encoding.DER)
    done = api.post(publish, content=base64.b64encode(der), headers={"Content-Type": "application/x-x509-ca-cert"})
    assert done.status_code == 201, done.text
    key = done.json()
    assert base64.b64decode(key["x5c"][0]) == der
    assert key["x5t#S256"] == base64.urlsafe_b64encode(hashlib.sha256(der).digest()).rstrip(b"=").decode()
    assert api.get(f"{APPS}/{app['id']}/credentials/keys/{key['kid']}").status_code == 200
    assert api.get(f"{csrs}/{csr_doc['id']}").status_code == 404  # used up


def test_csr_needs_a_subject_and_can_be_revoked(api: httpx.Client) -> None:
    app = saml_app(api)
    csrs = f"{APPS}/{app['id']}/credentials/csrs"
    assert api.post(csrs, json={"subject": {}}).status_code == 400
    bad_country = api.post(csrs, json={"subject": {"commonName": "x", "countryName": "USA"}})
    assert "countryName" in bad_country.json()["errorCauses"][0]["errorSummary"]
    too_long = api.post(csrs, json={"subject": {"commonName": "x" * 65}})
    assert "subject.commonName" in too_long.json()["errorCauses"][0]["errorSummary"]
    bad_san = api.post(csrs, json={"subject": {"commonName": "x"}, "subjectAltNames": {"dnsNames": ["no spaces!"]}})
    assert "subjectAltNames.dnsNames" in bad_san.json()["errorCauses"][0]["errorSummary"]
    wildcard = {"subject": {"commonName": "x"}, "subjectAltNames": {"dnsNames": ["*.example.com"]}}
    assert api.post(csrs, json=wildcard).status_code == 201
    made = api.post(csrs, json={"subject": {"commonName": "revoke.example.com"}}).json()
    assert api.delete(f"{csrs}/{made['id']}").status_code == 204
    assert api.get(f"{csrs}/{made['id']}").status_code == 404


def test_saml_metadata_names_the_certificate(api: httpx.Client) -> None:
    app = saml_app(api)
    kid = app["credentials"]["signing"]["kid"]
    resp = api.get(f"{APPS}/{app['id']}/sso/saml/metadata", params={"kid": kid})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/xml")
    root = ET.fromstring(resp.content)
    assert root.tag == f"{MD}EntityDescriptor" and root.get("entityID") == f"http://www.okta.com/{app['id']}"
    cert_text = root.find(f".//{MD}KeyDescriptor//{DS}X509Certificate")
    key = api.get(f"{APPS}/{app['id']}/credentials/keys/{kid}").json()
    assert cert_text is not None and cert_text.text == key["x5c"][0]
    acs = root.find(f".//{MD}AssertionConsumerService")
    assert acs is not None and acs.get("Location") == "https://sp.example.com/acs"
    sso = root.find(f".//{MD}SingleSignOnService")
    assert sso is not None and app["id"] in str(sso.get("Location"))
    assert api.get(f"{APPS}/{app['id']}/sso/saml/metadata", params={"kid": "nope"}).status_code == 404


def _signed(subject: x509.Name, public_key: Any) -> x509.Certificate:
    """A certificate from a test CA for `public_key`."""
    ca = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    return (x509.CertificateBuilder().subject_name(subject)
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test CA")]))
            .public_key(public_key).serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=30)).sign(ca, hashes.SHA256()))


def test_signing_key_rotates_only_to_a_key_of_the_app(api: httpx.Client) -> None:
    app = saml_app(api)
    new = api.post(f"{APPS}/{app['id']}/credentials/keys/generate", params={"validityYears": 2}).json()
    body = {k: app[k] for k in ("label", "signOnMode", "name", "settings")}
    rotated = api.put(f"{APPS}/{app['id']}", json={**body, "credentials": {"signing": {"kid": new["kid"]}}})
    assert rotated.status_code == 200, rotated.text
    assert api.get(f"{APPS}/{app['id']}").json()["credentials"]["signing"]["kid"] == new["kid"]
    kept = api.put(f"{APPS}/{app['id']}", json=body)  # no credentials: the current key stays
    assert kept.json()["credentials"]["signing"]["kid"] == new["kid"]
    bogus = api.put(f"{APPS}/{app['id']}", json={**body, "credentials": {"signing": {"kid": "nope"}}})
    assert bogus.status_code == 400 and "credentials.signing.kid" in bogus.json()["errorCauses"][0]["errorSummary"]


def test_publish_takes_raw_der(api: httpx.Client) -> None:
    app = saml_app(api)
    csrs = f"{APPS}/{app['id']}/credentials/csrs"
    made = api.post(csrs, json={"subject": {"commonName": "der.example.com"}}).json()
    request = x509.load_der_x509_csr(base64.b64decode(made["csr"]))
    der = _signed(request.subject, request.public_key()).public_bytes(serialization.Encoding.DER)
    done = api.post(f"{csrs}/{made['id']}/lifecycle/publish", content=der,
                    headers={"Content-Type": "application/pkix-cert"})
    assert done.status_code == 201, done.text
    assert base64.b64decode(done.json()["x5c"][0]) == der
    bare = api.post(csrs, json={"subject": {"commonName": "bare.example.com"}},
                    headers={"Accept": "application/pkcs10"})
    assert bare.status_code == 201 and bare.headers["content-type"].startswith("application/pkcs10")
    assert x509.load_der_x509_csr(base64.b64decode(bare.text)).is_signature_valid


def test_der_ending_in_a_whitespace_byte_is_read_whole() -> None:
    """A DER certificate's last byte may be 0x20 or 0x0a; it is binary, not text to trim."""
    from cryptography.hazmat.primitives.asymmetric import ec

    from mokta.families.apps.crypto import parse_certificate

    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "trim.example.com")])
    now = dt.datetime.now(dt.UTC)
    for _ in range(2000):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                .serial_number(x509.random_serial_number()).not_valid_before(now)
                .not_valid_after(now + dt.timedelta(days=1)).sign(key, hashes.SHA256()))
        der = cert.public_bytes(serialization.Encoding.DER)
        if der[-1:].isspace():
            break
    assert der[-1:].isspace()
    assert parse_certificate(der) == cert
