"""What an OAuth client (an OPENID_CONNECT app) authenticates with: the one place the token endpoint asks and the
apps family answers, so how secrets and keys are stored can change without the OAuth runtime knowing.

Layout: the app at `/api/v1/apps/{appId}`; its client secrets at `/api/v1/apps/{appId}/credentials/secrets/{id}`
(status ACTIVE/INACTIVE, the value masked) with the plain value at `/mokta/clientSecrets/{appId}/{id}` (never
returned by the API); its client JWKs at `/api/v1/apps/{appId}/credentials/jwks/{keyId}` (status ACTIVE/INACTIVE),
mirrored in the app's `settings.oauthClient.jwks.keys`."""

from __future__ import annotations

from mokta.store.base import Tx
from mokta.types import Document

APPS = "/api/v1/apps"
SECRETS_ROOT = "/mokta/clientSecrets"


def client_app(tx: Tx, org: str, client_id: str) -> Document | None:
    """The OIDC app whose client_id this is (the app id doubles as the client id unless the app chose its own)."""
    doc = tx.get(org, f"{APPS}/{client_id}")
    if doc is not None and doc.get("signOnMode") == "OPENID_CONNECT":
        return doc
    for _, _, app in tx.list(org, APPS):
        client = (app.get("credentials") or {}).get("oauthClient") or {}
        if app.get("signOnMode") == "OPENID_CONNECT" and client.get("client_id") == client_id:
            return app
    return None


def active_client_secrets(tx: Tx, org: str, app: Document) -> list[str]:
    """The plain client secrets that authenticate this client now."""
    listed = tx.list(org, f"{APPS}/{app['id']}/credentials/secrets")
    if not listed:  # an app written before secrets were documents of their own
        minted = ((app.get("credentials") or {}).get("oauthClient") or {}).get("client_secret")
        return [str(minted)] if minted else []
    active = [f"{SECRETS_ROOT}/{app['id']}/{d['id']}" for _, _, d in listed if d.get("status") == "ACTIVE"]
    plains = tx.get_many(org, active)
    return [str(plains[p]["client_secret"]) for p in active if p in plains and plains[p].get("client_secret")]


def active_client_jwks(tx: Tx, org: str, app: Document) -> list[Document]:
    """The public keys a `private_key_jwt` assertion of this client may be signed with."""
    listed = tx.list(org, f"{APPS}/{app['id']}/credentials/jwks")
    if listed:
        return [doc for _, _, doc in listed if doc.get("status", "ACTIVE") == "ACTIVE" and doc.get("use") != "enc"]
    return [k for k in (((app.get("settings") or {}).get("oauthClient") or {}).get("jwks") or {}).get("keys") or []
            if isinstance(k, dict) and k.get("status", "ACTIVE") == "ACTIVE"]
