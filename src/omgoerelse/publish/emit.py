"""Write a table's package: CSV, Parquet, reading guide, code-list copies and datapackage.json.

Everything written here is deterministic: fixed row and field order, no timestamps, pinned Parquet
writer. Hashes and sizes are computed from the bytes on disk. The CSV and Parquet bytes are made in
encode.py, column by column.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from omgoerelse.core.columns import PANDAS_TYPES, as_field_type
from omgoerelse.core.tuning import on
from omgoerelse.declarations.registry import Registry
from omgoerelse.declarations.specs import TableSpec
from omgoerelse.publish.encode import file_facts, parquet_bytes, write_csv
from omgoerelse.publish.xlsx import sheet_schema, xlsx_bytes

SCHEMA_PACKAGE = "https://datapackage.org/profiles/2.0/datapackage.json"
CODELIST_DIR = "kodelister"
GUIDE = "LAESEVEJLEDNING.md"
XLSX_MEDIATYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# An Excel copy is for a person working in Excel; a larger table is offered as CSV and Parquet only
# (Excel stops at 1,048,576 rows, and a sheet of this size is slow to open and to write).
XLSX_MAX_ROWS = 100_000


@dataclass
class Table:
    """A table ready to write: its spec and its rows, column by column.

    The frame has exactly the spec's fields, typed by PANDAS_TYPES: numbers as their decimal text
    (as printed, or as computed: "69", "44.9", "68.75"), dates as ISO text."""

    spec: TableSpec
    frame: pd.DataFrame
    types: dict[str, str]  # field -> its type in the registry
    sources: list[dict]  # Frictionless `sources` entries
    guide: str
    publishers: set[str]  # publishers of the documents the rows come from
    # document id -> its publisher, for a chart to credit the documents of the rows it draws
    publisher_of: dict[str, str] = dataclasses.field(default_factory=dict)

    @cached_property
    def rows(self) -> list[dict]:
        """The rows as Python values (int, Decimal, bool, date, str, None), for pages and charts."""
        columns = {
            f: [
                _python(v, self.types[f])
                # pandas-stubs leave None out of na_value's type; pandas documents it
                for v in self.frame[f].to_numpy(dtype=object, na_value=None)  # type: ignore[call-overload]
            ]
            for f in self.spec.fields
        }
        return [
            dict(zip(columns, values, strict=True))
            for values in zip(*columns.values(), strict=True)
        ]

    @property
    def has_xlsx(self) -> bool:
        return has_xlsx(len(self.frame))


def has_xlsx(rows: int) -> bool:
    return rows <= XLSX_MAX_ROWS


def _python(value: Any, kind: str) -> object:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if kind == "number":
        return Decimal(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind in ("integer", "boolean"):
        return (
            value.item()
            if hasattr(value, "item")
            else (int(value) if kind == "integer" else bool(value))
        )
    return value


def typed_frame(spec: TableSpec, registry: Registry, rows: list[dict]) -> pd.DataFrame:
    """A frame of the spec's fields from rows of Python values (the reference tables' rows)."""
    columns = {}
    for name in spec.fields:
        kind = registry.fields[name]["type"]
        values = [_text(r.get(name)) if kind in ("number", "date") else r.get(name) for r in rows]
        # The values' type follows the field's kind, as the dtype does: pandas-stubs cannot follow.
        columns[name] = pd.array(values, dtype=PANDAS_TYPES[kind])  # type: ignore[arg-type]
    return pd.DataFrame(columns, index=pd.RangeIndex(len(rows)))


def typed(spec: TableSpec, registry: Registry, frame: pd.DataFrame) -> pd.DataFrame:
    """The spec's fields of an observation frame, each in its type."""
    return pd.DataFrame(
        {f: as_field_type(frame[f], registry.fields[f]["type"]) for f in spec.fields}
    ).reset_index(drop=True)


