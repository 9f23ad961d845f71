"""The DCAT catalogue (JSON-LD) of every table and every released version, for the Danish
open-data portals to harvest (data/dcat.jsonld on the site). It follows DCAT-AP 3.0.1 and
DCAT-AP-DK 2.0.2; where the two disagree, it holds what both accept (see `_distribution`).
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from pathlib import Path

from omgoerelse.core.checksums import SUMS, read_sums
from omgoerelse.declarations.registry import Registry
from omgoerelse.publish.cite import base_url, publisher
from omgoerelse.publish.emit import is_csv_table
from omgoerelse.publish.releases import Release

EU = "http://publications.europa.eu/resource/authority/"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
FORMATS = {  # file suffix: (EU file type, IANA media type)
    "csv": ("CSV", "text/csv"),
    "parquet": ("PARQUET", "application/vnd.apache.parquet"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "json": ("JSON", "application/json"),
}
FILE_DESCRIPTIONS = {  # what each file of a table is, for a portal's list of downloads
    "csv": "Tabellen som CSV-fil i UTF-8.",
    "parquet": "Tabellen som Parquet-fil med typede kolonner.",
    "xlsx": "Tabellen som Excel-projektmappe med navne ved koderne, kodelister og læsevejledning.",
    "json": "Datapakkens beskrivelse (datapackage.json): felter, typer, kilder og kontrolsummer.",
}
DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "spdx": "http://spdx.org/rdf/terms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "adms": "http://www.w3.org/ns/adms#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}
# A table is one dcat:Dataset (its latest files). Its released versions hang off it with
# dcat:hasVersion, whose range DCAT-AP 3 sets to dcat:Dataset. A harvester that takes every
# subject typed dcat:Dataset (CKAN's does) would then make one dataset per version with the same
# title; so a version is typed with a class of this catalogue's own, declared a subclass of
# dcat:Dataset. A reader that reasons over classes (as the SHACL shapes do) sees a dataset; a
# harvester that reads types as written makes one dataset per table. Each version keeps
# owl:versionInfo (DCAT-AP-DK) and dcat:version (DCAT 3).


def _da(text: str) -> dict:
    return {"@value": " ".join(text.split()), "@language": "da"}


def _ref(uri: str) -> dict:
    return {"@id": uri}


def _typed(uri: str, kind: str) -> dict:
    """A reference with its class, as the DCAT-AP range shapes want it (a licence is a
    dct:LicenseDocument, a page a foaf:Document)."""
    return {"@id": uri, "@type": kind}


LICENCE_REF = _typed(LICENCE, "dct:LicenseDocument")
# Every reference carries the class the DCAT-AP 3 range shapes ask for: a validator (and a
# harvester) without the EU vocabularies at hand sees only the types written here.
LANGUAGE = _typed(f"{EU}language/DAN", "dct:LinguisticSystem")
SPATIAL = _typed(f"{EU}country/DNK", "dct:Location")
THEMES: dict[str, object] = {
    "@id": f"{EU}data-theme",
    "@type": "skos:ConceptScheme",
    "dct:title": {"@value": "Data theme", "@language": "en"},
}
THEME = {
    "@id": f"{EU}data-theme/SOCI",
    "@type": "skos:Concept",
    "skos:prefLabel": _da("Befolkning og samfund"),
    "skos:inScheme": _ref(f"{EU}data-theme"),
}


def table_files(folder: Path, version_dir: str) -> dict[str, dict]:
    """Each table's main resource and files in one version, from its catalogue and SHA256SUMS."""
    catalogue = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    sums = read_sums(folder / SUMS)
    publisher_of = _publisher_of(folder)
    tables = {}
    for r in catalogue["resources"]:
        if not is_csv_table(r):
            continue
        name = r["name"]
        files = [f"{name}/{name}.{suffix}" for suffix in ("csv", "parquet", "xlsx")] + [
            f"{name}/datapackage.json"
        ]
        years, cited = _years_and_documents(folder / r["path"])
        tables[name] = {
            "title": r["title"],
            "description": r.get("description", ""),
            "years": years,
            # who published the figures: the publishers of the documents the rows cite, the one
            # with the most rows first
            "publishers": _most_cited_first(cited, publisher_of),
            "files": [
                {
                    "path": f,
                    "url": version_dir + f,
                    "sha256": sums[f],
                    "sha1": hashlib.sha1((folder / f).read_bytes()).hexdigest(),
                }
                for f in files
            ],
        }
    return tables


def _most_cited_first(cited: Counter[str], publisher_of: dict[str, str]) -> list[str]:
    rows: Counter[str] = Counter()
    for document, n in cited.items():
        if document in publisher_of:
            rows[publisher_of[document]] += n
    return sorted(rows, key=lambda p: (-rows[p], p))


def _years_and_documents(csv_path: Path) -> tuple[tuple[int, int] | None, Counter[str]]:
    """The first and last year of a table's rows, and how many rows cite each document; one
    pass."""
    years: list[int] = []
    cited: Counter[str] = Counter()
    with csv_path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r.get("aar"):
                years.append(int(r["aar"]))
            if r.get("kilde_dokument"):
                cited[r["kilde_dokument"]] += 1
    return ((min(years), max(years)) if years else None), cited


def _publisher_of(folder: Path) -> dict[str, str]:
    """Each source document's publisher, from the register table `kilder` of the same version."""
    register = folder / "kilder" / "kilder.csv"
    if not register.exists():
        return {}
    with register.open(encoding="utf-8", newline="") as f:
        return {r["kode"]: r["udgiver"] for r in csv.DictReader(f)}


