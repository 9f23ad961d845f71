"""The long view: the overall rate's line from two tables (landstal, then sager_efter_udfald's own
rows) with its gaps and breaks, and each municipality's own chart against the national lines."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import REPO, quiet
from omgoerelse.core.project import Project
from omgoerelse.declarations.registry import load_registry
from omgoerelse.pipeline import build
from omgoerelse.site import charts
from omgoerelse.site.render import Renderer
from tools import inline_rows

OVERALL = "sager_efter_udfald" + charts.TREND_SUFFIX + "-2"
NORDDJURS = "danmarkskort" + charts.TREND_SUFFIX + "/707"


@pytest.fixture(scope="module")
def drawn():
    project = Project.at(REPO)
    # wait: another test process may be reading the same checkout at this moment
    tables = build(project, write=False, say=quiet, wait=True).tables
    with Renderer(helpers=0) as renderer:
        made = charts.charts_for(tables, load_registry(project), renderer)
        yield tables, made


def _rows(chart: charts.Chart, layer: str) -> list[dict]:
    return [r for r in inline_rows(chart.spec) if isinstance(r, dict) and r.get("lag") == layer]


def _breaks(chart: charts.Chart) -> set[float]:
    """The years of the dashed rules: a rule at a fixed place on the year axis."""
    return {
        float(layer["encoding"]["x"]["datum"])
        for layer in _layers(chart.spec)
        if "datum" in layer.get("encoding", {}).get("x", {})
        and layer["mark"].get("strokeDash")  # not the unseen diamonds that fix the layout
    }


def _layers(node):
    if isinstance(node, dict):
        if "mark" in node:
            yield node
        for v in node.values():
            yield from _layers(v)
    elif isinstance(node, list):
        for x in node:
            yield from _layers(x)


def test_the_overall_rate_is_landstal_then_the_table_s_own_rows_point_for_point(drawn):
    tables, made = drawn
    line = _rows(made[OVERALL], "linje")
    national = {
        (r["aar"], float(r["procent_trykt"]))
        for r in tables["landstal"].rows
        if r["serie"] == "kommunale_sager" and r["udfald"] == "omgjort" and r["nyeste"]
    }
    own = {
        (r["aar"], float(r["procent_trykt"]))
        for r in tables["sager_efter_udfald"].rows
        if r["kilde_tabel"] == "Tabel 4.3"
        and r["lovomraade"] == "alle"
        and r["udfald"] == "omgjort"
    }
    # each point's source is in its tooltip: the annual report's table, or the web page
    from_report = {(r["aar"], r["vaerdi"]) for r in line if r["vis_kilde_tabel"] == "Tabel 4.3"}
    from_pages = {(r["aar"], r["vaerdi"]) for r in line if r["vis_kilde_tabel"] != "Tabel 4.3"}
    assert from_report == own and {a for a, _ in own} == {2022, 2023, 2024}
    assert from_pages == national and min(a for a, _ in national) == 2011
    assert len(line) == len(national) + len(own)  # no point added, none twice
    assert all(r["vis_kilde_dokument"] for r in line)
    assert {r["panel"] for r in line} == {"Alle kommunale sager"}  # one line, not two panels


def test_a_year_missing_in_the_sources_is_a_gap_not_a_line(drawn):
    _, made = drawn
    chart = made[OVERALL]
    stretches: dict[str, list[int]] = {}
    for r in _rows(chart, "linje"):
        stretches.setdefault(r["straekning"], []).append(r["aar"])
    years = [sorted(y) for y in stretches.values()]
    assert all(y == list(range(y[0], y[-1] + 1)) for y in years), years
    assert sorted(years) == [[2011, 2012], list(range(2018, 2025))]
    # drawn as two paths, in every drawing
    for kind in ("narrow", "wide", "download"):
        assert chart.svg(kind).count('class="mark-line') == 2, kind
    # the national series' own chart leaves its gaps open too
    national: dict[str, list[int]] = {}
    for r in _rows(made["landstal"], "linje"):
        if r["panel"] == "Alle kommunale sager":
            national.setdefault(r["straekning"], []).append(r["aar"])
    assert sorted(sorted(y) for y in national.values()) == [[2011, 2012], list(range(2018, 2022))]


def test_the_breaks_of_2013_and_2024_are_drawn(drawn):
    _, made = drawn
    assert _breaks(made[OVERALL]) == {2012.5, 2023.5}
    assert _breaks(made["sager_efter_udfald" + charts.TREND_SUFFIX]) == {2023.5}


def test_a_municipality_s_own_chart_has_its_points_on_the_national_lines_of_its_maps(drawn):
    tables, made = drawn
    chart = made[NORDDJURS]
    own = [
        r
        for r in tables["danmarkskort"].rows
        if r["kommune"] == "707" and r["udfald"] == "omgjort" and r["nyeste"]
    ]
    points = _rows(chart, "punkt")
    assert sorted((r["aar"], r["vaerdi"]) for r in points) == sorted(
        (r["aar"], float(r["procent_beregnet"])) for r in own
    )
    assert all(r["ci95_nedre"] <= r["vaerdi"] <= r["ci95_oevre"] for r in points)
    assert {r["lag_navn"] for r in points} == {"Norddjurs"}
    # the national line of each of its maps, and no other map's
    maps = {r["kort"] for r in own}
    series = {"socialomraadet_generelt": "danmarkskort_generelt"}
    lines = _rows(chart, "linje")
    national = {
        (r["aar"], float(r["procent_trykt"]))
        for r in tables["landstal"].rows
        if r["udfald"] == "omgjort"
        and r["nyeste"]
        and r["serie"] in {series.get(m, f"danmarkskort_{m}") for m in maps}
    }
    assert {(r["aar"], r["vaerdi"]) for r in lines} == national and len(lines) == len(national)
    assert len({r["panel"] for r in lines}) == len(maps) == 2
    assert _breaks(chart) == {2023.5}
    assert "Norddjurs" in chart.description and "barnets lov" in chart.description
    assert "Norddjurs" in chart.title and "Norddjurs Kommune" in " ".join(chart.credit)
    # the table's own chart keeps every municipality and every map
    assert len(_rows(made["danmarkskort" + charts.TREND_SUFFIX], "linje")) > len(lines)


def test_no_value_is_made_up_for_the_line(drawn):
    tables, made = drawn
    printed = {
        Decimal(str(r["procent_trykt"]))
        for t in ("landstal", "sager_efter_udfald")
        for r in tables[t].rows
        if r.get("procent_trykt") is not None
    }
    assert {Decimal(str(r["vaerdi"])) for r in _rows(made[OVERALL], "linje")} <= printed
