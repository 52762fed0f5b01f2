"""The README's coverage table is generated from the code and must be current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_coverage_table_is_current() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "coverage_table.py"), "--check"], cwd=ROOT)
    assert result.returncode == 0, "README coverage table is stale: run python tools/coverage_table.py"


def test_readme_shows_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text()
    assert "make serve" in text and "make test" in text
