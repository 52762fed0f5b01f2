"""Signing key credentials of an app: real self-signed certificates (`generate`), copies to another app (`clone`),
CSRs whose CA-signed certificate becomes a key credential (`publish`, only for the CSR's own key), and the SAML IdP
metadata naming a key's certificate. Private keys live in private documents the API never returns."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from xml.sax.saxutils import escape, quoteattr

from mokta.engine import generic, ids
from mokta.engine.keys import b64url_uint
from mokta.engine.registry import handles
from mokta.families.apps import crypto
from mokta.http.errors import bad_param, invalid, not_found
from mokta.types import Context, Document, Reply

APPS = "/api/v1/apps"
KEYS_ROOT = "/mokta/appKeys"  # {appId}/{kid} -> the key credential's private key
CSRS_ROOT = "/mokta/appCsrs"  # {appId}/{csrId} -> the CSR's private key
MIN_YEARS, MAX_YEARS = 2, 10
DEFAULT_YEARS = 10
MAX_SUBJECT_LENGTH = 64  # the X.509 upper bound for a common name
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
HOST_NAME = re.compile(rf"^(\*\.)?{_LABEL}(\.{_LABEL})*$")  # a DNS name, optionally a wildcard
NAMEID_FORMATS = ("urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
                  "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")


@handles("generateApplicationKey")
def generate_key(ctx: Context) -> Reply:
    app = _app(ctx)
    years = ctx.query.get("validityYears")
    if not isinstance(years, int) or not MIN_YEARS <= years <= MAX_YEARS:
        raise bad_param("validityYears", f"must be between {MIN_YEARS} and {MAX_YEARS}")
    doc = new_signing_key(ctx, app["id"], years)
    return Reply(201, generic.output(ctx, _key_path(app["id"], doc["kid"]), doc))


@handles("cloneApplicationKey")
def clone_key(ctx: Context) -> Reply:
    app = _app(ctx)
    kid = ctx.path_params["keyId"]
    doc = generic.load(ctx, _key_path(app["id"], kid), "Key")
    target = str(ctx.query.get("targetAid") or "")
    if not ctx.tx.exists(ctx.org, f"{APPS}/{target}"):
        raise not_found(f"Resource not found: {target} (App)")
    if ctx.tx.exists(ctx.org, _key_path(target, kid)):
        raise invalid(f"targetAid: app {target} already holds key {kid}")
    copy = {k: v for k, v in doc.items() if k != "_links"}
    copy["created"] = copy["lastUpdated"] = ids.now()
    ctx.tx.put(ctx.org, _key_path(target, kid), copy)
    private = ctx.tx.get(ctx.org, f"{KEYS_ROOT}/{app['id']}/{kid}")
    if private is not None:
        ctx.tx.put(ctx.org, f"{KEYS_ROOT}/{target}/{kid}", private, listed=False)
    return Reply(201, generic.output(ctx, _key_path(target, kid), copy))


@handles("generateCsrForApplication")
def generate_csr(ctx: Context) -> Reply:
    app = _app(ctx)
    body = generic.body_object(ctx)
    subject = body.get("subject") or {}
    if not isinstance(subject, dict) or not any(subject.get(f) for f in crypto.SUBJECT_FIELDS):
        raise invalid("subject: at least one subject attribute is required")
    country = subject.get("countryName")
    if country is not None and (not isinstance(country, str) or len(country) != 2):
        raise invalid("subject.countryName: must be a two-letter country code")
    for field in crypto.SUBJECT_FIELDS:
        value = subject.get(field)
        if value is not None and (not isinstance(value, str) or not 1 <= len(value) <= MAX_SUBJECT_LENGTH):
            raise invalid(f"subject.{field}: must be 1 to {MAX_SUBJECT_LENGTH} characters")
    dns_names = ((body.get("subjectAltNames") or {}).get("dnsNames")) or []
    if not isinstance(dns_names, list) or not all(isinstance(n, str) and HOST_NAME.match(n) for n in dns_names):
        raise invalid("subjectAltNames.dnsNames: must be an array of host names")
    key = crypto.new_rsa_key()
    try:
        request = crypto.csr(key, subject, dns_names)
    except ValueError as e:
        raise invalid(f"subject: {e}") from None
    csr_id = ids.new_id("csr")[:20]
    path = f"{APPS}/{app['id']}/credentials/csrs/{csr_id}"
    doc = {"id": csr_id, "created": ids.now(), "csr": crypto.der_b64(request), "kty": "RSA",
           "_links": {"self": {"href": path, "hints": {"allow": ["GET", "DELETE"]}},
                      "publish": {"href": f"{path}/lifecycle/publish", "hints": {"allow": ["POST"]}}}}
    ctx.tx.put(ctx.org, path, doc)
    ctx.tx.put(ctx.org, f"{CSRS_ROOT}/{app['id']}/{csr_id}", {"pem": crypto.private_pem(key)}, listed=False)
    accept = ctx.request.headers.get("accept", "")
    if "application/pkcs10" in accept and "json" not in accept:  # the bare PKCS#10 request, base64 DER
        return Reply(201, doc["csr"], content_type="application/pkcs10")
    return Reply(201, generic.output(ctx, path, doc))


@handles("revokeCsrFromApplication")
def revoke_csr(ctx: Context) -> Reply:
    app = _app(ctx)
    csr_id = ctx.path_params["csrId"]
    generic.load(ctx, f"{APPS}/{app['id']}/credentials/csrs/{csr_id}", "Csr")
    ctx.tx.delete_tree(ctx.org, f"{APPS}/{app['id']}/credentials/csrs/{csr_id}")
    ctx.tx.delete_tree(ctx.org, f"{CSRS_ROOT}/{app['id']}/{csr_id}")
    return Reply(204)


@handles("publishCsrFromApplication")
def publish_csr(ctx: Context) -> Reply:
    """The CA-signed certificate for this CSR becomes a key credential; the CSR is used up."""
    app = _app(ctx)
    csr_id = ctx.path_params["csrId"]
    generic.load(ctx, f"{APPS}/{app['id']}/credentials/csrs/{csr_id}", "Csr")
    private = ctx.tx.get(ctx.org, f"{CSRS_ROOT}/{app['id']}/{csr_id}") or {}
    raw = ctx.body if isinstance(ctx.body, bytes) else b""
    try:
        cert = crypto.parse_certificate(raw)
        key = crypto.load_private(str(private.get("pem")))
        if not crypto.same_public_key(cert, key):
            raise crypto.UnusableKey("certificate: its public key does not match the CSR's key")
        doc = crypto.certificate_jwk(cert, kid_of(cert.public_key()))
    except crypto.UnusableKey as e:
        raise invalid(str(e)) from None
    if ctx.tx.exists(ctx.org, _key_path(app["id"], doc["kid"])):
        raise invalid("certificate: this key is already a key credential of the app")
    doc["created"] = doc["lastUpdated"] = ids.now()
    ctx.tx.put(ctx.org, _key_path(app["id"], doc["kid"]), doc)
    ctx.tx.put(ctx.org, f"{KEYS_ROOT}/{app['id']}/{doc['kid']}", private, listed=False)
    ctx.tx.delete_tree(ctx.org, f"{APPS}/{app['id']}/credentials/csrs/{csr_id}")
    ctx.tx.delete_tree(ctx.org, f"{CSRS_ROOT}/{app['id']}/{csr_id}")
    return Reply(201, generic.output(ctx, _key_path(app["id"], doc["kid"]), doc))


@handles("previewSAMLmetadataForApplication")
def saml_metadata(ctx: Context) -> Reply:
    """Okta's IdP metadata for the app, naming the certificate of the key credential `kid`."""
    app = _app(ctx)
    kid = str(ctx.query.get("kid") or "")
    key = generic.load(ctx, _key_path(app["id"], kid), "Key")
    entity = f"http://www.okta.com/{app['id']}"
    sso = ctx.url(f"/app/{app.get('name') or 'app'}/{app['id']}/sso/saml")
    sign_on = ((app.get("settings") or {}).get("signOn") or {})
    formats = "".join(f"<md:NameIDFormat>{escape(f)}</md:NameIDFormat>" for f in NAMEID_FORMATS)
    acs = sign_on.get("ssoAcsUrl")
    sp = "" if not acs else (
        f"<md:SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
        f"<md:AssertionConsumerService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" "
        f"Location={quoteattr(str(acs))} index=\"0\" isDefault=\"true\"/></md:SPSSODescriptor>")
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID={quoteattr(entity)}>'
        '<md:IDPSSODescriptor WantAuthnRequestsSigned="false" '
        'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        '<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">'
        f'<ds:KeyName>{escape(kid)}</ds:KeyName>'
        f'<ds:X509Data><ds:X509Certificate>{escape(key["x5c"][0])}</ds:X509Certificate></ds:X509Data>'
        f'</ds:KeyInfo></md:KeyDescriptor>{formats}'
        f'<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location={quoteattr(sso)}/>'
        f'<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" '
        f'Location={quoteattr(sso)}/>'
        f'</md:IDPSSODescriptor>{sp}</md:EntityDescriptor>')
    return Reply(200, xml, content_type="text/xml")


