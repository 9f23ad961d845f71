"""Charts: one Vega-Lite spec per table (made with Altair), drawn to SVG with Danish numbers.

A spec's `chart:` says which kind of chart answers the reader's question and which rows it shows.
Each chart is drawn twice from the same rows: narrow for a phone and wide for a larger screen (the
page shows the one that fits, at its own size, so no text is scaled below 12 px). For download, the
wide drawing is put under its title, source and licence (framed.py). The SVGs carry the first view,
visible without JavaScript; the wide spec with tooltips drives the interactive version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from omgoerelse.core import tuning
from omgoerelse.core.errors import BuildError, Problem
from omgoerelse.core.formats import danish_list, danish_percent, danish_range
from omgoerelse.declarations.registry import Registry
from omgoerelse.declarations.specs import TableSpec
from omgoerelse.site import render
from omgoerelse.site.chart_kinds import BUILDERS, code_names
from omgoerelse.site.chart_rows import only_used_fields, picked, with_value
from omgoerelse.site.chart_style import (
    CONFIG,
    LABEL_CHARS,
    MISSING,
    NARROW,
    WIDE,
    short_label,
    unique,
)
from omgoerelse.site.display import show
from omgoerelse.site.framed import framed
from omgoerelse.site.own_charts import Moved, SameShape, own_charts


@dataclass
class Chart:
    interactive: dict  # Vega-Lite, wide, with tooltips
    rows: list[dict]  # the rows shown, for the data table beside the chart
    columns: list[str]  # the fields shown in that table, in order
    description: str  # text alternative
    drawings: dict[str, dict]  # "narrow", "wide" -> the spec each SVG is drawn from
    renderer: render.Renderer
    note: str = ""  # what the chart leaves out, said under it
    title: str = ""  # a downloaded chart's title
    credit: list[str] = field(default_factory=list)  # and the lines under it: source, licence
    # a municipality's drawings made from the first of their shape's (own_charts.py)
    moved: dict[str, Moved] = field(default_factory=dict)
    # a PNG file made by the build; a municipality's chart has none: the reader's browser draws
    # its SVG as a PNG on request (assets/charts.js), since 98 PNGs took a third of the build
    png_file: bool = True
    _svgs: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def spec(self) -> dict:
        return self.interactive

    def svg(self, kind: str = "download") -> str:
        """A lean SVG; asking for the download drawing (the wide one under its title and credit,
        framed.py) starts its PNG."""
        if kind not in self._svgs:
            if kind == "download":
                self._svgs[kind] = framed(
                    self.svg("wide"), self.title, self.credit, self.description
                )
                if self.png_file:
                    self.renderer.start("png", self._png_key, self._svgs[kind])
            else:
                if kind in self.moved:
                    moved = self.moved[kind]
                    drawn = moved.svg(moved.first_drawing(self.renderer)) or self._drawn_here(kind)
                else:
                    drawn = self._drawn_here(kind)
                self._svgs[kind] = lean_svg(drawn)
        return self._svgs[kind]

    def drawn_from(self, kind: str) -> tuple[str, dict]:
        """The cache key and spec of the drawing this kind's SVG is made from."""
        if kind in self.moved:
            spec = self.moved[kind].spec
            return render.chart_key(spec), spec
        return self.key(kind), self.drawings[kind]

    def _drawn_here(self, kind: str) -> str:
        """Drawn from its own spec, where moving the points was not possible."""
        return self.renderer.get("svg", self.key(kind), self.drawings[kind]).decode("utf-8")

    @property
    def png(self) -> bytes:
        return self.renderer.get("png", self._png_key, self.svg("download"))

    @property
    def _png_key(self) -> str:
        return render.chart_key({"png_of": self.svg("download"), "scale": render.PNG_SCALE})

    def key(self, kind: str) -> str:
        return self._keys[kind]

    @cached_property
    def _keys(self) -> dict[str, str]:
        return {kind: render.chart_key(spec) for kind, spec in self.drawings.items()}


TREND_SUFFIX = "-udvikling"  # a table's charts over the years: <table>-udvikling, -udvikling-2, …


def trend_names(name: str, spec: TableSpec) -> list[str]:
    """The names of a table's charts over the years, in the order of its spec's `trend`."""
    return [f"{name}{TREND_SUFFIX}{f'-{i + 1}' if i else ''}" for i in range(len(spec.trends))]


def charts_for(tables: dict, registry: Registry, renderer: render.Renderer) -> dict[str, Chart]:
    """Every table's charts (its chart, and its trends as <table>-udvikling…; a trend whose points
    have `own_chart` also once per point series, as <trend>/<code>), their SVGs started in the
    renderer's helpers."""
    out = {}
    for name, table in tables.items():
        drawn = [(name, table.spec.chart)] if table.spec.chart else []
        drawn += zip(trend_names(name, table.spec), table.spec.trends, strict=True)
        for key, params in drawn:
            args = (table.spec, table.rows, registry, renderer, table.publisher_of)
            chart = chart_for(*args, params, tables)
            if chart:
                out[key] = chart
            own = (params.get("points") or {}).get("own_chart")
            shapes = SameShape()
            for code, own_params in own_charts(params, table.rows, registry) if own else []:
                out[f"{key}/{code}"] = _drawn(chart_for(*args, own_params, tables, shapes))
    return out


