"""Validation of the written packages before they are published: Frictionless for the descriptors, a
columnar engine (pyarrow) for the rows.

Frictionless checks each datapackage.json against the Data Package v2 profile. The rows of each CSV
table are checked column by column with pyarrow, against the same Table Schema: every file's bytes
and sha256, each cell's type, blank rows, required fields, minimum, maximum, pattern and enum, the
primary key, and the foreign keys. The Parquet and Excel copies are held to their sha256 (and
size) only; `omgoerelse validate` reads them too, with Frictionless in full. Row-by-row
validation with Frictionless takes about 20 s per million rows; this takes well under a second.

It never accepts a cell Frictionless 5 refuses, and refuses a few that Frictionless accepts
(tests/test_validate_cells.py holds both to a corpus of cell forms):
- a whole number written other than as digits with perhaps a minus: "+5", " 5", "5 ", "1_000",
  or digits of another script ("٥"); in a decimal number also "1_000" and "٥";
- a truth value other than "true" or "false": "True", "TRUE", "False", "1", "0";
- a date other than YYYY-MM-DD: "2024-1-5";
- an address (format "uri") other than http(s): "mailto:a@b.dk".
The build writes none of these, so the two never differ on what it publishes.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from omgoerelse.core.memory import release_memory
from omgoerelse.publish.emit import is_csv_table
from omgoerelse.publish.encode import ARROW_TYPES, path_facts


def validate_packages(folder: Path) -> list[str]:
    """Problems in every datapackage.json below folder (empty when all is well)."""
    import frictionless

    problems, memo = [], Memo()
    packages = [
        (path, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(folder.glob("**/datapackage.json"))
    ]
    for path, descriptor in packages:
        report = frictionless.Package.validate_descriptor(descriptor)
        problems += [f"{path}: {e.message}" for e in report.errors]
        problems += validate_rows(path.parent, descriptor, memo)
        release_memory(collect=False)  # one package's buffers are not needed for the next
    return problems


class Memo:
    """What checking one package found, for the next: every file's size and hash, and each checked
    table by (hash, schema, kept fields). Every package carries copies of the code lists it refers
    to, and the catalogue lists every table again; each is read and checked once."""

    def __init__(self):
        self.files: dict[Path, dict] = {}
        self.tables: dict[tuple, pa.Table] = {}

    def facts(self, path: Path) -> dict:
        key = path.resolve()  # the catalogue lists every package's files again
        if key not in self.files:
            # read a megabyte at a time: a large file is never held whole
            self.files[key] = path_facts(path)
        return self.files[key]


def validate_rows(base: Path, descriptor: dict, memo: Memo | None = None) -> list[str]:
    """Problems in one package's files."""
    problems: list[str] = []
    tables: dict[str, pa.Table] = {}
    memo = Memo() if memo is None else memo
    for resource in descriptor["resources"]:
        path = base / resource["path"]
        where, before = str(path), len(problems)
        facts = memo.facts(path)
        if facts["bytes"] != resource.get("bytes", facts["bytes"]):
            problems.append(
                f"{where}: {facts['bytes']} bytes, the descriptor says {resource['bytes']}"
            )
        if "hash" in resource and facts["hash"] != resource["hash"]:
            problems.append(f"{where}: its sha256 differs from the descriptor's hash")
        if not is_csv_table(resource):  # a copy holds the same rows; Frictionless reads it
            continue
        keep = kept_fields(descriptor, resource)
        seen = (facts["hash"], json.dumps(resource["schema"], sort_keys=True), tuple(keep))
        if seen in memo.tables:
            tables[resource["name"]] = memo.tables[seen]
            continue
        table, errors = read_checked(path, resource["schema"], where, keep)
        problems += errors
        if table is not None:
            tables[resource["name"]] = table
            if len(problems) == before:
                memo.tables[seen] = table
    for resource in descriptor["resources"]:
        table = tables.get(resource["name"])
        for fk in resource.get("schema", {}).get("foreignKeys", []) if table is not None else []:
            problems += check_foreign_key(table, fk, tables, f"{base / resource['path']}")
    return problems


def kept_fields(descriptor: dict, resource: dict) -> list[str]:
    """The fields of a resource needed after its rows are checked: its key, its foreign keys and the
    fields other resources' foreign keys refer to."""
    schema = resource["schema"]
    wanted = set(schema.get("primaryKey", [])) | {
        f for fk in schema.get("foreignKeys", []) for f in _as_list(fk["fields"])
    }
    wanted |= {
        f
        for r in descriptor["resources"]
        for fk in r.get("schema", {}).get("foreignKeys", [])
        if fk["reference"]["resource"] == resource["name"]
        for f in _as_list(fk["reference"]["fields"])
    }
    return [f["name"] for f in schema["fields"] if f["name"] in wanted]


