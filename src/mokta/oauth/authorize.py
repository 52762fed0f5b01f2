"""The authorization-code flow: `authorize` checks the client and its redirect URI, signs the user in with a plain
HTML form (mokta keeps no browser session, so every authorization asks), and redirects back with a one-time code
bound to the client, the redirect URI and the PKCE challenge; the token endpoint redeems it once."""

from __future__ import annotations

import base64
import hashlib
import html
import secrets
import time
from urllib.parse import urlencode

from mokta.engine import ids, uniques
from mokta.engine.clients import client_app
from mokta.families.users import credentials, lookup
from mokta.oauth import client_auth, policy, servers
from mokta.oauth.errors import OAuthError, invalid_grant
from mokta.oauth.servers import AuthServer
from mokta.seed_data import PRIVATE_ROOT
from mokta.types import Context, Document, Reply

CODES = f"{PRIVATE_ROOT}/oauth/codes"
CODE_KIND = "oauth_authorization_code"
CODE_SECONDS = 300
CARRIED = ("client_id", "response_type", "redirect_uri", "scope", "state", "nonce", "code_challenge",
           "code_challenge_method", "response_mode", "prompt", "login_hint")


def authorize(ctx: Context, server_id: str | None) -> Reply:
    server = servers.resolve(ctx, server_id)
    params = {k: v[-1] for k, v in ctx.request.query.items() if v}
    if ctx.request.method == "POST":
        try:
            params.update(client_auth.parse_form(ctx))
        except OAuthError:
            pass  # a malformed form counts as no form: the sign-in page is shown again
    app, problem = _client(ctx, params)
    if app is None:
        return Reply(400, {"error": "invalid_request", "error_description": problem})
    redirect = params["redirect_uri"]
    if params.get("response_type") != "code":
        return _back(redirect, params, {"error": "unsupported_response_type",
                                        "error_description": "The response type is not supported by the "
                                                             "authorization server. Supported: code."})
    allowed = ((app.get("settings") or {}).get("oauthClient") or {}).get("grant_types") or ["authorization_code"]
    if "authorization_code" not in allowed:
        return _back(redirect, params, {"error": "unauthorized_client", "error_description":
                                        "The client is not authorized to use the authorization_code grant."})
    method = ((app.get("credentials") or {}).get("oauthClient") or {}).get("token_endpoint_auth_method")
    challenge, how = params.get("code_challenge"), params.get("code_challenge_method")
    if (challenge or how) and (how != "S256" or not challenge or len(challenge) < 43):
        return _back(redirect, params, {"error": "invalid_request", "error_description":
                                        "PKCE requires a code_challenge of 43 or more characters and "
                                        "code_challenge_method S256."})
    if method == "none" and not challenge:
        return _back(redirect, params, {"error": "invalid_request",
                                        "error_description": "PKCE code challenge is required for public clients."})
    if "openid" not in policy.requested_scopes(params.get("scope")) and server.id is None:
        return _back(redirect, params, {"error": "invalid_scope",
                                        "error_description": "The 'openid' scope is required."})
    username, password = params.get("username"), params.get("password")
    if not username or not password:
        if params.get("prompt") == "none":
            return _back(redirect, params, {"error": "login_required",
                                            "error_description": "The user is not signed in."})
        return _sign_in(ctx, server, params, "")
    user = authenticate_user(ctx, username, password)
    if user is None:
        return _sign_in(ctx, server, params, "Unable to sign in: the username or password is wrong.", 401)
    client_id = client_auth.client_id_of(app)
    try:
        decision = policy.decide(ctx, server, client_id, "authorization_code",
                                 policy.requested_scopes(params.get("scope")), user,
                                 lookup.group_ids(ctx, str(user["id"])))
    except OAuthError as e:  # the client learns it at its redirect URI
        return _back(redirect, params, {"error": e.error, "error_description": e.description})
    for _, stale, doc in ctx.tx.list(ctx.org, CODES):  # codes never redeemed go once they expire
        if int(doc.get("exp") or 0) <= time.time():
            ctx.tx.delete_tree(ctx.org, stale)
    code = secrets.token_urlsafe(32)
    cid = ids.new_id("oac")
    ctx.tx.put(ctx.org, f"{CODES}/{cid}", {
        "server": server.id or "", "cid": client_id, "uid": user["id"], "scp": decision.scopes,
        "redirect_uri": redirect, "challenge": challenge, "nonce": params.get("nonce"),
        "exp": int(time.time()) + CODE_SECONDS})
    ctx.tx.put_secret(ctx.org, _digest(code), CODE_KIND, f"{CODES}/{cid}")
    return _back(redirect, params, {"code": code})