def _distribution(f: dict) -> dict:
    """One file. Its SHA-1 is given because DCAT-AP-DK 2.0.2 allows no other algorithm (the
    SHA-256 stays in SHA256SUMS and datapackage.json). Its size is not: DCAT-AP 3.0.1 types
    dcat:byteSize xsd:nonNegativeInteger and DCAT-AP-DK 2.0.2 xsd:decimal, so no value passes both
    (the size stands in datapackage.json and on the download page)."""
    eu_type, media = FORMATS[f["path"].rsplit(".", 1)[1]]
    return {
        "@id": f["url"],
        "@type": "dcat:Distribution",
        "dct:title": f["path"].rsplit("/", 1)[1],
        "dct:description": _da(FILE_DESCRIPTIONS[f["path"].rsplit(".", 1)[1]]),
        "dcat:accessURL": _ref(f["url"]),
        "dcat:downloadURL": _ref(f["url"]),
        "dct:format": _typed(f"{EU}file-type/{eu_type}", "dct:MediaTypeOrExtent"),
        "dcat:mediaType": _typed(
            f"https://www.iana.org/assignments/media-types/{media}", "dct:MediaType"
        ),
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": _typed("spdx:checksumAlgorithm_sha1", "spdx:ChecksumAlgorithm"),
            "spdx:checksumValue": {"@value": f["sha1"], "@type": "xsd:hexBinary"},
        },
        "dct:license": LICENCE_REF,
    }


def released_version_class(base: str) -> dict:
    return {
        "@id": f"{base}data/dcat.jsonld#UdgivetVersion",
        "@type": "rdfs:Class",
        "rdfs:subClassOf": _ref("dcat:Dataset"),
        "rdfs:label": _da("Udgivet version af en tabel"),
    }


def _credits(publishers: list[str]) -> dict:
    """The publishers of a table's figures: DCAT-AP-DK allows one dct:creator, so the one with
    the most rows is the creator and any others are contributors."""
    agents = [{"@type": "foaf:Agent", "foaf:name": name} for name in publishers]
    return {"dct:creator": agents[0], **({"dct:contributor": agents[1:]} if agents[1:] else {})}


def dcat_catalogue(site_data: Path, registry: Registry, releases: list[Release]) -> dict:
    """A dcat:Dataset per table (the latest files), each with one per released version."""
    base = base_url(registry)
    ds = registry.dataset
    agent = {"@id": base + "#udgiver", "@type": "foaf:Agent", "foaf:name": publisher(registry)}
    latest = table_files(site_data / "latest", f"{base}data/latest/")
    versions = {
        r.version: (r, table_files(site_data / r.version, f"{base}data/{r.version}/"))
        for r in releases
    }
    released_version = released_version_class(base)
    datasets = []
    for name, t in latest.items():
        common = {
            "dct:title": _da(t["title"]),
            "dct:description": _da(t["description"] or t["title"]),
            "dct:publisher": agent,
            **_credits(t["publishers"] or [publisher(registry)]),
            "dct:license": LICENCE_REF,
            "dct:language": LANGUAGE,
            "dct:spatial": SPATIAL,
            "dcat:theme": THEME,
            "dcat:keyword": [
                _da("omgørelsesprocent"),
                _da("klagesager"),
                _da("Ankestyrelsen"),
                _da(name.replace("_", " ")),
            ],
            "dcat:contactPoint": {
                "@type": ["vcard:Organization", "vcard:Kind"],
                "vcard:fn": publisher(registry),
                "vcard:hasURL": _ref(base),
            },
        }
        if t["years"]:
            common["dct:temporal"] = {
                "@type": "dct:PeriodOfTime",
                "dcat:startDate": {"@value": f"{t['years'][0]}-01-01", "@type": "xsd:date"},
                "dcat:endDate": {"@value": f"{t['years'][1]}-12-31", "@type": "xsd:date"},
            }
        dataset = {
            "@id": f"{base}tabeller/{name}/",
            "@type": "dcat:Dataset",
            "dct:identifier": f"{ds['name']}/{name}",
            "dcat:landingPage": _typed(f"{base}tabeller/{name}/", "foaf:Document"),
            "owl:versionInfo": ds["version"],
            **common,
            "dcat:distribution": [_distribution(f) for f in t["files"]],
            "dcat:hasVersion": [],
        }
        for version, (release, tables) in versions.items():
            if name in tables:
                dataset["dcat:hasVersion"].append(
                    {
                        "@id": f"{base}data/{version}/{name}/",
                        "@type": released_version["@id"],
                        "dct:identifier": f"{ds['name']}/{name}/{version}",
                        "owl:versionInfo": version,
                        "dcat:version": version,
                        "dct:issued": {"@value": release.date.isoformat(), "@type": "xsd:date"},
                        "dct:isVersionOf": _ref(f"{base}tabeller/{name}/"),
                        "adms:versionNotes": _da(release.note),
                        **common,
                        "dcat:distribution": [_distribution(f) for f in tables[name]["files"]],
                    }
                )
        datasets.append(dataset)
    catalogue = {
        "@id": f"{base}data/dcat.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": _da(ds["title"]),
        "dct:description": _da(ds["description"]),
        "dct:publisher": agent,
        "dct:license": LICENCE_REF,
        "dct:language": LANGUAGE,
        "foaf:homepage": _typed(base, "foaf:Document"),
        "dcat:themeTaxonomy": THEMES,
        **(
            {
                "dct:issued": {"@value": releases[0].date.isoformat(), "@type": "xsd:date"},
                "dct:modified": {"@value": releases[-1].date.isoformat(), "@type": "xsd:date"},
            }
            if releases
            else {}
        ),
        "dcat:dataset": datasets,
    }
    return {"@context": DCAT_CONTEXT, "@graph": [catalogue, released_version]}
