"""The columnar validation that guards publishing finds what Frictionless would find."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from omgoerelse.publish.validate import validate_packages

TABLE = "sager_efter_udfald"


def tamper(folder, old: str, new: str, fix_hash: bool = True) -> None:
    """Change the CSV; by default the descriptor's bytes and hash stay true: only rows are wrong."""
    csv_path = folder / f"{TABLE}.csv"
    text = csv_path.read_text(encoding="utf-8")
    assert old in text
    csv_path.write_bytes(text.replace(old, new, 1).encode("utf-8"))
    if fix_hash:
        descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        data = csv_path.read_bytes()
        descriptor["resources"][0].update(
            bytes=len(data), hash="sha256:" + hashlib.sha256(data).hexdigest()
        )
        (folder / "datapackage.json").write_text(
            json.dumps(descriptor, ensure_ascii=False), encoding="utf-8"
        )


@pytest.fixture
def package(built, tmp_path):
    folder = tmp_path / TABLE
    shutil.copytree(built.datapackage / TABLE, folder)
    return folder


def test_the_real_packages_are_valid(built):
    assert validate_packages(built.datapackage) == []


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (",11899,", ",11.899,", "11.899"),  # a count that is not an integer
        (",11899,", ",-1,", "constraint 'minimum'"),
        (",kommunale_sager,2024,", ",kommunale_sager,1999,", "constraint 'minimum'"),
        (",stadfaestet,", ",bekraeftet,", "not in udfald"),  # a code the code list lacks
        (",true,", ",ja,", "true"),  # a boolean written otherwise
    ],
)
def test_a_bad_cell_is_found(package, old, new, expected):
    tamper(package, old, new)
    problems = validate_packages(package)
    assert problems and any(expected in p for p in problems), problems


def test_a_repeated_key_and_a_changed_file_are_found(package):
    lines = (package / f"{TABLE}.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    tamper(package, lines[1], lines[1] + lines[1])
    assert any("repeat a primary key" in p for p in validate_packages(package))
    tamper(package, ",11899,", ",11898,", fix_hash=False)
    assert any("sha256 differs" in p for p in validate_packages(package))
