"""Read the source register and the tables transcribed as printed, strictly.

A transcription is `sources/<document id>/<table>.csv` with `<table>.meta.yaml` beside it. The CSV
holds the printed cells: counts as whole numbers, percentages as printed (dot decimals), printed
markers such as "Tom" as text. Anything else is an error naming file, line and column.

A table is kept column by column (pandas): the cells as printed, their values and their markers, and
the file line of each row. Each distinct printed value of a column is parsed once, so a table of a
million cells reads in a fraction of a second.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from omgoerelse.core.errors import BuildError, Problem, raise_if
from omgoerelse.core.project import Project
from omgoerelse.core.yamlio import load_yaml
from omgoerelse.declarations import models

KINDS = {"label", "year", "count", "percent", "number"}
# Rows a vintage ranks lower (vintages.py): figures the document repeats from another publisher's
# publication, and figures the document itself calls the value of that time ("daværende").
ROW_SELECTIONS = ("quoted", "then_current")
PUBLISHED = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
WHOLE = re.compile(r"^\d+$")
DECIMAL = re.compile(r"^\d+(\.\d+)?$")
DANISH_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
DECIMAL_COMMA = re.compile(r"^\d+,\d+$")


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    publisher: str
    published: str
    data_drawn: dt.date | None
    url: str | None
    text_extraction: str | None
    title_note: str | None = None
    published_note: str | None = None
    accessed: dt.date | None = None  # the date a web page was read; None for a text extraction

    @property
    def year(self) -> int:
        """The year of publication (published is YYYY, YYYY-MM or YYYY-MM-DD)."""
        return int(self.published[:4])


@dataclass
class SourceTable:
    id: str  # "<document id>/<file stem>"
    document: Document
    path: Path
    number: str
    heading: str
    columns: dict[str, dict]
    markers: tuple[str, ...]
    note: str | None
    text_lines: str | None
    printed: pd.DataFrame = field(
        default_factory=pd.DataFrame
    )  # the cells as printed ("" for a blank)
    value: pd.DataFrame = field(
        default_factory=pd.DataFrame
    )  # Int64 for counts and years; text for labels
    # and numbers (exactly as printed); missing for a blank or a marker
    marker: pd.DataFrame = field(
        default_factory=pd.DataFrame
    )  # the printed marker ("Tom", "-") where there is one
    line: np.ndarray = field(
        default_factory=lambda: np.zeros(0, dtype=np.int64)
    )  # each row's line in the file
    selections: dict[str, list[dict]] = field(
        default_factory=dict
    )  # "quoted"/"then_current" -> [{column: printed}]
    selected_lines: dict[str, frozenset[int]] = field(
        default_factory=dict
    )  # the file lines each selection picks

    @property
    def first_text_line(self) -> int:
        """Where the table starts in the document's text extraction: tables printed earlier come first."""
        start = str(self.text_lines or "").split("-")[0].strip()
        return int(start) if start.isdigit() else 10**9

    def without_cells(self) -> SourceTable:
        """The table without its cells; its document, columns and line numbers (all that messages and
        reading guides need) stay. A printed table of a million cells takes 70 MB."""
        return replace(self, printed=pd.DataFrame(), value=pd.DataFrame(), marker=pd.DataFrame())

    @property
    def has_figures(self) -> bool:
        """Whether the table prints figures at all (a list of principle decisions prints none)."""
        return any(c["kind"] in ("count", "percent", "number") for c in self.columns.values())

    def printed_header(self, column: str) -> str:
        return self.columns[column]["printed"]

    def __len__(self) -> int:
        return len(self.line)


def load_register(project: Project) -> dict[str, Document]:
    path = project.sources / "register.yaml"
    shown = project.rel(path)
    data = load_yaml(path, shown)
    models.check(models.Register, data, shown)
    problems: list[Problem] = []
    documents: dict[str, Document] = {}
    for i, entry in enumerate(data["documents"] or []):
        where = f"{shown} (document {i + 1})"
        doc_id = entry["id"]
        if doc_id in documents:
            problems.append(Problem(where, f"duplicate document id '{doc_id}'"))
        published = str(entry["published"])
        if not PUBLISHED.match(published):
            problems.append(
                Problem(
                    where, f"published must be YYYY, YYYY-MM or YYYY-MM-DD, found '{published}'"
                )
            )
        drawn = entry["data_drawn"]
        if drawn is not None and not isinstance(drawn, dt.date):
            problems.append(
                Problem(where, f"data_drawn must be an ISO date or null, found '{drawn}'")
            )
            drawn = None
        if isinstance(drawn, dt.date) and drawn > dt.date.today():
            problems.append(Problem(where, f"data_drawn {drawn} lies in the future"))
        accessed = entry.get("accessed")
        if isinstance(accessed, dt.date) and accessed > dt.date.today():
            problems.append(Problem(where, f"accessed {accessed} lies in the future"))
        documents[doc_id] = Document(
            id=doc_id,
            title=entry["title"],
            publisher=entry["publisher"],
            published=published,
            data_drawn=drawn,
            url=entry["url"],
            text_extraction=entry.get("text_extraction"),
            title_note=entry.get("title_note"),
            published_note=entry.get("published_note"),
            accessed=accessed,
        )
    raise_if(problems)
    return documents


