"""Publishing all or nothing: written into a staging folder, validated, then swapped in by renames.

A build cut off between the two renames of swap_in leaves the last published folder aside under a
`-old-` name; the next build puts it back before it starts.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from omgoerelse.core.errors import BuildError, Problem
from omgoerelse.core.memory import release_memory
from omgoerelse.core.project import Project
from omgoerelse.publish.releases import Release, guard_released_version
from omgoerelse.publish.validate import validate_packages

STAGING_PREFIX = ".datapackage-staging-"
OLD_PREFIX = ".datapackage-old-"
SITE_STAGING_PREFIX = ".site-staging-"


def publish(
    project: Project,
    write: Callable[[Path], None],
    say: Callable[[str], None],
    version: str,
    releases: list[Release],
    step: str = "",
) -> Path:
    """Write into a staging folder, validate, swap in for datapackage/; a release never changes."""
    out = project.datapackage
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=project.root))
    try:
        write(staging)
        release_memory()
        say(
            f"{step} Validating (descriptors with Frictionless, rows with pyarrow) and "
            "publishing".strip()
        )
        # descriptors by Frictionless, rows by pyarrow (fast at any size)
        errors = validate_packages(staging)
        if errors:
            raise BuildError([Problem("datapackage (staging)", e) for e in errors])
        guard_released_version(releases, version, staging)
        swap_in(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return out


def swap_in(staging: Path, out: Path) -> None:
    staging.chmod(0o755)  # mkdtemp makes it private; the published folder is for everyone to read
    old = out.with_name(f".{out.name}-old-{os.getpid()}")
    if out.exists():
        os.rename(out, old)
    os.rename(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def recover_interrupted_swap(project: Project) -> None:
    """If a build died between the two renames of swap_in, put the last published output back."""
    for out in (project.datapackage, project.root / "site"):
        olds = sorted(project.root.glob(f".{out.name}-old-*"))
        if olds and not out.exists():
            os.rename(olds[-1], out)
    for leftover in [*project.root.glob(".site-old-*")]:
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in [
        *project.root.glob(f"{OLD_PREFIX}*"),
        *project.root.glob(f"{STAGING_PREFIX}*"),
        *project.root.glob(f"{SITE_STAGING_PREFIX}*"),
    ]:
        shutil.rmtree(leftover, ignore_errors=True)
