"""Publishing in one step: data and site staged and checked, then swapped in under a journal.

A build writes every output it replaces (datapackage/, CITATION.cff, site/) into its own
`.publish-<build id>/` and checks them there. Only then does it write `.publish-journal.json`
(build id, pid, start, and for each output the staged name and the name the published one is put
aside under), fsynced before the first rename. Each output is renamed aside and the staged one
renamed in; the journal goes when every rename is done, and then the old copies. A failed rename
puts back what was swapped at once; a build cut off during the swap leaves the journal, and the next
build undoes exactly the renames it lists. Leftovers are known by the journal's build id, never by
which name sorts last (PIDs wrap).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from omgoerelse.core.durable import remove_tree, sync_folder, write_durably
from omgoerelse.core.errors import BuildError, Problem
from omgoerelse.core.faults import fault_point
from omgoerelse.core.project import Project

JOURNAL = ".publish-journal.json"
STAGING_PREFIX = ".publish-"
OLD_INFIX = "-old-"
# What builds before the journal left (a staging folder each, and `.<output>-old-<pid>`).
LEGACY_PREFIXES = (".datapackage-staging-", ".site-staging-")
OUTPUTS = ("datapackage", "CITATION.cff", "site")


class Outputs:
    """One build's staged outputs: `stage(name)` is where to write the output `name`, `commit()`
    swaps in all that were staged, `discard()` removes what was not swapped in."""

    def __init__(self, project: Project):
        self.root = project.root
        started = dt.datetime.now(dt.UTC)
        self.build_id = f"{started:%Y%m%dT%H%M%S}-{os.getpid()}-{secrets.token_hex(4)}"
        self.started = started.isoformat(timespec="seconds")
        self.folder = self.root / f"{STAGING_PREFIX}{self.build_id}"
        self.folder.mkdir()
        self.staged: list[str] = []

    def stage(self, name: str) -> Path:
        if name not in self.staged:
            self.staged.append(name)
        return self.folder / name

    def commit(self, say: Callable[[str], None]) -> None:
        renames = [
            {
                "target": name,
                "staged": self.folder.joinpath(name).relative_to(self.root).as_posix(),
                "old": f".{name}{OLD_INFIX}{self.build_id}",
            }
            for name in self.staged
        ]
        journal = {
            "build": self.build_id,
            "pid": os.getpid(),
            "started": self.started,
            "renames": renames,
        }
        write_durably(self.root / JOURNAL, json.dumps(journal, indent=1) + "\n")
        try:
            for r in renames:
                fault_point(f"publish:before-{r['target']}")
                if (self.root / r["target"]).exists():
                    os.rename(self.root / r["target"], self.root / r["old"])
                fault_point(f"publish:between-{r['target']}")
                os.rename(self.root / r["staged"], self.root / r["target"])
            sync_folder(self.root)
        except BaseException as e:  # a signal too: what was swapped goes back before the exit
            error = _undo_or_say(self.root, journal, say, e)
            if isinstance(e, Exception):
                raise error from e
            raise
        fault_point("publish:before-journal-removed")
        (self.root / JOURNAL).unlink()
        sync_folder(self.root)
        for r in renames:
            remove_tree(self.root / r["old"])

    def discard(self) -> None:
        remove_tree(self.folder)


def _undo_or_say(root: Path, journal: dict, say, error: BaseException) -> BuildError:
    """The error to raise for a swap whose rename failed: nothing published if the renames done
    could be undone, else exactly which outputs are the new build's."""
    problem = Problem(root.name, f"could not swap the new files in: {error}")
    try:
        undo(root, journal)
    except OSError as second:
        return BuildError(
            Problem(root.name, f"{problem.message}; putting the old files back failed: {second}"),
            published=f"{_where_things_are(root, journal)}; the next build puts back the files "
            f"published before ({JOURNAL} says how)",
        )
    (root / JOURNAL).unlink()
    say(f"      the swap failed; every published file was put back as it was ({error!r})")
    return BuildError(problem)


def _where_things_are(root: Path, journal: dict) -> str:
    """Each output of a swap cut short: the new build's, the one published before, or aside."""
    said = []
    for r in journal["renames"]:
        target, staged, old = (root / r[k] for k in ("target", "staged", "old"))
        if not target.exists():
            said.append(f"{r['target']} is not published (the previous one is at {r['old']})")
        elif staged.exists() or not old.exists():
            said.append(f"{r['target']} is the one published before")
        else:
            said.append(f"{r['target']} is the new build's")
    return "; ".join(said)


def undo(root: Path, journal: dict) -> None:
    """Reverse the journal's renames, last first; run again after a crash it finishes the job."""
    for r in reversed(journal["renames"]):
        target, staged, old = (root / r[k] for k in ("target", "staged", "old"))
        staged.parent.mkdir(exist_ok=True)  # a build cut off may have lost its staging folder
        if old.exists():
            if target.exists():
                os.rename(target, staged)
            os.rename(old, target)
        elif target.exists() and not staged.exists():
            os.rename(target, staged)  # the build created it where there was none
    sync_folder(root)


def recover(project: Project, say: Callable[[str], None]) -> None:
    """Before a build: undo a swap that was cut off, then remove every build's leftovers."""
    root = project.root
    journal_path = root / JOURNAL
    if journal_path.exists():
        journal = json.loads(journal_path.read_text(encoding="utf-8"))
        undo(root, journal)
        journal_path.unlink()
        sync_folder(root)
        say(
            f"      build {journal['build']} (pid {journal['pid']}) was cut off while swapping its "
            "files in; the files published before it are back in place"
        )
    stray = []
    for path in sorted(root.iterdir()):
        name = path.name
        old_of = next((o for o in OUTPUTS if name.startswith(f".{o}{OLD_INFIX}")), None)
        if old_of and not (root / old_of).exists():
            stray.append(path)  # a published output aside with no journal: never guess
        elif old_of or (name.startswith((STAGING_PREFIX, *LEGACY_PREFIXES)) and name != JOURNAL):
            remove_tree(path)
    if stray:
        names = ", ".join(p.name for p in stray)
        raise BuildError(
            Problem(
                root.name,
                f"{names} {'is' if len(stray) == 1 else 'are'} a published output put aside, with "
                f"no journal ({JOURNAL}) saying by which build; move the right one back by hand",
            )
        )
