"""The static charts: long labels cut by characters, and the SVG kept lean without touching its text."""

from __future__ import annotations

import re

from conftest import REPO, quiet
from omgoerelse.core.project import Project
from omgoerelse.declarations.registry import load_registry
from omgoerelse.declarations.specs import load_specs
from omgoerelse.pipeline import build, load_tables
from omgoerelse.site import charts
from omgoerelse.sources.transcriptions import load_register


def test_lean_svg_rounds_attribute_numbers_and_leaves_text_alone():
    svg = (
        '<g class="mark-symbol" role="graphics-object"><path transform="translate(62.215999999999994,-2330)" '
        'd="M3.873,0A3.873" opacity="1"/><text x="5.55555">§ 1.12345 og 2.5555</text></g>'
    )
    assert charts.lean_svg(svg) == (
        '<g class="mark-symbol"><path transform="translate(62.2,-2330)" d="M3.9,0A3.9"/>'
        '<text x="5.6">§ 1.12345 og 2.5555</text></g>'
    )


def test_long_provision_labels_are_cut_on_the_axis_but_whole_in_the_table():
    project = Project.at(REPO)
    table = build(project, write=False, say=quiet).tables["sager_efter_bestemmelse"]
    registry = load_registry(project)
    load_tables(
        project, load_specs(project, registry), registry, load_register(project)
    )  # derives the provision codes
    chart = charts.chart_for(table.spec, table.rows, registry)
    labels = re.findall(r'text-anchor="end"[^>]*>([^<]+)</text>', chart.svg)  # the y-axis labels
    names = [r["bestemmelse_navn"] for r in chart.rows]
    assert len(labels) >= 100 and max(len(label) for label in labels) <= charts.LABEL_CHARS
    assert any(len(name) > charts.LABEL_CHARS for name in names), (
        "some printed names are longer than the cut"
    )
    assert max(len(name) for name in names) > max(len(label) for label in labels)
    axes = [layer["encoding"]["y"]["axis"] for layer in chart.spec["layer"]]
    # Cut by characters, not by Vega's pixel limit, which measured every label many times (2.6 s → 0.6 s).
    assert all(
        a == {"labelExpr": f"truncate(datum.label, {charts.LABEL_CHARS})", "labelLimit": 0}
        for a in axes
    ), axes
