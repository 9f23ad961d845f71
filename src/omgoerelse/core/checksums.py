"""Checksums and versions: the sha256 of files, the SHA256SUMS format, and MAJOR.MINOR.PATCH.

Light on purpose: the client uses it to check downloads, with nothing of the build installed.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from omgoerelse.core.errors import BuildError, Problem

SUMS = "SHA256SUMS"
# \Z, not $: "$" also matches before a final newline, so "1.2.0\n" would pass as a version.
VERSION = re.compile(r"\A(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)\Z")


def parse_version(text: str, where: str = "version") -> tuple[int, int, int]:
    match = VERSION.match(text) if isinstance(text, str) else None
    if not match:
        raise BuildError(
            Problem(where, f"{text!r} is not a version of the form MAJOR.MINOR.PATCH (e.g. 1.0.0)")
        )
    return tuple(int(x) for x in match.groups())  # type: ignore[return-value]


def file_hash(path: Path) -> str:
    """The file's sha256, read a block at a time: a large file is never held whole."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def file_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file below folder, by path relative to it."""
    return {
        p.relative_to(folder).as_posix(): file_hash(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def sums_text(hashes: dict[str, str]) -> str:
    """The format `sha256sum -c` reads."""
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(hashes.items()))


def parse_sums(text: str) -> dict[str, str]:
    """A SHA256SUMS text as {path: sha256}."""
    return {
        name: digest
        for digest, _, name in (line.partition("  ") for line in text.splitlines() if line)
    }


def read_sums(path: Path) -> dict[str, str]:
    return parse_sums(path.read_text(encoding="utf-8"))
