"""The kinds of chart a spec's `chart:` can ask for, each drawn from the rows it shows: stacked
shares, rates with their intervals, bars, lines and small panels over the years."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt

from omgoerelse.core.formats import danish_number
from omgoerelse.declarations.registry import Registry
from omgoerelse.site.chart_style import (
    MISSING,
    NARROW,
    OUTCOME_COLOURS,
    SERIES_COLOURS,
    short_label,
)

# what a kind draws: one chart, layers (points over their intervals), or small panels
Drawing = alt.Chart | alt.LayerChart | alt.FacetChart


def code_names(registry: Registry, field: str) -> dict[str, str]:
    name = registry.fields[field]["codelist"]
    codelist = registry.codelists.get(name)
    return codelist.names() if codelist else {}


def field_title(registry: Registry, field: str) -> str:
    return registry.fields[field]["title"]


def tooltip(params: dict, registry: Registry) -> list:
    """Tooltips with Danish titles and values already written as on the page (44,9 %; 17.305; ikke
    oplyst), so a gap never shows as "null"."""
    tips, listed = [], params.get("tooltip", [])
    for f in listed:
        if f == "vaerdi":
            tips.append(alt.Tooltip("vis_vaerdi:N", title=params.get("axis") or "Procent"))
        elif f in ("ci95_nedre", "ci95_oevre"):
            # the two bounds are one tooltip line: added at the first of them only
            if f == next(x for x in listed if x in ("ci95_nedre", "ci95_oevre")):
                tips.append(alt.Tooltip("vis_interval:N", title="95\u00a0%-interval"))
        else:
            tips.append(
                alt.Tooltip(f"vis_{f}:N", title=field_title(registry, f.removesuffix("_navn")))
            )
    return tips


def category_axis(params: dict, registry: Registry) -> alt.Y:
    """The category axis of printed labels, shortened in Python with the § kept (Vega's own cut by
    pixels measured every label many times, and cut the § off)."""
    category = params["category"]
    return alt.Y(
        "etiket:N",
        title=field_title(registry, category.removesuffix("_navn")),
        axis=alt.Axis(labelLimit=0),
        sort=alt.EncodingSortField("vaerdi", order="descending") if params.get("sort") else None,
    )


def composition(params: dict, rows: list[dict], registry: Registry) -> Drawing:
    """Stacked bars: how the cases in each category ended (shares of the total)."""
    parts = params["parts"]
    rows = [r for r in rows if r["udfald"] in parts]
    order = {p: i for i, p in enumerate(parts)}
    for r in rows:
        r["raekkefoelge"] = order[r["udfald"]]
    names = code_names(registry, "udfald")
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X(
                "vaerdi:Q", title="Procent af sagerne", stack="zero", axis=alt.Axis(format=",.0f")
            ),
            y=alt.Y(f"{params['category']}:O", title=field_title(registry, params["category"])),
            color=alt.Color(
                "udfald_navn:N",
                title="Udfald",
                scale=alt.Scale(
                    domain=[names[p] for p in parts], range=[OUTCOME_COLOURS[p] for p in parts]
                ),
            ),
            order=alt.Order("raekkefoelge:Q"),
            tooltip=tooltip(params, registry),
        )
    )


def rate_with_interval(params: dict, rows: list[dict], registry: Registry) -> Drawing:
    """Points with their 95 % intervals: a rate per category, the uncertainty in plain sight. One
    colour, or one per series where there are a few (never one per law area: facets tell those apart
    better than ten colours)."""
    series = params.get("series")
    colour = (
        alt.Color(
            f"{series}:N",
            title=field_title(registry, series.removesuffix("_navn")),
            scale=alt.Scale(range=SERIES_COLOURS),
        )
        if series
        else alt.value(OUTCOME_COLOURS["omgjort"])
    )
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=category_axis(params, registry), color=colour, tooltip=tooltip(params, registry)
    )
    if series and params.get("offset", True):
        base = base.encode(yOffset=alt.YOffset(f"{series}:N"))
    x = alt.X(
        "vaerdi:Q",
        title=params.get("axis", "Procent"),
        scale=alt.Scale(domain=[0, 100]),
        axis=alt.Axis(format=",.0f"),
    )
    points = base.mark_point(filled=True, size=90, opacity=1).encode(x=x)
    intervals = base.mark_rule(strokeWidth=2).encode(x=alt.X("ci95_nedre:Q"), x2="ci95_oevre:Q")
    return alt.layer(intervals, points)


def bars(params: dict, rows: list[dict], registry: Registry) -> Drawing:
    """Horizontal bars sorted by size."""
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color=SERIES_COLOURS[0])
        .encode(
            x=alt.X(
                "vaerdi:Q",
                title=params.get("axis", field_title(registry, params["value"])),
                axis=alt.Axis(format=",.0f"),
            ),
            y=alt.Y("etiket:N", title=None, sort="-x", axis=alt.Axis(labelLimit=0)),
            tooltip=tooltip(params, registry),
        )
    )


def lines(params: dict, rows: list[dict], registry: Registry) -> Drawing:
    """Lines over the years, one per measure."""
    long = [
        {
            "aar": r["aar"],
            "maal": registry.fields[m]["title"],
            "vaerdi": r[m],
            "vis_vaerdi": danish_number(r[m]) if r.get(m) is not None else MISSING,
        }
        for r in rows
        for m in params["measures"]
        if r.get(m) is not None
    ]
    return (
        alt.Chart(alt.Data(values=long))
        .mark_line(point=alt.OverlayMarkDef(size=90, filled=True))
        .encode(
            x=alt.X("aar:O", title="År", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("vaerdi:Q", title=params.get("axis", ""), axis=alt.Axis(format=",.0f")),
            color=alt.Color("maal:N", title=None, scale=alt.Scale(range=SERIES_COLOURS)),
            tooltip=[
                alt.Tooltip("aar:O", title="År"),
                alt.Tooltip("maal:N", title="Mål"),
                alt.Tooltip("vis_vaerdi:N", title=params.get("axis") or "Værdi"),
            ],
        )
    )


PANEL_HEIGHT = 90  # a trend panel's height in px


@dataclass(frozen=True)
class TrendShape:
    """All a trend's drawing takes from its rows, apart from the rows themselves: two trends of one
    shape draw the same panels, scales and breaks, and differ in their rows and in the points'
    name in the legend (own_charts.py reuses one municipality's drawing for the next so)."""

    width: int
    columns: int
    panel: int  # a panel's width in px
    years: tuple[int, ...]
    top: float  # the value scale's top, one for every panel
    order: tuple[str, ...]  # the panels' headings, in order
    points: bool
    own: str | None  # the points' name in the legend

    @property
    def year_domain(self) -> tuple[float, float]:
        """The year axis' ends: a little room before the first year, and room for the points
        drawn beside the last."""
        return self.years[0] - 0.3, self.years[-1] + 0.4


def trend_shape(params: dict, rows: list[dict]) -> TrendShape:
    """The trend's shape, with each row given what its drawing reads (its panel, its layer, its
    stretch of years, its legend name)."""
    width = params["_width"]
    for r in rows:  # a point names its panel and layer; a line's row is named here
        r["panel_navn"] = r.get("panel_navn") or r[params["category"]]
        r.setdefault("lag", "linje")
    points = [r for r in rows if r["lag"] == "punkt"]
    panels = len({r["panel_navn"] for r in rows})
    columns = min(
        panels, (1 if panels <= 4 else 2) if width <= NARROW else (2 if panels <= 4 else 4)
    )
    panel = (width - 60) // columns - 20  # room for the value axis and the space between panels
    # a municipality's own chart is drawn to the scale of every municipality's points
    highest = max(
        [float(r.get("ci95_oevre") or r["vaerdi"]) for r in rows] + [params.get("_top_at_least", 0)]
    )
    _stretches(rows)
    for r in points:
        # a little to the right of the year, so a point and the line's point for the same year
        # stay apart
        r["aar_ved_siden"] = r["aar"] + 0.25
    # a panel's heading fits above it (about 7 px a character at 12 px)
    for r in rows:
        r["panel"] = short_label(r["panel_navn"], panel // 7)
    order = dict.fromkeys(  # the total's panel comes first
        r["panel"] for r in sorted(rows, key=lambda r: not r.get("er_total"))
    )
    return TrendShape(
        width=width,
        columns=columns,
        panel=panel,
        years=tuple(sorted({r["aar"] for r in rows})),
        top=max(50, 10 * -(-highest // 10)),
        order=tuple(order),
        points=bool(points),
        own=_points_name(params, rows),
    )


def trend(params: dict, rows: list[dict], registry: Registry) -> Drawing:
    """One small panel per category with its line over the years, all on one scale, and a dashed
    line where the series breaks: small multiples tell ten categories apart better than ten
    colours. Rows marked as points (`points:` of the spec) are drawn on the panel of their name
    with their intervals, in a second colour."""
    return trend_drawing(params, rows, registry, trend_shape(params, rows))


def trend_drawing(params: dict, rows: list[dict], registry: Registry, shape: TrendShape) -> Drawing:
    """The trend of rows that trend_shape has prepared."""
    years = list(shape.years)
    scale = alt.Scale(domain=list(shape.year_domain), nice=False, zero=False)
    x = alt.X(
        "aar:Q", title=None, scale=scale, axis=alt.Axis(values=years, format="d", labelFlush=False)
    )
    y = alt.Y(
        "vaerdi:Q",
        title=params.get("axis", "Procent"),
        scale=(y_scale := alt.Scale(domain=[0, shape.top])),
        axis=alt.Axis(format=",.0f", tickCount=3),
    )
    line = alt.Chart().transform_filter(alt.FieldOneOfPredicate(field="lag", oneOf=["linje"]))
    colour = _line_and_points_colour(params, shape.own)
    layers = [
        # one path per stretch of years in a row: a year missing in the sources is a gap, never
        # a line drawn across it
        line.mark_line(color=OUTCOME_COLOURS["omgjort"]).encode(x=x, y=y, detail="straekning:N"),
        line.mark_point(filled=True, size=60, opacity=1).encode(
            x=x, y=y, color=colour, tooltip=tooltip(params, registry)
        ),
    ]
    if shape.points:
        beside = alt.X("aar_ved_siden:Q", scale=scale)
        own = alt.Chart().transform_filter(alt.FieldOneOfPredicate(field="lag", oneOf=["punkt"]))
        # An unseen diamond at the top and the bottom of each panel: Vega lays the panels out
        # around their marks, so a point at 0 % or at the top would move the panels by a pixel
        # or two. With these, the layout is the same whatever the points, and a municipality's
        # chart can be another's with its points moved (own_charts.py).
        layers += [
            alt.Chart()
            .mark_point(opacity=0, filled=True, size=60, shape="diamond")
            .encode(
                x=alt.X(datum=years[0], type="quantitative", scale=scale),
                y=alt.Y(datum=value, type="quantitative", scale=y_scale),
            )
            for value in (0, shape.top)
        ]
        layers += [
            own.mark_rule(color=SERIES_COLOURS[1], strokeWidth=2).encode(
                x=beside, y=alt.Y("ci95_nedre:Q", scale=y_scale), y2="ci95_oevre:Q"
            ),
            own.mark_point(opacity=1, filled=True, size=60, shape="diamond").encode(
                x=beside, y=y, color=colour, tooltip=tooltip(params["points"], registry)
            ),
        ]
    breaks = params.get("break_before") or []
    for year in breaks if isinstance(breaks, list) else [breaks]:
        rule_x = alt.X(datum=year - 0.5, type="quantitative", scale=scale)  # the lines' scale
        layers.insert(0, alt.Chart().mark_rule(strokeDash=[4, 3], color="#777777").encode(x=rule_x))
    return (
        alt.layer(*layers, data=alt.Data(values=rows))
        .properties(width=shape.panel, height=PANEL_HEIGHT)
        .facet(
            facet=alt.Facet(
                "panel:N",
                title=None,
                sort=list(shape.order),
                header=alt.Header(labelAlign="left", labelAnchor="start", labelLimit=shape.panel),
            ),
            columns=shape.columns,
        )
    )


def _stretches(rows: list[dict]) -> None:
    """Each line row's stretch (`straekning`): its panel and the first year of the run of years
    in a row it belongs to."""
    line = sorted(
        (r for r in rows if r["lag"] == "linje"), key=lambda r: (r["panel_navn"], r["aar"])
    )
    start: dict[str, tuple[int, int]] = {}  # panel -> (first year of its stretch, last year)
    for r in line:
        first, last = start.get(r["panel_navn"], (r["aar"], r["aar"]))
        if r["aar"] - last > 1:
            first = r["aar"]
        start[r["panel_navn"]] = (first, r["aar"])
        r["straekning"] = f"{r['panel_navn']} {first}"


def _points_name(params: dict, rows: list[dict]) -> str | None:
    """The points' name in the legend, given to each row as `lag_navn`: their label where they are
    one series (one municipality), else the spec's name for many."""
    points = [r for r in rows if r["lag"] == "punkt"]
    if not points:
        return None
    declared = params["points"]
    names = sorted({r[declared["label"]] for r in points})
    own = names[0] if len(names) == 1 else declared["many_name"]
    for r in rows:
        r["lag_navn"] = own if r["lag"] == "punkt" else declared["line_name"]
    return own


def _line_and_points_colour(params: dict, own: str | None) -> alt.Color | alt.ColorValue:
    """One colour for the lines; with points, a second, and a legend naming both."""
    if own is None:
        return alt.ColorValue(OUTCOME_COLOURS["omgjort"])
    return alt.Color(
        "lag_navn:N",
        scale=alt.Scale(
            domain=[params["points"]["line_name"], own],
            range=[OUTCOME_COLOURS["omgjort"], SERIES_COLOURS[1]],
        ),
        legend=alt.Legend(title=None, orient="bottom", symbolType="circle"),
    )


BUILDERS = {
    "composition": composition,
    "rate_with_interval": rate_with_interval,
    "bars": bars,
    "lines": lines,
    "trend": trend,
}
