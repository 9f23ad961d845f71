"""A table's rows as an HTML table a reader can use on a phone: Danish numbers, one interval column,
and on a narrow screen each row stacked as label: value (site.css), so no page scrolls sideways."""

from __future__ import annotations

import html

from omgoerelse.declarations.registry import Registry
from omgoerelse.publish.emit import Table
from omgoerelse.site.display import Shown, show

PAGE_ROWS = 200  # a table of up to this many rows is shown whole on its page
NOT_ON_PAGES = {"kilde_kolonne"}  # where in the transcription: for the downloads, not for readers
INTERVAL = ("ci95_nedre", "ci95_oevre")


def page_rows(
    table: Table, chart_where: dict | None, chart_exclude: dict | None
) -> tuple[list[dict], dict | None]:
    """The rows a table's page shows, and where they are not all of them, which ones: the chart's
    rows (`chart`) or the first ones, `shown` of `all` (tabel.md says so)."""
    rows = table.rows
    if len(rows) <= PAGE_ROWS:
        return rows, None
    chosen = [
        r
        for r in rows
        if all(r.get(k) == v for k, v in (chart_where or {}).items())
        and not any(r.get(k) == v for k, v in (chart_exclude or {}).items())
    ]
    if chart_where and len(chosen) <= PAGE_ROWS:
        return chosen, {"chart": True, "shown": len(chosen), "all": len(rows)}
    return rows[:PAGE_ROWS], {"chart": False, "shown": PAGE_ROWS, "all": len(rows)}


def page_columns(table: Table, preferred: list[str] | None, codelists: set[str]) -> list[str]:
    """What identifies each row (codes by their names), then the chart's table columns where the
    spec names them (else every field a reader can use), then the printed table the row comes
    from."""
    spec = table.spec
    dims = [f for f in spec.primary_key if f not in ("kilde_dokument", "kilde_tabel")]
    named = [f"{f}_navn" if f in codelists else f for f in dims]
    rest = preferred or [f for f in spec.fields if f not in NOT_ON_PAGES]
    columns = list(
        dict.fromkeys([*named, *rest, *(["kilde_tabel"] if "kilde_tabel" in spec.fields else [])])
    )
    columns = [c for c in columns if f"{c}_navn" not in columns]  # a code shown by its name
    columns = [c for c in columns if c.removesuffix("_navn") not in dims or c in named]
    return [c for c in columns if c.removesuffix("_navn") in spec.fields]


def constant_columns(
    columns: list[str], rows: list[Shown], registry: Registry
) -> tuple[list[str], list[dict[str, str]]]:
    """Columns with one value in every shown row leave the table; the page says what they hold
    (each one's title and value)."""
    if len(rows) < 2:
        return columns, []
    same = [
        c
        for c in _merged(columns)
        if len({_cell(r, c)[0] for r in rows}) == 1 and _cell(rows[0], c)[0]
    ]
    kept = [c for c in columns if (("interval" if c in INTERVAL else c) not in same)]
    return kept, [{"title": _title(c, registry), "value": _cell(rows[0], c)[0]} for c in same]


def html_table(columns: list[str], rows: list[Shown], registry: Registry, caption: str) -> str:
    """The rows as an accessible HTML table; a wide one scrolls inside its own box, which keyboard
    users can focus (WCAG 2.1.1) and which says that it scrolls."""
    shown = _merged(columns)
    head = " ".join(f'<th scope="col">{html.escape(_title(c, registry))}</th>' for c in shown)
    body = []
    for row in rows:
        cells = []
        for c in shown:
            label = html.escape(_title(c, registry), quote=True)
            value, numeric = _cell(row, c)
            kind = ' class="tal"' if numeric else ""
            cells.append(f'<td data-label="{label}"{kind}>{html.escape(value)}</td>')
        body.append("<tr>" + " ".join(cells) + "</tr>")  # spaces: the search index joins cell texts
    name = html.escape(caption, quote=True)
    return (
        f'<div class="datatabel" role="region" aria-label="{name}" tabindex="0">'
        f'<table class="tal-tabel">\n<caption>{html.escape(caption)}</caption>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody></table></div>"
    )


def _merged(columns: list[str]) -> list[str]:
    """The two interval columns as one ("13–58 %")."""
    out = []
    for c in columns:
        if c in INTERVAL:
            if "interval" not in out:
                out.append("interval")
        else:
            out.append(c)
    return out


def _title(column: str, registry: Registry) -> str:
    if column == "interval":
        return "95\u00a0%-interval"
    base = column.removesuffix("_navn")
    return registry.fields[base]["title"] if base in registry.fields else column


def _cell(row: Shown, column: str) -> tuple[str, bool]:
    if column == "interval":
        return (row.interval if row.raw.get("ci95_nedre") is not None else ""), True
    if column.endswith("_navn"):
        return row.navn(column.removesuffix("_navn")), False
    value = row.raw.get(column)
    if column == "procent_beregnet" and value is not None:
        return row.procent, True
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool) and column != "aar"
    return show(value, column), numeric or column.startswith("procent")