def _drawn(chart: Chart | None) -> Chart:
    if chart is None:  # a chart_for with params always draws
        raise ValueError("no chart drawn")
    return chart


def chart_for(
    spec: TableSpec,
    rows: list[dict],
    registry: Registry,
    renderer: render.Renderer | None = None,
    publisher_of: dict[str, str] | None = None,
    params: dict | None = None,
    tables: dict | None = None,
    shapes: SameShape | None = None,  # for own charts: the first of each shape, to copy
) -> Chart | None:
    params = params or spec.chart
    if not params:
        return None
    drawn_spec, drawn_rows = spec, rows
    if params.get("rows_from"):  # another table's lines, e.g. the national series
        other = (tables or {})[params["rows_from"]]
        drawn_spec, drawn_rows = other.spec, other.rows
        publisher_of = {**(publisher_of or {}), **other.publisher_of}  # the credit names both
    shown = _selected(spec, drawn_spec, drawn_rows, params, registry, "chart")
    shown, note = _ranked(shown, params)
    plain = [_shown_values(_plain(r, spec), params, registry) for r in shown]
    if params.get("continued"):  # the table's own rows carry the line on
        plain += _continued(spec, rows, plain, params, registry)
    if params.get("points"):  # the table's own rows as points on those lines
        points = params["points"]
        own = [
            _shown_values(
                dict(_plain(r, spec), lag="punkt", panel_navn=r[points["panel"]]), points, registry
            )
            for r in _selected(spec, spec, rows, points, registry, "chart points")
        ]
        if params.get("_own_panels"):  # one series' chart: only the panels it has points on
            panels = {r["panel_navn"] for r in own}
            plain = [r for r in plain if r[params["category"]] in panels]
        plain += own
    category = params.get("category")
    for width in (NARROW, WIDE) if category else ():
        # one label per category (a series shares it), and two categories never share one
        distinct = list(dict.fromkeys(str(r.get(category, "")) for r in plain))
        labels = dict(
            zip(
                distinct,
                unique([short_label(c, LABEL_CHARS[width]) for c in distinct]),
                strict=True,
            )
        )
        for r in plain:
            r[f"etiket_{width}"] = labels[str(r.get(category, ""))]
    builder = BUILDERS[params["type"]]
    credit = _credit(registry, plain, publisher_of)
    drawings, moved = {}, {}
    config = {**CONFIG, "aria": False}  # beside its data table, the SVG is hidden
    for kind, width in (("narrow", NARROW), ("wide", WIDE)):
        rows_here = [dict(r, etiket=r.get(f"etiket_{width}")) for r in plain]
        if params.get("_own_panels") and shapes is not None:
            drawings[kind], from_first = shapes.vega_lite(
                {**params, "_width": width}, rows_here, registry, config
            )
            if from_first:
                moved[kind] = from_first
            continue
        if params["type"] == "trend":  # small panels: their number across sets the width
            drawing = builder({**params, "_width": width}, rows_here, registry)
        else:
            drawing = builder(params, rows_here, registry).properties(
                width=width, autosize={"type": "fit-x", "contains": "padding"}
            )
        # Altair's schema check takes a third of the charts' time in each build; the specs come
        # from this code alone, and tests/test_charts.py checks every chart of the real data
        drawn = drawing.to_dict(validate=tuning.plain("schema_in_tests"))
        drawings[kind] = {**only_used_fields(drawn), "config": config}
    interactive = {**drawings["wide"], "config": CONFIG, "description": params["description"]}
    columns = [c for c in params.get("table", []) if any(c in r for r in shown)]
    chart = Chart(
        interactive,
        shown,
        columns,
        params["description"],
        drawings,
        renderer or render.Renderer(helpers=0),
        note,
        params["title"],
        credit,
        moved,
        png_file=not params.get("_own_panels"),
    )
    for kind in drawings:
        chart.renderer.start("svg", *chart.drawn_from(kind))
    return chart


def _selected(
    spec: TableSpec, drawn: TableSpec, rows: list[dict], params: dict, registry: Registry, at: str
) -> list[dict]:
    """The rows `where`, `exclude` and `parts` pick, with the value drawn in `vaerdi` and each
    code's name beside it (<field>_navn)."""
    shown = [with_value(dict(r), params) for r in picked(rows, params)]
    shown = [
        r
        for r in shown
        if r.get("vaerdi") is not None
        and r.get("udfald", "") in params.get("parts", [r.get("udfald", "")])
    ]
    if rows and not shown:  # a value typo in `where` would publish an empty chart
        raise BuildError(
            Problem(
                spec.path, f"{at}: its where, exclude and parts leave no row with a value to draw"
            )
        )
    fields = [f for f in drawn.fields if registry.fields[f].get("codelist")]
    names = {f: code_names(registry, f) for f in fields}
    for r in shown:
        for f, lookup in names.items():
            if r.get(f) in lookup:
                r[f"{f}_navn"] = lookup[r[f]]
    return shown


