"""A newcomer adds a table: a document, a transcription, a spec, and nothing else. It builds as
the next unreleased version, with its page, guide and row in the sources; no test names a count."""

from __future__ import annotations

import json

from conftest import copy_inputs, next_patch
from omgoerelse.pipeline import build
from omgoerelse.publish.releases import load_releases

DOCUMENT = """  - id: test_dokument
    title: Et opdigtet dokument til en test
    publisher: Ankestyrelsen
    published: 2026-01-15
    data_drawn: 2026-01-10
    url: null
    url_note: Findes kun i testen.
"""
META = """number: Tabel 1
heading: Sager i alt (opdigtet til en test)
text_lines: 1-5
columns:
  - {name: aar, printed: År, kind: year}
  - {name: antal, printed: Antal sager, kind: count}
"""
SPEC = """name: testtabel
title: Testtabel
theme: Sager og sagsbehandling
description: En lille tabel, som kun findes i en test.
population: Opdigtede sager.
period: 2022–2024.
unit: Antal sager.
fields: [kilde_dokument, kilde_tabel, aar, antal_sager, er_total, nyeste, data_trukket,
         kilde_raekke, kilde_kolonne]
primary_key: [kilde_dokument, kilde_tabel, aar]
count: antal_sager
sources:
  - table: test_dokument/tabel_1
    rows: {aar: aar}
    columns:
      antal: {measure: antal_sager}
"""


def test_a_new_table_builds_without_a_release_and_without_editing_a_test(tmp_path):
    project = copy_inputs(tmp_path)
    register = project.sources / "register.yaml"
    register.write_text(register.read_text(encoding="utf-8") + DOCUMENT, encoding="utf-8")
    folder = project.sources / "test_dokument"
    folder.mkdir()
    (folder / "tabel_1.csv").write_text("aar,antal\n2022,12\n2023,15\n2024,9\n", encoding="utf-8")
    (folder / "tabel_1.meta.yaml").write_text(META, encoding="utf-8")
    (project.specs / "testtabel.yaml").write_text(SPEC, encoding="utf-8")
    said: list[str] = []
    build(project, say=said.append)
    last = load_releases(project)[-1].version
    catalogue = json.loads((project.datapackage / "datapackage.json").read_text(encoding="utf-8"))
    assert catalogue["version"] == f"{next_patch(last)}-dev"
    rows = (
        (project.datapackage / "testtabel/testtabel.csv").read_text(encoding="utf-8").splitlines()
    )
    assert len(rows) == 4 and rows[1].startswith("test_dokument,Tabel 1,2022,12,")
    assert "test_dokument" in (project.datapackage / "kilder/kilder.csv").read_text(
        encoding="utf-8"
    )
    page = (project.root / "site/tabeller/testtabel/index.html").read_text(encoding="utf-8")
    assert "Testtabel" in page and "Opdigtede sager." in page
    assert (project.datapackage / "testtabel/LAESEVEJLEDNING.md").exists()
