"""The built site's downloads: data/latest/ from the build, every frozen release beside it, and the
catalogues and checksums that list them; and the one page MkDocs cannot mark as English."""

from __future__ import annotations

import shutil
from pathlib import Path

from omgoerelse.core.checksums import (
    DIGEST_KEY,
    LATEST_DIGEST_KEY,
    SUMS,
    file_hash,
    file_hashes,
    sums_text,
)
from omgoerelse.declarations.registry import Registry
from omgoerelse.publish import dcat, emit
from omgoerelse.publish.releases import CHANGELOG, Release, add_zips

DATA_DIR = "data/latest"
ENGLISH = "english"  # the one page in English: marked lang="en" and ranked last by the search


def mark_english(site: Path) -> None:
    """The English page's <html lang>: Material writes the site's language on every page."""
    page = site / ENGLISH / "index.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace('<html lang="da"', '<html lang="en"', 1), encoding="utf-8")


def copy_downloads(
    datapackage: Path, site: Path, releases: list[Release], registry: Registry
) -> None:
    """data/latest/ from the build, data/<version>/ from each frozen release, data/versions.json and
    the DCAT catalogue of them all."""
    latest = site / DATA_DIR
    shutil.copytree(datapackage, latest)
    add_zips(latest)
    (latest / SUMS).write_text(sums_text(file_hashes(latest)), encoding="utf-8")
    for release in releases:
        shutil.copytree(release.folder, site / "data" / release.version)
    catalogue = versions_catalogue(releases, file_hash(latest / SUMS))
    (site / "data" / "versions.json").write_bytes(emit.json_bytes(catalogue))
    (site / "data" / "dcat.jsonld").write_bytes(
        emit.json_bytes(dcat.dcat_catalogue(site / "data", registry, releases))
    )
    # Every other file offered for download (charts, catalogues) gets its sha256 in one list at
    # the root.
    others = (
        {f"grafer/{k}": v for k, v in file_hashes(site / "grafer").items()}
        if (site / "grafer").exists()
        else {}
    )
    others |= {f"data/{n}": file_hash(site / "data" / n) for n in ("versions.json", "dcat.jsonld")}
    (site / SUMS).write_text(sums_text(others), encoding="utf-8")


def versions_catalogue(releases: list[Release], latest_digest: str) -> dict:
    """Every released version with its date, note and where its files are (relative to data/), and
    the sha256 of each version's SHA256SUMS, which the client checks that list against."""
    return {
        "latest": "latest/",
        LATEST_DIGEST_KEY: latest_digest,
        "versions": [
            {
                "version": r.version,
                "date": r.date.isoformat(),
                "note": r.note,
                "path": f"{r.version}/",
                "sha256sums": f"{r.version}/{SUMS}",
                DIGEST_KEY: file_hash(r.folder / SUMS),
                "changelog": f"{r.version}/{CHANGELOG}",
            }
            for r in reversed(releases)
        ],
    }