def load_source_table(
    project: Project, table_id: str, documents: dict[str, Document]
) -> SourceTable:
    """The transcription `table_id` ("<document>/<stem>") with its metadata, every cell checked."""
    doc_id, _, stem = table_id.partition("/")
    csv_path = project.sources / doc_id / f"{stem}.csv"
    meta_path = project.sources / doc_id / f"{stem}.meta.yaml"
    if doc_id not in documents:
        raise BuildError(
            Problem(project.rel(csv_path), f"document '{doc_id}' is not in sources/register.yaml")
        )
    table = _load_meta(project, meta_path, table_id, documents[doc_id], csv_path)
    _read_cells(project.rel(csv_path), csv_path, table)
    return table


def _load_meta(
    project: Project, path: Path, table_id: str, document: Document, csv_path: Path
) -> SourceTable:
    shown = project.rel(path)
    meta = load_yaml(path, shown)
    models.check(models.TableMeta, meta, shown)
    problems: list[Problem] = []
    columns: dict[str, dict] = {}
    for col in meta["columns"]:
        if col["name"] in columns:
            problems.append(Problem(shown, f"column '{col['name']}' is listed twice"))
        columns[col["name"]] = col
    selections = {}
    for key in ROW_SELECTIONS:
        chosen = meta.get(key) or []
        for selection in chosen:
            problems += [
                Problem(shown, f"{key}: unknown column '{c}' (columns: {', '.join(columns)})")
                for c in selection
                if c not in columns
            ]
        selections[key] = [{c: str(v) for c, v in s.items()} for s in chosen]
    raise_if(problems)
    return SourceTable(
        id=table_id,
        document=document,
        path=csv_path,
        number=str(meta["number"]),
        heading=str(meta["heading"]),
        columns=columns,
        markers=tuple(meta.get("markers") or ()),
        note=meta.get("note"),
        text_lines=meta.get("text_lines"),
        selections=selections,
    )


