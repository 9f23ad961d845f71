"""How to cite a table: Danish citation text, BibTeX and CSL-JSON, all naming the version, its date
and a permanent link to the files of exactly that version."""

from __future__ import annotations

import json
import os

from omgoerelse.core.formats import danish_date, normalise_url
from omgoerelse.declarations.registry import Registry
from omgoerelse.declarations.specs import TableSpec

VERSIONED_DIR = "data/{version}/{table}/"


def base_url(registry: Registry) -> str:
    """The site's address; the environment may override dataset.yaml when deploying elsewhere."""
    return normalise_url(os.environ.get("OMGOERELSE_BASE_URL") or registry.dataset["base_url"])


def permalink(registry: Registry, table: str) -> str:
    """The version's own copy of the table's descriptor: its bytes never change once released."""
    ds = registry.dataset
    return (
        base_url(registry)
        + VERSIONED_DIR.format(version=ds["version"], table=table)
        + "datapackage.json"
    )


def _date(registry: Registry):
    return registry.dataset["version_date"]


def citation_text(registry: Registry, spec: TableSpec | None = None) -> str:
    ds = registry.dataset
    what = f"{ds['title']}: {spec.title} (tabel {spec.name})" if spec else ds["title"]
    link = permalink(registry, spec.name) if spec else base_url(registry)
    return (
        f"{what}. Version {ds['version']}, {danish_date(_date(registry))}. "
        f"Data fra Ankestyrelsen, licens {ds['licenses'][0]['name']}. {link}"
    )


def bibtex(registry: Registry, spec: TableSpec) -> str:
    ds = registry.dataset
    date = _date(registry)
    key = f"{ds['name']}_{spec.name}_{ds['version'].replace('.', '_')}"
    return "\n".join(
        [
            f"@dataset{{{key},",
            f"  title = {{{{{spec.title}}}}},",
            f"  author = {{{{{publisher(registry)}}}}},",
            f"  year = {{{date.year}}},",
            f"  date = {{{date.isoformat()}}},",
            f"  version = {{{ds['version']}}},",
            f"  url = {{{permalink(registry, spec.name)}}},",
            f"  note = {{{ds['title']}, tabel {spec.name}; data fra Ankestyrelsen}},",
            "}",
        ]
    )


def csl_json(registry: Registry, spec: TableSpec) -> str:
    ds = registry.dataset
    date = _date(registry)
    return json.dumps(
        {
            "id": f"{ds['name']}_{spec.name}_{ds['version']}",
            "type": "dataset",
            "title": spec.title,
            "author": [{"literal": publisher(registry)}],
            "container-title": ds["title"],
            "version": ds["version"],
            "issued": {"date-parts": [[date.year, date.month, date.day]]},
            "URL": permalink(registry, spec.name),
            "note": f"tabel {spec.name}; data fra Ankestyrelsen",
            "language": "da",
        },
        ensure_ascii=False,
        indent=2,
    )


def publisher(registry: Registry) -> str:
    return next(
        c["title"] for c in registry.dataset["contributors"] if "publisher" in c.get("roles", [])
    )
