"""Write a table's package: CSV, Parquet, reading guide, code-list copies and datapackage.json.

Everything written here is deterministic: fixed row and field order, no timestamps, pinned Parquet
writer. Hashes and sizes are computed from the bytes on disk.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from omgoerelse.registry import Registry
from omgoerelse.spec import TableSpec
from omgoerelse.xlsx import xlsx_bytes

SCHEMA_PACKAGE = "https://datapackage.org/profiles/2.0/datapackage.json"
ARROW_TYPES = {"integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(), "date": pa.date32(), "string": pa.string()}
CODELIST_DIR = "kodelister"
GUIDE = "LAESEVEJLEDNING.md"
XLSX_MEDIATYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    """A table ready to write: its spec and its rows (dicts of field -> Python value)."""

    spec: TableSpec
    rows: list[dict]
    sources: list[dict]  # Frictionless `sources` entries
    guide: str
    publishers: set[str]  # publishers of the documents the rows come from


def csv_bytes(spec: TableSpec, rows: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # RFC 4180
    writer.writerow(spec.fields)
    for row in rows:
        writer.writerow([csv_text(row.get(f)) for f in spec.fields])
    return buf.getvalue().encode("utf-8")


def csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")  # as printed or as computed: "69", "44.9", "68.75"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def parquet_bytes(spec: TableSpec, rows: list[dict], registry: Registry) -> bytes:
    fields, arrays = [], []
    for name in spec.fields:
        d = registry.fields[name]
        meta = {"title": d["title"], "description": " ".join(d["description"].split())}
        fields.append(pa.field(name, ARROW_TYPES[d["type"]], metadata=meta))
        values = [float(v) if isinstance(v, Decimal) else v for v in (r.get(name) for r in rows)]
        arrays.append(pa.array(values, ARROW_TYPES[d["type"]]))
    table = pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata={"table": spec.name}))
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def schema(spec: TableSpec, registry: Registry) -> dict:
    fields = []
    for name in spec.fields:
        d = registry.fields[name]
        field = {"name": name, "type": d["type"], "title": d["title"], "description": " ".join(d["description"].split())}
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
    return [(f, registry.fields[f]["codelist"]) for f in spec.fields if registry.fields[f].get("codelist") and spec.name != registry.fields[f]["codelist"]]


def file_facts(data: bytes) -> dict:
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def resources(table: Table, registry: Registry, files: dict[str, bytes], prefix: str = "", named: bool = False) -> list[dict]:
    """The resources of one table: the CSV (tabular), its Parquet and Excel copies, and the reading guide."""
    spec = table.spec
    base = f"{prefix}{spec.name}"
    csv_name = f"{base}.csv"
    suffix = (lambda s: f"{spec.name}_{s}") if named else (lambda s: s)
    return [
        {
            "name": spec.name, "type": "table", "path": csv_name, "title": spec.title,
            "description": " ".join(spec.description.split()), "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", **file_facts(files[csv_name]), "schema": schema(spec, registry),
            "sources": table.sources,
        },
        {
            "name": f"{spec.name}_parquet", "type": "file", "path": f"{base}.parquet",
            "title": f"{spec.title} (Parquet)", "description": "Samme tabel som CSV-filen, typet, i Parquet-format.",
            "format": "parquet", "mediatype": "application/vnd.apache.parquet", **file_facts(files[f"{base}.parquet"]),
        },
        {
            "name": f"{spec.name}_xlsx", "type": "file", "path": f"{base}.xlsx",
            "title": f"{spec.title} (Excel)", "description": "Samme tabel som Excel-projektmappe med danske kolonnetitler, læsevejledning og kilde.",
            "format": "xlsx", "mediatype": XLSX_MEDIATYPE, **file_facts(files[f"{base}.xlsx"]),
        },
        {
            "name": suffix("laesevejledning"), "path": f"{prefix}{GUIDE}", "title": f"Læsevejledning: {spec.title}",
            "format": "md", "mediatype": "text/markdown", "encoding": "utf-8", **file_facts(files[f"{prefix}{GUIDE}"]),
        },
    ]


def package_descriptor(name: str, title: str, description: str, registry: Registry, resources_: list[dict],
                       extra: dict | None = None, publishers: set[str] | None = None) -> dict:
    """A Data Package v2 descriptor. Authors are the publishers of the documents used (all, if None)."""
    ds = registry.dataset
    contributors = [c for c in ds.get("contributors", []) if publishers is None or "author" not in c["roles"] or c["title"] in publishers]
    return {
        "$schema": SCHEMA_PACKAGE, "name": name, "title": title, "description": " ".join(description.split()),
        "version": ds["version"], "licenses": ds["licenses"], "contributors": contributors,
        **(extra or {}), "resources": resources_,
    }


def json_bytes(obj: object) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_table_package(folder: Path, table: Table, registry: Registry, references: dict[str, tuple[bytes, dict]]) -> dict[str, bytes]:
    """Write one table's folder; return its files' bytes by relative path (for the catalogue).

    `references` holds each code list's CSV bytes and schema: a copy goes into the folder so that the
    package is whole on its own and its foreign keys can be checked.
    """
    spec = table.spec
    files = {
        f"{spec.name}.csv": csv_bytes(spec, table.rows),
        f"{spec.name}.parquet": parquet_bytes(spec, table.rows, registry),
        f"{spec.name}.xlsx": xlsx_bytes(spec, table.rows, registry, table.guide, table.sources),
        GUIDE: table.guide.encode("utf-8"),
    }
    res = resources(table, registry, files)
    for _, target in foreign_keys(spec, registry):
        path = f"{CODELIST_DIR}/{target}.csv"
        data, target_schema = references[target]
        files[path] = data
        res.append(reference_resource(target, path, data, target_schema))
    descriptor = package_descriptor(spec.name, spec.title, spec.description, registry, res, package_extras(table, registry), table.publishers)
    folder.mkdir(parents=True, exist_ok=True)
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    (folder / "datapackage.json").write_bytes(json_bytes(descriptor))
    return files


def package_extras(table: Table, registry: Registry) -> dict:
    warnings = [{"type": w, **registry.warnings[w]} for w in table.spec.usage_warnings]
    extra = {"sources": table.sources} if table.sources else {}
    if warnings:
        extra["usageWarnings"] = warnings
    return extra


def reference_resource(name: str, path: str, data: bytes, target_schema: dict) -> dict:
    return {
        "name": name, "type": "table", "path": path, "title": f"Kodeliste {name}", "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8", **file_facts(data), "schema": target_schema,
    }
