"""`omgoerelse release`: check the version step against the data, build, and freeze the files.

Releasing calls the build (never the other way round): the build only verifies releases and refuses
to change a released version's files (publish/releases.py). A release is a transaction
(publish/release_journal.py): journaled, prepared outside releases/, frozen, listed, verified and
published; any failure puts dataset.yaml and releases/ back as they were.
"""

from __future__ import annotations

import datetime as dt
import os
from urllib.parse import urlsplit

from omgoerelse.core.checksums import SUMS, file_hash, parse_version, read_sums
from omgoerelse.core.durable import write_durably
from omgoerelse.core.errors import BuildError, Problem
from omgoerelse.core.faults import fault_point
from omgoerelse.core.project import Project
from omgoerelse.core.yamlio import load_yaml
from omgoerelse.pipeline import build
from omgoerelse.publish import changelog, release_journal, transaction
from omgoerelse.publish.changelog import required_bump
from omgoerelse.publish.lock import build_lock
from omgoerelse.publish.releases import (
    Release,
    emitted_tables,
    freeze,
    load_releases,
    set_version,
    verify_releases,
)

PLACEHOLDER_HOSTS = (".example", ".invalid", ".test", "localhost", "127.0.0.1")


def placeholder_address(url: str) -> bool:
    """Whether the public address is one that never resolves (reserved names, this machine): a
    release frozen with it would carry citations and links that lead nowhere."""
    host = urlsplit(url).hostname or ""
    return any(host == h.lstrip(".") or host.endswith(h) for h in PLACEHOLDER_HOSTS)


def make_release(
    project: Project,
    version: str | None,
    note: str,
    date: dt.date,
    say,
    placeholder_ok: bool = False,
    wait: bool = False,
) -> Release:
    """Check the version step against the changes, set the version, build, and freeze the files."""
    with build_lock(project, wait) as outermost:
        if outermost:
            release_journal.recover(project, say)
            ship_digests(project)  # a release cut off may have listed itself there
            transaction.recover(project, say)
        return _release(project, version, note, date, say, placeholder_ok)


def _release(project, version, note, date, say, placeholder_ok) -> Release:
    address = os.environ.get("OMGOERELSE_BASE_URL") or str(
        load_yaml(project.registry / "dataset.yaml")["base_url"]
    )
    if placeholder_address(address) and not placeholder_ok:
        raise BuildError(
            Problem(
                "build/registry/dataset.yaml",
                f"the public address {address} is a placeholder: a release would freeze citations "
                "and links that lead nowhere. Set base_url (or OMGOERELSE_BASE_URL) to the real "
                "address first, or pass --placeholder-address for a test release.",
            )
        )

    releases = verify_releases(project)
    dataset_path = project.registry / "dataset.yaml"
    original = dataset_path.read_text(encoding="utf-8")
    version = version or str(load_yaml(dataset_path)["version"])
    new = parse_version(version, "release")
    if any(r.version == version for r in releases):
        raise BuildError(
            Problem(
                "release",
                f"{version} is already released; its files never change. Choose a new version.",
            )
        )
    last = releases[-1] if releases else None
    if last and new <= parse_version(last.version):
        raise BuildError(
            Problem("release", f"{version} is not after the last release, {last.version}")
        )
    if last and date < last.date:
        raise BuildError(
            Problem(
                "release",
                f"{version} is dated {date.isoformat()}, before the last release {last.version} "
                f"({last.date.isoformat()}); versions increase with their dates",
            )
        )
    if not note.strip():
        raise BuildError(
            Problem("release", "a release needs a short note (--note) saying what it brings")
        )

    say(
        f"Release {version}: comparing the data with "
        f"{last.version if last else 'nothing (first release)'}"
    )
    current = build(project, write=False, say=say)
    changes = changelog.diff_versions(
        changelog.folder_tables(last.folder) if last else {}, emitted_tables(current.tables)
    )
    needed = changelog.required_bump(changes)
    if last:
        step = changelog.bump_of(parse_version(last.version), new)
        # No row changed: the reading guides or metadata did
        # (the build refused the old version), a patch.
        needed = needed or "patch"
        if changelog.BUMPS.index(step) < changelog.BUMPS.index(needed):
            raise BuildError(
                Problem(
                    "release",
                    f"the changes since {last.version} need a {needed} release, but {version} is a "
                    f"{step} step ({changelog_reason(changes, needed)})",
                )
            )

    prepared = release_journal.begin(project, version)
    try:
        fault_point("release:after-journal")
        write_durably(dataset_path, set_version(original, version, date))
        fault_point("release:after-bump")
        data = prepared / "datapackage"
        build(project, site=False, say=say, into=data)
        fault_point("release:after-build")
        release = freeze(
            project,
            Release(version, date, note.strip(), project.releases / version),
            last,
            changes,
            data,
            prepared,
        )
        verify_releases(project)
        ship_digests(project)  # the client's trust anchor lists the new release too
        say(
            f"Release {version}: frozen in {project.rel(release.folder)}/ "
            f"({len(read_sums(release.folder / SUMS))} files), listed and verified; building "
            "the site"
        )
        build(project, say=say, force=True)
        fault_point("release:after-publish")
    except BaseException as e:
        release_journal.undo(project)
        ship_digests(project)  # as releases/ is again
        if isinstance(e, OSError):  # a full disk: said as what it is, not as a traceback
            raise BuildError(
                Problem(e.filename or project.rel(project.releases), f"could not write: {e}"),
                published=f"nothing was released or published; {version} is not released",
            ) from e
        raise
    release_journal.finish(project, version)
    return release


def changelog_reason(changes: dict, bump: str) -> str:

    tables = [n for n, c in changes.items() if required_bump({n: c}) == bump]
    return f"see {', '.join(tables[:5])}"


def ship_digests(project: Project) -> None:
    """The package's trust anchor (client/released.json) lists the sha256 of every release's
    SHA256SUMS, so that a client installed from this checkout refuses a forged mirror of any of
    them; written only in a checkout that holds the package (not in a test's copy of the inputs)."""
    from omgoerelse.client.trust import ANCHORS, anchors_text
    from omgoerelse.core.files import write_atomically

    shipped = project.root / "src" / "omgoerelse" / "client" / ANCHORS.name
    if shipped.parent.is_dir():
        digests = {r.version: file_hash(r.folder / SUMS) for r in load_releases(project)}
        write_atomically(shipped, anchors_text(digests).encode("utf-8"))