def _as_list(fields) -> list[str]:
    return fields if isinstance(fields, list) else [fields]


def read_checked(
    source: Path | bytes, schema: dict, where: str, keep: list[str] | None = None
) -> tuple[pa.Table | None, list[str]]:
    """Read the CSV a block at a time, each column in its declared type (a cell that does not fit is
    an error), checking each block against the constraints; return the `keep` fields (all if None)
    with the problems. A table of any size is checked in little memory."""
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    keep = names if keep is None else keep
    options = pacsv.ConvertOptions(
        column_types={f["name"]: _read_as(f) for f in fields},
        null_values=schema.get("missingValues", [""]),
        strings_can_be_null=True,
        true_values=["true"],
        false_values=["false"],
    )
    broken, kept, blank = set(), [], 0
    try:
        reader = pacsv.open_csv(
            str(source) if isinstance(source, Path) else pa.BufferReader(source),
            convert_options=options,
            read_options=pacsv.ReadOptions(block_size=BLOCK_BYTES),
            # an empty line is a blank row to Frictionless, and refused; Arrow would skip it
            parse_options=pacsv.ParseOptions(ignore_empty_lines=False),
        )
        if reader.schema.names != names:
            return None, [f"{where}: the header {reader.schema.names} is not the schema's fields"]
        for read in reader:
            batch = as_declared(read, fields)
            blank += blank_rows(batch)
            broken |= broken_constraints(batch, fields)
            kept.append(
                pa.RecordBatch.from_arrays([_compact(batch.column(f)) for f in keep], names=keep)
            )
    except (pa.ArrowInvalid, pa.ArrowTypeError) as e:
        return None, [f"{where}: {e}"]
    problems = [f"{where}: {blank} rows are completely blank"] if blank else []
    problems += [
        f"{where}: field '{f}' breaks its constraint '{rule}'"
        for f, rule in sorted(broken, key=lambda b: (names.index(b[0]), RULES.index(b[1])))
    ]
    types = {f["name"]: ARROW_TYPES[f["type"]] for f in fields}
    # no rows: the declared types
    table = (
        pa.Table.from_batches(kept) if kept else pa.table({f: pa.array([], types[f]) for f in keep})
    )
    return table, problems + check_key(table, schema, where)


# CSV read 1 MB at a time: as fast as 16 MB, and 220 MB less at a million rows
BLOCK_BYTES = 1 << 20
RULES = ["required", "minimum", "maximum", "pattern", "enum"]


# Arrow reads a few texts as numbers or dates that Frictionless refuses ("0x10" as 16, "2024-01-05 "
# with its space): those fields are read as text, held to one plain form, then cast. An address
# (format "uri") must be http(s), where Frictionless asks only for a scheme.
FORMS = {"integer": r"-?[0-9]+", "date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}"}
URI = r"https?://\S+"
FORM_NAMES = {
    "integer": "a whole number",
    "date": "a date (YYYY-MM-DD)",
    "uri": "an http(s) address",
}


def _read_as(field: dict) -> pa.DataType:
    return pa.string() if field["type"] in FORMS else ARROW_TYPES[field["type"]]


def as_declared(batch: pa.RecordBatch, fields: list[dict]) -> pa.RecordBatch:
    """The batch with each field in its declared type; ArrowInvalid names a cell of another form."""
    columns = []
    for f in fields:
        column = batch.column(f["name"])
        kind = f["type"] if f["type"] in FORMS else str(f.get("format"))
        form = FORMS.get(f["type"]) or (URI if kind == "uri" else None)
        if form:
            present = pc.drop_null(column)
            bad = pc.filter(present, pc.invert(pc.match_substring_regex(present, f"^(?:{form})$")))
            if len(bad):
                raise pa.ArrowInvalid(
                    f"field '{f['name']}': '{bad[0].as_py()}' is not {FORM_NAMES[kind]}"
                )
        columns.append(column.cast(ARROW_TYPES[f["type"]]) if f["type"] in FORMS else column)
    return pa.RecordBatch.from_arrays(columns, names=[f["name"] for f in fields])


def blank_rows(batch: pa.RecordBatch) -> int:
    """Rows with every cell empty."""
    if not batch.num_columns:
        return 0
    blank = batch.column(0).is_null()
    for column in batch.columns[1:]:
        blank = pc.and_(blank, column.is_null())
    return int(pc.sum(blank).as_py() or 0)


def _compact(column: pa.Array) -> pa.Array:
    """Text kept for later checks is dictionary-encoded: a million codes take a few MB."""
    return pc.dictionary_encode(column) if pa.types.is_string(column.type) else column