def new_signing_key(ctx: Context, app_id: str, years: int = DEFAULT_YEARS) -> Document:
    """A fresh RSA key with a self-signed certificate, kept as a key credential of the app."""
    key = crypto.new_rsa_key()
    cert = crypto.self_signed(key, f"mokta-{app_id}", years)
    doc = crypto.certificate_jwk(cert, kid_of(key.public_key()))
    doc["created"] = doc["lastUpdated"] = ids.now()
    ctx.tx.put(ctx.org, _key_path(app_id, doc["kid"]), doc)
    ctx.tx.put(ctx.org, f"{KEYS_ROOT}/{app_id}/{doc['kid']}", {"pem": crypto.private_pem(key)}, listed=False)
    return doc


# -- private ------------------------------------------------------------------------------------------------------


def _app(ctx: Context) -> Document:
    return generic.load(ctx, f"{APPS}/{ctx.path_params['appId']}", "App")


def _key_path(app_id: str, kid: str) -> str:
    return f"{APPS}/{app_id}/credentials/keys/{kid}"


def kid_of(public: object) -> str:
    """RFC 7638 thumbprint of the RSA public key: stable for a key, distinct across keys."""
    numbers = public.public_numbers()  # type: ignore[attr-defined]
    thumb = json.dumps({"e": b64url_uint(numbers.e), "kty": "RSA", "n": b64url_uint(numbers.n)},
                       separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(hashlib.sha256(thumb).digest()).rstrip(b"=").decode()
