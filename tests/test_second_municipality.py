"""A second municipality's council paper is added as data only (a document, a transcription and a
mapping in the map table's spec): it gets its rows, its page, its catalogue entry, its chart
points and its own chart without a line of Python changed."""

from __future__ import annotations

import json

from conftest import copy_inputs, quiet
from omgoerelse.bench.municipalities import Paper, add_council_papers
from omgoerelse.pipeline import build
from tools import inline_rows

AARHUS = Paper(
    document="aarhus_handicapraad_test",
    title="Omgørelsesprocenter 2024 (opdigtet sagsfremstilling til en test)",
    name="Aarhus Kommune",
    code="751",
    figures=(("det generelle socialområde", 2024, 120, 48),),
    url_note="Findes kun i testen.",
)


def test_a_second_municipality_is_data_only(tmp_path):
    project = copy_inputs(tmp_path)
    add_council_papers(project.root, [AARHUS])
    build(project, say=quiet)
    rows = (project.datapackage / "danmarkskort/danmarkskort.csv").read_text(encoding="utf-8")
    assert (
        "aarhus_handicapraad_test,Sagsfremstilling,751,socialomraadet_generelt,2024,omgjort,48,40,"
        in rows
    )
    page = (project.root / "site/kommuner/751-aarhus/index.html").read_text(encoding="utf-8")
    assert "48 af 120 sager (40,0" in page and "Hele landet" in page
    listing = (project.root / "site/kommuner/index.html").read_text(encoding="utf-8")
    assert "751-aarhus/" in listing and "707-norddjurs/" in listing
    catalogue = json.loads(
        (project.datapackage / "danmarkskort/datapackage.json").read_text(encoding="utf-8")
    )
    sources = json.dumps(catalogue["resources"][0]["sources"], ensure_ascii=False)
    assert "Aarhus Kommune" in sources
    chart = json.loads(
        (project.root / "site/grafer/danmarkskort.vl.json").read_text(encoding="utf-8")
    )
    assert "Aarhus" in json.dumps(chart, ensure_ascii=False), "its point is on the chart"
    # its own chart on its page: its one point with its interval on the national line of its map
    assert 'data-spec="../../grafer/danmarkskort-udvikling/751.vl.json"' in page
    own = json.loads(
        (project.root / "site/grafer/danmarkskort-udvikling/751.vl.json").read_text(
            encoding="utf-8"
        )
    )
    rows = [r for r in inline_rows(own) if isinstance(r, dict) and "lag" in r]
    assert [(r["aar"], r["vaerdi"]) for r in rows if r["lag"] == "punkt"] == [(2024, 40.0)]
    assert {r["panel"] for r in rows} == {"Socialområdet generelt"}
    assert "Aarhus" in own["description"]
    # its download: the SVG file, and a PNG the reader's browser draws from it
    assert (project.root / "site/grafer/danmarkskort-udvikling/751.svg").stat().st_size > 0
    assert 'data-png="danmarkskort-udvikling-751.png"' in page
