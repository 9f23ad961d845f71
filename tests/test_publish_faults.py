"""Process faults (issue 19, class 3): a failure at any stage, a cut-off swap, two builds at once, a
signal, read-only outputs. Each leaves the published files byte-identical (or, where the build
succeeds, the new ones whole), says what was published, and leaves nothing behind."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import as_new_version, digest, leftovers, published_copy, quiet
from omgoerelse.core.errors import BuildError
from omgoerelse.pipeline import build

BILAG = "sources/ast_aarsredegoerelse_2024/bilag_2_4.csv"
CHANGED = "rådighedsvagter"  # the edit every test makes, so a half-published build would show


def changed_copy(built, root: Path):
    """The published project with a real change to build (a new version)."""
    project = published_copy(built, root)
    as_new_version(project)
    text = (root / BILAG).read_text(encoding="utf-8")
    (root / BILAG).write_text(text.replace("rådighedsvagt", CHANGED, 1), encoding="utf-8")
    return project


def command(root: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "omgoerelse", "build", "--root", str(root), *extra]


def full_disk(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def refuse_rename_of(name: str):
    """os.rename as on a read-only folder: the rename of `name` (either way) is refused."""
    real = os.rename

    def rename(src, dst, *args, **kwargs):
        if name in (Path(src).name, Path(dst).name):
            raise PermissionError(errno.EACCES, "Permission denied", str(src))
        return real(src, dst, *args, **kwargs)

    return rename


# Each failure strikes after the packages are staged, at the site stage or at the swap.
SITE_STAGE_FAULTS = {
    "full_disk_copying_downloads": ("omgoerelse.site.downloads.copy_downloads", full_disk),
    "full_disk_after_mkdocs": ("omgoerelse.pipeline.add_policy", full_disk),
    "read_only_site": ("os.rename", refuse_rename_of("site")),
    "read_only_citation": ("os.rename", refuse_rename_of("CITATION.cff")),
}


@pytest.mark.parametrize("fault", sorted(SITE_STAGE_FAULTS))
def test_process_fault_at_the_site_stage_publishes_nothing(fault, built, tmp_path, monkeypatch):
    root = tmp_path / "root"
    project = changed_copy(built, root)
    before = digest(root)
    target, replacement = SITE_STAGE_FAULTS[fault]
    monkeypatch.setattr(target, replacement)
    with pytest.raises(BuildError) as stopped:
        build(project, say=quiet)
    monkeypatch.undo()
    assert digest(root) == before, "a build that reports failure publishes nothing"
    assert stopped.value.published == "nothing was published"
    assert leftovers(root) == []


def marked(mark: str) -> list[int]:
    """The processes that carry `mark` in their environment (a build and every helper it
    started), found in /proc: no psutil needed."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if f"OMGOERELSE_TEST_MARK={mark}".encode() in environ.read_bytes().split(b"\0"):
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return [p for p in found if running(p)]


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be read


def none_left(mark: str, seconds: float = 15) -> list[int]:
    deadline = time.monotonic() + seconds
    while marked(mark) and time.monotonic() < deadline:
        time.sleep(0.2)
    return marked(mark)


