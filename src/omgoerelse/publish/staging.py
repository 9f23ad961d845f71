"""The data package staged: written into the build's staging folder and validated there.

Nothing here touches what is published; `publish/transaction.py` swaps the staged package in
together with the site, or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from omgoerelse.core.durable import remove_tree
from omgoerelse.core.errors import BuildError, Problem
from omgoerelse.core.memory import release_memory
from omgoerelse.core.tuning import plain
from omgoerelse.publish.releases import Release, guard_released_version, table_guard
from omgoerelse.publish.validate import validate_packages


def stage_data(
    folder: Path,
    write: Callable[[Path, Callable[[Path], None] | None], None],
    say: Callable[[str], None],
    version: str,
    releases: list[Release],
    step: str = "",
) -> Path:
    """Write the packages into folder and validate them; a released version never changes."""
    remove_tree(folder)  # a second attempt (as the next unreleased version) starts empty
    folder.mkdir()
    write(folder, None if plain("early_guard") else table_guard(releases, version))
    release_memory()
    # before validating: a build that would change a released version is built again as the next
    # unreleased one, so validating this attempt would be wasted
    guard_released_version(releases, version, folder)
    say(f"{step} Validating (descriptors with Frictionless, rows with pyarrow)".strip())
    # descriptors by Frictionless, rows by pyarrow (fast at any size)
    errors = validate_packages(folder)
    if errors:
        raise BuildError([Problem("datapackage (staging)", e) for e in errors])
    return folder
