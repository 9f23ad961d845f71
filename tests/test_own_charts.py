"""Each municipality's own chart is made from the first of its shape's with its points moved
(own_charts.py, `same_shape`): its spec must be the one Altair makes for it, and its SVG the one
vl-convert draws from that spec, for every municipality, including points at 0 % and at the top
of the scale, and a municipality with fewer maps than the others."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
import vl_convert as vlc

from conftest import copy_inputs, quiet
from omgoerelse.bench.municipalities import MAPS, YEARS, Paper, add_council_papers
from omgoerelse.declarations.registry import load_registry
from omgoerelse.pipeline import build
from omgoerelse.site import charts, render
from omgoerelse.site.chart_style import SERIES_COLOURS
from omgoerelse.site.render import Renderer

TREND = "danmarkskort" + charts.TREND_SUFFIX


def _paper(code: str, name: str, changed: Callable[[int], int], maps=MAPS) -> Paper:
    return Paper(
        document=f"test_kommune_{code}",
        title=f"Omgørelsesprocenter, {name} Kommune (opdigtet til en test)",
        name=f"{name} Kommune",
        code=code,
        figures=tuple(
            (kort, year, 40 + i, changed(40 + i))
            for i, (kort, year) in enumerate((k, y) for k in maps for y in YEARS)
        ),
        url_note="Findes kun i testen.",
    )


PAPERS = [
    _paper("101", "København", lambda n: n // 3),
    _paper("147", "Frederiksberg", lambda n: 0),  # every point at 0 %
    _paper("151", "Ballerup", lambda n: n),  # every point at 100 %, the top of the scale
    _paper("153", "Brøndby", lambda n: n // 2),
    _paper("751", "Aarhus", lambda n: n // 4, maps=MAPS[:1]),  # one map: a shape of its own
]


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The own charts made both ways: plain (each through Altair and vl-convert) and fast."""
    project = copy_inputs(tmp_path_factory.mktemp("own"))
    add_council_papers(project.root, PAPERS)
    tables = build(project, write=False, say=quiet).tables
    registry = load_registry(project)
    ways = {}
    mp = pytest.MonkeyPatch()
    try:
        for way, env in (("plain", "same_shape"), ("fast", "")):
            mp.setenv("OMGOERELSE_PLAIN", env)
            renderer = Renderer(helpers=0)
            drawn = charts.charts_for(tables, registry, renderer)
            own = {k: c for k, c in drawn.items() if k.startswith(TREND + "/")}
            ways[way] = (
                own,
                {k: {kind: c.svg(kind) for kind in c.drawings} for k, c in own.items()},
            )
    finally:
        mp.undo()
    return ways


def test_every_municipality_has_its_own_chart_and_most_are_moved(made):
    own, _ = made["fast"]
    assert set(own) == {f"{TREND}/{c}" for c in ("101", "147", "151", "153", "707", "751")}
    moved = {k for k, c in own.items() if c.moved}
    # one first chart of each shape is drawn (Norddjurs' two maps, the three maps, one map) ...
    assert len(own) - len(moved) == 3, sorted(moved)
    # ... and the plain way moves none
    assert not any(c.moved for c in made["plain"][0].values())


def test_a_moved_chart_s_spec_is_the_one_altair_makes(made):
    plain, fast = made["plain"][0], made["fast"][0]
    for key in plain:
        assert fast[key].drawings == plain[key].drawings, key
        assert fast[key].interactive == plain[key].interactive, key


NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")
# a legend entry's unseen hit area, sized by the measured text: not drawn
HIT_AREA = re.compile(r'<path class="background"[^>]*/>')


def _skeleton(svg: str) -> tuple[str, list[float]]:
    svg = HIT_AREA.sub("", svg)
    return NUMBER.sub("#", svg), [float(x) for x in NUMBER.findall(svg)]


def test_a_moved_chart_s_svg_is_the_one_vl_convert_draws(made):
    own, svgs = made["fast"]
    for key, chart in own.items():
        for kind, spec in chart.drawings.items():
            drawn = vlc.vegalite_to_svg(spec, format_locale=render.LOCALE, allowed_base_urls=[])
            want, want_numbers = _skeleton(charts.lean_svg(drawn))
            got, got_numbers = _skeleton(svgs[key][kind])
            assert got == want, (key, kind)
            # to a tenth of a pixel, as lean_svg writes coordinates
            far = [
                (a, b) for a, b in zip(got_numbers, want_numbers, strict=True) if abs(a - b) > 0.11
            ]
            assert not far, (key, kind, far[:5])


def test_the_points_at_0_and_at_the_top_are_drawn_where_their_values_are(made):
    own, svgs = made["fast"]
    for code, value in (("147", 0.0), ("151", 100.0)):
        chart = own[f"{TREND}/{code}"]
        assert chart.moved, "moved, not drawn"
        rows = [r for r in chart.drawings["wide"]["data"]["values"] if r["lag"] == "punkt"]
        assert rows and {r["vaerdi"] for r in rows} == {value}
        top = chart.drawings["wide"]["spec"]["layer"][-1]["encoding"]["y"]["scale"]["domain"][1]
        ys = re.findall(  # the diamonds drawn in the points' colour (not the unseen ones)
            r'<path transform="translate\([\d.]+,([\d.]+)\)" d="M-3\.9,0L0,-3\.9[^>]*'
            rf'fill="{SERIES_COLOURS[1]}"',
            svgs[f"{TREND}/{code}"]["wide"],
        )
        assert len(ys) == len(rows)
        assert {round(float(y), 1) for y in ys} == {round(90 * (1 - value / top), 1)}


def test_a_downloaded_chart_credits_its_own_council_and_not_the_others(made):
    own, _ = made["fast"]
    credit = " ".join(own[f"{TREND}/101"].credit)
    assert "København Kommune" in credit
    assert not any(f"{name} Kommune" in credit for name in ("Frederiksberg", "Ballerup", "Aarhus"))


def test_a_downloaded_chart_is_the_wide_drawing_under_its_title_and_credit(made):
    own, svgs = made["fast"]
    chart = own[f"{TREND}/751"]
    download = chart.svg("download")
    root = ET.fromstring(download)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text == chart.title
    texts = [t.text for t in root.findall(f"{ns}text")]
    assert texts[0] == chart.title and "Aarhus Kommune" in " ".join(texts)
    assert "Licens: CC-BY-4.0." in " ".join(texts)
    inner = root.find(f"{ns}svg")
    assert float(inner.get("width")) == float(root.get("width"))
    assert float(root.get("height")) > float(inner.get("height")) + 14 * len(texts)
    assert svgs[f"{TREND}/751"]["wide"].split(">", 1)[1] in download
