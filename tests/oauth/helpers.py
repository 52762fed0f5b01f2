"""OAuth clients as a test builds them: apps registered through the management API, keys and assertions made with
PyJWT (an implementation independent of mokta's), and direct store access for what only time or a rotation does."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from tests.conftest import Server

JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


@dataclass
class Client:
    """A registered OAuth client and the credentials it holds."""

    app: dict[str, Any]
    client_id: str
    secret: str | None = None
    private_key: Any = None
    kid: str | None = None


def rsa_jwk(kid: str | None = None) -> tuple[rsa.RSAPrivateKey, dict[str, Any]]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid=kid or uuid.uuid4().hex[:12], use="sig", alg="RS256")
    return key, jwk


def ec_jwk(kid: str | None = None) -> tuple[ec.EllipticCurvePrivateKey, dict[str, Any]]:
    key = ec.generate_private_key(ec.SECP256R1())
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid=kid or uuid.uuid4().hex[:12], use="sig", alg="ES256")
    return key, jwk


def pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def make_client(api: httpx.Client, method: str = "client_secret_basic", grant_types: list[str] | None = None,
                jwks: list[dict[str, Any]] | None = None, grants: list[str] = (), refresh_rotation: str | None = None
                ) -> Client:
    """An OIDC app with this token endpoint auth method (and admin consent to `grants` okta.* scopes)."""
    grant_types = grant_types or ["client_credentials"]
    service = grant_types == ["client_credentials"]  # a service app may use no other grant
    settings: dict[str, Any] = {"grant_types": grant_types, "application_type": "service" if service else "web",
                                "redirect_uris": ["http://localhost/cb"]}
    if service or "authorization_code" in grant_types:
        settings["response_types"] = ["token"] if service else ["code"]
    if jwks is not None:
        settings["jwks"] = {"keys": jwks}
    if refresh_rotation:
        settings["refresh_token"] = {"rotation_type": refresh_rotation, "leeway": 0}
    body = {"name": "oidc_client", "label": "client " + uuid.uuid4().hex[:8], "signOnMode": "OPENID_CONNECT",
            "credentials": {"oauthClient": {"token_endpoint_auth_method": method}},
            "settings": {"oauthClient": settings}}
    resp = api.post("/api/v1/apps", json=body)
    assert resp.status_code == 200, resp.text
    app = resp.json()
    for scope in grants:
        granted = api.post(f"/api/v1/apps/{app['id']}/grants", json={"issuer": str(api.base_url).rstrip("/"),
                                                                       "scopeId": scope})
        assert granted.status_code == 201, granted.text
    client = app["credentials"]["oauthClient"]
    return Client(app, client["client_id"], client.get("client_secret"))


def assertion(client_id: str, aud: str, key: Any, alg: str = "RS256", kid: str | None = None,
              **claims: Any) -> str:
    now = int(time.time())
    body = {"iss": client_id, "sub": client_id, "aud": aud, "iat": now, "exp": now + 300, "jti": uuid.uuid4().hex}
    body.update(claims)
    body = {k: v for k, v in body.items() if v is not None}
    return jwt.encode(body, key, algorithm=alg, headers={"kid": kid} if kid else None)


def token(server: Server, path: str = "/oauth2/v1", **data: str) -> httpx.Response:
    return httpx.post(f"{server.url}{path}/token", data=data, timeout=30)


def basic_token(server: Server, client: Client, path: str = "/oauth2/v1", **data: str) -> httpx.Response:
    return httpx.post(f"{server.url}{path}/token", data=data, auth=(client.client_id, client.secret or ""),
                      timeout=30)


def jwks_verify(server: Server, path: str, access_token: str, audience: str, issuer: str) -> dict[str, Any]:
    """Verify a token the way a resource server does: published keys by kid, PyJWT doing the cryptography."""
    keys = httpx.get(f"{server.url}{path}/keys").json()["keys"]
    kid = jwt.get_unverified_header(access_token)["kid"]
    jwk = next(k for k in keys if k["kid"] == kid)
    public = jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(jwk))
    return jwt.decode(access_token, public, algorithms=["RS256"], audience=audience, issuer=issuer)


