"""The Excel copy of a table, for people who open data in Danish Excel.

Danish column titles; numbers stored as numbers with display formats Excel shows in the reader's
locale (17.307 and 44,9 in Danish Excel); every text written as text, so a label starting with "="
never becomes a formula; sheets with the fields, the reading guide and the source. Deterministic:
a fixed creation date, and XlsxWriter's fixed zip timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import xlsxwriter

from omgoerelse.core.printed import exponent
from omgoerelse.declarations.registry import Registry
from omgoerelse.declarations.specs import TableSpec

FIXED_DATE = dt.datetime(2000, 1, 1)
NUMBER_FORMATS = {"integer": "#,##0", "date": "yyyy-mm-dd"}
MAX_WIDTH = 60


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
    _text_sheet(wb, "Læsevejledning", guide.splitlines())
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


def _data_sheet(wb, spec: TableSpec, rows: list[dict], registry: Registry) -> None:
    ws = wb.add_worksheet("Data")
    bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    formats = {t: wb.add_format({"num_format": f}) for t, f in NUMBER_FORMATS.items()}
    widths = []
    for col, name in enumerate(spec.fields):
        d = registry.fields[name]
        ws.write_string(0, col, d["title"], bold)
        ws.write_comment(0, col, f"{name}: {' '.join(d['description'].split())}")
        widths.append(len(d["title"]))
        decimals = _decimals(r.get(name) for r in rows)
        number_format = wb.add_format(
            {"num_format": "0" + ("." + "0" * decimals if decimals else "")}
        )
        for row_no, row in enumerate(rows, start=1):
            value = row.get(name)
            widths[col] = max(widths[col], len(str(value)) if value is not None else 0)
            _write(ws, row_no, col, value, d["type"], formats, number_format)
    for col, width in enumerate(widths):
        ws.set_column(col, col, min(MAX_WIDTH, width + 2))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, len(rows)), len(spec.fields) - 1)


def _write(ws, row: int, col: int, value, kind: str, formats: dict, number_format) -> None:
    if value is None:
        return
    if kind == "integer":
        ws.write_number(row, col, value, formats["integer"])
    elif kind == "number":
        ws.write_number(row, col, float(value), number_format)
    elif kind == "boolean":
        ws.write_boolean(row, col, bool(value))
    elif kind == "date":
        ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), formats["date"])
    else:
        ws.write_string(row, col, str(value))  # always text: "=…" stays a label, never a formula


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
        ws.write_string(0, col, title, bold)
    for row, name in enumerate(spec.fields, start=1):
        d = registry.fields[name]
        for col, value in enumerate(
            [name, d["title"], d["type"], d.get("unit") or "", " ".join(d["description"].split())]
        ):
            ws.write_string(row, col, value)
    ws.set_column(0, 3, 22)
    ws.set_column(4, 4, 100)


def _text_sheet(wb, name: str, lines: list[str]) -> None:
    ws = wb.add_worksheet(name)
    for row, line in enumerate(lines):
        if line:
            ws.write_string(row, 0, line)
    ws.set_column(0, 0, 120)
