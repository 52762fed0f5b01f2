"""The official `okta` SDK 3.4.6, unmodified, against a live mokta on each store backend.

The SDK is async-only; tests here are `async def` and run on a fresh event loop each (no pytest-asyncio needed).
"""

from __future__ import annotations

import asyncio
import inspect
import os

import pytest
from okta.client import Client

from tests.conftest import Server

# The SDK refuses plain-http org URLs unless this is set; it can't go in the config dict.
os.environ["OKTA_TESTING_TESTINGDISABLEHTTPSCHECK"] = "true"


@pytest.fixture()
def okta(server: Server) -> Client:
    return Client({"orgUrl": server.url, "token": server.token})


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run coroutine tests with `asyncio.run`, the way an SDK user's script would."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(pyfuncitem.obj(**args))
    return True
