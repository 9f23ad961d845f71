"""A rebuild with nothing changed does nothing; any changed input or output means a full build."""

from __future__ import annotations

import hashlib

import pytest

from conftest import as_new_version, copy_inputs, quiet
from omgoerelse.core.errors import BuildError
from omgoerelse.pipeline import build

CSV = "datapackage/sager_efter_udfald/sager_efter_udfald.csv"


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_rebuild_skips_only_when_inputs_and_outputs_are_unchanged(tmp_path):
    project = copy_inputs(tmp_path / "root")
    assert not build(project, say=quiet, site=False).skipped
    before = _digest(project.root / CSV)

    again = build(project, say=quiet, site=False)
    assert again.skipped and _digest(project.root / CSV) == before, "nothing changed: nothing done"

    (project.root / "sources/register.yaml").touch()  # a newer date, the same content
    assert build(project, say=quiet, site=False).skipped

    (project.root / CSV).write_text("tampered\n", encoding="utf-8")  # an output changed by hand
    assert not build(project, say=quiet, site=False).skipped
    assert _digest(project.root / CSV) == before, "the full build wrote it anew"

    assert not build(project, say=quiet, site=False, force=True).skipped

    as_new_version(project)  # an input changed
    assert not build(project, say=quiet, site=False).skipped
    assert build(project, say=quiet, site=False).skipped


def test_a_failed_build_leaves_no_stamp_so_the_next_one_builds(tmp_path):
    project = copy_inputs(tmp_path / "root")
    build(project, say=quiet, site=False)
    spec = project.root / "build/specs/afgjorte_sager.yaml"
    good = spec.read_text(encoding="utf-8")
    spec.write_text(good.replace("primary_key:", "primary_keyy:"), encoding="utf-8")
    with pytest.raises(BuildError):
        build(project, say=quiet, site=False)
    spec.write_text(good, encoding="utf-8")  # back to the inputs of the last good build
    assert not (project.root / ".build-stamp.json").exists()
    assert not build(project, say=quiet, site=False).skipped
