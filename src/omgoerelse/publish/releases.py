"""Releases: a version's files, frozen in releases/<version>/ and never changed again.

`omgoerelse release` copies what the build emitted into releases/<version>/ with a zip per table,
the changelog against the previous release and a SHA256SUMS of every file, and lists the version in
releases/releases.yaml. Every build checks every release against its SHA256SUMS, and refuses to emit
files for a released version that differ from the frozen ones.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import yaml

from omgoerelse.core.checksums import SUMS, file_hashes, parse_version, read_sums, sums_text
from omgoerelse.core.durable import write_durably
from omgoerelse.core.errors import BuildError, Problem, raise_if
from omgoerelse.core.faults import fault_point
from omgoerelse.core.project import Project
from omgoerelse.core.yamlio import load_yaml
from omgoerelse.publish.release_checks import descriptor_problems, vanished_versions

REGISTER = "releases.yaml"
CHANGELOG = "CHANGELOG.json"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Files a release adds to what the build emitted; the build's own files are compared without them.
RELEASE_ONLY = re.compile(r"(^|/)(SHA256SUMS|CHANGELOG\.json|[^/]+\.zip)$")


@dataclass(frozen=True)
class Release:
    version: str
    date: dt.date
    note: str
    folder: Path


def load_releases(project: Project) -> list[Release]:
    """The released versions, oldest first, as releases/releases.yaml lists them."""
    path = project.releases / REGISTER
    if not path.exists():
        return []
    shown = project.rel(path)
    entries = load_yaml(path, shown) or []
    if not isinstance(entries, list):
        raise BuildError(Problem(shown, "expected a list of releases"))
    releases, problems = [], []
    for i, e in enumerate(entries, 1):
        if not isinstance(e, dict) or not {"version", "date", "note"} <= set(e):
            problems.append(Problem(shown, f"release {i}: needs version, date and note"))
            continue
        parse_version(e["version"], shown)
        releases.append(
            Release(
                str(e["version"]),
                e["date"],
                str(e["note"]).strip(),
                project.releases / str(e["version"]),
            )
        )
        if not isinstance(e["date"], dt.date):
            problems.append(Problem(shown, f"release {i}: date must be a date, YYYY-MM-DD"))
    raise_if(problems)
    versions = [parse_version(r.version) for r in releases]
    if versions != sorted(set(versions)):
        raise BuildError(Problem(shown, "releases must be listed oldest first, each version once"))
    for before, after in pairwise(releases):
        if after.date < before.date:
            raise BuildError(
                Problem(
                    shown,
                    f"{after.version} is dated {after.date}, before {before.version} "
                    f"({before.date}): versions increase with their release dates",
                )
            )
    return releases


def verify_releases(project: Project) -> list[Release]:
    """Every released file is there, unchanged, and nothing was added: else the build stops."""
    releases = load_releases(project)
    problems = []
    listed = {r.version for r in releases}
    if project.releases.exists():
        for folder in sorted(
            p for p in project.releases.iterdir() if p.is_dir() and not p.name.startswith(".")
        ):
            if folder.name not in listed:
                problems.append(
                    Problem(
                        project.rel(folder),
                        f"not listed in {REGISTER}: a release folder is made only by "
                        "`omgoerelse release`",
                    )
                )
    for r in releases:
        sums_path = r.folder / SUMS
        if not sums_path.is_file():
            problems.append(
                Problem(project.rel(sums_path), "missing: the release cannot be verified")
            )
            continue
        expected = read_sums(sums_path, project.rel(sums_path))
        actual = {k: v for k, v in file_hashes(r.folder).items() if k != SUMS}
        for name in sorted(set(expected) | set(actual)):
            if expected.get(name) != actual.get(name):
                what = (
                    "is missing"
                    if name not in actual
                    else "was added"
                    if name not in expected
                    else "has changed"
                )
                problems.append(
                    Problem(
                        project.rel(r.folder / name),
                        f"released in {r.version} and {what}; a released version never changes",
                    )
                )
        problems += descriptor_problems(project, r.version, r.folder)
    problems += vanished_versions(project, listed)
    raise_if(problems)
    return releases


class ReleasedVersionChanged(Exception):
    """The build would change a released version's files: it must build as an unreleased one."""

    def __init__(self, version: str, differ: list[str]):
        self.version, self.differ = version, differ
        super().__init__(f"{version}: {', '.join(differ[:3])}")


def _frozen(releases: list[Release], version: str) -> dict[str, str] | None:
    """The released files of `version` that a build writes, with their sha256; None when that
    version is not released."""
    release = next((r for r in releases if r.version == version), None)
    if release is None:
        return None
    return {k: v for k, v in read_sums(release.folder / SUMS).items() if not RELEASE_ONLY.search(k)}


def guard_released_version(releases: list[Release], version: str, staging: Path) -> None:
    """The build may re-emit a released version only byte for byte."""
    frozen = _frozen(releases, version)
    if frozen is None:
        return
    _same_or_raise(version, frozen, file_hashes(staging))


