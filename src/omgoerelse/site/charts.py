"""Charts: one Vega-Lite spec per table (made with Altair), rendered to SVG with Danish numbers.

A spec's `chart:` says which kind of chart answers the reader's question and which rows it shows.
The SVG carries the first view (visible without JavaScript, downloadable); the same Vega-Lite JSON
drives the interactive version with tooltips.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

import altair as alt

from omgoerelse.core.errors import BuildError, Problem
from omgoerelse.declarations.registry import Registry
from omgoerelse.declarations.specs import TableSpec
from omgoerelse.site import render

WIDTH = 560
# One colour per outcome across the site; Paul Tol's colour-blind-safe "bright" and "muted" sets.
OUTCOME_COLOURS = {
    "stadfaestet": "#4477AA",
    "hjemvist": "#EE7733",
    "aendret_ophaevet": "#CC3311",
    "omgjort": "#882255",
    "i_alt": "#777777",
}
SERIES_COLOURS = ["#4477AA", "#EE7733", "#228833", "#AA3377", "#66CCEE", "#BBBBBB"]
LABEL_CHARS = 40  # long printed labels (provisions) are cut here on the axis; tooltip and table keep them whole


@dataclass
class Chart:
    spec: dict  # Vega-Lite
    rows: list[dict]  # the rows shown, for the data table beside the chart
    columns: list[str]  # the fields shown in that table, in order
    description: str  # text alternative
    static: dict  # the spec the SVG is drawn from
    renderer: render.Renderer

    @cached_property
    def svg(self) -> str:
        """The lean SVG; asking for it starts the PNG, which is drawn from it."""
        svg = lean_svg(self.renderer.get("svg", self.key, self.static).decode("utf-8"))
        self.renderer.start("png", self.key, svg)
        return svg

    @property
    def png(self) -> bytes:
        return self.renderer.get("png", self.key, self.svg)

    @cached_property
    def key(self) -> str:
        return render.chart_key(self.static)


def charts_for(tables: dict, registry: Registry, renderer: render.Renderer) -> dict[str, Chart]:
    """Every table's chart, its SVG started in the renderer's helpers."""
    return {
        name: chart
        for name, table in tables.items()
        if (chart := chart_for(table.spec, table.rows, registry, renderer))
    }


def chart_for(
    spec: TableSpec, rows: list[dict], registry: Registry, renderer: render.Renderer | None = None
) -> Chart | None:
    params = spec.chart
    if not params:
        return None
    shown = [
        r
        for r in rows
        if all(r.get(k) == v for k, v in (params.get("where") or {}).items())
        and not any(r.get(k) == v for k, v in (params.get("exclude") or {}).items())
    ]
    shown = [_with_value(dict(r), params) for r in shown]
    shown = [
        r
        for r in shown
        if r.get("vaerdi") is not None
        and r.get("udfald", "") in params.get("parts", [r.get("udfald", "")])
    ]
    if rows and not shown:  # a value typo in `where` would publish an empty chart
        raise BuildError(
            Problem(
                spec.path, "chart: its where, exclude and parts leave no row with a value to draw"
            )
        )
    names = {f: _code_names(registry, f) for f in spec.fields if registry.fields[f].get("codelist")}
    for r in shown:
        for f, lookup in names.items():
            if r.get(f) in lookup:
                r[f"{f}_navn"] = lookup[r[f]]
    builder = BUILDERS[params["type"]]
    chart = builder(params, [_plain(r, spec) for r in shown], registry).properties(
        title=params["title"], width=WIDTH
    )
    vl = _only_used_fields(chart.to_dict())
    vl["description"] = params["description"]
    # The static SVG is aria-hidden beside its data table, so per-mark ARIA labels would only add weight.
    static = {**vl, "config": {**vl.get("config", {}), "aria": False}}
    columns = [c for c in params.get("table", []) if any(c in r for r in shown)]
    chart = Chart(
        vl, shown, columns, params["description"], static, renderer or render.Renderer(helpers=0)
    )
    chart.renderer.start("svg", chart.key, static)
    return chart


NON_VISUAL = re.compile(
    r' (?:role|aria-roledescription|aria-hidden|pointer-events)="[^"]*"| opacity="1"'
)


ATTRIBUTE = re.compile(r'="([^"]*)"')
LONG_DECIMAL = re.compile(r"\d+\.\d{2,}")


def lean_svg(svg: str) -> str:
    """The static SVG without the ARIA roles of its marks, pointer-events and default opacity, and with
    coordinates to a tenth of a pixel ("62.215999999999994" → "62.2"): it is aria-hidden beside its
    data table, and every byte is sent before the first view. The mark classes stay (they say what each
    element is), and text is never touched: only attribute values are rounded."""

    def tenths(m: re.Match) -> str:
        return '="' + LONG_DECIMAL.sub(lambda n: f"{float(n.group(0)):.1f}", m.group(1)) + '"'

    return ATTRIBUTE.sub(tenths, NON_VISUAL.sub("", svg))


def _only_used_fields(vl: dict) -> dict:
    """The spec with its inline rows cut to the fields an encoding uses: less to send for the interactive chart."""
    used = set(re.findall(r'"field": "([^"]+)"', json.dumps(vl)))

    def cut(node):
        if isinstance(node, dict):
            return {
                k: ([{f: r[f] for f in r if f in used} for r in v] if k == "values" else cut(v))
                for k, v in node.items()
            }
        return [cut(x) for x in node] if isinstance(node, list) else node

    return cut(vl)


def _with_value(row: dict, params: dict) -> dict:
    """The value the chart plots, in `vaerdi`: the first of the listed fields that has one."""
    fields = params["value"] if isinstance(params["value"], list) else [params["value"]]
    row["vaerdi"] = next((row[f] for f in fields if row.get(f) is not None), None)
    return row


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


def _code_names(registry: Registry, field: str) -> dict[str, str]:
    name = registry.fields[field]["codelist"]
    codelist = registry.codelists.get(name)
    return {c.kode: c.navn for c in codelist.codes.values()} if codelist else {}


def _title(registry: Registry, field: str) -> str:
    return registry.fields[field]["title"]


def is_year(registry: Registry, field: str) -> bool:
    """Whether a field holds years (its unit is år): shown as 2024, not 2.024, and in order."""
    return registry.fields.get(field, {}).get("unit") == "år"


def _tooltip(params: dict, registry: Registry) -> list:
    """Tooltips with Danish titles; numbers formatted by the Danish locale (17.305; 44,9)."""
    tips = []
    for f in params.get("tooltip", []):
        name = f.removesuffix("_navn")
        kind = (
            "number"
            if f == "vaerdi"
            else registry.fields.get(name, {}).get("type")
            if f == name
            else "string"
        )
        title = "Procent" if f == "vaerdi" else _title(registry, name)
        if kind == "integer" and not is_year(registry, f):
            tips.append(alt.Tooltip(f"{f}:Q", title=title, format=",d"))
        elif kind == "number":
            tips.append(alt.Tooltip(f"{f}:Q", title=title, format=",.1f"))
        else:
            tips.append(alt.Tooltip(f"{f}:{'O' if f == 'aar' else 'N'}", title=title))
    return tips


def category_axis() -> alt.Axis:
    """An axis of printed labels, cut by characters: Vega's cut by pixels measures every label many
    times, which made the 140-provision chart take seconds to render."""
    return alt.Axis(labelExpr=f"truncate(datum.label, {LABEL_CHARS})", labelLimit=0)


def composition(params: dict, rows: list[dict], registry: Registry) -> alt.Chart:
    """Stacked bars: how the cases in each category ended (shares of the total)."""
    parts = params["parts"]
    rows = [r for r in rows if r["udfald"] in parts]
    order = {p: i for i, p in enumerate(parts)}
    for r in rows:
        r["raekkefoelge"] = order[r["udfald"]]
    names = _code_names(registry, "udfald")
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X(
                "vaerdi:Q", title="Procent af sagerne", stack="zero", axis=alt.Axis(format=",.0f")
            ),
            y=alt.Y(f"{params['category']}:O", title=_title(registry, params["category"])),
            color=alt.Color(
                "udfald_navn:N",
                title="Udfald",
                scale=alt.Scale(
                    domain=[names[p] for p in parts], range=[OUTCOME_COLOURS[p] for p in parts]
                ),
            ),
            order=alt.Order("raekkefoelge:Q"),
            tooltip=_tooltip(params, registry),
        )
    )


def rate_with_interval(params: dict, rows: list[dict], registry: Registry) -> alt.Chart:
    """Points with their 95 % intervals: a rate per category, the uncertainty in plain sight."""
    value, category = "vaerdi", params["category"]
    series = params.get("series")
    y = alt.Y(
        f"{category}:{params.get('category_type', 'O')}",
        title=_title(registry, category.removesuffix("_navn")),
        axis=category_axis(),
        sort=alt.EncodingSortField(value, order="descending")
        if params.get("sort")
        else "ascending"
        if is_year(registry, category)
        else None,  # years in order; other categories as the table lists them
    )
    colour = (
        alt.Color(
            f"{series}:N",
            title=_title(registry, series.removesuffix("_navn")),
            scale=alt.Scale(range=SERIES_COLOURS),
        )
        if series
        else alt.value(OUTCOME_COLOURS["omgjort"])
    )
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=y, color=colour, tooltip=_tooltip(params, registry)
    )
    if series and params.get("offset", True):
        base = base.encode(yOffset=alt.YOffset(f"{series}:N"))
    x = alt.X(
        f"{value}:Q",
        title=params.get("axis", "Procent"),
        scale=alt.Scale(domain=[0, 100]),
        axis=alt.Axis(format=",.0f"),
    )
    points = base.mark_point(filled=True, size=60).encode(x=x)
    intervals = base.mark_rule(strokeWidth=2).encode(x=alt.X("ci95_nedre:Q"), x2="ci95_oevre:Q")
    return alt.layer(intervals, points)


def bars(params: dict, rows: list[dict], registry: Registry) -> alt.Chart:
    """Horizontal bars sorted by size."""
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color=SERIES_COLOURS[0])
        .encode(
            x=alt.X(
                "vaerdi:Q",
                title=params.get("axis", _title(registry, params["value"])),
                axis=alt.Axis(format=",.0f"),
            ),
            y=alt.Y(f"{params['category']}:N", title=None, sort="-x", axis=category_axis()),
            tooltip=_tooltip(params, registry),
        )
    )


def lines(params: dict, rows: list[dict], registry: Registry) -> alt.Chart:
    """Lines over the years, one per measure."""
    long = [
        {"aar": r["aar"], "maal": registry.fields[m]["title"], "vaerdi": r[m]}
        for r in rows
        for m in params["measures"]
        if r.get(m) is not None
    ]
    return (
        alt.Chart(alt.Data(values=long))
        .mark_line(point=True)
        .encode(
            x=alt.X("aar:O", title="År"),
            y=alt.Y("vaerdi:Q", title=params.get("axis", ""), axis=alt.Axis(format=",.0f")),
            color=alt.Color("maal:N", title=None, scale=alt.Scale(range=SERIES_COLOURS)),
            tooltip=[
                alt.Tooltip("aar:O", title="År"),
                alt.Tooltip("maal:N", title="Mål"),
                alt.Tooltip("vaerdi:Q", title="Uger", format=",.1f"),
            ],
        )
    )


BUILDERS = {
    "composition": composition,
    "rate_with_interval": rate_with_interval,
    "bars": bars,
    "lines": lines,
}
