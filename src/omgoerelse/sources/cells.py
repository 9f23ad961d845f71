"""A transcription's cells read strictly: the CSV (Arrow's parser for a plain file, the csv module
for the rest, with precise messages), then each column's values and markers, each distinct printed
value parsed once. Anything wrong is a problem naming the file, line and column."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from omgoerelse.core.errors import BuildError, Problem, raise_if
from omgoerelse.core.text import nfc, text_problem
from omgoerelse.sources.numbers import expected_found, parse_number

if TYPE_CHECKING:  # the table is filled in here; transcriptions.py calls read_cells
    from omgoerelse.sources.transcriptions import SourceTable


EMPTY = "a value (the cell is empty; write the printed value or marker)"


def read_cells(shown: str, path: Path, table: SourceTable) -> None:
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
        at = raw[: e.start].count(b"\n") + 1
        raise BuildError(
            Problem(
                shown, f"not UTF-8 (byte 0x{raw[e.start]:02x}); save the file as UTF-8", line=at
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
    header = [nfc(name) for name in header]
    raise_if(_screen_header(shown, header))
    _check_header(shown, header, table)
    printed, line, problems = _plain_rows(raw, header, text) or _rows(reader, header, shown)
    printed, screened = _screen(shown, printed, line)
    raise_if(problems + screened)  # a cell holding what no reader sees is not parsed further
    bad = []
    parsed: dict[str, tuple[pd.Series, pd.Series, pd.Series]] = {}
    for order, name in enumerate(header):
        value, marker, wrong = _parse_column(name, printed[name], table)
        parsed[name] = (printed[name], value, marker)
        bad += [
            (int(line[i]), order, Problem(shown, message, line=int(line[i]), column=name))
            for i, message in wrong
        ]
    problems += [p for *_, p in sorted(bad, key=lambda b: b[:2])]  # in reading order, row by row
    raise_if(problems)
    index = pd.RangeIndex(len(line))
    table.line = line
    table.printed, table.value, table.marker = (
        pd.DataFrame({c: parsed[c][part] for c in table.columns}, index=index) for part in range(3)
    )


def _plain_rows(
    raw: bytes, header: list[str], text: str
) -> tuple[dict[str, pd.Series], np.ndarray, list] | None:
    """The cells of a plain file, read by Arrow's CSV parser: one line per row, no line breaks in a
    cell, no blank lines (then a row's line number is its place + 2). None for any other file, which
    the csv module reads, with a precise message for anything wrong."""
    lines = text.count("\n") + (0 if text.endswith("\n") else 1) - 1
    # lines with quotes must be valid to the strict csv module too: Arrow's parser is more forgiving
    try:
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
    start = reader.line_num + 1  # a row's first line: a quoted cell may hold a line break
    try:
        for cells in reader:
            first, start = start, reader.line_num + 1
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
            lines.append(first)
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
    """A column's values, markers and (row, message) per bad cell; each distinct value read once."""
    codes, distinct = pd.factorize(printed)
    kind = table.columns[name]["kind"]
    if kind == "label":  # a plain label is its own value: only the others go through _parse_cell
        text = pd.Series(distinct)
        plain = (~text.isin(table.markers) & (text != "") & (text == text.str.strip())).to_numpy(
            dtype=bool
        )
        parsed = [
            (p, None, None) if ok else _parse_cell(name, p, table)
            for p, ok in zip(distinct.tolist(), plain, strict=True)
        ]
    else:
        parsed = [_parse_cell(name, p, table) for p in distinct.tolist()]
    # The values are whole numbers where the dtype is Int64 and text where it is str: the kind
    # decides both, which pandas-stubs cannot follow.
    values = pd.array(  # type: ignore[call-overload]
        [v for v, _, _ in parsed], dtype="Int64" if kind in ("count", "year") else "str"
    ).take(codes)
    markers = pd.array([m for _, m, _ in parsed], dtype="str").take(codes)
    return pd.Series(values), pd.Series(markers), _rows_with([m for _, _, m in parsed], codes)


def _rows_with(messages: list[str | None], codes: np.ndarray) -> list[tuple[int, str]]:
    """(row, message) for each row whose distinct value has a message (codes: row -> value)."""
    if not any(messages):
        return []
    bad = np.array([m is not None for m in messages], dtype=bool)
    return [(int(i), str(messages[codes[i]])) for i in np.flatnonzero(bad[codes])]


def _screen(
    shown: str, printed: dict[str, pd.Series], line: np.ndarray
) -> tuple[dict[str, pd.Series], list[Problem]]:
    """Every cell in NFC, and a problem for each cell holding a character no reader sees or more
    text than a printed cell holds (core/text.py); each distinct cell looked at once."""
    taken, bad = {}, []
    for order, (name, cells) in enumerate(printed.items()):
        codes, distinct = pd.factorize(cells)
        given = distinct.tolist()
        texts = [nfc(t) for t in given]
        changed = any(t is not g for t, g in zip(texts, given, strict=True))
        taken[name] = (
            pd.Series(np.array(texts, dtype=object)[codes], dtype="str") if changed else cells
        )
        bad += [
            (int(line[i]), order, Problem(shown, message, line=int(line[i]), column=name))
            for i, message in _rows_with([text_problem(t) for t in texts], codes)
        ]
    return taken, [p for *_, p in sorted(bad, key=lambda b: b[:2])]


def _screen_header(shown: str, header: list[str]) -> list[Problem]:
    return [
        Problem(shown, f"header: {message}", line=1, column=name)
        for name, message in zip(header, map(text_problem, header), strict=True)
        if message is not None
    ]


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
) -> tuple[int | str | None, str | None, str | None]:
    """(value, marker, problem) of one printed cell: an int for counts and years, the text as
    printed for labels and numbers, None for a blank or a marker."""
    kind = table.columns[column]["kind"]
    if printed in table.markers:
        return None, printed, None
    if printed == "":
        return (
            (None, None, None)
            if table.columns[column].get("optional")
            else (None, None, expected_found(EMPTY, printed))
        )
    if printed != printed.strip():
        return None, None, expected_found("no spaces around the value", printed)
    if kind == "label":
        return printed, None, None
    markers = f" or one of the markers {list(table.markers)}" if table.markers else ""
    value, expected = parse_number(kind, printed, markers)
    return (
        (value, None, None) if expected is None else (None, None, expected_found(expected, printed))
    )