def _same_or_raise(version: str, frozen: dict[str, str], emitted: dict[str, str]) -> None:
    differ = sorted(n for n in set(frozen) | set(emitted) if frozen.get(n) != emitted.get(n))
    if differ:
        raise ReleasedVersionChanged(version, differ)


def table_guard(releases: list[Release], version: str) -> Callable[[Path], None] | None:
    """The same guard for one table's folder as soon as it is written (the optimisation
    `early_guard`): a build that changes a released version then stops writing it at the first
    table that differs, rather than after all of them. The whole staging folder is still
    guarded at the end; this only says "changed" sooner."""
    frozen = _frozen(releases, version)
    if frozen is None:
        return None

    def check(folder: Path) -> None:
        emitted = {f"{folder.name}/{k}": v for k, v in file_hashes(folder).items()}
        mine = {k: v for k, v in frozen.items() if k.startswith(f"{folder.name}/")}
        _same_or_raise(version, mine, emitted)

    return check


def unreleased_version(releases: list[Release]) -> str:
    """What a change builds as until the maintainer releases it: the next patch, marked as a
    pre-release ("1.1.1-dev"), so no one mistakes it for a released version."""
    major, minor, patch = parse_version(releases[-1].version)
    return f"{major}.{minor}.{patch + 1}-dev"


def write_zip(folder: Path, path: Path) -> None:
    """A deterministic zip of a table's folder: sorted entries, fixed timestamps."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p != path)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for f in files:
            info = zipfile.ZipInfo(f"{folder.name}/{f.relative_to(folder).as_posix()}", ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, f.read_bytes())


def add_zips(folder: Path) -> None:
    """A zip of each table's package (its files and reading guide) inside the table's folder."""
    for table in sorted(p for p in folder.iterdir() if p.is_dir()):
        write_zip(table, table / f"{table.name}.zip")


def emitted_tables(tables: dict) -> dict[str, dict]:
    """The tables of a build held in memory, in the form the changelog compares."""
    from omgoerelse.publish import encode
    from omgoerelse.publish.changelog import table_contents

    return {
        name: table_contents(
            t.spec.fields, t.spec.primary_key, encode.csv_bytes(t.spec, t.frame).decode("utf-8")
        )
        for name, t in tables.items()
    }


def as_unreleased_version(root: Path, version: str = "99.0.0") -> None:
    """Give a copied project a version no release has: its data may change (tests, benchmarks)."""
    path = root / "build/registry/dataset.yaml"
    path.write_text(
        set_version(path.read_text(encoding="utf-8"), version, dt.date(2099, 1, 1)),
        encoding="utf-8",
    )


def set_version(dataset_yaml: str, version: str, date: dt.date) -> str:
    """dataset.yaml with a new version and date, its comments kept."""
    text, n = re.subn(r"(?m)^version: *\S+", f"version: {version}", dataset_yaml, count=1)
    text, m = re.subn(
        r"(?m)^version_date: *\S+", f"version_date: {date.isoformat()}", text, count=1
    )
    if n != 1 or m != 1:
        raise BuildError(
            Problem("build/registry/dataset.yaml", "needs a `version:` and a `version_date:` line")
        )
    return text


def freeze(
    project: Project,
    release: Release,
    last: Release | None,
    changes: dict,
    data: Path,
    prepared: Path,
) -> Release:
    """Copy the built package `data` into `prepared` (outside releases/) with zips, changelog and
    SHA256SUMS; then rename it to releases/<version>/ and list it."""
    import json

    from omgoerelse.publish.changelog import bump_of, required_bump, summary

    staging = prepared / release.version
    shutil.copytree(data, staging)
    add_zips(staging)
    log = {
        "version": release.version,
        "date": release.date.isoformat(),
        "note": release.note,
        "previous": last.version if last else None,
        "step": bump_of(parse_version(last.version), parse_version(release.version))
        if last
        else "major",
        "required": (required_bump(changes) or "patch") if last else "major",
        "summary": summary(changes),
        "tables": changes,
    }
    (staging / CHANGELOG).write_text(
        json.dumps(log, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    (staging / SUMS).write_text(sums_text(file_hashes(staging)), encoding="utf-8")
    fault_point("release:before-rename")
    project.releases.mkdir(exist_ok=True)
    os.rename(staging, release.folder)
    fault_point("release:after-rename")
    register = project.releases / REGISTER
    head = (
        register.read_text(encoding="utf-8")
        if register.exists()
        else (
            "# Every released version, oldest first. Written by `omgoerelse release`; never edit a "
            "released entry.\n"
        )
    )
    entry = yaml.safe_dump(
        [{"version": release.version, "date": release.date, "note": release.note}],
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    write_durably(register, head.rstrip("\n") + "\n" + entry)
    fault_point("release:after-list")
    return release