def _continued(
    spec: TableSpec, rows: list[dict], lines: list[dict], params: dict, registry: Registry
) -> list[dict]:
    """The table's own rows `continued` picks, on the one line drawn from the other table: named
    as that line, for years it does not have (two figures for one year would be two points on
    one line, and choosing between them is not the chart's to do)."""
    category = params["category"]
    names = {r[category] for r in lines}
    own = _selected(spec, spec, rows, params["continued"], registry, "chart continued")
    both = sorted({r["aar"] for r in own} & {r["aar"] for r in lines})
    if len(names) != 1 or both:
        raise BuildError(
            Problem(
                spec.path,
                f"chart continued: carries one line on over years it lacks; found "
                f"{len(names)} lines and the years {both} in both tables",
            )
        )
    return [
        _shown_values(dict(_plain(r, spec), **{category: next(iter(names))}), params, registry)
        for r in own
    ]


NAMED_POINTS = 3  # a credit names the points' publishers up to this many, and counts more


def _credit(
    registry: Registry, drawn: list[dict], publisher_of: dict[str, str] | None
) -> list[str]:
    """The lines under a downloaded chart's title: who published the figures drawn, the licence,
    the version. Only the documents of the rows drawn are credited (a municipality's own chart
    names its own council, not the 97 others). Where the points come from more publishers than
    a line can name, they are counted: the table's sources name them all."""
    ds = registry.dataset
    of = publisher_of or {}
    by_layer: dict[bool, set[str]] = {True: set(), False: set()}
    for r in drawn:
        if r.get("kilde_dokument") in of:
            by_layer[r.get("lag") == "punkt"].add(of[r["kilde_dokument"]])
    lines, points = by_layer[False], by_layer[True] - by_layer[False]
    named = sorted(lines) + (
        sorted(points)
        if len(points) <= NAMED_POINTS
        else [f"{len(points)} andre udgivere (se tabellens kilder)"]
    )
    named = named or ["Ankestyrelsen"]
    return [
        f"Kilde: {danish_list(named)}; bearbejdet af Omgørelsesprocenter som åbne data.",
        f"Licens: {ds['licenses'][0]['name']}. Version {ds['version']}.",
    ]


def _ranked(rows: list[dict], params: dict) -> tuple[list[dict], str]:
    """A ranking leaves out rates on fewer than `min_count` cases and shows at most `limit` rows."""
    note = ""
    if params.get("min_count"):
        small = [r for r in rows if (r.get("naevner") or 0) < params["min_count"]]
        rows = [r for r in rows if r not in small]
        if small:
            note = (
                f"{len(small)} med under {params['min_count']} sager er ikke med i grafen, fordi "
                "en "
                "enkelt sag flytter deres procent meget; de står i tabellen nedenfor."
            )
    if params.get("limit") and len(rows) > params["limit"]:
        rows = sorted(rows, key=lambda r: -float(r["vaerdi"]))[: params["limit"]]
    return rows, note


def _shown_values(row: dict, params: dict, registry: Registry) -> dict:
    """The row with what tooltips show as text (Danish formats, "ikke oplyst" for a gap) and the
    shortened category labels of each drawing."""
    row["vis_vaerdi"] = danish_percent(
        row.get("vaerdi"), MISSING, printed=row.get("vaerdi_felt") == "procent_trykt"
    )
    row["vis_interval"] = danish_range(row.get("ci95_nedre"), row.get("ci95_oevre"), MISSING)
    for f in params.get("tooltip", []):
        if f != "vaerdi" and f"vis_{f}" not in row:
            # as the pages print it (display.show), so a tooltip and a table never disagree
            row[f"vis_{f}"] = MISSING if row.get(f) is None else show(row[f], f)
    return row


NON_VISUAL = re.compile(
    r' (?:role|aria-roledescription|aria-hidden|pointer-events)="[^"]*"| opacity="1"'
)


ATTRIBUTE = re.compile(r'="([^"]*)"')
LONG_DECIMAL = re.compile(r"\d+\.\d{2,}")


def lean_svg(svg: str) -> str:
    """The static SVG without the ARIA roles of its marks, pointer-events and default opacity, and
    with coordinates to a tenth of a pixel ("62.215999999999994" → "62.2"): it is aria-hidden beside
    its data table, and every byte is sent before the first view. The mark classes stay (they say
    what each element is), and text is never touched: only attribute values are rounded."""

    def tenths(m: re.Match) -> str:
        return '="' + LONG_DECIMAL.sub(lambda n: f"{float(n.group(0)):.1f}", m.group(1)) + '"'

    return ATTRIBUTE.sub(tenths, NON_VISUAL.sub("", svg))


def _plain(row: dict, spec: TableSpec) -> dict:
    """A row with JSON-friendly values (numbers as floats, dates as text)."""
    out = {}
    for k, v in row.items():
        if isinstance(v, Decimal):
            v = float(v)
        elif hasattr(v, "isoformat"):
            v = v.isoformat()
        out[k] = v
    return out