def test_process_fault_a_crash_at_the_site_stage_publishes_nothing_and_the_next_build_does(
    built, tmp_path
):
    """vl-convert aborting the process (exit 134) while the site's PNGs are drawn: nothing is
    published, no helper is left running, and the next build publishes."""
    root = tmp_path / "root"
    changed_copy(built, root)
    before = digest(root)
    crash = (
        "import os, sys; import omgoerelse.site.pages as pages; "
        "pages.write_pngs = lambda *a, **k: os.abort(); "
        "from omgoerelse.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    mark = f"crash-{os.getpid()}-{tmp_path.name}"
    with (tmp_path / "stderr").open("w") as err:  # a pipe would wait for a helper left running
        done = subprocess.run(
            [sys.executable, "-c", crash, *command(root)[3:]],
            stderr=err,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "OMGOERELSE_TEST_MARK": mark},
            timeout=600,
        )
    assert done.returncode == -signal.SIGABRT, (tmp_path / "stderr").read_text()
    assert none_left(mark) == [], "no helper outlives the build"
    assert digest(root) == before
    again = subprocess.run(command(root), capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert leftovers(root) == []
    for part in ("datapackage/principmeddelelser", "site/data/latest/principmeddelelser"):
        assert CHANGED in (root / part / "principmeddelelser.csv").read_text(encoding="utf-8")


def test_process_fault_a_swap_that_cannot_be_undone_says_what_was_published(
    built, tmp_path, monkeypatch
):
    root = tmp_path / "root"
    project = changed_copy(built, root)
    before = digest(root)
    real = os.rename

    def rename(src, dst):  # the site may be put aside, but nothing can be put in as site/
        if Path(dst).name == "site":
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        real(src, dst)

    monkeypatch.setattr("os.rename", rename)
    with pytest.raises(BuildError) as stopped:
        build(project, say=quiet)
    monkeypatch.undo()
    assert stopped.value.published.startswith(
        "datapackage is the new build's; CITATION.cff is the new build's; site is not published "
        "(the previous one is at .site-old-"
    )
    build(project, say=quiet, write=False)  # the next build puts the old files back first
    assert digest(root) == before and leftovers(root) == []


# Where a build is killed inside the swap: the next build undoes exactly its renames.
SWAP_KILL_POINTS = (
    "publish:before-datapackage",
    "publish:between-datapackage",
    "publish:between-site",
    "publish:before-journal-removed",
)


@pytest.mark.parametrize("point", SWAP_KILL_POINTS)
def test_process_fault_a_swap_cut_off_is_undone_from_its_journal(point, built, tmp_path):
    root = tmp_path / "root"
    changed_copy(built, root)
    before = digest(root)
    # another build's leftover, with an older package and a name that sorts after any other
    decoy = root / ".datapackage-old-99999999"
    shutil.copytree(built.releases / "1.0.0", decoy)
    killed = subprocess.run(
        command(root), capture_output=True, text=True, env={**os.environ, "OMGOERELSE_FAULT": point}
    )
    assert killed.returncode == 137, killed.stderr
    recovered = subprocess.run(command(root, "--check-only"), capture_output=True, text=True)
    assert recovered.returncode == 0, recovered.stderr
    assert "was cut off while swapping its files in" in recovered.stderr
    assert digest(root) == before, "the files published before the cut-off build, not the decoy"
    assert leftovers(root) == []


def test_process_fault_leftovers_without_a_journal_are_never_guessed_between(built, tmp_path):
    """What a build before the journal left: the published folder aside under two pids. The one
    that sorts last is an older package; recovery must not pick it."""
    root = tmp_path / "root"
    project = published_copy(built, root)
    os.rename(root / "datapackage", root / ".datapackage-old-100")
    shutil.copytree(built.releases / "1.0.0", root / ".datapackage-old-99999")
    with pytest.raises(BuildError, match=r"\.datapackage-old-100, \.datapackage-old-99999 are"):
        build(project, say=quiet, write=False)
    assert not (root / "datapackage").exists()
    assert {".datapackage-old-100", ".datapackage-old-99999"} <= set(leftovers(root))


def start_build(root: Path, *extra: str, until: str, env=None) -> subprocess.Popen:
    """A build in the background, once it has printed `until`."""
    process = subprocess.Popen(
        command(root, *extra),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
        env=env,
    )
    assert process.stderr is not None
    for line in process.stderr:
        if until in line:
            return process
    raise AssertionError(f"the build ended before {until!r}")


@pytest.mark.parametrize("second", ["refuses", "waits"])
def test_process_fault_a_second_build_refuses_or_waits(second, built, tmp_path):
    root = tmp_path / "root"
    changed_copy(built, root)
    first = start_build(root, until="[1/6]")
    try:
        extra = ("--wait",) if second == "waits" else ()
        other = subprocess.run(command(root, *extra), capture_output=True, text=True, timeout=600)
    finally:
        assert first.stderr is not None
        rest = first.stderr.read()
        first.wait(timeout=600)
    assert first.returncode == 0, rest
    if second == "refuses":
        assert other.returncode == 1
        assert f"another build or release (pid {first.pid}) is running" in other.stderr
        assert "Errno" not in other.stderr and "Traceback" not in other.stderr
    else:
        assert other.returncode == 0, other.stderr
    assert leftovers(root) == []
    assert CHANGED in (
        root / "site/data/latest/principmeddelelser/principmeddelelser.csv"
    ).read_text(encoding="utf-8")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_process_fault_a_signal_ends_the_build_and_its_helpers(signum, built, tmp_path):
    root = tmp_path / "root"
    changed_copy(built, root)
    before = digest(root)
    mark = f"signal-{os.getpid()}-{tmp_path.name}"
    process = start_build(root, until="[3/6]", env={**os.environ, "OMGOERELSE_TEST_MARK": mark})
    deadline = time.monotonic() + 30
    while len(marked(mark)) < 3 and time.monotonic() < deadline:  # the helper and its tracker
        time.sleep(0.1)
    assert len(marked(mark)) >= 3, "the build starts its chart helper at once"
    process.send_signal(signum)
    process.wait(timeout=120)
    assert none_left(mark) == [], "no helper outlives the build"
    assert process.stderr is not None
    said = process.stderr.read()  # once every holder of the pipe has ended
    assert process.returncode == 128 + signum, said
    assert f"was stopped ({signal.Signals(signum).name})" in said
    assert digest(root) == before


def as_non_root(real_rmtree):
    """shutil.rmtree as a user who is not root meets a read-only folder: refused (root may)."""

    def rmtree(path, ignore_errors=False, *args, **kwargs):
        top = Path(path)
        folders = [top, *(p for p in top.rglob("*") if p.is_dir())] if top.is_dir() else []
        if any(not os.stat(f).st_mode & 0o200 for f in folders):
            if ignore_errors:
                return
            raise PermissionError(errno.EACCES, "Permission denied", str(top))
        real_rmtree(path, ignore_errors, *args, **kwargs)

    return rmtree


def read_only(root: Path, folder: str, whole: bool) -> None:
    paths = [root / folder, *((root / folder).rglob("*") if whole else ())]
    for p in sorted(paths, reverse=True):  # the innermost first, while their folders are open
        p.chmod(0o555 if p.is_dir() else 0o444)


@pytest.mark.parametrize(
    "folder, whole",
    [("datapackage", False), ("datapackage", True), ("site", True)],
    ids=["datapackage_top", "datapackage_whole", "site_whole"],
)
def test_process_fault_a_read_only_output_is_replaced_and_nothing_left(
    folder, whole, built, tmp_path, monkeypatch
):
    root = tmp_path / "root"
    project = changed_copy(built, root)
    read_only(root, folder, whole)
    monkeypatch.setattr("shutil.rmtree", as_non_root(shutil.rmtree))
    build(project, say=quiet)
    monkeypatch.undo()
    assert leftovers(root) == [], "the old copy put aside is removed however read-only it was"
    assert CHANGED in (root / "datapackage/principmeddelelser/principmeddelelser.csv").read_text(
        encoding="utf-8"
    )
