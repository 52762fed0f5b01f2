"""The official Okta Node.js SDK (tests/node, installed by `make test`) against a live mokta: creating and paging
users, groups and apps into its model classes, its error type, and PrivateKey mode with a scope-limited token."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import Server

NODE_DIR = Path(__file__).resolve().parent.parent / "node"


def run_node_sdk(server: Server) -> dict[str, object]:
    node = shutil.which("node")
    assert node, "Node.js is needed for the Node SDK tests"
    assert (NODE_DIR / "node_modules" / "@okta" / "okta-sdk-nodejs").is_dir(), (
        "the Node SDK is not installed: `make test` runs npm ci in tests/node")
    done = subprocess.run([node, str(NODE_DIR / "sdk_run.js")], capture_output=True, text=True, timeout=180,
                          env=dict(os.environ, MOKTA_URL=server.url, MOKTA_TOKEN=server.token))
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_node_sdk_end_to_end(server: Server) -> None:
    seen = run_node_sdk(server)
    assert len(seen["createdLogins"]) == 3
    assert seen["pagedLogins"] == seen["createdLogins"]  # limit=2: the SDK followed the `next` link
    assert seen["userStatus"] == "STAGED" and seen["userClass"] == "UserGetSingleton"
    assert seen["groupType"] == "OKTA_GROUP" and seen["members"] == [seen["userId"]]
    assert seen["bookmarkClass"] == "BookmarkApplication" and seen["bookmarkStatus"] == "ACTIVE"
    assert seen["missing"] == {"status": 404, "errorCode": "E0000007", "name": "OktaApiError"}
    assert seen["privateKeyLogins"] == seen["createdLogins"]  # a token from /oauth2/v1/token, DPoP proof and all
    assert seen["ungranted"] == {"status": 403, "errorCode": "E0000006"}
