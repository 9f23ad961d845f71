"""A table's files: from the cache when they are still the listed bytes, else downloaded, checked
and only then put in the cache (each file whole or not at all)."""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import requests

from omgoerelse.client import trust
from omgoerelse.client.download import DEADLINE, Download
from omgoerelse.client.errors import IntegrityError
from omgoerelse.client.source import Source
from omgoerelse.core.checksums import SUMS, file_hash
from omgoerelse.core.files import temp_beside, write_atomically

# What a failed request may raise: no answer, an HTTP error, the deadline (a TimeoutError).
UNREACHABLE = (requests.RequestException, OSError)


def checksums(source: Source, download: Download) -> dict[str, str]:
    """The version's SHA256SUMS, verified: a released version's from the cache if it is there,
    else from the site; latest from the site, or the cached one when the site cannot be reached."""
    cached = source.folder / SUMS
    anchor = trust.shipped_anchors().get(source.version)
    usable = cached.is_file() and (anchor is None or file_hash(cached) == anchor)
    if usable and source.version != "latest":
        return trust.verified_sums(cached.read_bytes(), anchor, str(cached))
    try:
        digest = trust.expected_digest(source, download)
        data = download.content(source.url + SUMS)
    except UNREACHABLE as e:
        if not usable:
            raise ConnectionError(
                f"cannot reach {source.url} and nothing is cached for version {source.version}: {e}"
            ) from e
        warnings.warn(
            f"cannot reach {source.url}; using the cached files of version {source.version}",
            stacklevel=4,
        )
        return trust.verified_sums(cached.read_bytes(), None, str(cached))
    sums = trust.verified_sums(data, digest, source.url + SUMS)
    write_atomically(cached, data)
    return sums


def fetch(
    table: str,
    version: str = "latest",
    *,
    base_url: str | None = None,
    cache_dir: Path | str | None = None,
    files: list[str] | None = None,
    deadline: float = DEADLINE,
) -> dict[str, Path]:
    """Download (or take from the cache) the files of one table, each checked against SHA256SUMS.

    Returns the local path of each file by its path in the table's folder (e.g.
    "sager_efter_udfald.csv"). `deadline` is the most seconds one file's download may take.
    """
    source = Source(version, base_url, Path(cache_dir) if cache_dir else None)
    download = Download(source.site, deadline)
    sums = checksums(source, download)
    wanted = {
        name: digest
        for name, digest in sums.items()
        if name.startswith(f"{table}/")
        and not name.endswith(".zip")
        and (files is None or name.removeprefix(f"{table}/") in [*files, "datapackage.json"])
    }
    if not wanted:
        raise KeyError(f"no table {table!r} in version {version} (see {source.url}{SUMS})")
    targets = {name: source.cached(name) for name in sorted(wanted)}
    staged: dict[str, Path] = {}
    try:
        for name, target in targets.items():
            if not (target.is_file() and file_hash(target) == wanted[name]):
                staged[name] = temp_beside(target)
                downloaded(download, source.url + name, staged[name], wanted[name])
        agree_with_descriptor(
            {name.removeprefix(f"{table}/"): staged.get(name, t) for name, t in targets.items()}
        )
        for name, tmp in staged.items():
            os.replace(tmp, targets[name])
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
    return {name.removeprefix(f"{table}/"): target for name, target in targets.items()}


def downloaded(download: Download, url: str, into: Path, digest: str) -> None:
    """The body of url in `into`, on disk, if its sha256 is `digest`."""
    with into.open("wb") as out:
        got = download.into(url, out)
        out.flush()
        os.fsync(out.fileno())
    if got != digest:
        raise IntegrityError(
            f"{url}: the downloaded bytes do not match its sha256 in {SUMS}; the file was not kept"
        )


def agree_with_descriptor(paths: dict[str, Path]) -> None:
    """The sha256 in the table's datapackage.json must name the same bytes as SHA256SUMS did."""
    descriptor = json.loads(paths["datapackage.json"].read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        path = paths.get(resource["path"])
        if (
            path
            and "hash" in resource
            and resource["hash"].removeprefix("sha256:") != file_hash(path)
        ):
            raise IntegrityError(
                f"{resource['path']}: its bytes do not match the hash in datapackage.json; the "
                "downloaded files were not kept"
            )
