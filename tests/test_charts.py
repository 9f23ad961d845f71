"""The charts: drawn for a phone and for a wide screen with 12 px text, rankings without small
numbers, labels shortened with the § kept, and tooltips that never say "null"."""

from __future__ import annotations

import re

import pytest

from conftest import REPO, quiet
from omgoerelse.core.project import Project
from omgoerelse.declarations.registry import load_registry
from omgoerelse.declarations.specs import load_specs
from omgoerelse.pipeline import build, load_tables
from omgoerelse.site import charts
from omgoerelse.site.render import Renderer
from omgoerelse.sources.transcriptions import load_register
from tools import inline_rows


def test_lean_svg_rounds_attribute_numbers_and_leaves_text_alone():
    svg = (
        '<g class="mark-symbol" role="graphics-object"><path '
        'transform="translate(62.215999999999994,-2330)" '
        'd="M3.873,0A3.873" opacity="1"/><text x="5.55555">§ 1.12345 og 2.5555</text></g>'
    )
    assert charts.lean_svg(svg) == (
        '<g class="mark-symbol"><path transform="translate(62.2,-2330)" d="M3.9,0A3.9"/>'
        '<text x="5.6">§ 1.12345 og 2.5555</text></g>'
    )


@pytest.mark.parametrize(
    "text,limit,expected",
    [
        ("Tilbagebetaling af løbende månedlig hjælp § 91", 24, "§ 91 Tilbagebetaling af…"),
        (
            "Børn - KSB - Forældrebetaling og ungebetaling - § 187 og § 188",
            30,
            "§ 187 og § 188 Forældrebetali…",
        ),
        ("Merudgiftsydelse § 41", 24, "Merudgiftsydelse § 41"),
        ("Hjælpemidler efter kompensationsloven", 24, "Hjælpemidler efter komp…"),
    ],
)
def test_a_short_label_keeps_its_paragraph(text, limit, expected):
    assert charts.short_label(text, limit) == expected
    assert len(charts.short_label(text, limit)) <= limit


@pytest.fixture(scope="module")
def provisions():
    project = Project.at(REPO)
    # wait: another test process may be reading the same checkout at this moment
    table = build(project, write=False, say=quiet, wait=True).tables["sager_efter_bestemmelse"]
    registry = load_registry(project)
    load_tables(
        project, load_specs(project, registry), registry, load_register(project)
    )  # derives the provision codes
    return table, registry, charts.chart_for(table.spec, table.rows, registry)


def test_a_ranking_leaves_out_small_numbers_and_says_so(provisions):
    table, _, chart = provisions
    params = table.spec.chart
    assert len(chart.rows) == params["limit"] and all(
        r["naevner"] >= params["min_count"] for r in chart.rows
    )
    rates = [float(r["vaerdi"]) for r in chart.rows]
    left_out = [
        r
        for r in table.rows
        if r["udfald"] == "omgjort"
        and r["bestemmelse"] != "alle"
        and r["naevner"] >= params["min_count"]
        and float(r["procent_beregnet"]) > min(rates)
    ]
    assert len(left_out) <= params["limit"], (
        "the chart holds the highest rates among the large enough"
    )
    small = sum(
        1
        for r in table.rows
        if r["udfald"] == "omgjort" and r["bestemmelse"] != "alle" and r["naevner"] < 20
    )
    assert small > 0 and f"{small} med under 20 sager" in chart.note


def test_every_drawing_has_12_px_text_and_fits_its_width(provisions):
    _, _, chart = provisions
    for kind, width in (("narrow", charts.NARROW), ("wide", charts.WIDE)):
        svg = chart.svg(kind)
        assert int(float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1))) <= width + 1
        sizes = {float(x) for x in re.findall(r'font-size="([\d.]+)px"', svg)}
        assert sizes and min(sizes) >= 12, (kind, sizes)
        labels = re.findall(r'text-anchor="end"[^>]*>([^<]+)</text>', svg)
        assert labels and max(len(x) for x in labels) <= charts.LABEL_CHARS[width]
        assert any("§" in label for label in labels)


def test_the_download_carries_its_title_source_and_licence(provisions):
    table, _, chart = provisions
    svg = chart.svg("download")
    assert (
        table.spec.chart["title"] in svg
        and "Kilde: Ankestyrelsen" in svg
        and "Licens: CC-BY-4.0" in svg
    )