def _text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")  # as printed or as computed: "69", "44.9", "68.75"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def schema(spec: TableSpec, registry: Registry) -> dict:
    fields = []
    for name in spec.fields:
        d = registry.fields[name]
        field = {
            "name": name,
            "type": d["type"],
            "title": d["title"],
            "description": " ".join(d["description"].split()),
        }
        if d.get("format"):
            field["format"] = d["format"]
        if d.get("unit"):
            field["unit"] = d["unit"]
        if d.get("constraints"):
            field["constraints"] = d["constraints"]
        fields.append(field)
    out = {"fields": fields, "missingValues": [""], "primaryKey": spec.primary_key}
    fks = [
        {"fields": [name], "reference": {"resource": target, "fields": ["kode"]}}
        for name, target in foreign_keys(spec, registry)
    ]
    if fks:
        out["foreignKeys"] = fks
    return out


def foreign_keys(spec: TableSpec, registry: Registry) -> list[tuple[str, str]]:
    """(field, referenced table) for every field whose values are codes of another table."""
    return [
        (f, registry.fields[f]["codelist"])
        for f in spec.fields
        if registry.fields[f].get("codelist") and spec.name != registry.fields[f]["codelist"]
    ]


def resources(
    table: Table, registry: Registry, files: dict[str, dict], prefix: str = "", named: bool = False
) -> list[dict]:
    """The resources of one table: the CSV (tabular), its Parquet and Excel copies, and the reading
    guide. `files` holds each written file's facts (bytes, hash) by path."""
    spec = table.spec
    base = f"{prefix}{spec.name}"
    csv_name = f"{base}.csv"
    suffix = (lambda s: f"{spec.name}_{s}") if named else (lambda s: s)
    return [
        {
            "name": spec.name,
            "type": "table",
            "path": csv_name,
            "title": spec.title,
            "description": " ".join(spec.description.split()),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            **files[csv_name],
            "schema": schema(spec, registry),
            "sources": table.sources,
        },
        # The copies are tables too, each with the schema Frictionless (the validator the build
        # and its users run) reads it by: without one it guesses a column's type from its first
        # rows and refuses a column that is empty there. The v2 profile knows no other type.
        {
            "name": f"{spec.name}_parquet",
            "type": "table",
            "path": f"{base}.parquet",
            "title": f"{spec.title} (Parquet)",
            "description": "Samme tabel som CSV-filen, typet, i Parquet-format.",
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            **parquet_facts(files[f"{base}.parquet"]),
            "schema": parquet_schema(spec),
        },
        *(
            [
                {
                    "name": f"{spec.name}_xlsx",
                    "type": "table",
                    "path": f"{base}.xlsx",
                    "title": f"{spec.title} (Excel)",
                    "description": "Samme tabel som Excel-projektmappe med danske kolonnetitler, "
                    "navne ved koderne, kodelister, læsevejledning og kilde; skemaet beskriver "
                    "arket Data.",
                    "format": "xlsx",
                    "mediatype": XLSX_MEDIATYPE,
                    **files[f"{base}.xlsx"],
                    "schema": sheet_schema(spec, registry),
                }
            ]
            if f"{base}.xlsx" in files
            else []
        ),
        {
            "name": suffix("laesevejledning"),
            "path": f"{prefix}{GUIDE}",
            "title": f"Læsevejledning: {spec.title}",
            "description": "Hvad tabellen viser, dens felter og begreber, hvad den ikke viser, "
            "forbehold, kilder, og hvordan den citeres.",
            "format": "md",
            "mediatype": "text/markdown",
            "encoding": "utf-8",
            **files[f"{prefix}{GUIDE}"],
        },
    ]


def parquet_facts(facts: dict) -> dict:
    """A Parquet file's facts for its resource: the sha256 only. Frictionless 5 counts no bytes when
    it reads Parquet, so a `bytes` there fails its validation ("expected is 13056 and actual is
    None"); the hash is held by our validator, the release checks and the client, and the
    catalogue's sizes come from the files themselves."""
    return {k: v for k, v in facts.items() if k != "bytes"}


