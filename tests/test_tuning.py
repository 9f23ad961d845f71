"""The optimisations switched off one by one or all at once (OMGOERELSE_PLAIN): the plain code
makes the same files, byte for byte, so every optimisation is only about speed and memory."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, as_new_version, copy_inputs
from omgoerelse.bench.synthetic import synthetic_tabel_4_8
from omgoerelse.core import tuning


def files(root: Path, *parts: str) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for part in parts
        for p in sorted((root / part).rglob("*"))
        if p.is_file()
    }


def cli_build(root: Path, plain: str | None, *extra: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != tuning.ENV}
    if plain:
        env[tuning.ENV] = plain
    subprocess.run(
        [sys.executable, "-m", "omgoerelse", "build", "--root", str(root), "--force", *extra],
        check=True,
        env=env,
        capture_output=True,
    )


def test_with_every_optimisation_off_the_real_build_makes_the_same_files(built, tmp_path):
    plain = copy_inputs(tmp_path / "plain")
    cli_build(plain.root, "all")
    tuned = files(built.root, "datapackage", "site")
    assert tuned and files(plain.root, "datapackage", "site") == tuned


def synthetic(root: Path, plain: str | None) -> dict[str, str]:
    project = copy_inputs(root)
    as_new_version(project)
    synthetic_tabel_4_8(project.root, 1500)
    cli_build(project.root, plain, "--no-site")
    return files(project.root, "datapackage")


@pytest.fixture(scope="module")
def tuned_synthetic(tmp_path_factory) -> dict[str, str]:
    return synthetic(tmp_path_factory.mktemp("tuned"), None)


@pytest.mark.parametrize("switched_off", ["all", "two_checks,csv_ahead"])
def test_generated_provisions_give_the_same_files_tuned_and_plain(
    tuned_synthetic, tmp_path, switched_off
):
    assert len(tuned_synthetic) > 20
    assert synthetic(tmp_path, switched_off) == tuned_synthetic


def test_an_unknown_name_is_an_error_not_a_silent_tuned_build(monkeypatch):
    monkeypatch.setenv(tuning.ENV, "two_check")
    with pytest.raises(ValueError, match="two_check"):
        tuning.plain("two_checks")


def test_every_optimisation_has_a_switch_in_the_code_and_every_switch_is_declared():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "src").rglob("*.py"))
    used = set(re.findall(r"\b(?:on|plain)\(\"([a-z_]+)\"\)", code))
    assert used == set(tuning.OPTIMISATIONS)
