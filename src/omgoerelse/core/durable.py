"""Files that survive a crash: written whole or not at all, and on disk before the next step.

A journal that says which renames to undo is useful only if it is on disk before the first rename;
a dataset.yaml cut short by a full disk must not replace the one that was there.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path


def sync_folder(folder: Path) -> None:
    """Make the renames and new names in a folder durable (a file's fsync does not cover them)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_durably(path: Path, text: str) -> None:
    """Write a file into a temporary name beside it, fsync, then rename over it: a reader, or the
    next run after a crash, sees the old file or the new one, never half of one."""
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
    ) as tmp:
        try:
            tmp.write(text)
            tmp.flush()
            os.fsync(tmp.fileno())
        except BaseException:
            os.unlink(tmp.name)
            raise
    os.replace(tmp.name, path)
    sync_folder(path.parent)


def remove_tree(path: Path) -> None:
    """Remove a file or folder even when its folders are read-only (the owner may make them
    writable; without that a non-root user's rmtree stops at the first entry and leaves it all)."""
    if path.is_symlink() or path.is_file():
        path.unlink()
        return
    if not path.exists():
        return
    _let_owner_write(path)
    # top-down: a folder is made writable before os.walk lists it
    for folder, subfolders, _files in os.walk(path):
        for name in subfolders:
            _let_owner_write(Path(folder, name))
    shutil.rmtree(path)


def _let_owner_write(folder: Path) -> None:
    mode = os.lstat(folder).st_mode
    if stat.S_ISDIR(mode) and mode & stat.S_IRWXU != stat.S_IRWXU:
        os.chmod(folder, stat.S_IMODE(mode) | stat.S_IRWXU)