def test_tooltips_show_page_formats_and_never_null(provisions):
    _, _, chart = provisions
    rows = list(inline_rows(chart.spec))
    tips = [t["field"] for layer in chart.spec["layer"] for t in layer["encoding"]["tooltip"]]
    assert tips and all(t.startswith("vis_") for t in tips), tips
    assert rows and all(
        isinstance(r[t], str) and r[t] and r[t] != "null" for r in rows for t in set(tips)
    )
    assert all(re.fullmatch(r"\d+(,\d)?\u00a0%", r["vis_vaerdi"]) for r in rows)
    assert charts.chart_for  # the interval reads "ikke oplyst" where it is missing:
    assert (
        charts._shown_values({"vaerdi": None}, {"tooltip": ["ci95_nedre"]}, None)["vis_interval"]
        == "ikke oplyst"
    )


@pytest.mark.parametrize(
    "field, value, expected",
    [
        ("procent_trykt", 6.0, "6,0\u00a0%"),  # was "6,00": the printed share without its sign
        ("antal_sager", 17305, "17.305"),
        ("aar", 2024, "2024"),
        ("forbehold", True, "ja"),  # was "True"
        ("naevner", None, "ikke oplyst"),
    ],
)
def test_a_tooltip_prints_a_value_as_the_pages_do(field, value, expected):
    from omgoerelse.site.display import show

    row = charts._shown_values({field: value}, {"tooltip": [field]}, None)
    assert row[f"vis_{field}"] == expected
    if value is not None:
        assert expected == show(value, field)


def test_the_maps_trend_draws_the_national_series_and_each_municipality_s_points(provisions):
    from omgoerelse.site.render import Renderer

    _, registry, _ = provisions
    tables = build(Project.at(REPO), write=False, say=quiet, wait=True).tables
    with Renderer(helpers=0) as renderer:
        drawn = charts.charts_for(tables, registry, renderer)["danmarkskort" + charts.TREND_SUFFIX]
    rows = [r for r in inline_rows(drawn.spec) if isinstance(r, dict) and "lag" in r]
    lines = [r for r in rows if r["lag"] == "linje"]
    points = [r for r in rows if r["lag"] == "punkt"]
    national = [
        r
        for r in tables["landstal"].rows
        if r["udfald"] == "omgjort" and r["nyeste"] and r["serie"].startswith("danmarkskort")
    ]
    own = [
        r
        for r in tables["danmarkskort"].rows
        if r["udfald"] == "omgjort" and r["nyeste"] and r["kommune"] != "hele_landet"
    ]
    assert len(lines) == len(national) and min(r["aar"] for r in lines) == 2016
    assert len(points) == len(own) > 0
    # each point with its interval, on the panel of its map, beside (not on) the line's year
    assert all(r["ci95_nedre"] <= r["vaerdi"] <= r["ci95_oevre"] for r in points)
    assert {r["panel"] for r in points} <= {r["panel"] for r in lines}
    assert all(r["aar_ved_siden"] != int(r["aar_ved_siden"]) for r in points)
    assert drawn.spec["config"] and "2024" in str(drawn.spec)  # the break is drawn


def test_every_chart_of_the_real_data_is_valid_vega_lite():
    """The build leaves Altair's schema check to this test (`schema_in_tests`): every drawing of
    every chart, the municipalities' included, against the Vega-Lite schema Altair carries."""
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    project = Project.at(REPO)
    tables = build(project, write=False, say=quiet, wait=True).tables
    with Renderer(helpers=0) as renderer:
        made = charts.charts_for(tables, load_registry(project), renderer)
    schema = load_schema()
    specs = [(k, kind, s) for k, c in made.items() for kind, s in c.drawings.items()]
    specs += [(k, "interactive", c.interactive) for k, c in made.items()]
    assert len(made) >= 10 and any("/" in k for k in made)
    for key, kind, spec in specs:
        assert validate_jsonschema(spec, schema, raise_error=False) is None, (key, kind)
    broken = {**specs[0][2], "mark": {"type": "no such mark"}}
    assert validate_jsonschema(broken, schema, raise_error=False) is not None
