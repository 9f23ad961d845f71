"""A content-addressed cache for slow, pure steps (rendering charts).

The key is the sha256 of everything the result depends on, including the renderer's version, so a
hit is byte-identical to a fresh render and a rebuild skips only work whose inputs did not change.
Shared by every checkout on the machine (OMGOERELSE_BUILD_CACHE overrides where); deleting it is
always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

ENV = "OMGOERELSE_BUILD_CACHE"


def folder() -> Path:
    default = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "omgoerelse-build"
    return Path(os.environ.get(ENV) or default)


def key(*parts: object) -> str:
    return hashlib.sha256(
        json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    ).hexdigest()


def has(kind: str, digest: str) -> bool:
    return (folder() / kind / digest).is_file()


def cached(kind: str, digest: str, make: Callable[[], bytes]) -> bytes:
    path = folder() / kind / digest
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
            tmp.write(data)
        os.replace(tmp.name, path)  # atomic: a reader never sees half a file
    except OSError:
        pass  # a read-only or full disk only costs speed
    return data
