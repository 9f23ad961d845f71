"""Files that appear whole or not at all: written beside their place, flushed, then renamed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def temp_beside(path: Path) -> Path:
    """An empty temporary file in path's folder (so that os.replace onto path is atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    return Path(name)


def write_atomically(path: Path, data: bytes) -> None:
    """path holds data, or what it held before: a reader, a crash or a full disk never leaves half
    a file there, and a failed write leaves no temporary file behind."""
    tmp = temp_beside(path)
    try:
        with tmp.open("wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
