"""Each municipality's own chart: the table's trend with only that municipality's points, on the
panels of the maps it has figures for.

With a chart for each of 98 municipalities, this was most of the site's build: each drawing took
some 0.15 s through Altair (which copies the whole chart at every step of building it) and some
0.1 s through vl-convert, twice a municipality (phone and laptop). Two municipalities with figures
for the same maps and years have charts of the same shape (one value scale is shared by every
municipality's chart, `_top_at_least`, and unseen diamonds fix the panels' layout, chart_kinds.py):
the same panels, scales, axes and breaks, differing only in their points and their name in the
legend. So the first municipality of a shape is drawn through Altair and vl-convert, and each next
one gets a copy of its spec with its own rows and name put in, and a copy of its SVG with the
points moved to its own values (`same_shape` in core/tuning.py switches this off;
tests/test_own_charts.py holds every municipality's spec to the one Altair makes and its SVG to
the one vl-convert draws from that spec).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from html import escape

from omgoerelse.core.tuning import on, plain
from omgoerelse.declarations.registry import Registry
from omgoerelse.site import render
from omgoerelse.site.chart_kinds import (
    PANEL_HEIGHT,
    TrendShape,
    code_names,
    trend_drawing,
    trend_shape,
)
from omgoerelse.site.chart_rows import (
    are_rows,
    cut_rows,
    only_used_fields,
    picked,
    used_fields,
    with_value,
)


def own_charts(params: dict, rows: list[dict], registry: Registry) -> list[tuple[str, dict]]:
    """For each point series (each municipality), the trend with only its own points, on the
    panels where it has them, titled and described as `own_chart` says, and drawn to the value
    scale of every series' points, so two municipalities' charts compare at a glance."""
    points = params["points"]
    field = points["label"].removesuffix("_navn")  # the series' code: kommune
    names = code_names(registry, field)
    every = [with_value(dict(r), points) for r in picked(rows, points)]
    top = max(
        (float(r.get("ci95_oevre") or r["vaerdi"]) for r in every if r["vaerdi"] is not None),
        default=0.0,
    )
    return [
        (
            code,
            {
                **params,
                "title": points["own_chart"]["title"].format(name=names.get(code, code)),
                "description": points["own_chart"]["description"].format(
                    name=names.get(code, code)
                ),
                "points": {**points, "where": {**points["where"], field: code}},
                "_own_panels": True,
                "_top_at_least": top,
            },
        )
        for code in sorted({r[field] for r in every})
    ]


class SameShape:
    """The drawings of one trend's own charts, by shape (see the module's docstring)."""

    def __init__(self) -> None:
        # shape -> the first chart's drawing as Altair made it, its used fields, its points'
        # name, and the spec its SVG is drawn from
        self._first: dict[TrendShape, tuple[dict, set[str], str | None, dict]] = {}
        self._drawn: dict[str, str] = {}  # the first charts' SVGs, by cache key

    def vega_lite(
        self, params: dict, rows: list[dict], registry: Registry, config: dict
    ) -> tuple[dict, Moved | None]:
        """The own chart's drawing at params["_width"], with its inline rows cut to the fields
        it uses; and unless it is the first of its shape, how its SVG is the first one's with
        the points moved."""
        shape = trend_shape(params, rows)
        key = dataclasses.replace(shape, own=None)
        if plain("same_shape") or key not in self._first:
            # validated once, on the table's own trend, which is the same code with more rows
            drawn = trend_drawing(params, rows, registry, shape).to_dict(validate=False)
            spec = {**only_used_fields(drawn), "config": config}
            if on("same_shape"):
                self._first[key] = (drawn, used_fields(drawn), shape.own, spec)
            return spec, None
        drawn, used, own, first = self._first[key]
        spec = {**_filled(drawn, rows, used, own, shape.own), "config": config}
        layers = len(drawn["spec"]["layer"])
        points = [r for r in rows if r["lag"] == "punkt"]
        return spec, Moved(first, shape, layers, points, own, shape.own, self._drawn)


def _filled(node: object, rows: list[dict], used: set[str], old: str | None, new: str | None):
    """A copy of the drawing `node` with `rows` as its inline rows and the points' name `new`
    where it had `old` (the legend)."""
    if isinstance(node, dict):
        return {
            k: cut_rows(rows, used)
            if k == "values" and are_rows(v)
            else _filled(v, rows, used, old, new)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_filled(x, rows, used, old, new) for x in node]
    return new if isinstance(node, str) and node == old else node


@dataclass(frozen=True)
class Moved:
    """An own chart's SVG made from the first of its shape's: the same SVG, with the points'
    intervals and diamonds (the panels' last two layers) drawn where this chart's points are, on
    the scales the shape fixes (x: the years' domain across the panel's width; y: 0 to the top
    across its height, d3's linear interpolation), and its name in the legend."""

    spec: dict  # the first chart's drawing, which is drawn by vl-convert
    shape: TrendShape
    layers: int  # layers in each panel
    points: list[dict]  # this chart's points, in the order drawn
    old: str | None
    new: str | None
    drawn: dict[str, str] = dataclasses.field(compare=False)  # shared by a shape's charts

    def first_drawing(self, renderer: render.Renderer) -> str:
        """The first chart's SVG, drawn once (read from the renderer's cache once, not once for
        each municipality: a build that cannot write its cache draws it only once too)."""
        key = render.chart_key(self.spec)
        if key not in self.drawn:
            self.drawn[key] = renderer.get("svg", key, self.spec).decode("utf-8")
        return self.drawn[key]

    def svg(self, first: str) -> str | None:
        """The SVG, or None where `first` is not shaped as expected (then it is drawn)."""
        rules = _group(f"mark-rule role-mark child_layer_{self.layers - 2}_marks")
        marks = _group(f"mark-symbol role-mark child_layer_{self.layers - 1}_marks")
        rule = _first_element(rules, first)
        diamond = _first_element(marks, first)
        panels = list(self.shape.order)
        if rule is None or diamond is None or len(rules.findall(first)) != len(panels):
            return None
        lo, hi = self.shape.year_domain
        by_panel: dict[str, list[tuple[float, dict]]] = {p: [] for p in panels}
        for r in self.points:
            x = self.shape.panel * ((r["aar_ved_siden"] - lo) / (hi - lo))
            by_panel[r["panel"]].append((x, r))

        def y(value: float) -> float:
            t = value / self.shape.top
            return PANEL_HEIGHT * (1 - t)  # d3: range[0] * (1 - t) + range[1] * t, range [90, 0]

        def intervals(panel: str) -> str:
            return "".join(
                _moved(rule, x, y(r["ci95_nedre"]), y2=y(r["ci95_oevre"]) - y(r["ci95_nedre"]))
                for x, r in by_panel[panel]
                if r.get("ci95_nedre") is not None and r.get("ci95_oevre") is not None
            )

        def diamonds(panel: str) -> str:
            return "".join(_moved(diamond, x, y(r["vaerdi"])) for x, r in by_panel[panel])

        out = _each(rules, first, [intervals(p) for p in panels])
        out = _each(marks, out, [diamonds(p) for p in panels])
        old, new = escape(str(self.old), quote=False), escape(str(self.new), quote=False)
        return LEGEND_LABEL.sub(
            lambda m: m.group(0).replace(f">{old}</text>", f">{new}</text>"), out
        )


LEGEND_LABEL = re.compile(r'<g class="mark-text role-legend-label"[^>]*>.*?</g>')
TRANSLATE = re.compile(r'transform="translate\([^)]*\)"')
Y2 = re.compile(r' y2="[^"]*"')


def _group(cls: str) -> re.Pattern:
    """A mark group's opening tag and its elements (a mark group holds no other group)."""
    return re.compile(rf'(<g class="{cls}"[^>]*>)(.*?)(</g>)')


def _first_element(group: re.Pattern, svg: str) -> str | None:
    """The first element of the first of these groups that has one, as a pattern."""
    for m in group.finditer(svg):
        element = re.match(r"<[^>]*/>", m.group(2))
        if element:
            return element.group(0)
    return None


def _moved(element: str, x: float, y: float, y2: float | None = None) -> str:
    out = TRANSLATE.sub(f'transform="translate({_js(x)},{_js(y)})"', element, count=1)
    return Y2.sub(f' y2="{_js(y2)}"', out, count=1) if y2 is not None else out


def _each(group: re.Pattern, svg: str, contents: list[str]) -> str:
    """The groups' elements replaced, the n-th group's by contents[n]."""
    it = iter(contents)
    return group.sub(lambda m: m.group(1) + next(it) + m.group(3), svg)


def _js(n: float) -> str:
    """A number as JavaScript writes it (Vega's SVG): 90 for 90.0, else the shortest repr."""
    return str(int(n)) if float(n).is_integer() else repr(float(n))