def parquet_schema(spec: TableSpec) -> dict:
    """The Parquet copy's columns, typed "any": the file carries its own types (those of the CSV's
    schema). Frictionless 5 reads Parquet through pandas, which makes an empty whole number NaN,
    so the CSV's types would refuse every empty count."""
    return {"fields": [{"name": name, "type": "any"} for name in spec.fields]}


def is_csv_table(resource: dict) -> bool:
    """The table itself (the CSV with its Table Schema), not a copy in another format or a file."""
    return "schema" in resource and resource.get("format") == "csv"


def package_descriptor(
    name: str,
    title: str,
    description: str,
    registry: Registry,
    resources_: list[dict],
    extra: dict | None = None,
    publishers: set[str] | None = None,
) -> dict:
    """A Data Package v2 descriptor; authors: the publishers of the documents used (all if None)."""
    ds = registry.dataset
    contributors = [
        c
        for c in ds.get("contributors", [])
        if publishers is None or "author" not in c["roles"] or c["title"] in publishers
    ]
    return {
        "$schema": SCHEMA_PACKAGE,
        "name": name,
        "title": title,
        "description": " ".join(description.split()),
        "version": ds["version"],
        "licenses": ds["licenses"],
        "contributors": contributors,
        **(extra or {}),
        "resources": resources_,
    }


def json_bytes(obj: object) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_table_package(
    folder: Path, table: Table, registry: Registry, references: dict[str, tuple[bytes, Table]]
) -> dict[str, dict]:
    """Write one table's folder; return its files' facts (bytes, hash) by relative path (for the
    catalogue).

    `references` holds each code list's CSV bytes and table: a copy goes into the folder so that
    the package is whole on its own and its foreign keys can be checked.
    """
    spec = table.spec
    folder.mkdir(parents=True, exist_ok=True)
    # Arrow lets go of the GIL while it works: the CSV is written on a second core meanwhile.
    csv_path = folder / f"{spec.name}.csv"
    with ThreadPoolExecutor(max_workers=1) as second_core:
        beside = on("csv_beside")
        csv_written = second_core.submit(write_csv, csv_path, spec, table.frame) if beside else None
        written = {
            f"{spec.name}.parquet": parquet_bytes(spec, table.frame, registry),
            GUIDE: table.guide.encode("utf-8"),
        }
        csv_facts = csv_written.result() if csv_written else write_csv(csv_path, spec, table.frame)
    if table.has_xlsx:
        written[f"{spec.name}.xlsx"] = xlsx_bytes(
            spec, table.rows, registry, table.guide, table.sources
        )
    for _, target in foreign_keys(spec, registry):
        written[f"{CODELIST_DIR}/{target}.csv"] = references[target][0]
    for rel, data in written.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    files = {
        f"{spec.name}.csv": csv_facts,
        **{rel: file_facts(data) for rel, data in written.items()},
    }
    res = resources(table, registry, files)
    for _, target in foreign_keys(spec, registry):
        path = f"{CODELIST_DIR}/{target}.csv"
        res.append(reference_resource(references[target][1], path, files[path], registry))
    descriptor = package_descriptor(
        spec.name,
        spec.title,
        spec.description,
        registry,
        res,
        package_extras(table, registry),
        table.publishers,
    )
    (folder / "datapackage.json").write_bytes(json_bytes(descriptor))
    return files


def package_extras(table: Table, registry: Registry) -> dict:
    warnings = [{"type": w, **registry.warnings[w]} for w in table.spec.usage_warnings]
    extra = {"sources": table.sources} if table.sources else {}
    if warnings:
        extra["usageWarnings"] = warnings
    return extra


def reference_resource(table: Table, path: str, facts: dict, registry: Registry) -> dict:
    """The copy of a code list (or the source register) a package's foreign keys refer to."""
    spec = table.spec
    return {
        "name": spec.name,
        "type": "table",
        "path": path,
        "title": spec.title,
        "description": " ".join(spec.description.split()),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        **facts,
        "schema": schema(spec, registry),
        "sources": table.sources,
    }
