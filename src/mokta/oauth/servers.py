"""Which authorization server a request reached, its issuer and audience, and its signing keys read by status from
the private key store (so a key rotation done elsewhere is seen at once: EXPIRED keys still verify until removed)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from mokta.engine import ids
from mokta.engine.keys import b64url_uint, rsa_signing_key
from mokta.http.errors import not_found
from mokta.seed_data import AS_KEYS_ROOT, PRIVATE_ROOT
from mokta.store.base import Tx
from mokta.types import Context, Document

SERVERS = "/api/v1/authorizationServers"
ORG_KEYS = f"{PRIVATE_ROOT}/keys/org"  # the org authorization server's private signing keys
PUBLISHED = ("ACTIVE", "NEXT", "EXPIRED")  # key statuses whose public half is served and still verifies


@dataclass(frozen=True, slots=True)
class AuthServer:
    """The org server (`id` None) or a custom one, as seen from the URL the caller used."""

    id: str | None
    doc: Document
    base_url: str

    @property
    def issuer(self) -> str:
        if self.id is None:
            return self.base_url
        stored = str(self.doc.get("issuer") or f"/oauth2/{self.id}")
        return self.base_url + stored if stored.startswith("/") else stored

    @property
    def audience(self) -> str:
        if self.id is None:
            return self.base_url
        audiences = self.doc.get("audiences") or []
        return str(audiences[0]) if audiences else f"api://{self.id}"

    @property
    def prefix(self) -> str:
        return "/oauth2/v1" if self.id is None else f"/oauth2/{self.id}/v1"

    def endpoint(self, name: str) -> str:
        return f"{self.base_url}{self.prefix}/{name}"

    @property
    def keys_root(self) -> str:
        return ORG_KEYS if self.id is None else f"{AS_KEYS_ROOT}/{self.id}"


def resolve(ctx: Context, server_id: str | None) -> AuthServer:
    """The server named in the path; an unknown or INACTIVE custom server is not found, as on Okta."""
    if server_id is None:
        return AuthServer(None, {}, ctx.request.base_url)
    doc = ctx.tx.get(ctx.org, f"{SERVERS}/{server_id}")
    if doc is None or doc.get("status") != "ACTIVE":
        raise not_found(f"Resource not found: {server_id} (AuthorizationServer)")
    return AuthServer(server_id, doc, ctx.request.base_url)


def private_keys(tx: Tx, org: str, server: AuthServer, *, create: bool = True) -> list[Document]:
    """The server's key documents in creation order; the org server gets its first key the first time it signs or
    publishes (checking a token never creates one: without a key no token of it can exist)."""
    keys = [doc for _, _, doc in tx.list(org, server.keys_root)]
    if not keys and server.id is None and create:
        jwk, pem = rsa_signing_key()
        doc = {"kid": jwk["kid"], "alg": "RS256", "status": "ACTIVE", "privateKeyPem": pem, "created": ids.now()}
        tx.put(org, f"{ORG_KEYS}/{jwk['kid']}", doc)
        keys = [doc]
    return keys


def signing_key(tx: Tx, org: str, server: AuthServer) -> Document | None:
    """The ACTIVE private key; a custom server in AUTO rotation whose `nextRotation` has passed rotates first."""
    if server.id is not None:
        from mokta.families.authorization_servers import keys  # the family owns rotation; loaded with the families

        keys.rotate_if_due(tx, org, server.id)
    return next((k for k in private_keys(tx, org, server) if k.get("status") == "ACTIVE" and k.get("privateKeyPem")),
                None)


def jwks(tx: Tx, org: str, server: AuthServer, *, create: bool = True) -> list[Document]:
    """The public JWKs tokens of this server may be verified with."""
    return [public_jwk(k) for k in private_keys(tx, org, server, create=create)
            if k.get("status") in PUBLISHED and k.get("privateKeyPem")]


def verification_key(tx: Tx, org: str, server: AuthServer, kid: str) -> Document | None:
    return next((k for k in jwks(tx, org, server, create=False) if k["kid"] == kid), None)


def public_jwk(doc: Document) -> Document:
    n, e = _public_numbers(str(doc["privateKeyPem"]))
    return {"kty": "RSA", "alg": "RS256", "kid": str(doc["kid"]), "use": "sig", "e": e, "n": n}


@lru_cache(maxsize=64)
def _public_numbers(pem: str) -> tuple[str, str]:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    numbers = key.public_key().public_numbers()
    return b64url_uint(numbers.n), b64url_uint(numbers.e)
