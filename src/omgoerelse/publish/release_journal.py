"""A release as a transaction: what it changes is journaled first, so a cut-off release is undone.

`omgoerelse release` writes `.release-journal.json` (the version, dataset.yaml and releases.yaml as
they were) before it changes anything, prepares the release in `.release-<version>/` outside
releases/, and removes the journal when the release is built, frozen, listed, verified and
published. A release that fails is undone at once; one cut off (killed, a crash) is undone by the
next build or release, which finds the journal: dataset.yaml and releases.yaml as they were, no
releases/<version>/, no stamp. The same release command then succeeds.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from omgoerelse.core.durable import remove_tree, sync_folder, write_durably
from omgoerelse.core.project import Project
from omgoerelse.publish import stamp

JOURNAL = ".release-journal.json"
REGISTER = "releases.yaml"
DATASET = "dataset.yaml"


def preparing(project: Project, version: str) -> Path:
    """Where a release is prepared: beside releases/, never in it, so a half-made release is never
    taken for a released version."""
    return project.root / f".release-{version}"


def begin(project: Project, version: str) -> Path:
    """Journal what the release will change, then give it an empty folder to prepare in."""
    register = project.releases / REGISTER
    journal = {
        "version": version,
        "dataset.yaml": (project.registry / DATASET).read_text(encoding="utf-8"),
        "releases.yaml": register.read_text(encoding="utf-8") if register.exists() else None,
    }
    write_durably(project.root / JOURNAL, json.dumps(journal, ensure_ascii=False) + "\n")
    folder = preparing(project, version)
    remove_tree(folder)
    folder.mkdir()
    return folder


def finish(project: Project, version: str) -> None:
    remove_tree(preparing(project, version))
    (project.root / JOURNAL).unlink()
    sync_folder(project.root)


def undo(project: Project) -> str | None:
    """Put dataset.yaml and releases.yaml back as the journal has them and remove the release's
    folders; the version undone, or None if no release was under way. Safe to run again."""
    path = project.root / JOURNAL
    if not path.exists():
        return None
    journal = json.loads(path.read_text(encoding="utf-8"))
    version = journal["version"]
    write_durably(project.registry / DATASET, journal["dataset.yaml"])
    register = project.releases / REGISTER
    if journal["releases.yaml"] is None:
        register.unlink(missing_ok=True)
    else:
        write_durably(register, journal["releases.yaml"])
    # refused at the start if it existed, so the release under way made it
    remove_tree(project.releases / version)
    remove_tree(preparing(project, version))
    stamp.forget(project)  # what is published may be the undone release's: the next build builds
    path.unlink()
    sync_folder(project.root)
    return version


def recover(project: Project, say: Callable[[str], None]) -> None:
    version = undo(project)
    if version:
        say(
            f"      the release of {version} was cut off; it is undone (dataset.yaml, "
            f"releases/{REGISTER} as they were, no releases/{version}/)"
        )
