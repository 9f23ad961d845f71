"""The code's style holds: ruff's lint and format, mypy's types, and no module over 400 lines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MAX_LINES = 400  # a module a newcomer can read in one sitting; split a larger one by what it does

pytestmark = pytest.mark.style


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """A tool run as `python -m ...` from the repository root, its output captured."""
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, check=False
    )


def test_ruff_finds_nothing():
    result = run("ruff", "check", "--no-cache", "src", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_changes_nothing():
    result = run("ruff", "format", "--check", "--no-cache", "src", "tests")
    assert result.returncode == 0, "run `ruff format src tests`\n" + result.stdout + result.stderr


def test_mypy_finds_nothing():
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_is_longer_than_max_lines():
    modules = sorted((REPO / "src").rglob("*.py"))
    assert modules
    long = {
        p.relative_to(REPO).as_posix(): n
        for p in modules
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split by what they do (at most {MAX_LINES} lines each): {long}"
