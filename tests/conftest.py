"""Shared fixtures: a throw-away copy of the project's inputs, and the build run on it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from omgoerelse.pipeline import build
from omgoerelse.project import Project

REPO = Path(__file__).resolve().parents[1]


def copy_inputs(dest: Path) -> Project:
    """A project root holding copies of sources/ and the specs and registry, but no output."""
    shutil.copytree(REPO / "sources", dest / "sources")
    shutil.copytree(REPO / "build" / "specs", dest / "build" / "specs")
    shutil.copytree(REPO / "build" / "registry", dest / "build" / "registry")
    shutil.copytree(REPO / "docs", dest / "docs", ignore=shutil.ignore_patterns("*.md", "tabeller", "grafer", "vendor"))
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    return Project.at(dest)


def quiet(_message: str) -> None:
    pass


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Project:
    """The real sources built once into a temporary root."""
    project = copy_inputs(tmp_path_factory.mktemp("built"))
    build(project, say=quiet)
    return project
