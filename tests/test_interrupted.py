"""A build killed part-way (SIGKILL) leaves what was published intact; the next build succeeds."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import as_new_version, copy_inputs, leftovers

# The progress line at which the build is killed, for each stage.
KILL_POINTS = {
    "writing_data": "[4/6] Writing",
    "validating_data": "[5/6] Validating",
    "charts_and_pages": "pages and charts",
    "mkdocs_site": "mkdocs build --strict",
    "copying_downloads": "downloads, checksums and catalogues",
}
BILAG = "sources/ast_aarsredegoerelse_2024/bilag_2_4.csv"


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build_command(root: Path) -> list[str]:
    return [sys.executable, "-m", "omgoerelse", "build", "--root", str(root)]


def kill_at(root: Path, marker: str) -> None:
    """Run the build and SIGKILL it the moment it reports `marker`."""
    process = subprocess.Popen(
        build_command(root),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    seen = []
    for line in process.stderr:
        seen.append(line)
        if marker in line:
            os.killpg(process.pid, signal.SIGKILL)
            break
    process.wait()
    assert process.returncode == -signal.SIGKILL, (
        f"the build ended before {marker!r}:\n{''.join(seen)}"
    )


@pytest.mark.parametrize("point", sorted(KILL_POINTS))
def test_a_killed_build_leaves_the_published_files_intact(point, built, tmp_path):
    root = tmp_path / "root"
    project = copy_inputs(root)
    shutil.copytree(built.datapackage, root / "datapackage")
    shutil.copytree(built.root / "site", root / "site")
    before = {out: digest(root / out) for out in ("datapackage", "site", "releases")}
    # A real change, so a half-published build would show.
    as_new_version(project)
    text = (root / BILAG).read_text(encoding="utf-8")
    (root / BILAG).write_text(text.replace("rådighedsvagt", "rådighedsvagter", 1), encoding="utf-8")

    kill_at(root, KILL_POINTS[point])
    after_kill = {out: digest(root / out) for out in ("datapackage", "site", "releases")}

    done = subprocess.run(build_command(root), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    final = digest(root / "datapackage")
    assert final != before["datapackage"]
    assert after_kill["releases"] == before["releases"]
    assert after_kill["site"] == before["site"], "the site is swapped in whole or not at all"
    # data and site are swapped in together, after every stage: a killed build published nothing
    assert after_kill["datapackage"] == before["datapackage"]
    left = leftovers(root)
    assert not left, (
        "the next build clears what the killed one left (the stamp is the finished build's record, "
        "the lock file is let go by the operating system)"
    )
    assert "rådighedsvagter" in (
        root / "site/data/latest/principmeddelelser/principmeddelelser.csv"
    ).read_text(encoding="utf-8")
