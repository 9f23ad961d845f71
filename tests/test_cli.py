"""Every command has --help; the build prints progress and where the data are."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import copy_inputs


@pytest.mark.parametrize("argv", [["--help"], ["build", "--help"], ["validate", "--help"]])
def test_help(argv):
    out = subprocess.run(
        [sys.executable, "-m", "omgoerelse", *argv], capture_output=True, text=True
    )
    assert out.returncode == 0 and "usage: omgoerelse" in out.stdout


def test_build_shows_progress_and_says_where_the_data_are(tmp_path):
    copy_inputs(tmp_path)
    out = subprocess.run(
        [sys.executable, "-m", "omgoerelse", "build", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert "[1/6]" in out.stderr and "[6/6]" in out.stderr
    assert "Data: datapackage/" in out.stdout and "Site: site/index.html" in out.stdout
    assert (tmp_path / "site" / "data" / "latest" / "datapackage.json").is_file()
