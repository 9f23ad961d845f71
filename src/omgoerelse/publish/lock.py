"""One build or release at a time in a checkout: an exclusive lock on `.build.lock` in its root.

Two builds at once would each take the other's staging folder for a leftover and remove it. The
lock is the operating system's (flock), so it is let go when the process ends however it ends; the
file keeps the holder's pid for the message. A release holds it across the builds it runs.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator

from omgoerelse.core.errors import BuildError, Problem
from omgoerelse.core.project import Project

LOCK = ".build.lock"
_held: dict[str, int] = {}  # root → how deep this process holds its lock (a release's builds)


@contextlib.contextmanager
def build_lock(project: Project, wait: bool = False) -> Iterator[bool]:
    """Hold the checkout's lock; yields whether this is the outermost hold (the one that starts
    the work, and so the one that clears what a cut-off run left)."""
    key = str(project.root)
    if key in _held:
        _held[key] += 1
        try:
            yield False
        finally:
            _held[key] -= 1
        return
    fd = os.open(project.root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise BuildError(
                Problem(
                    LOCK,
                    f"another build or release (pid {holder}) is running in this checkout; "
                    "wait for it to finish, or run with --wait to wait for it",
                )
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        _held[key] = 1
        try:
            yield True
        finally:
            del _held[key]
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing lets go of the lock
