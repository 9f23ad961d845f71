"""The national series (table landstal): every figure traced to its page and its place on the page,
data years apart from publication years, the breaks declared, one newest row per figure.

The pages' saved text is not in the repository, so these tests hold the structure that makes each
figure checkable by a reader: a publisher's address, the page's date, the date it was read, and the
heading and paragraph the figure stands in."""

from __future__ import annotations

import csv
import json
import re
from decimal import Decimal
from urllib.parse import urlparse

import pandas as pd
import pytest

from conftest import REPO, copy_inputs
from omgoerelse.core.errors import BuildError
from omgoerelse.core.project import Project
from omgoerelse.core.yamlio import load_yaml
from omgoerelse.declarations.registry import load_registry
from omgoerelse.declarations.specs import load_specs
from omgoerelse.sources.transcriptions import PUBLISHED, load_register

PUBLISHERS = {"sm.dk", "ast.dk", "ft.dk"}  # the ministry, Ankestyrelsen, Folketinget
LETTER = "sm_brev_danmarkskort_2025"  # read from a text extraction; its rows are danmarkskort's
PLACE = re.compile(r"^afsnit \d+(, punkt \d+)?( i den gemte kopi)?$")
BREAKS = {
    "brud_barnets_lov",  # 2024: children's cases from serviceloven to barnets lov
    "voksenkort_fra_2017",  # the adult map's first year
    "kort_aktivitetsdata_2023",  # provisions added to the maps' figures from 2023
    "kommunale_sager_og_kort",  # Ankestyrelsen's overall rate is not the maps' rate
    "naevn_til_ankestyrelsen_2013",  # the boards before Ankestyrelsen
}


@pytest.fixture(scope="module")
def documents():
    return load_register(Project.at(REPO))


@pytest.fixture(scope="module")
def spec():
    project = Project.at(REPO)
    return load_specs(project, load_registry(project))["landstal"]


def table(built, name: str) -> pd.DataFrame:
    return pd.read_csv(built.datapackage / name / f"{name}.csv", dtype=str, keep_default_na=False)


def pages(spec) -> list[str]:
    """The web pages the table is transcribed from (every source but the minister's letter)."""
    return [m.table for m in spec.sources if not m.table.startswith(LETTER + "/")]


def test_every_row_comes_from_a_publishers_page_with_its_dates_and_place(built, documents):
    rows = table(built, "landstal")
    assert len(rows)
    for _, row in rows.iterrows():
        doc = documents[row.kilde_dokument]
        assert PUBLISHED.match(doc.published), doc.id
        if doc.id == LETTER:  # a file, not a page: its place is the line of its text extraction
            assert re.fullmatch(r"linje \d+", row.kilde_raekke) and row.overskrift
            continue
        host = urlparse(doc.url or "").hostname or ""
        assert host.removeprefix("www.") in PUBLISHERS, (doc.id, doc.url)
        assert doc.accessed is not None, f"{doc.id}: no date read"
        assert row.overskrift.strip(), (doc.id, row.aar, row.udfald)
        assert PLACE.match(row.kilde_raekke), (doc.id, row.kilde_raekke)


def test_every_transcribed_figure_names_its_heading_and_paragraph(spec):
    assert len(pages(spec)) >= 10
    for table_id in pages(spec):
        path = REPO / "sources" / f"{table_id}.csv"
        meta = load_yaml(path.with_suffix(".meta.yaml"), str(path))
        assert meta["note"] and meta["number"] == "Sidens tekst"
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        assert rows, table_id
        for r in rows:
            assert r["overskrift"].strip() and PLACE.match(r["afsnit"]), (table_id, r)
            assert r["enhed"] in ("procent", "antal") and r["forbehold"] in ("", "ca.")
            value = Decimal(r["vaerdi"])  # printed with a dot decimal; counts whole
            assert value == value.to_integral() or r["enhed"] == "procent"


def test_the_register_keeps_the_read_date_and_the_sources_table_shows_it(built, documents):
    rows = table(built, "kilder").set_index("kode")
    assert "laest" in rows.columns
    for doc in documents.values():
        expected = doc.accessed.isoformat() if doc.accessed else ""
        assert rows.loc[doc.id, "laest"] == expected
    read = [d for d in documents.values() if d.accessed]
    assert len(read) >= 10 and all(d.url for d in read)


def test_a_read_date_in_the_future_is_an_error(tmp_path):
    project = copy_inputs(tmp_path)
    register = project.sources / "register.yaml"
    text = register.read_text(encoding="utf-8")
    assert "accessed: 2026-12-01" in text
    register.write_text(text.replace("accessed: 2026-12-01", "accessed: 2999-12-01", 1), "utf-8")
    with pytest.raises(BuildError, match="accessed 2999-12-01 lies in the future"):
        load_register(project)


def test_publication_year_comes_from_the_register_and_maps_follow_their_data(built, documents):
    rows = table(built, "landstal")
    for _, row in rows.iterrows():
        assert int(row.udgivet_aar) == int(documents[row.kilde_dokument].published[:4])
    maps = rows[rows.serie.str.startswith("danmarkskort_")]
    assert len(maps) and (maps.udgivet_aar.astype(int) > maps.aar.astype(int)).all()
    # Each map page and the letter are about the year before they were published; older years on
    # them are comparisons.
    newest = maps.groupby("kilde_dokument").agg(
        aar=("aar", "max"), udgivet=("udgivet_aar", "first")
    )
    assert (newest.aar.astype(int) == newest.udgivet.astype(int) - 1).all(), newest


