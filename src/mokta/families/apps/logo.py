"""App logos: a multipart upload of one image (PNG, JPEG, GIF or SVG, at most 1 MB), kept with the app and served
back at the URL the app's `_links.logo` names."""

from __future__ import annotations

import base64
from email.parser import BytesParser
from email.policy import HTTP

from mokta.engine import generic, ids
from mokta.engine.registry import extension, handles
from mokta.http.errors import invalid
from mokta.types import Context, Reply

APPS = "/api/v1/apps"
LOGOS_ROOT = "/mokta/appLogos"
LOGO_URL = "/mokta/v1/apps/{appId}/logo"
MAX_BYTES = 1024 * 1024
IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF87a": "image/gif",
               b"GIF89a": "image/gif"}


@handles("uploadApplicationLogo")
def upload_logo(ctx: Context) -> Reply:
    app_path = f"{APPS}/{ctx.path_params['appId']}"
    app = generic.load(ctx, app_path, "App")
    data = _file_part(ctx)
    kind = _image_type(data)
    if kind is None:
        raise invalid("file: must be a PNG, JPEG, GIF or SVG image")
    if len(data) > MAX_BYTES:
        raise invalid("file: must be at most 1 MB")
    version = ids.random_token(8)
    ctx.tx.put(ctx.org, f"{LOGOS_ROOT}/{app['id']}",
               {"type": kind, "data": base64.b64encode(data).decode(), "version": version}, listed=False)
    href = LOGO_URL.format(appId=app["id"]) + f"?v={version}"
    app.setdefault("_links", {})["logo"] = [{"name": "medium", "href": href, "type": kind}]
    app["lastUpdated"] = ids.now()
    ctx.tx.put(ctx.org, app_path, app)
    return Reply(201)


@extension("GET", LOGO_URL, public=True)
def serve_logo(ctx: Context) -> Reply:
    """Where `_links.logo` points: the uploaded image itself, as a CDN would serve it."""
    doc = generic.load(ctx, f"{LOGOS_ROOT}/{ctx.path_params['appId']}", "Logo")
    return Reply(200, base64.b64decode(doc["data"]), content_type=str(doc["type"]))


def _file_part(ctx: Context) -> bytes:
    """The `file` field of a multipart/form-data body."""
    ctype = ctx.request.headers.get("content-type", "")
    raw = ctx.body if isinstance(ctx.body, bytes) else b""
    if "multipart/form-data" not in ctype or not raw:
        raise invalid("file: is required (a multipart/form-data upload)")
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {ctype}\r\n\r\n".encode() + raw)
    for part in message.iter_parts() if message.is_multipart() else []:
        if part.get_param("name", header="content-disposition") == "file":
            payload = part.get_payload(decode=True)
            return payload if isinstance(payload, bytes) else b""
    raise invalid("file: is required (a multipart/form-data upload)")


def _image_type(data: bytes) -> str | None:
    for magic, kind in IMAGE_TYPES.items():
        if data.startswith(magic):
            return kind
    head = data[:512].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in data[:2048].lower()):
        return "image/svg+xml"
    return None
