"""The Excel copy of a table, for people who open data in Danish Excel.

Danish column titles; a name beside every code (`Udfald` beside `udfald`); numbers stored as numbers
with display formats Excel shows in the reader's locale (17.307 and 44,9 in Danish Excel), a year
as a plain 2024; truth values as ja/nej; every text written as text, so a label starting with "="
never becomes a formula; sheets with the fields (their types in Danish), each code list the table
uses, the reading guide as plain text and the source. Deterministic: a fixed creation date, and
XlsxWriter's fixed zip timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import xlsxwriter

from omgoerelse.core.errors import BuildError, Problem
from omgoerelse.core.printed import exponent
from omgoerelse.core.text import visible
from omgoerelse.declarations.registry import Registry
from omgoerelse.declarations.specs import TableSpec
from omgoerelse.publish.guide_sheet import guide_rows

FIXED_DATE = dt.datetime(2000, 1, 1)
NUMBER_FORMATS = {"integer": "#,##0", "year": "0", "date": "yyyy-mm-dd"}
TYPE_NAMES = {
    "string": "tekst",
    "integer": "heltal",
    "number": "tal",
    "boolean": "ja/nej",
    "date": "dato",
}
YEARS = {"aar"}  # whole numbers that are years: never grouped (2024, not 2.024)
MAX_WIDTH = 60
GUIDE_WIDTHS = (24, 28, 70)  # the reading guide's field table: name, title, description
LINE_HEIGHT = 15  # points per line of 11 pt text
CUT = -2  # what XlsxWriter's write_string returns when it cut the text to fit a cell


def xlsx_bytes(
    spec: TableSpec, rows: list[dict], registry: Registry, guide: str, sources: list[dict]
) -> bytes:
    buf = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }
    wb = xlsxwriter.Workbook(buf, options)
    wb.set_properties({"title": spec.title, "created": FIXED_DATE, "language": "da-DK"})
    _data_sheet(wb, spec, rows, registry)
    _fields_sheet(wb, spec, registry)
    for name in spec.fields:
        codelist = registry.codelist_of(name) if name in registry.fields else None
        if codelist is not None and codelist.name != spec.name:
            _codelist_sheet(wb, codelist, {r.get(name) for r in rows})
    _guide_sheet(wb, guide)
    ds = registry.dataset
    source_lines = [s["title"] for s in sources] or ["Se læsevejledningen."]
    _text_sheet(
        wb,
        "Kilde",
        [
            f"{ds['title']}, version {ds['version']}",
            "",
            *source_lines,
            "",
            f"Licens: {ds['licenses'][0]['title']} ({ds['licenses'][0]['path']})",
            " ".join(ds["credit"].split()),
        ],
    )
    wb.close()
    return buf.getvalue()


def _columns(spec: TableSpec, registry: Registry) -> list[tuple[str, str, dict | None]]:
    """(field, heading, code names): each field, and beside a code its name ("Udfald (navn)")."""
    out: list[tuple[str, str, dict | None]] = []
    for name in spec.fields:
        d = registry.fields[name]
        codelist = registry.codelist_of(name)
        out.append((name, d["title"] + (" (kode)" if codelist else ""), None))
        if codelist is not None:
            out.append((name, d["title"], codelist.names()))
    return out


def sheet_schema(spec: TableSpec, registry: Registry) -> dict:
    """The Table Schema of the Data sheet, as the sheet holds it: Danish headings, a name column
    beside each code, a year as a whole number, truth values as ja/nej. Without it Frictionless
    guesses each column's type from its first rows and refuses a column empty there."""
    fields = []
    for name, heading, names in _columns(spec, registry):
        kind = "string" if names is not None else registry.fields[name]["type"]
        field = {"name": heading, "type": kind}
        if kind == "boolean":
            field |= {"trueValues": ["ja"], "falseValues": ["nej"]}
        fields.append(field)
    return {"fields": fields, "missingValues": [""]}


def _data_sheet(wb, spec: TableSpec, rows: list[dict], registry: Registry) -> None:
    ws = wb.add_worksheet("Data")
    bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    formats = {t: wb.add_format({"num_format": f}) for t, f in NUMBER_FORMATS.items()}
    columns = _columns(spec, registry)
    widths = []
    for col, (name, heading, names) in enumerate(columns):
        d = registry.fields[name]
        _write_text(ws, 0, col, heading, bold)
        about = "navnet på koden i kolonnen før" if names else " ".join(d["description"].split())
        ws.write_comment(0, col, f"{name}{'_navn' if names else ''}: {about}")
        widths.append(len(heading))
        decimals = _decimals(r.get(name) for r in rows)
        number_format = wb.add_format(
            {"num_format": "0" + ("." + "0" * decimals if decimals else "")}
        )
        kind = "year" if name in YEARS else d["type"]
        for row_no, row in enumerate(rows, start=1):
            value = row.get(name)
            if names is not None:
                value = names.get(value, value)
                kind = "string"
            widths[col] = max(widths[col], len(str(value)) if value is not None else 0)
            _write(ws, row_no, col, value, kind, formats, number_format)
    for col, width in enumerate(widths):
        ws.set_column(col, col, min(MAX_WIDTH, width + 2))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, len(rows)), len(columns) - 1)