def test_the_breaks_are_declared_as_usage_warnings(built, spec):
    registry = load_registry(Project.at(REPO))
    assert set(spec.usage_warnings) >= BREAKS
    guide = (built.datapackage / "landstal" / "LAESEVEJLEDNING.md").read_text(encoding="utf-8")
    for name in BREAKS:
        assert registry.warnings[name]["title"] in guide
    rows = table(built, "landstal")
    first = rows.assign(aar=rows.aar.astype(int)).groupby("serie").aar.min().to_dict()
    assert first == {
        "danmarkskort_generelt": 2016,
        "danmarkskort_boernehandicap": 2016,
        "danmarkskort_voksenhandicap": 2017,  # the adult map's first year
        "kommunale_sager": 2011,
    }
    assert "barnets lov" in registry.warnings["brud_barnets_lov"]["text"].lower()


def test_nyeste_picks_one_row_per_figure_and_the_latest_publication(built):
    rows = table(built, "landstal")
    dims = ["serie", "aar", "udfald"]
    newest = rows[rows.nyeste == "true"]
    assert newest.groupby(dims).size().eq(1).all()
    assert set(map(tuple, newest[dims].values)) == set(map(tuple, rows[dims].values))
    restated = rows[
        (rows.serie == "kommunale_sager") & (rows.aar == "2018") & (rows.udfald == "omgjort")
    ]
    assert sorted(restated.procent_trykt) == ["30", "30", "30.5"]
    chosen = restated[restated.nyeste == "true"]
    assert chosen[["kilde_dokument", "procent_trykt"]].values.tolist() == [
        ["ast_nfa_ankestatistik_2019", "30.5"]
    ]
    for serie, aar, document in [
        ("danmarkskort_generelt", "2021", "sm_kort_2023_socialomraadet_2022"),
        ("danmarkskort_boernehandicap", "2020", "sm_nyhed_2022_danmarkskort_2021"),
        ("kommunale_sager", "2011", "ast_ankestatistik_2012"),
    ]:
        pick = newest[(newest.serie == serie) & (newest.aar == aar) & (newest.udfald == "omgjort")]
        assert pick.kilde_dokument.tolist() == [document]
    revised = table(built, "revisioner")
    assert set(revised[revised.tabel == "landstal"].noegle) >= {
        "serie=kommunale_sager; aar=2018; udfald=omgjort"
    }


def test_the_letters_rows_are_danmarkskorts_national_figures_not_a_copy(built, spec):
    assert f"{LETTER}/tal_i_teksten" in spec.source_tables
    rows = table(built, "landstal")
    letter = rows[rows.kilde_dokument == LETTER]
    maps = table(built, "danmarkskort")
    national = maps[(maps.kilde_dokument == LETTER) & (maps.kommune == "hele_landet")]
    code = {
        "danmarkskort_generelt": "socialomraadet_generelt",
        "danmarkskort_boernehandicap": "boernehandicap",
        "danmarkskort_voksenhandicap": "voksenhandicap",
    }
    mine = sorted(
        (code[r.serie], r.aar, r.udfald, r.procent_trykt, r.kilde_raekke, r.nyeste)
        for r in letter.itertuples()
    )
    theirs = sorted(
        (r.kort, r.aar, r.udfald, r.procent_trykt, r.kilde_raekke, r.nyeste)
        for r in national.itertuples()
    )
    assert mine == theirs and len(mine) == 15
    letter_csv = (REPO / "sources" / LETTER / "tal_i_teksten.csv").read_bytes()
    copies = [p for p in (REPO / "sources").glob("*/*.csv") if p.read_bytes() == letter_csv]
    assert len(copies) == 1


def test_the_gaps_are_listed_and_the_data_confirms_them(built, spec):
    gaps = [t for t in spec.not_shown if "ikke fundet i en primær kilde" in t]
    assert len(gaps) >= 4
    rows = table(built, "landstal")
    rates = rows[rows.udfald == "omgjort"]
    for serie, missing, words in [
        ("danmarkskort_generelt", {2018, 2019}, "Socialområdet generelt"),
        ("danmarkskort_boernehandicap", {2017, 2018, 2022}, "Børnehandicapområdet"),
        ("danmarkskort_voksenhandicap", {2018, 2019, 2022}, "Voksenhandicapområdet"),
        ("kommunale_sager", {2013, 2014, 2015, 2016, 2017}, "Alle kommunale sager"),
    ]:
        years = set(rates[rates.serie == serie].aar.astype(int))
        assert not years & missing, serie
        assert any(t.startswith(words) for t in gaps), words


def test_approximate_figures_keep_their_qualifier(built):
    rows = table(built, "landstal")
    qualified = rows[rows.forbehold != ""]
    assert sorted(
        zip(
            qualified.aar,
            qualified.udfald,
            qualified.antal_sager,
            qualified.procent_trykt,
            strict=True,
        )
    ) == [("2019", "i_alt", "24000", ""), ("2020", "omgjort", "", "29")]
    assert set(qualified.forbehold) == {"ca."}


def test_the_printed_shares_are_checked_against_their_rate(built):
    report = json.loads((built.datapackage / "kontrolrapport.json").read_text(encoding="utf-8"))
    sums = [
        c
        for c in report["kontroller"]
        if c["tabel"] == "landstal" and c["kontrol"] == "sum_to_total"
    ]
    # hjemvist + ændret/ophævet against the printed rate, where a page prints all three
    assert [(c["parametre"]["measure"], c["fejl"]) for c in sums] == [("procent_trykt", 0)]
    assert sums[0]["sammenligninger"] >= 8
