"""Release faults (issue 19, class 4): a release that fails or is killed at any of its steps leaves
the tree as it was and the same command then succeeds; versions are strict semver, increasing with
their dates; a released file edited together with its SHA256SUMS, or a release removed together
with its entry, stops the build."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import LAST, digest, leftovers, next_version, published_copy, quiet
from omgoerelse.core.checksums import SUMS, VERSION, file_hash, read_sums, sums_text
from omgoerelse.core.errors import BuildError
from omgoerelse.pipeline import build
from omgoerelse.publish.releases import load_releases, verify_releases
from omgoerelse.release import make_release

NEW = next_version(LAST, "major")  # a major step fits whatever the data changed since LAST
DATE = "2099-01-01"


def release_command(root: Path) -> list[str]:
    return [
        sys.executable,
        *("-m", "omgoerelse", "release", NEW, "--note", "En prøve."),
        *("--date", DATE, "--placeholder-address", "--root", str(root)),
    ]


def assert_released(root: Path, before: dict[str, str]) -> None:
    """NEW released once, verified, built and on the site; nothing else under releases/ changed."""
    from omgoerelse.core.project import Project

    project = Project.at(root)
    assert [r.version for r in verify_releases(project)][-2:] == [LAST, NEW]
    assert f"version: {NEW}" in (project.registry / "dataset.yaml").read_text(encoding="utf-8")
    assert (root / "site/data" / NEW / SUMS).read_bytes() == (
        root / "releases" / NEW / SUMS
    ).read_bytes()
    kept = {k: v for k, v in digest(root, ("releases",)).items() if f"releases/{NEW}/" not in k}
    assert {k: v for k, v in kept.items() if k != "releases/releases.yaml"} == {
        k: v
        for k, v in before.items()
        if k.startswith("releases/") and k != "releases/releases.yaml"
    }
    assert leftovers(root) == []


# Each step of a release, where a kill (exit 137, no clean-up) is injected.
RELEASE_KILL_POINTS = (
    "release:after-bump",
    "release:after-build",
    "release:before-rename",
    "release:after-rename",
    "release:after-list",
    "publish:between-site",  # inside the swap of the build that publishes the release
)


@pytest.mark.parametrize("point", RELEASE_KILL_POINTS)
def test_release_fault_killed_at_a_step_then_the_same_command_succeeds(point, built, tmp_path):
    root = tmp_path / "root"
    published_copy(built, root)
    before = digest(root)
    killed = subprocess.run(
        release_command(root),
        capture_output=True,
        text=True,
        env={**os.environ, "OMGOERELSE_FAULT": point},
    )
    assert killed.returncode == 137, killed.stderr
    again = subprocess.run(release_command(root), capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, again.stderr
    assert_released(root, before)


def full_disk(*_args, **_kwargs):
    raise OSError(28, "No space left on device")


def full_disk_listing(real_dump):
    """yaml.safe_dump failing as a full disk would, for the new entry of releases.yaml only (the
    build's CITATION.cff is written with it too)."""

    def safe_dump(data, *args, **kwargs):
        if isinstance(data, list) and data and {"version", "note"} <= set(data[0]):
            full_disk()
        return real_dump(data, *args, **kwargs)

    return safe_dump


# A step of a release that fails (and the process goes on): everything is put back at once.
RELEASE_FAILURES = {
    "full_disk_freezing": ("omgoerelse.publish.releases.add_zips", full_disk),
    "full_disk_listing": ("yaml.safe_dump", full_disk_listing(yaml.safe_dump)),
    "full_disk_building_the_site": ("omgoerelse.site.downloads.copy_downloads", full_disk),
}


@pytest.mark.parametrize("step", sorted(RELEASE_FAILURES))
def test_release_fault_a_failed_step_leaves_the_tree_as_it_was(step, built, tmp_path, monkeypatch):
    root = tmp_path / "root"
    project = published_copy(built, root)
    before = digest(root)
    monkeypatch.setattr(*RELEASE_FAILURES[step])
    with pytest.raises(BuildError, match="No space left on device"):
        make_release(
            project, NEW, "En prøve.", dt.date.fromisoformat(DATE), quiet, placeholder_ok=True
        )
    monkeypatch.undo()
    assert digest(root) == before, (
        "dataset.yaml not bumped, nothing in releases/, nothing published"
    )
    assert leftovers(root) == []


def set_release(project, listed: str, **changes) -> None:
    """Change the entry of version `listed` in releases.yaml."""
    path = project.releases / "releases.yaml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    for e in entries:
        if e["version"] == listed:
            e.update(changes)
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")


def first_release() -> str:
    from conftest import released_versions

    return released_versions()[0]


@pytest.mark.parametrize(
    "case", ["trailing_newline", "listed_with_newline", "dates_decreasing", "dated_before_last"]
)
def test_release_fault_versions_are_strict_and_increase_with_their_dates(case, tmp_path):
    from conftest import copy_inputs

    project = copy_inputs(tmp_path / "root")
    if case == "trailing_newline":  # the client checks versions with the same pattern
        assert VERSION.match(f"{LAST}\n") is None
    if case in ("trailing_newline", "dated_before_last"):
        before = digest(project.root)
        version, date = (f"{NEW}\n", dt.date(2099, 1, 1))
        if case == "dated_before_last":
            version, date = NEW, dt.date(2000, 1, 1)
        expected = "is not a version" if case == "trailing_newline" else "versions increase"
        with pytest.raises(BuildError, match=expected):
            make_release(project, version, "En prøve.", date, quiet, placeholder_ok=True)
        assert digest(project.root) == before and leftovers(project.root) == []
        return
    if case == "listed_with_newline":
        set_release(project, LAST, version=f"{LAST}\n")
        expected = "is not a version"
    else:
        set_release(project, LAST, date=dt.date(2000, 1, 1))
        expected = "versions increase with their release dates"
    with pytest.raises(BuildError, match=expected):
        load_releases(project)


def edit_released(folder: Path, name: str, descriptor: bool = False) -> None:
    """Change a released file and write its new sha256 into SHA256SUMS (and, if asked, into its
    table's datapackage.json), as someone covering their tracks would."""
    path = folder / name
    old = file_hash(path)
    path.write_bytes(path.read_bytes().replace(b"1", b"2", 1))
    new = file_hash(path)
    if descriptor:
        table = path.parent / "datapackage.json"
        table.write_text(table.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    sums = read_sums(folder / SUMS)
    sums.update({k: file_hash(folder / k) for k in sums if k.endswith(("datapackage.json", name))})
    (folder / SUMS).write_text(sums_text(sums), encoding="utf-8")


@pytest.mark.parametrize(
    "name, descriptor",
    [
        ("aarsag/aarsag.csv", False),
        ("sager_efter_udfald/sager_efter_udfald.parquet", False),
        ("aarsag/LAESEVEJLEDNING.md", False),
        ("aarsag/aarsag.csv", True),
    ],
    ids=["csv", "parquet", "reading_guide", "csv_and_its_table_descriptor"],
)
def test_release_fault_a_released_file_edited_with_its_sums_stops_the_build(
    name, descriptor, tmp_path
):
    from conftest import copy_inputs

    project = copy_inputs(tmp_path / "root")
    edit_released(project.releases / LAST, name, descriptor)
    with pytest.raises(BuildError, match=rf"{name}: released in {LAST} with sha256"):
        build(project, say=quiet, write=False)


@pytest.mark.parametrize("which", ["last", "first"])
def test_release_fault_a_release_removed_with_its_entry_stops_the_build(which, built, tmp_path):
    import shutil

    root = tmp_path / "root"
    project = published_copy(built, root)
    version = LAST if which == "last" else first_release()
    shutil.rmtree(project.releases / version)
    path = project.releases / "releases.yaml"
    entries = [e for e in yaml.safe_load(path.read_text("utf-8")) if e["version"] != version]
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = digest(root)
    with pytest.raises(BuildError, match=rf"version {version} was published and is gone"):
        build(project, say=quiet)
    assert digest(root) == before