def broken_constraints(batch: pa.RecordBatch, fields: list[dict]) -> set[tuple[str, str]]:
    """(field, rule) for every constraint some row of the batch breaks."""
    broken = set()
    for f in fields:
        column, rules = batch.column(f["name"]), f.get("constraints", {})
        present = pc.drop_null(column)
        # NaN is no number between bounds: Frictionless refuses it under a minimum or maximum
        nan = pa.types.is_floating(column.type) and pc.any(pc.is_nan(present)).as_py()
        failed = {
            "required": rules.get("required") and column.null_count,
            "minimum": "minimum" in rules
            and len(present)
            and (nan or pc.any(pc.less(present, rules["minimum"])).as_py()),
            "maximum": "maximum" in rules
            and len(present)
            and (nan or pc.any(pc.greater(present, rules["maximum"])).as_py()),
            "pattern": "pattern" in rules
            and len(present)
            and not pc.all(pc.match_substring_regex(present, f"^(?:{rules['pattern']})$")).as_py(),
            "enum": "enum" in rules
            and len(present)
            and not pc.all(pc.is_in(present, pa.array(rules["enum"], column.type))).as_py(),
        }
        broken |= {(f["name"], rule) for rule, bad in failed.items() if bad}
    return broken


def check_key(table: pa.Table, schema: dict, where: str) -> list[str]:
    problems = []
    key = schema.get("primaryKey", [])
    if key and table.num_rows:
        if any(table[k].null_count for k in key):
            problems.append(f"{where}: a primary key field ({', '.join(key)}) is empty")
        numbers, weight = np.zeros(table.num_rows, dtype=np.int64), 1
        for k in key:  # each row's key as one whole number made of its columns' codes
            codes, size = _codes(table[k])
            if weight * size >= 2**62:
                raise OverflowError(f"{where}: too many combinations of {key} to number")
            numbers += codes * weight
            weight *= size
        repeated = int(pd.Series(numbers).duplicated().sum())
        if repeated:
            problems.append(f"{where}: {repeated} rows repeat a primary key ({', '.join(key)})")
    return problems


def _codes(column: pa.ChunkedArray) -> tuple[np.ndarray, int]:
    """A column as whole-number codes (one per distinct value; nulls share one), and how many there
    are. Each block was dictionary-encoded on its own, so the blocks' dictionaries are numbered
    together once and each block's indices mapped through them: no column is ever expanded."""
    chunks = [
        c if pa.types.is_dictionary(c.type) else pc.dictionary_encode(c) for c in column.chunks
    ]
    if not chunks:
        return np.zeros(0, dtype=np.int64), 1
    numbered, distinct = pd.factorize(pa.concat_arrays([c.dictionary for c in chunks]).to_pandas())
    out, at, start = np.empty(len(column), dtype=np.int64), 0, 0
    for c in chunks:
        # a null's index is any; it is replaced below
        indices = np.nan_to_num(c.indices.to_numpy(zero_copy_only=False)).astype(np.int64)
        out[at : at + len(c)] = np.where(
            c.is_valid().to_numpy(zero_copy_only=False), numbered[start + indices], len(distinct)
        )
        at, start = at + len(c), start + len(c.dictionary)
    return out, len(distinct) + 1


def _distinct(column: pa.ChunkedArray) -> pa.Array:
    """The distinct non-null values of a kept column (dictionary-encoded: its dictionaries)."""
    chunks = column.chunks
    if chunks and pa.types.is_dictionary(chunks[0].type):
        return pc.unique(pa.concat_arrays([c.dictionary for c in chunks]))
    return pc.unique(pc.drop_null(column.combine_chunks() if chunks else pa.array([], column.type)))


def check_foreign_key(
    table: pa.Table, fk: dict, tables: dict[str, pa.Table], where: str
) -> list[str]:
    [field], [target_field] = _as_list(fk["fields"]), fk["reference"]["fields"]
    target = tables.get(fk["reference"]["resource"])
    if target is None:
        return [
            f"{where}: foreign key '{field}' refers to a missing resource "
            f"{fk['reference']['resource']!r}"
        ]
    values = _distinct(table[field])
    missing = pc.filter(values, pc.invert(pc.is_in(values, _distinct(target[target_field]))))
    return (
        [
            f"{where}: field '{field}' has {len(missing)} values not in "
            f"{fk['reference']['resource']} (e.g. {missing[0].as_py()!r})"
        ]
        if len(missing)
        else []
    )


def validate_folder(folder: Path) -> list[str]:
    """Frictionless in full (descriptors and every row) on every datapackage.json below folder."""
    import frictionless

    errors = []
    for descriptor in sorted(folder.glob("**/datapackage.json")):
        report = frictionless.validate(str(descriptor))
        if not report.valid:
            for task in report.tasks:
                errors += [f"{descriptor}: {task.name}: {e.message}" for e in task.errors]
            errors += [f"{descriptor}: {e.message}" for e in report.errors]
    return errors
