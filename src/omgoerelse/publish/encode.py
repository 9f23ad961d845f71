"""A table's frame as the bytes of its files: CSV (RFC 4180) and Parquet, made column by column in
Arrow (the CSV in slices), so a million rows write in seconds and in little memory; and the facts
(size, sha256) of the bytes written, taken on the way."""

from __future__ import annotations

import csv
import hashlib
import io
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from omgoerelse.core.checksums import file_hash
from omgoerelse.core.tuning import plain
from omgoerelse.declarations.registry import Registry
from omgoerelse.declarations.specs import TableSpec

ARROW_TYPES = {
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "string": pa.string(),
}
CSV_SLICE = 100_000  # rows turned into text at a time
PARQUET_ROWS = 250_000  # rows per Parquet row group; a smaller table is one group, as it always was


def csv_bytes(spec: TableSpec, frame: pd.DataFrame) -> bytes:
    """The table as RFC 4180 CSV: a header of field names, minimal quoting (as csv quotes), CRLF."""
    return b"".join(_csv_parts(spec, frame))


def write_csv(path: Path, spec: TableSpec, frame: pd.DataFrame) -> dict:
    """csv_bytes, written to a file a slice at a time; returns its facts (bytes, hash), taken on the
    way. The next slices are made (in Arrow) while one is written and hashed: a third less time at a
    million rows."""
    with path.open("wb") as f:
        return _facts(_written(f, _made_ahead(_csv_parts(spec, frame))))


def _made_ahead(parts: Iterator, depth: int = 2) -> Iterator:
    """The items of `parts`, made on a thread of their own up to `depth` ahead of the one taken."""
    if plain("csv_ahead"):
        yield from parts
        return
    end = object()
    # one thread: the items are made one after another, in order
    with ThreadPoolExecutor(max_workers=1) as maker:
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
    """The rows as CSV lines, joined in Arrow: the bytes of the joined strings' buffer."""
    lines = pc.binary_join_element_wise(*columns, _text_scalar(","))
    lines = pc.binary_join_element_wise(lines, _text_scalar("\r\n"), _text_scalar(""))
    _, offsets, data = lines.buffers()
    at = np.frombuffer(offsets, dtype=np.int64)[lines.offset : lines.offset + len(lines) + 1]
    return memoryview(data)[at[0] : at[-1]]


def _csv_cells(column: pd.Series) -> Callable[[int, int], pa.Array]:
    """A column as CSV cells, a slice at a time: "" for missing, true/false, quoted where the text
    needs it. A categorical column becomes cells once per distinct value, for all slices."""
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
    """Values in the field's Arrow type: decimal text becomes the nearest double; a
    dictionary-encoded (categorical) column is converted once per distinct value, then expanded."""
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
    """The table as Parquet (zstd), a row group per PARQUET_ROWS rows, each made when written."""
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
