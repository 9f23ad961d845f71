"""The site: Markdown pages generated from what the data build emitted, then `mkdocs build
--strict`.

Generated pages go into docs/ beside the hand-written theme files (git ignores them); downloads are
copied from datapackage/ into the built site under data/latest/. Nothing on the site is typed twice:
every number comes from the emitted tables, every text from the specs and the registry."""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

from omgoerelse.core.checksums import SUMS
from omgoerelse.core.formats import SMALL_DENOMINATOR, danish_number, file_size, rounded
from omgoerelse.core.project import Project
from omgoerelse.declarations.registry import Registry
from omgoerelse.publish import cite, emit, metadata
from omgoerelse.publish.guide import CITE_HEADING
from omgoerelse.publish.releases import Release
from omgoerelse.site import charts, history, render, templating
from omgoerelse.site.datatables import constant_columns, html_table, page_columns, page_rows
from omgoerelse.site.display import Rows
from omgoerelse.site.downloads import DATA_DIR
from omgoerelse.site.municipalities import write_municipality_pages
from omgoerelse.site.performance import performance_page
from omgoerelse.site.release_pages import write_release_pages
from omgoerelse.sources.transcriptions import Document

GENERATED = [
    "index.md",
    "laesevejledning.md",
    "begreber.md",
    "bidrag.md",
    "kilder.md",
    "datakvalitet.md",
    "udviklere.md",
    "english.md",
    "versioner.md",
    "versioner",
    "revisioner.md",
    "hastighed.md",
    "tabeller",
    "kommuner",
    "grafer",
    "assets/vendor",
]


def write_pages(
    project: Project,
    datapackage: Path,
    tables: dict[str, emit.Table],
    table_charts: dict[str, charts.Chart],
    registry: Registry,
    documents: dict[str, Document],
    report: dict,
    general_guide: str,
    releases: list[Release],
) -> None:
    """Every generated page, with each chart's drawings and spec; the PNGs follow in
    `write_pngs`."""
    docs = project.root / "docs"
    for name in GENERATED:
        target = docs / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    for folder in ("tabeller", "kommuner", "grafer", "assets/vendor"):
        (docs / folder).mkdir(parents=True)
    (docs / "assets/vendor/da-DK.json").write_text(
        json.dumps(render.format_locale()), encoding="utf-8"
    )
    drawn = max(d.data_drawn for d in documents.values() if d.data_drawn)
    logs = history.changelogs(releases)
    rows = Rows(tables, registry)
    (docs / "versioner.md").write_text(
        history.versions_page(releases, logs, registry.dataset["version"]), encoding="utf-8"
    )
    write_release_pages(docs, releases)
    (docs / "hastighed.md").write_text(
        performance_page(project.root / "benchmarks/results.json"), encoding="utf-8"
    )
    (docs / "revisioner.md").write_text(
        history.revisions_page(tables["revisioner"].rows, documents), encoding="utf-8"
    )
    for key, drawn_chart in table_charts.items():  # a municipality's own: grafer/<trend>/<code>
        (docs / "grafer" / key).parent.mkdir(exist_ok=True)
        (docs / "grafer" / f"{key}.svg").write_text(drawn_chart.svg("download"), encoding="utf-8")
        (docs / "grafer" / f"{key}.vl.json").write_text(
            json.dumps(drawn_chart.spec, ensure_ascii=False), encoding="utf-8"
        )
    for name, table in tables.items():
        chart = table_charts.get(name)
        released = next((r for r in releases if r.version == registry.dataset["version"]), None)
        years = sorted({r["aar"] for r in table.rows if r.get("aar") is not None})
        about = metadata.schema_org(
            name,
            table.spec.title,
            table.spec.description,
            registry,
            released,
            table.sources,
            publishers=sorted(table.publishers),
            # the counts and percentages a table measures, by their names in the registry
            measured=[
                (f, registry.fields[f]["title"])
                for f in table.spec.fields
                if registry.fields[f]["type"] in ("integer", "number") and f != "aar"
            ],
            years=(years[0], years[-1]) if years else None,
        )
        trends = {k: table_charts[k] for k in charts.trend_names(name, table.spec)}
        page = table_page(
            table,
            chart,
            registry,
            rows,
            history.table_history(name, releases, logs),
            datapackage,
            trends,
        )
        (docs / "tabeller" / f"{name}.md").write_text(
            page + "\n" + metadata.json_ld_script(about) + "\n", encoding="utf-8"
        )
    (docs / "tabeller" / "index.md").write_text(tables_index(tables), encoding="utf-8")

    def figure(name: str, root: str = "") -> str:
        """A chart as the front page (or a municipality's page, `root` up) shows it; the template
        names it."""
        chart = table_charts.get(name)
        return chart_figure(name, chart, root) if chart else ""

    (docs / "index.md").write_text(
        templating.render(
            "forside.md", rows=rows, site=registry.dataset, drawn=drawn, figure=figure
        ),
        encoding="utf-8",
    )
    write_municipality_pages(docs / "kommuner", tables["danmarkskort"], rows, registry, figure)
    (docs / "laesevejledning.md").write_text(general_guide, encoding="utf-8")
    (docs / "bidrag.md").write_text(templating.render("bidrag.md"), encoding="utf-8")
    (docs / "begreber.md").write_text(
        templating.render("begreber.md", glossary=registry.glossary), encoding="utf-8"
    )
    (docs / "kilder.md").write_text(sources_page(tables, documents), encoding="utf-8")
    (docs / "datakvalitet.md").write_text(quality_page(report, tables), encoding="utf-8")
    (docs / "udviklere.md").write_text(
        developers_page(tables, registry, releases), encoding="utf-8"
    )
    (docs / "english.md").write_text(english_page(tables, registry), encoding="utf-8")


