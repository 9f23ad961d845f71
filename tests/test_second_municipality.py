"""A second municipality's council paper is added as data only (a document, a transcription and a
mapping in the map table's spec): it gets its rows, its page, its catalogue entry and its chart
points without a line of Python changed."""

from __future__ import annotations

import json

from conftest import copy_inputs, quiet
from omgoerelse.pipeline import build

DOCUMENT = """  - id: aarhus_handicapraad_test
    title: Omgørelsesprocenter 2024 (opdigtet sagsfremstilling til en test)
    publisher: Aarhus Kommune
    published: 2025-09
    data_drawn: null
    url: null
    url_note: Findes kun i testen.
"""
ROWS = """linje,kommune,kort,aar,udfald,enhed,vaerdi
10,Aarhus Kommune,det generelle socialområde,2024,behandlet i alt,antal,120
11,Aarhus Kommune,det generelle socialområde,2024,omgjort,antal,48
12,Aarhus Kommune,det generelle socialområde,2024,omgørelsesprocent,procent,40
"""
MAPPING = """  - table: aarhus_handicapraad_test/tal_i_teksten
    rows: {kommune: kommune, kort: kort, aar: aar, udfald: udfald, measure: enhed}
    row_label: "linje {linje}"
    measures: {antal: antal_sager, procent: procent_trykt}
    labels:
      kommune: {Aarhus Kommune: "751"}
      udfald: {behandlet i alt: i_alt, omgjort: omgjort, omgørelsesprocent: omgjort}
    columns:
      vaerdi: {}
"""


def test_a_second_municipality_is_data_only(tmp_path):
    project = copy_inputs(tmp_path)
    register = project.sources / "register.yaml"
    register.write_text(register.read_text(encoding="utf-8") + DOCUMENT, encoding="utf-8")
    folder = project.sources / "aarhus_handicapraad_test"
    folder.mkdir()
    (folder / "tal_i_teksten.csv").write_text(ROWS, encoding="utf-8")
    meta = (project.sources / "norddjurs_handicapraad_2025/tal_i_teksten.meta.yaml").read_text(
        encoding="utf-8"
    )
    (folder / "tal_i_teksten.meta.yaml").write_text(
        meta.split("# The national averages")[0], encoding="utf-8"
    )
    spec = project.specs / "danmarkskort.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("checks:\n", MAPPING + "checks:\n", 1), encoding="utf-8")
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
