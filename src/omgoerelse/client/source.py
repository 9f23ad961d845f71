"""Where a version's files are: on the site (its address) and on disk (the cache)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pooch

from omgoerelse.core.checksums import VERSION
from omgoerelse.core.formats import normalise_url

ENV_BASE_URL = "OMGOERELSE_BASE_URL"
ENV_CACHE = "OMGOERELSE_CACHE"


def default_base_url() -> str:
    """The one place the site's address is set: OMGOERELSE_BASE_URL, else dataset.yaml's base_url
    in the checkout the package runs from (an installed package without one needs the first)."""
    import yaml

    if os.environ.get(ENV_BASE_URL):
        return normalise_url(os.environ[ENV_BASE_URL])
    # src/omgoerelse/client/ -> the checkout
    dataset = Path(__file__).resolve().parents[3] / "build" / "registry" / "dataset.yaml"
    if not dataset.is_file():
        raise ValueError(f"no site address: pass base_url=... or set {ENV_BASE_URL}")
    return normalise_url(yaml.safe_load(dataset.read_text(encoding="utf-8"))["base_url"])


def default_cache() -> Path:
    # pooch's choice of folder (the platform's user cache) keeps what earlier clients cached.
    return Path(os.environ.get(ENV_CACHE) or pooch.os_cache("omgoerelse"))


@dataclass(frozen=True)
class Source:
    """Where a version's files are on the site and in the local cache."""

    version: str = "latest"
    base_url: str | None = None
    cache_dir: Path | None = None

    def __post_init__(self) -> None:
        # fullmatch: "1.0.0\n" would pass a `$` and name a folder of its own in the cache
        if self.version != "latest" and not VERSION.fullmatch(self.version):
            raise ValueError(f"version must be 'latest' or MAJOR.MINOR.PATCH, not {self.version!r}")

    @property
    def site(self) -> str:
        return normalise_url(self.base_url) if self.base_url else default_base_url()

    @property
    def url(self) -> str:
        return f"{self.site}data/{self.version}/"

    @property
    def folder(self) -> Path:
        return Path(self.cache_dir or default_cache()) / self.version

    def cached(self, name: str) -> Path:
        """The cache's path for a name from SHA256SUMS (already checked to be a plain relative
        path); resolved once more, so that no name can ever reach outside the version's folder."""
        folder = self.folder.resolve()
        path = (folder / name).resolve()
        if not path.is_relative_to(folder):
            raise ValueError(f"{name!r} lies outside the cache folder {folder}")
        return self.folder / name