def write_pngs(table_charts: dict[str, charts.Chart], *sites: Path) -> None:
    """Each chart's PNG into grafer/ of docs/ and of the built site: a helper draws them while
    MkDocs builds."""
    for name, chart in table_charts.items():
        if not chart.png_file:
            continue
        png = chart.png
        for site in sites:
            (site / "grafer" / name).parent.mkdir(exist_ok=True)
            (site / "grafer" / f"{name}.png").write_bytes(png)


def key_sentence(table: emit.Table) -> str | None:
    """The spec's key-figure sentence with its numbers filled in from the data, as a page prints
    them: 17.305; percentages with one decimal (whole on fewer than 20 cases); a no-break space
    before %."""
    key = table.spec.key_figure
    if not key:
        return None
    rows = [r for r in table.rows if all(r.get(k) == v for k, v in key["where"].items())]
    if len(rows) != 1:
        raise ValueError(
            f"{table.spec.name}: key_figure must match exactly one row, matched {len(rows)}"
        )
    row = rows[0]
    small = row.get("naevner") is not None and row["naevner"] < SMALL_DENOMINATOR

    def shown(field: str, value: object) -> str:
        if field == "aar":
            return str(value)
        if field in ("procent_beregnet", "ci95_nedre", "ci95_oevre") and value is not None:
            return danish_number(rounded(value, 0 if small else 1))
        return danish_number(value)

    return key["text"].format(**{k: shown(k, v) for k, v in row.items()}).replace(" %", "\u00a0%")


def table_page(
    table: emit.Table,
    chart: charts.Chart | None,
    registry: Registry,
    rows: Rows,
    changes: list[str],
    datapackage: Path,
    trends: dict[str, charts.Chart] | None = None,
) -> str:
    spec = table.spec
    params = spec.chart or {}
    shown, selection = page_rows(table, params.get("where"), params.get("exclude"))
    coded = {f for f in spec.fields if registry.fields[f].get("codelist") in registry.codelists}
    columns = page_columns(table, params.get("table"), coded)
    shown_rows = [rows.shown(r) for r in shown]
    columns, constant = constant_columns(columns, shown_rows, registry)
    data = html_table(columns, shown_rows, registry, f"{spec.title}: tallene")
    guide = table.guide.split("\n", 1)[1].split("\n" + CITE_HEADING)[
        0
    ]  # the page has its own H1 and citation
    warnings = [
        registry.warnings[w] for w in spec.usage_warnings if registry.warnings[w].get("paa_siden")
    ]
    intro = f"intro/{spec.name}.md"  # a table may have its own opening, written as a template
    lead = (
        templating.render(intro, rows=rows)
        if templating.exists(intro)
        else f'<p class="noegletal">{html.escape(key_sentence(table) or "")}</p>'
        if spec.key_figure
        else ""
    )
    return templating.render(
        "tabel.md",
        spec=spec,
        lead=lead,
        warnings=[{"title": w["title"], "text": " ".join(w["text"].split())} for w in warnings],
        figure=chart_figure(spec.name, chart, "../../") if chart else "",
        trends=[chart_figure(key, trend, "../../") for key, trend in (trends or {}).items()],
        selection=selection,
        constant=constant,
        data_table=data,
        downloads=downloads(spec.name, table.has_xlsx, datapackage / spec.name),
        guide=searchable_guide(guide.replace("\n## ", "\n### ")),
        citation=citation(table, registry),
        history=changes,
    )


REPEATED_SECTIONS = ("Felter", "Begreber", "Forbehold")  # the same texts on every table page


def searchable_guide(guide: str) -> str:
    """The guide with the sections that recur on every table page left out of the search index: the
    index, which every page loads, would carry each text a dozen times, and a search for a term
    should lead to its one definition on the general reading guide's page."""
    sections = guide.split("\n### ")
    for i, section in enumerate(sections[1:], start=1):
        heading, _, body = section.partition("\n")
        if heading in REPEATED_SECTIONS:
            sections[i] = f"{heading}\n\n<div data-search-exclude markdown>\n{body}\n</div>\n"
    return "\n### ".join(sections)


