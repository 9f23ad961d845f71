"""Write a table's package: CSV, Parquet, reading guide, code-list copies and datapackage.json.

Everything written here is deterministic: fixed row and field order, no timestamps, pinned Parquet
writer. Hashes and sizes are computed from the bytes on disk. A table is written from its frame column
by column (the CSV in slices), so a million rows write in seconds and in little memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from omgoerelse.core.checksums import file_hash
from omgoerelse.core.columns import PANDAS_TYPES, as_field_type
from omgoerelse.declarations.registry import Registry
from omgoerelse.declarations.specs import TableSpec
from omgoerelse.publish.xlsx import xlsx_bytes

SCHEMA_PACKAGE = "https://datapackage.org/profiles/2.0/datapackage.json"
ARROW_TYPES = {
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "string": pa.string(),
}
CODELIST_DIR = "kodelister"
GUIDE = "LAESEVEJLEDNING.md"
XLSX_MEDIATYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# An Excel copy is for a person working in Excel; a larger table is offered as CSV and Parquet only
# (Excel stops at 1,048,576 rows, and a sheet of this size is slow to open and to write).
XLSX_MAX_ROWS = 100_000
CSV_SLICE = 100_000  # rows turned into text at a time
PARQUET_ROWS = 250_000  # rows per Parquet row group; a smaller table is one group, as it always was


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

    @cached_property
    def rows(self) -> list[dict]:
        """The rows as Python values (int, Decimal, bool, date, str, None), for pages and charts."""
        columns = {
            f: [
                _python(v, self.types[f])
                for v in self.frame[f].to_numpy(dtype=object, na_value=None)
            ]
            for f in self.spec.fields
        }
        return [dict(zip(columns, values)) for values in zip(*columns.values())]

    @property
    def has_xlsx(self) -> bool:
        return has_xlsx(len(self.frame))


def has_xlsx(rows: int) -> bool:
    return rows <= XLSX_MAX_ROWS


def _python(value: object, kind: str) -> object:
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
        columns[name] = pd.array(values, dtype=PANDAS_TYPES[kind])
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


def csv_bytes(spec: TableSpec, frame: pd.DataFrame) -> bytes:
    """The table as RFC 4180 CSV: a header of field names, minimal quoting (as the csv module quotes), CRLF."""
    return b"".join(_csv_parts(spec, frame))


def write_csv(path: Path, spec: TableSpec, frame: pd.DataFrame) -> dict:
    """csv_bytes, written to a file a slice at a time; returns its facts (bytes, hash), taken on the way.
    The next slices are made (in Arrow) while one is written and hashed: a third less time at a million rows."""
    with path.open("wb") as f:
        return _facts(_written(f, _made_ahead(_csv_parts(spec, frame))))


def _made_ahead(parts: Iterator, depth: int = 2) -> Iterator:
    """The items of `parts`, made on a thread of their own up to `depth` ahead of the one taken."""
    end = object()
    with ThreadPoolExecutor(
        max_workers=1
    ) as maker:  # one thread: the items are made one after another, in order
        pending = deque(maker.submit(next, parts, end) for _ in range(depth))
        while (part := pending.popleft().result()) is not end:
            pending.append(maker.submit(next, parts, end))
            yield part


def _written(f, parts: Iterator[bytes | memoryview]) -> Iterator[bytes | memoryview]:
    for part in parts:
        f.write(part)
        yield part


def _csv_parts(spec: TableSpec, frame: pd.DataFrame) -> Iterator[bytes | memoryview]:
    header = io.StringIO()
    csv.writer(header, lineterminator="\r\n").writerow(spec.fields)
    yield header.getvalue().encode("utf-8")
    columns = [_csv_cells(frame[f]) for f in spec.fields]
    for start in range(0, len(frame), CSV_SLICE):
        yield _csv_lines([cells(start, CSV_SLICE) for cells in columns])


def _csv_lines(columns: list[pa.Array]) -> memoryview:
    """The rows as CSV lines, joined in Arrow; the result is the bytes of the joined strings' buffer."""
    lines = pc.binary_join_element_wise(*columns, _text_scalar(","))
    lines = pc.binary_join_element_wise(lines, _text_scalar("\r\n"), _text_scalar(""))
    _, offsets, data = lines.buffers()
    at = np.frombuffer(offsets, dtype=np.int64)[lines.offset : lines.offset + len(lines) + 1]
    return memoryview(data)[at[0] : at[-1]]


def _csv_cells(column: pd.Series) -> Callable[[int, int], pa.Array]:
    """A column as CSV cells, a slice at a time: "" for missing, true/false, and quoted where the text
    needs it. A categorical column is turned into cells once per distinct value, for all slices."""
    values = arrow_array(column)
    if pa.types.is_dictionary(values.type):
        cells = _csv_text(values.dictionary)
        return lambda start, length: pc.fill_null(
            pc.take(cells, values.indices.slice(start, length)), _text_scalar("")
        )
    return lambda start, length: _csv_text(values.slice(start, length))


def _csv_text(values: pa.Array) -> pa.Array:
    if pa.types.is_boolean(values.type):
        values = pc.if_else(values, _text_scalar("true"), _text_scalar("false"))
    text = pc.fill_null(pc.cast(values, pa.large_string()), _text_scalar(""))
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        return text  # numbers, dates and true/false never need quotes
    quote = pc.match_substring_regex(text, '[,"\r\n]')
    if pc.any(quote).as_py():
        quoted = pc.binary_join_element_wise(
            _text_scalar('"'),
            pc.replace_substring(text, '"', '""'),
            _text_scalar('"'),
            _text_scalar(""),
        )
        text = pc.if_else(quote, quoted, text)
    return text


