"""Run the coverage driver over every operation against a fresh server and print one line per operation that fails
(`python -m tests.coverage.report [substring]`): the quick loop for widening coverage."""

from __future__ import annotations

import re
import sys

from mokta.spec.catalog import Catalog
from tests.conftest import start_server, stop_server
from tests.coverage.driver import Driver
from tests.coverage.fixtures import EXTERNAL, ISOLATED


def main() -> int:
    only = sys.argv[1] if len(sys.argv) > 1 else ""
    catalog = Catalog.load()
    server = start_server("sqlite")
    failures = 0
    try:
        with server.client() as client:
            driver = Driver(client, catalog)
            for op_id in sorted(catalog.operations):
                if only not in op_id or op_id in ISOLATED:
                    continue
                op = catalog.operations[op_id]
                try:
                    out = driver.call(op)
                    if op_id in EXTERNAL:
                        status, code, _ = EXTERNAL[op_id]
                        ok = out.status == status and isinstance(out.body, dict) and out.body.get("errorCode") == code
                        problems = [] if ok else [f"external: got {out.status} {str(out.body)[:200]}"]
                    else:
                        problems = driver.check(out)
                except Exception as e:  # noqa: BLE001 - report and go on
                    problems = [f"driver: {e}"]
                if problems:
                    failures += 1
                    text = re.sub(r'"errorId": ?"[^"]*",?|"errorLink": ?"[^"]*",?', "", problems[0])
                    print(f"{op_id} {op.method} {op.path} :: {text[:400]}")
    finally:
        stop_server(server)
    print(f"{failures} failing", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
