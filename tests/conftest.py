"""Shared fixtures: a throw-away copy of the project's inputs, and the build run on it."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from omgoerelse.core.project import Project
from omgoerelse.pipeline import build
from omgoerelse.publish.releases import as_unreleased_version

REPO = Path(__file__).resolve().parents[1]


def released_versions() -> list[str]:
    """The versions released in the repository, oldest first (tests derive, never type, them)."""
    import yaml

    return [
        str(e["version"])
        for e in yaml.safe_load((REPO / "releases/releases.yaml").read_text(encoding="utf-8"))
    ]


LAST = released_versions()[-1]  # the newest released version, which the repository's data build as


def next_patch(version: str = LAST) -> str:
    major, minor, patch = (int(x) for x in version.split("."))
    return f"{major}.{minor}.{patch + 1}"


def next_version(version: str, step: str) -> str:
    """The version after `version` for a step: patch, minor or major."""
    major, minor, patch = (int(x) for x in version.split("."))
    return {
        "patch": f"{major}.{minor}.{patch + 1}",
        "minor": f"{major}.{minor + 1}.0",
        "major": f"{major + 1}.0.0",
    }[step]


def table_count() -> int:
    """How many tables the repository emits: one per spec and one per code list."""
    return len(list((REPO / "build/specs").glob("*.yaml"))) + len(
        list((REPO / "build/registry/codelists").glob("*.yaml"))
    )


def copy_inputs(dest: Path) -> Project:
    """A project root with copies of sources/, the specs, registry and releases; no output."""
    return Project.at(REPO).copy_inputs(dest)


# What a build or a release may change: hashed before and after every fault test.
PUBLISHED = ("datapackage", "site", "CITATION.cff", "releases", "build/registry/dataset.yaml")


def digest(root: Path, parts: tuple[str, ...] = PUBLISHED) -> dict[str, str]:
    """sha256 of every file of `parts` (folders or files) below root, by path."""
    out = {}
    for part in parts:
        path = root / part
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        out |= {
            p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in files
        }
    return out


def published_copy(built: Project, dest: Path) -> Project:
    """A copy of the project's inputs with what `built` published: data, CITATION.cff and site."""
    project = copy_inputs(dest)
    for folder in ("datapackage", "site"):
        shutil.copytree(built.root / folder, dest / folder)
    shutil.copy(built.root / "CITATION.cff", dest / "CITATION.cff")
    return project


def leftovers(root: Path) -> list[str]:
    """Hidden names a build or release left in the root, besides its stamp and its lock file."""
    return sorted(
        p.name
        for p in root.iterdir()
        if p.name.startswith(".") and p.name not in (".build-stamp.json", ".build.lock")
    )


def as_new_version(project: Project, version: str = "99.0.0") -> None:
    """Let a test change the data: released versions never change, so the test builds a new one."""
    as_unreleased_version(project.root, version)


def quiet(_message: str) -> None:
    pass


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Project:
    """The real sources built once into a temporary root."""
    project = copy_inputs(tmp_path_factory.mktemp("built"))
    build(project, say=quiet)
    return project


# Families of tests whose count the closing note reports: "N of N" in the terminal summary.
FAMILIES = {
    "bad-input classes stopped with a clear message, nothing published": (
        "test_bad_input_stops_the_build"
    ),
    "kill points survived": "test_a_killed_build",
    # issue 19, classes 1-2 (test_bad_labels.py, test_bad_numbers.py)
    "label-normalisation cases (NFD) built as their NFC form": "test_label_in_nfd",
    "label-control-char cases stopped with the character named": "test_invisible_character",
    "message-visibility cases with every invisible character shown": "test_message_shows_invisible",
    "label-length cases (over the limit refused; at it, whole in CSV and XLSX)": "test_text_length",
    "number-format cases stopped with a clear message, nothing published": "test_bad_number",
    "process faults (site stage, swap, lock, signals, read-only outputs) that publish nothing "
    "wrong and leave nothing behind": "test_process_fault",
    "release faults (each step failed or killed, versions, released files) that leave the tree "
    "as it was": "test_release_fault",
    "injection tests passed (7 hostile labels and a hostile heading: CSV, XLSX, page, chart "
    "tooltips, search)": "test_hostile",
    "client refusals: names leaving the version's folder": "test_refuses_traversal",
    "client refusals: nothing unverified cached": "test_refuses_unverified",
    "client refusals: forged mirror on first use": "test_refuses_forged",
    "client refusals: redirects to another host": "test_refuses_redirect",
    "client refusals: trickling server past its deadline": "test_refuses_trickle",
}
FIGURES: list[
    str
] = []  # lines a test reports for the closing note, printed in the terminal summary


@pytest.fixture
def report_figure():
    return FIGURES.append


def pytest_terminal_summary(terminalreporter):
    stats = terminalreporter.stats
    for label, prefix in FAMILIES.items():
        done = {
            k: [
                r
                for r in stats.get(k, [])
                if prefix in getattr(r, "nodeid", "") and r.when == "call"
            ]
            for k in ("passed", "failed")
        }
        total = len(done["passed"]) + len(done["failed"])
        if total:
            terminalreporter.write_line(f"{label}: {len(done['passed'])} of {total}")
    for line in FIGURES:
        terminalreporter.write_line(line)