def _write(ws, row: int, col: int, value, kind: str, formats: dict, number_format) -> None:
    if value is None:
        return
    if kind in ("integer", "year"):
        ws.write_number(row, col, value, formats[kind])
    elif kind == "number":
        ws.write_number(row, col, float(value), number_format)
    elif kind == "boolean":
        _write_text(ws, row, col, "ja" if value else "nej")
    elif kind == "date":
        ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), formats["date"])
    else:
        _write_text(ws, row, col, str(value))  # always text: "=…" stays a label, never a formula


def _write_text(ws, row: int, col: int, text: str, cell_format=None) -> None:
    """Write text as text; XlsxWriter cuts a text longer than a cell holds (32,767 characters) and
    only says so in its return value, so a cut is an error here: the copy never differs from the
    CSV. (Printed texts are held far below that when they are read, core/text.py.)"""
    if ws.write_string(row, col, text, cell_format) == CUT:
        raise BuildError(
            Problem(
                f"Excel copy, sheet '{ws.name}'",
                f"a text of {len(text)} characters is longer than an Excel cell holds "
                f"(starts '{visible(text[:40])}…'); it would be cut",
                line=row + 1,
            )
        )


def _decimals(values) -> int:
    """The most decimals any value of a number column has (printed 44.9 → 1; computed 68.75 → 2)."""
    most = 0
    for v in values:
        if isinstance(v, Decimal):
            most = max(most, -exponent(v))
    return most


def _fields_sheet(wb, spec: TableSpec, registry: Registry) -> None:
    ws = wb.add_worksheet("Felter")
    bold = wb.add_format({"bold": True})
    for col, title in enumerate(["Felt", "Titel", "Type", "Enhed", "Beskrivelse"]):
        _write_text(ws, 0, col, title, bold)
    for row, name in enumerate(spec.fields, start=1):
        d = registry.fields[name]
        for col, value in enumerate(
            [
                name,
                d["title"],
                TYPE_NAMES[d["type"]],
                d.get("unit") or "",
                " ".join(d["description"].split()),
            ]
        ):
            _write_text(ws, row, col, value)
    ws.set_column(0, 3, 22)
    ws.set_column(4, 4, 100)


def _codelist_sheet(wb, codelist, used: set) -> None:
    """The codes of a code list the table uses, with their names and descriptions."""
    ws = wb.add_worksheet(f"Kodeliste {codelist.name}"[:31])
    bold = wb.add_format({"bold": True})
    for col, title in enumerate(["Kode", "Navn", "Beskrivelse"]):
        _write_text(ws, 0, col, title, bold)
    row = 1
    for code in codelist.codes.values():
        if code.kode in used:
            for col, value in enumerate(
                [code.kode, code.navn, " ".join((code.beskrivelse or "").split())]
            ):
                _write_text(ws, row, col, value)
            row += 1
    ws.set_column(0, 1, 40)
    ws.set_column(2, 2, 100)


def _guide_sheet(wb, markdown: str) -> None:
    """The reading guide as readable text: headings and table headers bold, a table's cells in
    columns of their own, prose wrapped across the table's width; one page wide when printed."""
    ws = wb.add_worksheet("Læsevejledning")
    wrap = {"text_wrap": True, "valign": "top"}
    formats = {bold: wb.add_format({**wrap, "bold": bold}) for bold in (False, True)}
    for col, width in enumerate(GUIDE_WIDTHS):
        ws.set_column(col, col, width)
    for row_no, row in enumerate(guide_rows(markdown)):
        cell_format = formats[row.bold]
        if len(row.cells) == 1:  # prose: one cell across the table's columns
            ws.merge_range(row_no, 0, row_no, len(GUIDE_WIDTHS) - 1, "", cell_format)
            widths = [sum(GUIDE_WIDTHS)]
        else:
            widths = list(GUIDE_WIDTHS)
        for col, text in enumerate(row.cells):
            if text:
                _write_text(ws, row_no, col, text, cell_format)
        # Excel sets no height for a merged cell's wrapped text, so the row is given one
        lines = max([_lines(t, w) for t, w in zip(row.cells, widths, strict=False)] or [1])
        if lines > 1:
            ws.set_row(row_no, LINE_HEIGHT * lines)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)


def _lines(text: str, width: int) -> int:
    """How many lines a wrapped text takes in a column `width` characters wide (at least one)."""
    return max(1, -(-len(text) // width))


def _text_sheet(wb, name: str, lines: list[str]) -> None:
    ws = wb.add_worksheet(name)
    for row, line in enumerate(lines):
        if line:
            _write_text(ws, row, 0, line)
    ws.set_column(0, 0, 120)
