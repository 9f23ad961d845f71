"""Fetch a table from the published site: pinned to a version or the latest, every file checked.

from omgoerelse.client import load df = load("sager_efter_udfald", version="1.0.0")     # pandas
DataFrame table = load_arrow("sager_efter_udfald")              # pyarrow Table, latest version

Each version folder on the site has a SHA256SUMS; every file is downloaded with pooch against its
sha256 from there, so a damaged or altered file is rejected and never cached. A released version
never changes, so once cached it is read from disk, also offline. The table's datapackage.json comes
along, and its `hash` of each file must agree too. "latest" asks the site for its current SHA256SUMS
and falls back to the cached one when the site cannot be reached.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import pooch
import requests

from omgoerelse.core.checksums import SUMS, VERSION, file_hash, parse_sums, read_sums

ENV_BASE_URL = "OMGOERELSE_BASE_URL"
ENV_CACHE = "OMGOERELSE_CACHE"


class IntegrityError(ValueError):
    """A downloaded file's bytes do not match the sha256 the site publishes for it."""


def default_base_url() -> str:
    """The one place the site's address is set: OMGOERELSE_BASE_URL, else dataset.yaml's base_url
    in the checkout the package runs from (an installed package without one needs the first)."""
    import yaml

    from omgoerelse.core.formats import normalise_url

    if os.environ.get(ENV_BASE_URL):
        return normalise_url(os.environ[ENV_BASE_URL])
    # src/omgoerelse/ -> the checkout
    dataset = Path(__file__).resolve().parents[2] / "build" / "registry" / "dataset.yaml"
    if not dataset.is_file():
        raise ValueError(f"no site address: pass base_url=... or set {ENV_BASE_URL}")
    return normalise_url(yaml.safe_load(dataset.read_text(encoding="utf-8"))["base_url"])


def default_cache() -> Path:
    return Path(os.environ.get(ENV_CACHE) or pooch.os_cache("omgoerelse"))


@dataclass(frozen=True)
class Source:
    """Where a version's files are on the site and in the local cache."""

    version: str = "latest"
    base_url: str | None = None
    cache_dir: Path | None = None

    def __post_init__(self) -> None:
        if self.version != "latest" and not VERSION.match(self.version):
            raise ValueError(f"version must be 'latest' or MAJOR.MINOR.PATCH, not {self.version!r}")

    @property
    def url(self) -> str:
        from omgoerelse.core.formats import normalise_url

        base = normalise_url(self.base_url) if self.base_url else default_base_url()
        return f"{base}data/{self.version}/"

    @property
    def folder(self) -> Path:
        return Path(self.cache_dir or default_cache()) / self.version


def checksums(source: Source) -> dict[str, str]:
    """The version's SHA256SUMS: from the cache for a released version, else from the site."""
    cached = source.folder / SUMS
    if source.version != "latest" and cached.exists():
        return read_sums(cached)
    try:
        response = requests.get(source.url + SUMS, timeout=30)
        response.raise_for_status()
    except requests.RequestException as e:
        if not cached.exists():
            raise ConnectionError(
                f"cannot reach {source.url} and nothing is cached for version {source.version}: {e}"
            ) from e
        warnings.warn(
            f"cannot reach {source.url}; using the cached files of version {source.version}",
            stacklevel=3,
        )
        return read_sums(cached)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(response.content)
    return parse_sums(response.text)


def fetch(
    table: str,
    version: str = "latest",
    *,
    base_url: str | None = None,
    cache_dir: Path | str | None = None,
    files: list[str] | None = None,
) -> dict[str, Path]:
    """Download (or take from the cache) the files of one table, each checked against SHA256SUMS.

    Returns the local path of each file by its path in the table's folder (e.g.
    "sager_efter_udfald.csv").
    """
    source = Source(version, base_url, Path(cache_dir) if cache_dir else None)
    sums = checksums(source)
    wanted = {
        name: digest
        for name, digest in sums.items()
        if name.startswith(f"{table}/")
        and not name.endswith(".zip")
        and (files is None or name.removeprefix(f"{table}/") in [*files, "datapackage.json"])
    }
    if not wanted:
        raise KeyError(f"no table {table!r} in version {version} (see {source.url}{SUMS})")
    paths = {}
    for name, digest in sorted(wanted.items()):
        target = source.folder / name
        try:
            pooch.retrieve(
                source.url + name,
                known_hash=f"sha256:{digest}",
                fname=target.name,
                path=target.parent,
                progressbar=False,
            )
        except ValueError as e:
            raise IntegrityError(
                f"{source.url}{name}: the downloaded bytes do not match its sha256 in {SUMS}; "
                "the file was not kept"
            ) from e
        paths[name.removeprefix(f"{table}/")] = target
    agree_with_descriptor(paths)
    return paths


def agree_with_descriptor(paths: dict[str, Path]) -> None:
    """The sha256 in the table's datapackage.json must name the same bytes as SHA256SUMS did."""
    import json

    descriptor = json.loads(paths["datapackage.json"].read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        path = paths.get(resource["path"])
        if (
            path
            and "hash" in resource
            and resource["hash"].removeprefix("sha256:") != file_hash(path)
        ):
            path.unlink()
            raise IntegrityError(
                f"{resource['path']}: its bytes do not match the hash in datapackage.json; the "
                "file was removed from the cache"
            )


def load_arrow(table: str, version: str = "latest", **where):
    """The table as a pyarrow Table, typed as published (from its Parquet file)."""
    import pyarrow.parquet as pq

    path = fetch(table, version, files=[f"{table}.parquet"], **where)[f"{table}.parquet"]
    return pq.read_table(path)


def load(table: str, version: str = "latest", **where):
    """The table as a pandas DataFrame; integers with gaps stay integers (nullable Int64)."""
    import pandas as pd
    import pyarrow as pa

    nullable = {
        pa.int64(): pd.Int64Dtype(),
        pa.int32(): pd.Int32Dtype(),
        pa.bool_(): pd.BooleanDtype(),
        pa.string(): pd.StringDtype(),
    }
    return load_arrow(table, version, **where).to_pandas(types_mapper=nullable.get)
