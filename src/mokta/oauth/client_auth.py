"""Who the OAuth client is: exactly one of Basic credentials, a posted secret or a signed `client_assertion`, and
it must be the method the app registered (`token_endpoint_auth_method`), as Okta insists."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from datetime import UTC, datetime
from urllib.parse import parse_qsl, unquote_plus

from mokta.engine.clients import active_client_jwks, active_client_secrets, client_app
from mokta.oauth import jose
from mokta.oauth.errors import invalid_client, invalid_request
from mokta.oauth.servers import AuthServer
from mokta.seed_data import PRIVATE_ROOT
from mokta.types import Context, Document

JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
USED_JTI = "oauth_client_jti"  # secrets-table kind: a client assertion's jti, kept until the assertion expires
JTI_PATH = f"{PRIVATE_ROOT}/oauth/clientAssertions"
MAX_ASSERTION_SECONDS = 3600  # Okta refuses assertions valid for more than an hour
SKEW = 60


def authenticate(ctx: Context, form: dict[str, str], server: AuthServer, endpoint: str) -> Document:
    """The active OIDC app the request authenticates as; every failure is Okta's 401 `invalid_client`."""
    method, client_id, secret = _presented(ctx, form)
    app = client_app(ctx.tx, ctx.org, client_id) if client_id else None
    if app is None or app.get("status", "ACTIVE") != "ACTIVE":
        raise invalid_client()
    registered = (((app.get("credentials") or {}).get("oauthClient") or {})
                  .get("token_endpoint_auth_method") or "client_secret_basic")
    if method != registered:
        raise invalid_client(f"The client is configured for '{registered}' authentication; "
                             f"the request used '{method}'.")
    if method in ("client_secret_basic", "client_secret_post"):
        held = active_client_secrets(ctx.tx, ctx.org, app)
        if not any(hmac.compare_digest(secret.encode(), s.encode()) for s in held):
            raise invalid_client()
    elif method in ("client_secret_jwt", "private_key_jwt"):
        _check_assertion(ctx, app, client_id, form["client_assertion"], method, server, endpoint)
    return app


def client_id_of(app: Document) -> str:
    return str(((app.get("credentials") or {}).get("oauthClient") or {}).get("client_id") or app["id"])


def _presented(ctx: Context, form: dict[str, str]) -> tuple[str, str, str]:
    """(method, client_id, secret) from whatever the request carries; more than one kind is an error."""
    header = ctx.request.headers.get("authorization", "")
    basic = header[:6].lower() == "basic "
    assertion = "client_assertion" in form or "client_assertion_type" in form
    posted = "client_secret" in form
    if sum((basic, assertion, posted)) > 1:
        raise invalid_request("Cannot supply multiple client credentials. Use one of the following: credentials in "
                              "the Authorization header, credentials in the post body, or a client_assertion in the "
                              "post body.")
    if basic:
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            raise invalid_client() from None
        client_id, sep, secret = decoded.partition(":")
        if not sep:
            raise invalid_client()
        return "client_secret_basic", unquote_plus(client_id), unquote_plus(secret)
    if assertion:
        if form.get("client_assertion_type") != JWT_BEARER:
            raise invalid_client("The client_assertion_type is invalid; it must be " + JWT_BEARER + ".")
        try:
            header_doc, claims, _, _ = jose.decode(form.get("client_assertion", ""))
        except jose.JoseError:
            raise invalid_client("The client_assertion is not a well-formed JWT.") from None
        alg = str(header_doc.get("alg") or "")
        method = "client_secret_jwt" if alg.startswith("HS") else "private_key_jwt"
        return method, str(form.get("client_id") or claims.get("sub") or ""), ""
    if posted:
        return "client_secret_post", form.get("client_id", ""), form["client_secret"]
    if form.get("client_id"):
        return "none", form["client_id"], ""
    raise invalid_client()


def _check_assertion(ctx: Context, app: Document, client_id: str, token: str, method: str, server: AuthServer,
                     endpoint: str) -> None:
    header, claims, signing_input, signature = jose.decode(token)
    alg = str(header.get("alg") or "")
    if method == "client_secret_jwt":
        ok = any(jose.verify_hmac(alg, s, signing_input, signature)
                 for s in active_client_secrets(ctx.tx, ctx.org, app))
    else:
        keys = active_client_jwks(ctx.tx, ctx.org, app)
        if header.get("kid"):
            keys = [k for k in keys if k.get("kid") == header["kid"]]
        ok = False
        for jwk in keys:
            try:
                if jose.verify_asymmetric(alg, jwk, signing_input, signature):
                    ok = True
                    break
            except jose.JoseError:
                continue  # a malformed key registered on the app verifies nothing
    if not ok:
        raise invalid_client("The client_assertion signature is invalid.")
    if claims.get("iss") != client_id or claims.get("sub") != client_id:
        raise invalid_client("The client_assertion token's 'iss' and 'sub' claims must be the client_id.")
    audiences = claims.get("aud")
    audiences = audiences if isinstance(audiences, list) else [audiences]
    if not ({endpoint, server.endpoint("token")} & {str(a) for a in audiences}):
        raise invalid_client(f"The audience claim for client_assertion must be the endpoint invoked for the "
                             f"request: '{endpoint}'.")
    now = time.time()
    exp = claims.get("exp")
    if not isinstance(exp, int | float) or isinstance(exp, bool) or exp <= now - SKEW:
        raise invalid_client("The client_assertion token is expired.")
    iat = claims.get("iat")
    start = iat if isinstance(iat, int | float) and not isinstance(iat, bool) else now
    if exp - start > MAX_ASSERTION_SECONDS + SKEW:
        raise invalid_client("The client_assertion token has an expiration too far in the future.")
    nbf = claims.get("nbf")
    if isinstance(nbf, int | float) and nbf > now + SKEW:
        raise invalid_client("The client_assertion token is not valid yet.")
    jti = claims.get("jti")
    if not isinstance(jti, str) or not jti:
        raise invalid_client("The client_assertion token must carry a 'jti' claim.")
    _spend_jti(ctx, client_id, jti, float(exp))


def _spend_jti(ctx: Context, client_id: str, jti: str, exp: float) -> None:
    """A jti is good once: it is kept (hashed, per client) until the assertion would have expired anyway."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    ctx.tx.purge_secrets(USED_JTI, now)
    digest = hashlib.sha256(f"{client_id}\x00{jti}".encode()).hexdigest()
    if ctx.tx.find_secret(digest, USED_JTI) is not None:
        raise invalid_client("The client_assertion token has already been used (jti replay).")
    expires = datetime.fromtimestamp(exp + SKEW, UTC).strftime("%Y-%m-%dT%H:%M:%S")
    ctx.tx.put_secret(ctx.org, digest, USED_JTI, JTI_PATH, expires)


def parse_form(ctx: Context) -> dict[str, str]:
    """The url-encoded body; a parameter given twice is refused, as RFC 6749 requires."""
    content_type = ctx.request.headers.get("content-type", "")
    if "application/x-www-form-urlencoded" not in content_type.lower():
        raise invalid_request("The request must be sent as application/x-www-form-urlencoded.")
    try:
        pairs = parse_qsl(ctx.request.body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        raise invalid_request("The request body is not valid UTF-8.") from None
    form: dict[str, str] = {}
    for name, value in pairs:
        if name in form:
            raise invalid_request(f"The '{name}' parameter may only be given once.")
        form[name] = value
    return form