def redeem(ctx: Context, server: AuthServer, client_id: str, form: dict[str, str]) -> Document:
    """The code's grant, used up; a wrong client, redirect URI or PKCE verifier is `invalid_grant`."""
    found = ctx.tx.find_secret_document(_digest(form.get("code") or ""), CODE_KIND)
    if found is None or found[0] != ctx.org:
        raise invalid_grant("The authorization code is invalid or has expired.")
    _, path, record = found
    ctx.tx.delete_tree(ctx.org, path)  # one use only, whatever happens next
    if (record.get("cid") != client_id or record.get("server") != (server.id or "")
            or int(record.get("exp") or 0) <= time.time()):
        raise invalid_grant("The authorization code is invalid or has expired.")
    if form.get("redirect_uri") != record.get("redirect_uri"):
        raise invalid_grant("The 'redirect_uri' does not match the redirection URI used in the authorization "
                            "request.")
    if record.get("challenge"):
        verifier = form.get("code_verifier") or ""
        computed = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if not verifier or not secrets.compare_digest(computed, str(record["challenge"])):
            raise invalid_grant("PKCE verification failed.")
    return record


def _client(ctx: Context, params: dict[str, str]) -> tuple[Document | None, str]:
    app = client_app(ctx.tx, ctx.org, params.get("client_id") or "") if params.get("client_id") else None
    if app is None or app.get("status", "ACTIVE") != "ACTIVE":
        return None, "The 'client_id' parameter is invalid or the client is not active."
    uris = ((app.get("settings") or {}).get("oauthClient") or {}).get("redirect_uris") or []
    if not params.get("redirect_uri") or params["redirect_uri"] not in uris:
        return None, "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings."
    return app, ""


def authenticate_user(ctx: Context, username: str, password: str) -> Document | None:
    """The ACTIVE user with this login and password, if any."""
    path = ctx.tx.unique_owner(ctx.org, lookup.LOGIN_SCOPE, uniques.normalized(username))
    user = ctx.tx.get(ctx.org, path) if path else None
    if user is None or user.get("status") != "ACTIVE" or not credentials.verify(ctx, str(user["id"]), password):
        return None
    return user


def _back(redirect: str, params: dict[str, str], values: dict[str, str]) -> Reply:
    """Return to the client: query (the default for `code`), fragment, or an auto-submitted form_post."""
    if params.get("state") is not None:
        values = {**values, "state": params["state"]}
    mode = params.get("response_mode") or "query"
    if mode == "form_post":
        fields = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                         for k, v in values.items())
        page = (f'<!DOCTYPE html><html><body onload="document.forms[0].submit()"><form method="post" '
                f'action="{html.escape(redirect)}">{fields}</form></body></html>')
        return Reply(200, page, content_type="text/html; charset=utf-8")
    separator = "#" if mode == "fragment" else ("&" if "?" in redirect else "?")
    return Reply(302, b"", [("Location", redirect + separator + urlencode(values))])


def _sign_in(ctx: Context, server: AuthServer, params: dict[str, str], message: str, status: int = 200) -> Reply:
    """A bare sign-in form posting back to `authorize` with the request's own parameters."""
    hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(params[k])}">'
                     for k in CARRIED if params.get(k) is not None)
    note = f'<p role="alert">{html.escape(message)}</p>' if message else ""
    login = html.escape(params.get("login_hint") or "")
    page = ("<!DOCTYPE html><html><head><title>Sign In</title></head><body><h1>Sign In</h1>" + note +
            f'<form method="post" action="{html.escape(server.endpoint("authorize"))}">{hidden}'
            f'<label>Username <input name="username" value="{login}" autocomplete="username"></label>'
            '<label>Password <input name="password" type="password" autocomplete="current-password"></label>'
            '<button type="submit">Sign In</button></form></body></html>')
    return Reply(status, page, content_type="text/html; charset=utf-8")


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()

