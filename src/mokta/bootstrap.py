"""What a new org contains before anyone calls it: settings, a super admin and its token, and Okta's built-ins."""

from __future__ import annotations

from mokta import seed_data
from mokta.engine import ids
from mokta.http.auth import API_TOKEN, digest
from mokta.store.base import Tx
from mokta.types import Document

ADMIN_LOGIN = "admin@mokta.example"


def create_org(tx: Tx, *, host: str | None = None, is_default: bool = False, name: str = "mokta",
               api_token: str | None = None) -> tuple[str, str]:
    """Create and seed an org; returns (org id, admin API token)."""
    org = ids.new_id("00o")
    stamp = ids.now()
    tx.put_org(org, host, is_default, {"id": org, "name": name, "created": stamp})
    seed(tx, org, name, stamp)
    admin = admin_user_id(tx, org)
    token = mint_token(tx, org, admin or "", "mokta bootstrap", api_token)
    return org, token


def admin_user_id(tx: Tx, org: str) -> str | None:
    """The seeded super admin (found by login, since ids are random per org)."""
    for _, _, doc in tx.list(org, "/api/v1/users"):
        if doc.get("profile", {}).get("login") == ADMIN_LOGIN:
            return str(doc["id"])
    return None


def mint_token(tx: Tx, org: str, user_id: str, name: str, value: str | None = None) -> str:
    """Store an API token's metadata and its hash; the plain value is returned once and never stored."""
    token = value or "00" + ids.random_token(40)
    token_id = ids.new_id("00T")
    stamp = ids.now()
    path = f"/api/v1/api-tokens/{token_id}"
    tx.put(org, path, {
        "id": token_id, "name": name, "userId": user_id, "clientName": "Okta API", "created": stamp,
        "lastUpdated": stamp, "expiresAt": "2099-01-01T00:00:00.000Z", "tokenWindow": "P30D",
        "network": {"connection": "ANYWHERE"},
    })
    tx.put_secret(org, digest(token), API_TOKEN, path)
    return token


def seed(tx: Tx, org: str, name: str, stamp: str) -> None:
    for path, doc in seed_documents(org, name, stamp):
        tx.put(org, path, doc)


def seed_documents(org: str, name: str, stamp: str) -> list[tuple[str, Document]]:
    """The built-in objects, as (path, document) pairs in creation order (parents first)."""
    return seed_data.build(org, name, stamp, ADMIN_LOGIN)
