"""The real build: it passes, is deterministic, matches what is committed, and validates."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import REPO, copy_inputs, quiet
from omgoerelse.pipeline import build
from omgoerelse.publish.validate import validate_folder


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_byte_identical(built, tmp_path):
    again = copy_inputs(tmp_path)
    build(again, say=quiet)
    assert tree_digest(again.datapackage) == tree_digest(built.datapackage)
    assert tree_digest(again.root / "site") == tree_digest(built.root / "site")


def test_committed_datapackage_is_what_the_sources_build(built):
    assert tree_digest(REPO / "datapackage") == tree_digest(built.datapackage)


def test_every_package_validates_with_frictionless(built):
    assert validate_folder(built.datapackage) == []
    assert len(list(built.datapackage.glob("*/datapackage.json"))) >= 8


def test_frictionless_command_line_validates_a_table_package(built):
    import subprocess

    out = subprocess.run(
        ["frictionless", "validate", "datapackage.json"],
        cwd=built.datapackage / "sager_efter_udfald",
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout[-2000:]
    assert "INVALID" not in out.stdout
