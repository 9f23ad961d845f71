"""Checksums and versions: the sha256 of files, the SHA256SUMS format, and MAJOR.MINOR.PATCH.

Light on purpose: the client uses it to check downloads, with nothing of the build installed. The
build's writer and reader of SHA256SUMS and the client's share one strict parser: a name is a plain
relative POSIX path inside the version's folder, so a listed name can never lead out of it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from omgoerelse.core.errors import BuildError, Problem

SUMS = "SHA256SUMS"
# \Z, not $: "$" also matches before a final newline, so "1.2.0\n" would pass as a version.
VERSION = re.compile(r"\A(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)\Z")
# What `sums_text` writes: 64 lowercase hex digits, two spaces, the name; nothing else is read.
SUMS_LINE = re.compile(r"([0-9a-f]{64})  (.+)")
# The site's data/versions.json gives the sha256 of each version's SHA256SUMS (in the version's
# entry; latest's at the top level): the client checks a list it downloads against it.
DIGEST_KEY = "sha256sums_sha256"
LATEST_DIGEST_KEY = "latest_sha256sums_sha256"


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


def unsafe_name(name: str) -> str | None:
    """Why a listed name is not a plain relative path inside the folder, or None if it is.

    The name becomes a path on the reader's disk (the client's cache, `download --to`): `..`, an
    absolute path, a backslash or a drive letter would put a file outside the folder, and a control
    character could forge a second line in SHA256SUMS or in a message.
    """
    odd = next((c for c in name if not c.isprintable()), None)
    if odd is not None:
        return f"holds the unprintable character U+{ord(odd):04X}"
    if "\\" in name:
        return "holds a backslash"
    if ":" in name:
        return "holds a colon (a drive letter or a stream name)"
    if name.startswith("/"):
        return "is an absolute path"
    if any(part in ("", ".", "..") for part in name.split("/")):
        return "has an empty, '.' or '..' segment"
    return None


def sums_text(hashes: dict[str, str]) -> str:
    """The format `sha256sum -c` reads; only names the parser accepts are written."""
    for path in hashes:
        if why := unsafe_name(path):
            raise BuildError(Problem(path, f"cannot be listed in {SUMS}: the name {why}"))
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(hashes.items()))


def parse_sums(text: str, where: str = SUMS) -> dict[str, str]:
    """A SHA256SUMS text as {path: sha256}; any bad line refuses the whole list."""
    if not text.endswith("\n"):
        raise BuildError(Problem(where, "is empty or cut short (its last line has no newline)"))
    sums: dict[str, str] = {}
    for number, line in enumerate(text.split("\n")[:-1], 1):
        match = SUMS_LINE.fullmatch(line)
        if not match:
            raise BuildError(
                Problem(where, f"{line[:80]!r} is not '<sha256>  <name>'", line=number)
            )
        digest, name = match.groups()
        why = unsafe_name(name) or ("is listed twice" if name in sums else None)
        if why:
            raise BuildError(Problem(where, f"the name {name!r} {why}", line=number))
        sums[name] = digest
    return sums


def read_sums(path: Path, where: str | None = None) -> dict[str, str]:
    return parse_sums(path.read_text(encoding="utf-8"), where or str(path))
