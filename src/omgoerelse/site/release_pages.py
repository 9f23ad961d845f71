"""One page per released version (versioner/<version>/): its date and note, and for each table
every file of the version with its size, under an anchor named for the table. A table's permanent
link (publish/cite.py) points at that anchor, so a citation opens a page that says which version it
names and offers exactly that version's files."""

from __future__ import annotations

import json
from pathlib import Path

from omgoerelse.core.checksums import SUMS, read_sums
from omgoerelse.core.formats import file_size
from omgoerelse.publish.releases import Release
from omgoerelse.site import templating

PAGES_DIR = "versioner"  # beside versioner.md, the page of all versions
# A table's files in the order its page offers them: Excel first for spreadsheet users, then the
# files for programs, the zip and the guide; the code lists it uses last.
FILE_ORDER = (".xlsx", ".csv", ".parquet", "datapackage.json", ".zip", ".md")


def write_release_pages(docs: Path, releases: list[Release]) -> None:
    folder = docs / PAGES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for release in releases:
        (folder / f"{release.version}.md").write_text(release_page(release), encoding="utf-8")


def release_page(release: Release) -> str:
    """The page of one release, its files read from the release's own SHA256SUMS."""
    base = f"../../data/{release.version}/"  # from versioner/<version>/ to the frozen files
    whole: list[dict] = []
    tables: dict[str, list[dict]] = {}
    for path in sorted(read_sums(release.folder / SUMS), key=_order):
        entry = {
            "name": path.split("/", 1)[-1],
            "href": base + path,
            "size": file_size((release.folder / path).stat().st_size),
        }
        if "/" in path:
            tables.setdefault(path.split("/", 1)[0], []).append(entry)
        else:
            whole.append(entry)
    return templating.render(
        "version.md",
        release=release,
        sums={"name": SUMS, "href": base + SUMS},
        whole=whole,
        tables=[
            {"name": name, "title": _title(release.folder / name), "files": files}
            for name, files in tables.items()
        ],
    )


def _title(folder: Path) -> str:
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return descriptor.get("title") or folder.name


def _order(path: str) -> tuple:
    name = path.split("/", 1)[-1]
    rank = next((i for i, end in enumerate(FILE_ORDER) if name.endswith(end)), len(FILE_ORDER))
    return path.split("/", 1)[0] if "/" in path else "", "/" in name, rank, name
