"""How to cite a table: Danish citation text, BibTeX and CSL-JSON, all naming the version, its date
and a permanent link to the page of exactly that version, which lists its files."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable

from omgoerelse.core.formats import danish_date, danish_list, normalise_url
from omgoerelse.declarations.registry import Registry
from omgoerelse.declarations.specs import TableSpec

RELEASE_PAGE = "versioner/{version}/#{table}"
TABLE_PAGE = "tabeller/{table}/"


def base_url(registry: Registry) -> str:
    """The site's address; the environment may override dataset.yaml when deploying elsewhere."""
    return normalise_url(os.environ.get("OMGOERELSE_BASE_URL") or registry.dataset["base_url"])


def is_released(registry: Registry) -> bool:
    """Whether the build's version is a release; an unreleased build is a pre-release: 1.2.1-dev."""
    return "-" not in registry.dataset["version"]


def permalink(registry: Registry, table: str) -> str:
    """The page of the version the citation names, at the table's own section: it says which
    version that is and offers exactly its files (site/release_pages.py)."""
    if not is_released(registry):
        # an unreleased build has no page of its own until it is released: the table's page shows
        # the newest build
        return base_url(registry) + TABLE_PAGE.format(table=table)
    version = registry.dataset["version"]
    return base_url(registry) + RELEASE_PAGE.format(version=version, table=table)


def _date(registry: Registry):
    return registry.dataset["version_date"]


def authors(registry: Registry, publishers: Iterable[str] = ()) -> list[str]:
    """Who a citation names first: the publishers of the figures (a table's documents), else the
    dataset's authors; this project, which transcribed and checked them, comes after."""
    return sorted(publishers) or [
        c["title"] for c in registry.dataset["contributors"] if "author" in c.get("roles", [])
    ]


def citation_text(
    registry: Registry, spec: TableSpec | None = None, publishers: Iterable[str] = ()
) -> str:
    """The citation a reader pastes: the publishers of the figures, the table, this dataset with
    its version and date, the licence and the permanent link."""
    ds = registry.dataset
    what = f"{spec.title}. I: {ds['title']}, tabel {spec.name}" if spec else ds["title"]
    link = permalink(registry, spec.name) if spec else base_url(registry)
    return (
        f"{danish_list(authors(registry, publishers))}: {what}, version {ds['version']} "
        f"({danish_date(_date(registry))}). Licens: {ds['licenses'][0]['name']}. {link}"
    )


def bibtex(registry: Registry, spec: TableSpec, publishers: Iterable[str] = ()) -> str:
    """BibTeX with a key a reader can keep, the version, and each organisation in its own braces
    (so BibTeX never splits "Social- og Boligministeriet" into a person's names)."""
    ds = registry.dataset
    date = _date(registry)
    key = f"{ds['name']}_{spec.name}_{ds['version'].replace('.', '_').replace('-', '_')}"
    names = " and ".join(f"{{{name}}}" for name in authors(registry, publishers))
    return "\n".join(
        [
            f"@dataset{{{key},",
            f"  title = {{{{{spec.title}}}}},",
            f"  author = {{{names}}},",
            f"  publisher = {{{{{publisher(registry)}}}}},",
            f"  year = {{{date.year}}},",
            f"  date = {{{date.isoformat()}}},",
            f"  version = {{{ds['version']}}},",
            f"  url = {{{permalink(registry, spec.name)}}},",
            f"  note = {{{ds['title']}, tabel {spec.name}}},",
            "}",
        ]
    )


def csl_json(registry: Registry, spec: TableSpec, publishers: Iterable[str] = ()) -> str:
    ds = registry.dataset
    date = _date(registry)
    return json.dumps(
        {
            "id": f"{ds['name']}_{spec.name}_{ds['version']}",
            "type": "dataset",
            "title": spec.title,
            "author": [{"literal": name} for name in authors(registry, publishers)],
            "publisher": publisher(registry),
            "container-title": ds["title"],
            "version": ds["version"],
            "issued": {"date-parts": [[date.year, date.month, date.day]]},
            "URL": permalink(registry, spec.name),
            "note": f"tabel {spec.name}",
            "language": "da",
        },
        ensure_ascii=False,
        indent=2,
    )


def publisher(registry: Registry) -> str:
    return next(
        c["title"] for c in registry.dataset["contributors"] if "publisher" in c.get("roles", [])
    )
