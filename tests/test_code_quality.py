"""ruff and mypy are part of the test run: a lint or type error fails the suite like a failing test.

Every Python file of the project is checked: the package, the tests, the scripts, the
benchmarks and main.py (the scripts and benchmarks are what a developer runs; a type error in
them is found here, not when someone next needs them)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS = Path(sys.executable).parent
CHECKED = ["careplan", "tests", "scripts", "benchmarks", "main.py"]
TYPED = ["careplan", "scripts", "benchmarks", "main.py"]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(command), capture_output=True, text=True, cwd=ROOT, check=False)


def test_ruff_finds_nothing() -> None:
    done = run(str(TOOLS / "ruff"), "check", "--no-cache", *CHECKED)
    assert done.returncode == 0, done.stdout + done.stderr


def test_code_is_formatted() -> None:
    done = run(str(TOOLS / "ruff"), "format", "--check", "--no-cache", *CHECKED)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing() -> None:
    done = run(str(TOOLS / "mypy"), *TYPED)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Success: no issues found"), done.stdout
