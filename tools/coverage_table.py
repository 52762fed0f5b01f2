"""Write the README's coverage table from the code: per Okta family (spec tag), how many operations are served by
family logic and how many by the generic engine, plus the operations whose success needs an outside party.

Usage: python tools/coverage_table.py [--check] — rewrites the block between the coverage markers in README.md
(`--check` exits 1 when the README is stale instead)."""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from mokta.app import load_families  # noqa: E402
from mokta.engine.registry import HANDLERS  # noqa: E402
from mokta.spec.catalog import Catalog  # noqa: E402

BEGIN = "<!-- coverage:begin -->"
END = "<!-- coverage:end -->"


def table() -> str:
    from tests.coverage.fixtures import EXTERNAL

    load_families()
    catalog = Catalog.load()
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for op in catalog.operations.values():
        row = rows[op.tag or "Other"]
        row[0] += 1
        row[1 if op.id in HANDLERS else 2] += 1
    lines = ["| family (spec tag) | operations | family logic | generic engine |", "|---|---:|---:|---:|"]
    totals = [0, 0, 0]
    for tag in sorted(rows):
        n, fam, gen = rows[tag]
        totals = [totals[0] + n, totals[1] + fam, totals[2] + gen]
        lines.append(f"| {tag} | {n} | {fam} | {gen} |")
    lines.append(f"| **all** | **{totals[0]}** | **{totals[1]}** | **{totals[2]}** |")
    if EXTERNAL:
        lines += ["", "Operations whose success needs a party mokta can't reach; the coverage test asserts the error "
                  "Okta gives instead:", "", "| operation | answer | needs |", "|---|---|---|"]
        for op_id, (status, code, why) in sorted(EXTERNAL.items()):
            op = catalog.operations[op_id]
            lines.append(f"| `{op.method} {op.path}` ({op_id}) | {status} {code} | {why} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    readme = ROOT / "README.md"
    text = readme.read_text()
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    new = text[:start] + "\n" + table() + "\n" + text[end:]
    if args.check:
        return 0 if new == text else 1
    readme.write_text(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
