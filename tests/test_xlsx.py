"""The Excel copies: Danish titles, numbers as numbers, text as text (never a formula)."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import openpyxl

from conftest import REPO
from omgoerelse.core.project import Project
from omgoerelse.declarations.registry import load_registry
from omgoerelse.declarations.specs import load_specs
from omgoerelse.publish.xlsx import xlsx_bytes


def test_published_xlsx_has_danish_titles_typed_numbers_and_guide(built):
    wb = openpyxl.load_workbook(built.datapackage / "sager_efter_udfald/sager_efter_udfald.xlsx")
    assert wb.sheetnames[:2] == ["Data", "Felter"] and wb.sheetnames[-2:] == [
        "Læsevejledning",
        "Kilde",
    ]
    assert {"Kodeliste udfald", "Kodeliste lovomraade", "Kodeliste sagsgruppe"} <= set(
        wb.sheetnames
    )
    ws = wb["Data"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Kildedokument", "Kildetabel", "Sagsgruppe (kode)", "Sagsgruppe"]
    column = {title: i for i, title in enumerate(header)}
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    totals = [
        r
        for r in rows
        if r[column["Kildetabel"]] == "Tabel 3" and r[column["Udfald (kode)"]] == "i_alt"
    ]
    assert totals[0][column["Udfald"]] == "I alt", "a name beside every code"
    assert totals[0][column["Antal sager"]] == 17307 and isinstance(
        totals[0][column["Antal sager"]], int
    )
    assert ws.cell(row=2, column=column["Antal sager"] + 1).number_format == "#,##0"
    year = ws.cell(row=2, column=column["År"] + 1)
    assert isinstance(year.value, int) and year.number_format == "0", (
        "a year shows as 2024, never 2.024"
    )
    assert totals[0][column["Nyeste udtræk"]] in ("ja", "nej")
    assert isinstance(totals[0][column["Data trukket"]], dt.datetime)
    guide = [c.value for c in wb["Læsevejledning"]["A"] if c.value]
    assert guide[0].startswith("Læsevejledning:")
    types = {r[0]: r[2] for r in wb["Felter"].iter_rows(min_row=2, values_only=True)}
    assert (
        types["aar"] == "heltal" and types["kilde_tabel"] == "tekst" and types["nyeste"] == "ja/nej"
    )
    codes = {r[0]: r[1] for r in wb["Kodeliste udfald"].iter_rows(min_row=2, values_only=True)}
    assert codes["hjemvist"] == "Hjemvist"


def test_reading_guide_sheet_is_readable_text_without_markdown(built):
    """Headings as bold text, the field table as rows of cells, no Markdown markup in any cell."""
    ws = openpyxl.load_workbook(built.datapackage / "sager_efter_udfald/sager_efter_udfald.xlsx")[
        "Læsevejledning"
    ]
    cells = [c for row in ws.iter_rows() for c in row if c.value]
    for cell in cells:
        for line in cell.value.splitlines():
            assert not line.lstrip().startswith("#"), cell.coordinate
        assert not any(mark in cell.value for mark in ("**", "|---", "](", "`")), cell.value
    heading = next(c for c in cells if c.value == "Hvad tabellen viser")
    assert heading.column == 1 and heading.font.bold
    header = next(c.row for c in cells if c.value == "Felt")
    assert [ws.cell(header, col).value for col in (1, 2, 3)] == ["Felt", "Titel", "Beskrivelse"]
    assert ws.cell(header, 1).font.bold
    field = next(c.row for c in cells if c.value == "antal_sager")
    assert ws.cell(field, 2).value == "Antal sager", "each table cell in a column of its own"
    assert any(
        c.value.startswith(
            "• Ankestyrelsen: Årsager til omgørelse i kommunale social- og "
            "beskæftigelsessager 2024 (2025), Tabel 3:"
        )
        for c in cells
    ), "a source's title without the asterisks of its emphasis"


def test_reading_guide_links_and_escapes_read_as_plain_text():
    project = Project.at(REPO)
    registry = load_registry(project)
    spec = load_specs(project, registry)["kilder"]
    guide = (
        "# Overskrift\n\nSe [versionens side](https://x.example/versioner/1.0.0/#kilder) og "
        "<https://y.example/>.\n\n- *Årsredegørelse 2024* og \\*stjerne\\* &amp; snake\\_case\n"
    )
    data = xlsx_bytes(spec, [], registry, guide, [])
    ws = openpyxl.load_workbook(io.BytesIO(data))["Læsevejledning"]
    assert [c.value for c in ws["A"] if c.value] == [
        "Overskrift",
        "Se versionens side (https://x.example/versioner/1.0.0/#kilder) og https://y.example/.",
        "• Årsredegørelse 2024 og *stjerne* & snake_case",
    ]
    assert ws["A1"].font.bold


def test_text_that_looks_like_a_formula_stays_text():
    project = Project.at(REPO)
    registry = load_registry(project)
    spec = load_specs(project, registry)["kilder"]
    hostile = ['=HYPERLINK("http://x","klik")', "+1+1", "-2+3", "@SUM(A1)"]
    rows = [
        {"kode": f"k{i}", "navn": text, "udgivet": "2025", "data_trukket": dt.date(2025, 1, 1)}
        for i, text in enumerate(hostile)
    ]
    data = xlsx_bytes(spec, rows, registry, "# guide", [])
    ws = openpyxl.load_workbook(io.BytesIO(data))["Data"]
    cells = [ws.cell(row=i + 2, column=spec.fields.index("navn") + 1) for i in range(len(hostile))]
    assert [c.value for c in cells] == hostile
    assert all(c.data_type == "s" for c in cells)
    assert b"<f>" not in data  # no formula anywhere in the workbook


def test_number_columns_keep_their_printed_decimals():
    project = Project.at(REPO)
    registry = load_registry(project)
    spec = load_specs(project, registry)["revisioner"]
    rows = [
        {
            "tabel": "t",
            "noegle": "k",
            "maal": "procent_trykt",
            "kilde_dokument": "d",
            "kilde_tabel": "T",
            "vaerdi": Decimal("38.6"),
        }
    ]
    ws = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(spec, rows, registry, "", [])))["Data"]
    cell = ws.cell(row=2, column=spec.fields.index("vaerdi") + 1)
    assert cell.value == 38.6 and cell.number_format == "0.0"


def test_a_table_above_the_excel_limit_has_no_excel_copy_and_says_why(tmp_path, monkeypatch):
    from conftest import as_new_version, copy_inputs, quiet
    from omgoerelse.pipeline import build
    from omgoerelse.publish import emit
    from omgoerelse.site.pages import downloads

    project = copy_inputs(tmp_path / "root")
    # the guide of the largest table changes, so this is not the released version
    as_new_version(project)
    sizes = {t: len(tb.frame) for t, tb in build(project, write=False, say=quiet).tables.items()}
    largest = max(sizes, key=sizes.get)
    monkeypatch.setattr(emit, "XLSX_MAX_ROWS", sizes[largest] - 1)
    build(project, say=quiet, site=False)  # validated before it is published
    for table in sizes:
        folder = project.datapackage / table
        resources = [
            r["path"]
            for r in json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))[
                "resources"
            ]
        ]
        has = table != largest
        assert (folder / f"{table}.xlsx").exists() == has and (
            f"{table}.xlsx" in resources
        ) == has, table
        assert (
            "ingen Excel-kopi" in (folder / "LAESEVEJLEDNING.md").read_text(encoding="utf-8")
        ) == (not has), table
    other = next(t for t in sizes if t != largest)
    labels = [
        [f["label"] for f in downloads(t, xlsx=t != largest, folder=project.datapackage / t)]
        for t in (largest, other)
    ]
    assert "Excel" not in labels[0] and labels[1][0] == "Excel", "Excel first where there is a copy"