def chart_figure(name: str, chart: charts.Chart, root: str) -> str:
    """The chart drawn for a phone and for a wide screen (CSS shows the one that fits, at its own
    size), both left out of the search index; the caption says what it shows and offers the
    downloads."""
    alt_text = html.escape(chart.description, quote=True)

    def drawing(kind: str) -> str:
        svg = chart.svg(kind).replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
        return f'<div class="graf-svg graf-{kind}" role="img" aria-label="{alt_text}">{svg}</div>'

    note = f" {html.escape(chart.note)}" if chart.note else ""
    return (
        f'<figure class="graf" data-spec="{root}grafer/{name}.vl.json" data-search-exclude>\n'
        f"{drawing('narrow')}\n{drawing('wide')}\n"
        f"<figcaption>{html.escape(chart.description)}{note} "
        f'Hent grafen som <a href="{root}grafer/{name}.svg" download>SVG</a>'
        f"{png_link(name, chart, root)}. "
        f'<button type="button" class="vis-interaktiv">Vis interaktiv graf</button></figcaption>\n'
        "</figure>"
    )


def png_link(name: str, chart: charts.Chart, root: str) -> str:
    """The PNG link: to the build's file, or (a municipality's chart) drawn from the SVG by the
    reader's browser (assets/charts.js), shown only where that script runs."""
    if chart.png_file:
        return f' eller <a href="{root}grafer/{name}.png" download>PNG</a>'
    saved_as = html.escape(name.replace("/", "-"), quote=True) + ".png"
    return (
        f'<span class="png-i-browseren" hidden> eller <a href="{root}grafer/{name}.svg" '
        f'data-png="{saved_as}">PNG</a></span>'
    )


def downloads(name: str, xlsx: bool, folder: Path) -> list[dict]:
    """The table's files, Excel first for spreadsheet users, each with its size."""
    base = f"../../{DATA_DIR}/{name}"
    files = [
        *([("Excel", f"{name}.xlsx")] if xlsx else []),
        ("CSV", f"{name}.csv"),
        ("Parquet", f"{name}.parquet"),
        ("datapackage.json", "datapackage.json"),
    ]
    out = [
        {
            "label": label,
            "href": f"{base}/{file}",
            "size": file_size((folder / file).stat().st_size),
        }
        for label, file in files
    ]
    zipped = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    out.append(
        {
            "label": "Hele pakken som ZIP (med læsevejledning)",
            "href": f"{base}/{name}.zip",
            "size": "under " + file_size(zipped),
        }
    )
    return out


def citation(table: emit.Table, registry: Registry) -> dict[str, str | bool]:
    """How to cite the table, for the page's template: the text and link escaped for HTML."""
    return {
        "text": html.escape(cite.citation_text(registry, table.spec, table.publishers)),
        "link": html.escape(cite.permalink(registry, table.spec.name)),
        "released": cite.is_released(registry),
        "bibtex": cite.bibtex(registry, table.spec, table.publishers),
        "csl_json": cite.csl_json(registry, table.spec, table.publishers),
    }


# The themes readers come for, in the order they come for them; the rest (code lists, sources)
# is "Om data".
READER_THEMES = [
    "Udfald og omgørelsesprocent",
    "Danmarkskort og kommuner",
    "Årsager til omgørelse",
    "Sager og sagsbehandling",
    "Praksis",
]


def tables_index(tables: dict[str, emit.Table]) -> str:
    return templating.render("tabeller.md", themes=by_theme(tables), first=READER_THEMES)


def by_theme(tables: dict[str, emit.Table]) -> dict[str, list]:
    themes: dict[str, list] = {}
    for table in tables.values():
        themes.setdefault(table.spec.theme, []).append(table.spec)
    return dict(sorted(themes.items()))


def sources_page(tables: dict[str, emit.Table], documents: dict[str, Document]) -> str:
    """The source documents, each with the tables built on it."""
    used = {
        d.id: sorted(
            {t.spec.name for t in tables.values() for s in t.sources if d.title in s["title"]}
        )
        for d in documents.values()
    }
    return templating.render("kilder.md", documents=list(documents.values()), used=used)


def quality_page(report: dict, tables: dict[str, emit.Table]) -> str:
    """This build's checks, and the discrepancy register."""
    return templating.render(
        "datakvalitet.md", checks=report["kontroller"], register=tables["afvigelser"].rows
    )


def developers_page(
    tables: dict[str, emit.Table], registry: Registry, releases: list[Release]
) -> str:
    """How to fetch the data from code; every recipe here is run by the tests against a served
    site."""
    return templating.render(
        "udviklere.md",
        base=cite.base_url(registry),
        version=releases[-1].version if releases else "latest",
        sums=SUMS,
        xlsx_max_rows=emit.XLSX_MAX_ROWS,
        # each table's fields with their types, so the CSV recipes guess nothing
        field_types={
            n: [(f, registry.fields[f]["type"]) for f in t.spec.fields] for n, t in tables.items()
        },
    )


def english_page(tables: dict[str, emit.Table], registry: Registry) -> str:
    """The page in English: what the data are, how to fetch them, and the terms translated."""
    return templating.render(
        "english.md",
        glossary=registry.glossary,
        specs=[t.spec for t in tables.values()],
        xlsx_max_rows=emit.XLSX_MAX_ROWS,
    )