def _read_cells(shown: str, path: Path, table: SourceTable) -> None:
    """Read the transcription strictly into the table's columns; every bad cell is reported."""
    if not path.is_file():
        raise BuildError(Problem(shown, "transcription file is missing"))
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise BuildError(
            Problem(
                shown,
                "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
                line=1,
            )
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise BuildError(
            Problem(
                shown, f"not UTF-8 (byte 0x{raw[e.start]:02x}); save the file as UTF-8", line=line
            )
        ) from None
    if not text.strip():
        raise BuildError(
            Problem(shown, "file is empty; expected a header line and one line per printed row")
        )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as e:
        raise BuildError(Problem(shown, f"not valid CSV: {e}", line=1)) from None
    _check_header(shown, header, table)
    printed, line, problems = _plain_rows(raw, header, text) or _rows(reader, header, shown)
    bad = []
    for order, name in enumerate(header):
        value, marker, wrong = _parse_column(name, printed[name], table)
        printed[name] = (printed[name], value, marker)
        bad += [
            (int(line[i]), order, Problem(shown, message, line=int(line[i]), column=name))
            for i, message in wrong
        ]
    problems += [p for *_, p in sorted(bad, key=lambda b: b[:2])]  # in reading order, row by row
    raise_if(problems)
    index = pd.RangeIndex(len(line))
    table.line = line
    table.printed, table.value, table.marker = (
        pd.DataFrame({c: printed[c][part] for c in table.columns}, index=index) for part in range(3)
    )
    table.selected_lines = _selected_lines(shown, table)


def _selected_lines(shown: str, table: SourceTable) -> dict[str, frozenset[int]]:
    """The file lines each row selection of the metadata picks; a selection that picks no row is a
    typo, and an error."""
    picked, problems = {}, []
    for key, selections in table.selections.items():
        lines: set[int] = set()
        for selection in selections:
            rows = np.ones(len(table), dtype=bool)
            for column, printed in selection.items():
                rows &= (table.printed[column] == printed).to_numpy()
            if not rows.any():
                problems.append(
                    Problem(
                        shown.removesuffix(".csv") + ".meta.yaml",
                        f"{key}: no row has {selection} (compare the printed cells)",
                    )
                )
            lines |= {int(x) for x in table.line[rows]}
        picked[key] = frozenset(lines)
    raise_if(problems)
    return picked


def _plain_rows(
    raw: bytes, header: list[str], text: str
) -> tuple[dict[str, pd.Series], np.ndarray, list] | None:
    """The cells of a plain file, read by Arrow's CSV parser: one line per row, no line breaks in a
    cell, no blank lines (then a row's line number is its place + 2). None for any other file, which
    the csv module reads, with a precise message for anything wrong."""
    lines = text.count("\n") + (0 if text.endswith("\n") else 1) - 1
    try:  # lines with quotes must be valid to the strict csv module too: Arrow's parser is more forgiving
        for _ in csv.reader((line for line in text.splitlines() if '"' in line), strict=True):
            pass
    except csv.Error:
        return None
    try:
        parsed = pacsv.read_csv(
            pa.py_buffer(raw),
            parse_options=pacsv.ParseOptions(newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    if parsed.num_rows != lines or parsed.column_names != header or lines == 0:
        return None
    return {c: parsed[c].to_pandas() for c in header}, np.arange(2, lines + 2, dtype=np.int64), []


def _rows(
    reader, header: list[str], shown: str
) -> tuple[dict[str, pd.Series], np.ndarray, list[Problem]]:
    """The cells as the csv module reads them, strictly, with each row's line in the file."""
    rows, lines, problems = [], [], []
    try:
        for cells in reader:
            if not cells:
                continue
            if len(cells) != len(header):
                problems.append(
                    Problem(
                        shown,
                        f"expected {len(header)} cells, found {len(cells)}",
                        line=reader.line_num,
                    )
                )
                continue
            rows.append(cells)
            lines.append(reader.line_num)
    except csv.Error as e:
        problems.append(Problem(shown, f"not valid CSV: {e}", line=reader.line_num))
    if not rows and not problems:
        problems.append(
            Problem(shown, "has a header but no rows; expected one line per printed row", line=2)
        )
    printed = {name: pd.Series([r[i] for r in rows], dtype="str") for i, name in enumerate(header)}
    return printed, np.array(lines, dtype=np.int64), problems


def _parse_column(
    name: str, printed: pd.Series, table: SourceTable
) -> tuple[pd.Series, pd.Series, list[tuple[int, str]]]:
    """A column's values and markers, and (row, message) for each bad cell; each distinct printed value is parsed once."""
    codes, distinct = pd.factorize(printed)
    kind = table.columns[name]["kind"]
    if kind == "label":  # a plain label is its own value: only the others go through _parse_cell
        text = pd.Series(distinct)
        plain = (~text.isin(table.markers) & (text != "") & (text == text.str.strip())).to_numpy(
            dtype=bool
        )
        parsed = [
            (p, None, None) if ok else _parse_cell(name, p, table)
            for p, ok in zip(distinct.tolist(), plain)
        ]
    else:
        parsed = [_parse_cell(name, p, table) for p in distinct.tolist()]
    values = pd.array(
        [v for v, _, _ in parsed], dtype="Int64" if kind in ("count", "year") else "str"
    ).take(codes)
    markers = pd.array([m for _, m, _ in parsed], dtype="str").take(codes)
    messages = [message for _, _, message in parsed]
    wrong = (
        [
            (int(i), messages[codes[i]])
            for i in np.flatnonzero(np.array([m is not None for m in messages], dtype=bool)[codes])
        ]
        if any(messages)
        else []
    )
    return pd.Series(values), pd.Series(markers), wrong


def _check_header(shown: str, header: list[str], table: SourceTable) -> None:
    if len(header) == 1 and ";" in header[0]:
        raise BuildError(
            Problem(shown, "looks semicolon-separated; use commas between cells", line=1)
        )
    expected = list(table.columns)
    problems = [
        Problem(
            shown, f"unknown column (expected one of: {', '.join(expected)})", line=1, column=name
        )
        for name in header
        if name not in table.columns
    ]
    problems += [
        Problem(
            shown,
            "column is missing from the header (declared in the .meta.yaml)",
            line=1,
            column=name,
        )
        for name in expected
        if name not in header
    ]
    if len(set(header)) != len(header):
        problems.append(Problem(shown, "a column name appears twice in the header", line=1))
    raise_if(problems)


def _parse_cell(
    column: str, printed: str, table: SourceTable
) -> tuple[object, str | None, str | None]:
    """(value, marker, problem) of one printed cell: an int for counts and years, the text as printed
    for labels and numbers, None for a blank or a marker."""
    kind = table.columns[column]["kind"]

    def problem(expected: str) -> tuple[None, None, str]:
        return None, None, f"expected {expected}, found '{printed}'"

    if printed in table.markers:
        return None, printed, None
    if printed == "":
        return (
            (None, None, None)
            if table.columns[column].get("optional")
            else problem("a value (the cell is empty; write the printed value or marker)")
        )
    if printed != printed.strip():
        return problem("no spaces around the value")
    if kind == "label":
        return printed, None, None
    markers = f" or one of the markers {list(table.markers)}" if table.markers else ""
    if kind == "year":
        return (
            (int(printed), None, None)
            if re.match(r"^\d{4}$", printed)
            else problem("a four-digit year")
        )
    if DANISH_THOUSANDS.match(printed) and kind == "count":
        return problem(
            f"a whole number without thousands separators (write {printed.replace('.', '')})"
        )
    if DECIMAL_COMMA.match(printed):
        return problem(f"a dot as decimal mark (write {printed.replace(',', '.')})")
    if printed.startswith("-") and DECIMAL.match(printed[1:]):
        return problem("a number that is not negative")
    if kind == "count":
        return (
            (int(printed), None, None)
            if WHOLE.match(printed)
            else problem("a whole number" + markers)
        )
    if DECIMAL.match(printed):
        return format(Decimal(printed), "f"), None, None  # "044.9" is 44.9, written as 44.9
    return problem("a number" + markers)