def as_arrow_type(values: pa.Array, type_: pa.DataType) -> pa.Array:
    """Values in the field's Arrow type: decimal text becomes the nearest double; a dictionary-encoded
    (categorical) column is converted once per distinct value, then expanded."""
    if pa.types.is_dictionary(values.type):
        return pc.take(pc.cast(values.dictionary, type_), values.indices)
    return pc.cast(values, type_)


def arrow_array(column: pd.Series) -> pa.Array:
    """A column as one contiguous Arrow array (a slice of a frame can come out in chunks)."""
    values = pa.array(column, from_pandas=True)
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def _text_scalar(text: str) -> pa.Scalar:
    return pa.scalar(text, pa.large_string())


def parquet_bytes(spec: TableSpec, frame: pd.DataFrame, registry: Registry) -> bytes:
    """The table as Parquet (zstd), a row group per PARQUET_ROWS rows, each converted only when written."""
    fields = [
        pa.field(
            name,
            ARROW_TYPES[registry.fields[name]["type"]],
            metadata={
                "title": registry.fields[name]["title"],
                "description": " ".join(registry.fields[name]["description"].split()),
            },
        )
        for name in spec.fields
    ]
    schema_ = pa.schema(fields, metadata={"table": spec.name})
    sink = pa.BufferOutputStream()
    with pq.ParquetWriter(sink, schema_, compression="zstd") as writer:
        for start in range(0, max(len(frame), 1), PARQUET_ROWS):
            part = frame.iloc[start : start + PARQUET_ROWS]
            writer.write_table(
                pa.Table.from_arrays(
                    [as_arrow_type(arrow_array(part[f.name]), f.type) for f in fields],
                    schema=schema_,
                )
            )
    return sink.getvalue().to_pybytes()


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


def file_facts(data: bytes) -> dict:
    return _facts([data])


def path_facts(path: Path) -> dict:
    """file_facts of a file on disk (its hash read a block at a time)."""
    return {"bytes": path.stat().st_size, "hash": "sha256:" + file_hash(path)}


def _facts(chunks) -> dict:
    """Size and sha256 of the bytes in `chunks`, taken a chunk at a time."""
    digest, size = hashlib.sha256(), 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
    return {"bytes": size, "hash": "sha256:" + digest.hexdigest()}


def resources(
    table: Table, registry: Registry, files: dict[str, dict], prefix: str = "", named: bool = False
) -> list[dict]:
    """The resources of one table: the CSV (tabular), its Parquet and Excel copies, and the reading guide.
    `files` holds each written file's facts (bytes, hash) by path."""
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
        {
            "name": f"{spec.name}_parquet",
            "path": f"{base}.parquet",
            "title": f"{spec.title} (Parquet)",
            "description": "Samme tabel som CSV-filen, typet, i Parquet-format.",
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            **files[f"{base}.parquet"],
        },
        *(
            [
                {
                    "name": f"{spec.name}_xlsx",
                    "path": f"{base}.xlsx",
                    "title": f"{spec.title} (Excel)",
                    "description": "Samme tabel som Excel-projektmappe med danske kolonnetitler, læsevejledning og kilde.",
                    "format": "xlsx",
                    "mediatype": XLSX_MEDIATYPE,
                    **files[f"{base}.xlsx"],
                }
            ]
            if f"{base}.xlsx" in files
            else []
        ),
        {
            "name": suffix("laesevejledning"),
            "path": f"{prefix}{GUIDE}",
            "title": f"Læsevejledning: {spec.title}",
            "format": "md",
            "mediatype": "text/markdown",
            "encoding": "utf-8",
            **files[f"{prefix}{GUIDE}"],
        },
    ]


def package_descriptor(
    name: str,
    title: str,
    description: str,
    registry: Registry,
    resources_: list[dict],
    extra: dict | None = None,
    publishers: set[str] | None = None,
) -> dict:
    """A Data Package v2 descriptor. Authors are the publishers of the documents used (all, if None)."""
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
    folder: Path, table: Table, registry: Registry, references: dict[str, tuple[bytes, dict]]
) -> dict[str, dict]:
    """Write one table's folder; return its files' facts (bytes, hash) by relative path (for the catalogue).

    `references` holds each code list's CSV bytes and schema: a copy goes into the folder so that the
    package is whole on its own and its foreign keys can be checked.
    """
    spec = table.spec
    folder.mkdir(parents=True, exist_ok=True)
    # Arrow lets go of the GIL while it works: the CSV is written on a second core meanwhile.
    with ThreadPoolExecutor(max_workers=1) as second_core:
        csv_written = second_core.submit(write_csv, folder / f"{spec.name}.csv", spec, table.frame)
        written = {
            f"{spec.name}.parquet": parquet_bytes(spec, table.frame, registry),
            GUIDE: table.guide.encode("utf-8"),
        }
        csv_facts = csv_written.result()
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
        res.append(reference_resource(target, path, files[path], references[target][1]))
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


def reference_resource(name: str, path: str, facts: dict, target_schema: dict) -> dict:
    return {
        "name": name,
        "type": "table",
        "path": path,
        "title": f"Kodeliste {name}",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        **facts,
        "schema": target_schema,
    }
