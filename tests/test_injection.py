"""Hostile text in a source reaches HTML, charts, tooltips, the search index, CSV and XLSX: nothing
runs, no formula is made, and the CSV keeps the exact value."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest

from conftest import as_new_version, copy_inputs, quiet
from omgoerelse.pipeline import build
from tools import FLAGS, Server, ensure_chromium

T48 = "sources/ast_aarsredegoerelse_2024/tabel_4_8.csv"
META48 = "sources/ast_aarsredegoerelse_2024/tabel_4_8.meta.yaml"
# printed provision label in Tabel 4.8 → the hostile label put in its place
HOSTILE = {
    '"Boligplacering, integrationsplan og helbred §§ 6-15d"': "<script>window.__pwned=1</script>",
    "Diverse - dagtilbudsloven": '"><img src=x onerror="window.__pwned=2">',
    "Enkeltydelser §§ 35-41": "[klik her](javascript:window.__pwned=3)",
    "Hjælpemidler efter kompensationsloven": '=HYPERLINK("http://127.0.0.2/","klik")',
    '"Integration - hele loven undtaget §§ 6-15d, §§ 35-41"': "+1+1 pwned",
    '"Kompensationsloven - personlig assistance -, kap. 3-4"': "-2+3 pwned",
    "Lov om anvendelse af tvang i psykiatrien m.v.": "@SUM(1) pwned",
}
HEADING = "<script>window.__pwned=9</script> [x](javascript:window.__pwned=10) **fed**"


def _csv_value(label: str) -> str:
    return next(csv.reader(io.StringIO(label)))[0]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    project = copy_inputs(tmp_path_factory.mktemp("hostile"))
    as_new_version(project)
    source = project.root / T48
    text = source.read_text(encoding="utf-8")
    for printed, bad in HOSTILE.items():
        assert text.count(f"Andre Love,{printed},") == 1, printed
        text = text.replace(f"Andre Love,{printed},", f"Andre Love,{_quote(bad)},")
    source.write_text(text, encoding="utf-8")
    meta = project.root / META48
    meta.write_text(
        meta.read_text(encoding="utf-8").replace(
            "heading: TABEL 4.8 REALITETSBEHANDLEDE SAGER I 2024 FORDELT PÅ LOVOMRÅDE OG "
            "BESTEMMELSE",
            f"heading: '{HEADING}'",
        ),
        encoding="utf-8",
    )
    build(project, say=quiet)
    return project


def _quote(value: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow([value])
    return buf.getvalue()


@pytest.mark.parametrize("label", sorted(HOSTILE.values()))
def test_hostile_label_is_kept_exactly_in_csv_and_as_text_in_xlsx(hostile, label):
    folder = hostile.datapackage / "bestemmelse"
    names = [
        r["navn"]
        for r in csv.DictReader(
            io.StringIO((folder / "bestemmelse.csv").read_text(encoding="utf-8"), newline="")
        )
    ]
    assert label in names, "the CSV keeps the exact value"
    book = openpyxl.load_workbook(folder / "bestemmelse.xlsx")
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == label]
    assert cells and all(c.data_type == "s" for c in cells), "stored as text, never as a formula"
    with zipfile.ZipFile(folder / "bestemmelse.xlsx") as zf:
        sheets = [
            zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("xl/worksheets/")
        ]
    assert not any("<f>" in s or "<f " in s for s in sheets), "no formula anywhere in the workbook"


@pytest.fixture(scope="module")
def page_in_browser(hostile):
    from playwright.sync_api import sync_playwright

    with Server(hostile.root / "site") as server, sync_playwright() as p:
        b = p.chromium.launch(executable_path=ensure_chromium(), args=FLAGS)
        yield b, server
        b.close()


def _nothing_ran(page) -> None:
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    # JSON data blocks may carry the text (escaped); no script that would run may.
    assert (
        page.evaluate(
            "Array.from(document.scripts).filter(s => (!s.type || s.type.includes('javascript'))"
            " && s.textContent.includes('__pwned')).length"
        )
        == 0
    )
    assert page.evaluate(
        "Array.from(document.querySelectorAll('script[type=\"application/ld+json\"]'))"
        ".every(s => !s.textContent.includes('</') && JSON.parse(s.textContent))"
    )


@pytest.mark.browser
def test_hostile_text_runs_nowhere_on_the_table_page_or_in_the_chart_tooltips(page_in_browser):
    browser, server = page_in_browser
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server.url}tabeller/sager_efter_bestemmelse/", wait_until="networkidle")
    text = page.inner_text("body")
    assert (
        "<script>window.__pwned=1</script>" in text
        and "[klik her](javascript:window.__pwned=3)" in text
    ), "shown as text"
    assert HEADING in text, "the printed heading is shown as written"
    _nothing_ran(page)
    page.click(".vis-interaktiv")
    page.wait_for_selector("figure.graf.interaktiv .vega-embed svg", timeout=15000)
    marks = page.locator(".vega-embed .mark-symbol path")
    for i in range(marks.count()):
        box = marks.nth(i).bounding_box()
        if box:
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = page.locator("#vg-tooltip-element").inner_html()
    assert "<img" not in tooltip and "<script" not in tooltip
    _nothing_ran(page)
    assert dialogs == []
    page.close()


def test_hostile_text_runs_nowhere_in_search_results(page_in_browser):
    browser, server = page_in_browser
    page = browser.new_page()
    page.goto(server.url, wait_until="networkidle")
    page.click("input.md-search__input")
    page.keyboard.type("pwned")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    _nothing_ran(page)
    page.close()
