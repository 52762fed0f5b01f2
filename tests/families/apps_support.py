"""Direct access to a test server's store, for checks the API can't make (private documents, the OAuth client
contract the token endpoint reads)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mokta.store import open_store
from tests.conftest import Server


@contextmanager
def stored(server: Server) -> Iterator[tuple[Any, str]]:
    """An open transaction on the server's database and the id of its org."""
    url = server.database_url or "sqlite:///" + os.path.join(os.path.abspath(server.data_dir), "mokta.db")
    store = open_store(url)
    try:
        with store.transaction() as tx:
            yield tx, tx.orgs()[0][0]
    finally:
        store.close()
