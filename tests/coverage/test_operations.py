"""Every operation of the catalog answers a valid request with its documented success code and a body that validates
against its response schema and parses in the official SDK's model (or, where success needs a party that isn't
there, with the error Okta gives)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mokta.spec.catalog import Catalog
from tests.conftest import Server, start_server, stop_server
from tests.coverage.driver import Driver
from tests.coverage.fixtures import EXTERNAL, ISOLATED

CATALOG = Catalog.load()
OPERATIONS = sorted(CATALOG.operations)


def test_catalog_has_every_operation() -> None:
    assert len(CATALOG.operations) == 715


@pytest.fixture(scope="session")
def driver(server: Server) -> Iterator[Driver]:
    with server.client() as client:
        yield Driver(client, CATALOG, server.backend)


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_operation(driver: Driver, operation_id: str) -> None:
    op = CATALOG.operations[operation_id]
    if operation_id in ISOLATED:
        own = start_server(driver.backend)
        try:
            with own.client() as client:
                outcome = Driver(client, CATALOG, driver.backend).call(op)
                problems = Driver(client, CATALOG, driver.backend).check(outcome)
        finally:
            stop_server(own)
        assert not problems, f"{op.method} {op.path}: " + "\n".join(problems)
        return
    outcome = driver.call(op)
    if operation_id in EXTERNAL:
        status, code, _why = EXTERNAL[operation_id]
        assert outcome.status == status, outcome.body
        assert isinstance(outcome.body, dict) and outcome.body.get("errorCode") == code, outcome.body
        return
    problems = driver.check(outcome)
    assert not problems, f"{op.method} {op.path}: " + "\n".join(problems)
