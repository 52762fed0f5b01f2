"""Who is calling: `SSWS <token>` or `SSWS<token>` (the Python SDK's spelling), looked up by hash every request, or
an org-authorization-server access token as `Bearer <token>` / `DPoP <token>` (the proof is not checked)."""

from __future__ import annotations

import hashlib

from mokta.http.errors import invalid_token
from mokta.store.base import Tx
from mokta.types import Caller

API_TOKEN = "api_token"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def authenticate(header: str, org: str, tx: Tx, base_url: str = "") -> Caller:
    """Resolve the Authorization header to a caller; anything unknown, malformed or revoked is E0000011."""
    header = header.strip()
    if header[:4].upper() == "SSWS":
        token = header[4:].strip()
        if not token:
            raise invalid_token()
        found = tx.find_secret_document(digest(token), API_TOKEN)
        if found is None or found[0] != org:
            raise invalid_token()
        doc = found[2]
        return Caller(user_id=str(doc.get("userId", "")), token_id=str(doc.get("id")))
    scheme, _, token = header.partition(" ")
    if scheme.lower() in ("bearer", "dpop") and token.strip():
        from mokta.oauth import bearer  # imported here: the OAuth runtime needs the users family, which needs us

        return bearer.caller(token.strip(), org, tx, base_url)
    raise invalid_token()
