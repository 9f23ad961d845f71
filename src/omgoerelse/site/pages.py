"""The site: Markdown pages generated from what the data build emitted, then `mkdocs build --strict`.

Generated pages go into docs/ beside the hand-written theme files (git ignores them); downloads are
copied from datapackage/ into the built site under data/latest/. Nothing on the site is typed twice:
every number comes from the emitted tables, every text from the specs and the registry.
"""

from __future__ import annotations

import html
import json
import shutil
from decimal import Decimal
from pathlib import Path

from omgoerelse.core.checksums import SUMS, file_hash, file_hashes, sums_text
from omgoerelse.core.formats import (
    danish_date,
    danish_int,
    danish_number,
    md_text,
    published_text,
    rounded,
)
from omgoerelse.core.project import Project
from omgoerelse.declarations.registry import Registry, slug
from omgoerelse.publish import cite, emit, metadata
from omgoerelse.publish.guide import CITE_HEADING
from omgoerelse.publish.releases import CHANGELOG, Release, add_zips
from omgoerelse.site import charts, history, render, templating
from omgoerelse.site.datatables import constant_columns, html_table, page_columns, page_rows
from omgoerelse.site.display import Rows
from omgoerelse.site.performance import performance_page
from omgoerelse.sources.transcriptions import Document

GENERATED = [
    "index.md",
    "laesevejledning.md",
    "begreber.md",
    "kilder.md",
    "datakvalitet.md",
    "udviklere.md",
    "english.md",
    "versioner.md",
    "revisioner.md",
    "hastighed.md",
    "tabeller",
    "kommuner",
    "grafer",
    "assets/vendor",
]
DATA_DIR = "data/latest"
HOME_CHART = "sager_efter_udfald"  # the small chart on the front page


def write_pages(
    project: Project,
    tables: dict[str, emit.Table],
    table_charts: dict[str, charts.Chart],
    registry: Registry,
    documents: dict[str, Document],
    report: dict,
    general_guide: str,
    releases: list[Release],
) -> None:
    """Every generated page, with each chart's drawings and spec; the PNGs follow in `write_pngs`."""
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
    (docs / "hastighed.md").write_text(
        performance_page(project.root / "benchmarks/results.json"), encoding="utf-8"
    )
    (docs / "revisioner.md").write_text(
        history.revisions_page(tables["revisioner"].rows, documents), encoding="utf-8"
    )
    for name, table in tables.items():
        chart = table_charts.get(name)
        if chart:
            (docs / "grafer" / f"{name}.svg").write_text(chart.svg("download"), encoding="utf-8")
            (docs / "grafer" / f"{name}.vl.json").write_text(
                json.dumps(chart.spec, ensure_ascii=False), encoding="utf-8"
            )
        released = next((r for r in releases if r.version == registry.dataset["version"]), None)
        about = metadata.schema_org(
            name, table.spec.title, table.spec.description, registry, released, table.sources
        )
        trend = table_charts.get(name + charts.TREND_SUFFIX)
        for key, drawn_chart in ((name, chart), (name + charts.TREND_SUFFIX, trend)):
            if drawn_chart and drawn_chart is not chart:
                (docs / "grafer" / f"{key}.svg").write_text(
                    drawn_chart.svg("download"), encoding="utf-8"
                )
                (docs / "grafer" / f"{key}.vl.json").write_text(
                    json.dumps(drawn_chart.spec, ensure_ascii=False), encoding="utf-8"
                )
        page = table_page(
            table,
            chart,
            registry,
            rows,
            history.table_history(name, releases, logs),
            project.datapackage,
            trend,
        )
        (docs / "tabeller" / f"{name}.md").write_text(
            page + "\n" + metadata.json_ld_script(about) + "\n", encoding="utf-8"
        )
    (docs / "tabeller" / "index.md").write_text(tables_index(tables), encoding="utf-8")
    home_chart = table_charts.get(HOME_CHART)
    (docs / "index.md").write_text(
        templating.render(
            "forside.md",
            rows=rows,
            site=registry.dataset,
            drawn=drawn,
            figure=chart_figure(HOME_CHART, home_chart, "") if home_chart else "",
        ),
        encoding="utf-8",
    )
    write_municipality_pages(docs / "kommuner", tables["danmarkskort"], rows, registry)
    (docs / "laesevejledning.md").write_text(general_guide, encoding="utf-8")
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
    """Each chart's PNG into grafer/ of docs/ and of the built site: a helper draws them while MkDocs builds."""
    for name, chart in table_charts.items():
        png = chart.png
        for site in sites:
            (site / "grafer" / f"{name}.png").write_bytes(png)


def key_sentence(table: emit.Table) -> str | None:
    """The spec's key-figure sentence with its numbers filled in from the data, as a page prints them:
    17.305; percentages with one decimal (whole on fewer than 20 cases); a no-break space before %."""
    key = table.spec.key_figure
    if not key:
        return None
    rows = [r for r in table.rows if all(r.get(k) == v for k, v in key["where"].items())]
    if len(rows) != 1:
        raise ValueError(
            f"{table.spec.name}: key_figure must match exactly one row, matched {len(rows)}"
        )
    row = rows[0]
    small = row.get("naevner") is not None and row["naevner"] < 20

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
    trend: charts.Chart | None = None,
) -> str:
    spec = table.spec
    params = spec.chart or {}
    shown, table_note = page_rows(table, params.get("where"), params.get("exclude"))
    coded = {f for f in spec.fields if registry.fields[f].get("codelist") in registry.codelists}
    columns = page_columns(table, params.get("table"), coded)
    shown_rows = [rows.shown(r) for r in shown]
    columns, constant = constant_columns(columns, shown_rows, registry)
    table_note = " ".join(x for x in (table_note, constant) if x)
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
        trend=chart_figure(spec.name + charts.TREND_SUFFIX, trend, "../../") if trend else "",
        table_note=table_note,
        data_table=data,
        downloads=downloads(spec.name, table.has_xlsx, datapackage / spec.name),
        guide=searchable_guide(guide.replace("\n## ", "\n### ")),
        citation=citation_block(table, registry),
        history=changes,
    )


REPEATED_SECTIONS = ("Felter", "Begreber", "Forbehold")  # the same texts on every table page


def searchable_guide(guide: str) -> str:
    """The guide with the sections that recur on every table page left out of the search index: the
    index, which every page loads, would carry each text a dozen times, and a search for a term should
    lead to its one definition on the general reading guide's page."""
    sections = guide.split("\n### ")
    for i, section in enumerate(sections[1:], start=1):
        heading, _, body = section.partition("\n")
        if heading in REPEATED_SECTIONS:
            sections[i] = f"{heading}\n\n<div data-search-exclude markdown>\n{body}\n</div>\n"
    return "\n### ".join(sections)


def chart_figure(name: str, chart: charts.Chart, root: str) -> str:
    """The chart drawn for a phone and for a wide screen (CSS shows the one that fits, at its own size),
    both left out of the search index; the caption says what it shows and offers the downloads."""
    alt_text = html.escape(chart.description, quote=True)

    def drawing(kind: str) -> str:
        svg = chart.svg(kind).replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
        return f'<div class="graf-svg graf-{kind}" role="img" aria-label="{alt_text}">{svg}</div>'

    note = f" {html.escape(chart.note)}" if chart.note else ""
    return (
        f'<figure class="graf" data-spec="{root}grafer/{name}.vl.json" data-search-exclude>\n'
        f"{drawing('narrow')}\n{drawing('wide')}\n"
        f"<figcaption>{html.escape(chart.description)}{note} "
        f'Hent grafen som <a href="{root}grafer/{name}.svg" download>SVG</a> eller '
        f'<a href="{root}grafer/{name}.png" download>PNG</a>. '
        f'<button type="button" class="vis-interaktiv">Vis interaktiv graf</button></figcaption>\n'
        "</figure>"
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


def file_size(size: int) -> str:
    """A file's size as a reader reads it: 12 kB, 1,4 MB."""
    if size < 1000:
        return f"{size} byte"
    if size < 1_000_000:
        return f"{danish_number(rounded(size / 1000, 0))} kB"
    return f"{danish_number(rounded(size / 1_000_000, 1))} MB"


def citation_block(table: emit.Table, registry: Registry) -> str:
    link = cite.permalink(registry, table.spec.name)
    return "\n".join(
        [
            f"> {html.escape(cite.citation_text(registry, table.spec))}",
            "",
            f'Permanent link til netop denne version: <a href="{html.escape(link)}">{html.escape(link)}</a>',
            "",
            "BibTeX:",
            "",
            "```bibtex",
            cite.bibtex(registry, table.spec),
            "```",
            "",
            "CSL-JSON (Zotero, Pandoc):",
            "",
            "```json",
            cite.csl_json(registry, table.spec),
            "```",
        ]
    )


# The themes readers come for, in the order they come for them; the rest (code lists, sources) is "Om data".
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
    out = [
        "# Kilder",
        "",
        "De dokumenter, tallene er afskrevet fra, og de tabeller, der bygger på dem.",
        "",
    ]
    for d in documents.values():
        used = sorted(
            {t.spec.name for t in tables.values() for s in t.sources if d.title in s["title"]}
        )
        out += [
            f"## {md_text(d.title)}",
            "",
            f"- Udgiver: {md_text(d.publisher)}",
            f"- Udgivet: {published_text(d.published)}",
            f"- Data trukket: {danish_date(d.data_drawn)}",
            f"- Id: `{d.id}`",
        ]
        out += ["- Bruges i: " + ", ".join(f"[{n}](tabeller/{n}.md)" for n in used)] if used else []
        out.append("")
    return "\n".join(out)


def quality_page(report: dict, tables: dict[str, emit.Table]) -> str:
    out = [
        "# Datakvalitet",
        "",
        "Hver gang data bygges, kører disse kontroller. Et tal, der ikke består, "
        "stopper programmet, før noget bliver udgivet, medmindre afvigelsen står i afvigelsesregistret med en forklaring.",
        "",
        "| Tabel | Kontrol | Sammenligninger | Fejl | Accepterede afvigelser |",
        "|---|---|---:|---:|---:|",
    ]
    for c in report["checks"]:
        out.append(
            f"| [{c['tabel']}](tabeller/{c['tabel']}.md) | {c['beskrivelse']} | {danish_int(c['sammenligninger'])} | "
            f"{c['fejl']} | {len(c['accepterede_afvigelser'])} |"
        )
    register = tables["afvigelser"].rows
    out += ["", "## Afvigelsesregister", ""]
    out += [
        f"- {md_text(r['kilde_tabel'])}, {md_text(r['kilde_raekke'])}: {md_text(r['forklaring'])}"
        for r in register
    ] or ["Ingen afvigelser er registreret: alle kontroller består."]
    return "\n".join(out) + "\n"


def write_municipality_pages(
    folder: Path, maps: emit.Table, rows: Rows, registry: Registry
) -> None:
    """A page for every municipality with its own figures in the map table, at kommuner/<code>-<name>/,
    and the list of them."""
    # the name the municipality's own paper prints ("Norddjurs Kommune"), else the register's
    names = {
        c.kode: (c.trykt[0] if c.trykt else c.navn)
        for c in registry.codelists["kommune"].codes.values()
    }
    codes = sorted({r["kommune"] for r in maps.rows if r["kommune"] != NATIONAL})
    listed = []
    for code in codes:
        name = names.get(code, code)
        path = f"{code}-{slug(name.removesuffix(' Kommune'))}.md"
        listed.append({"name": name, "path": path})
        (folder / path).write_text(municipality_page(code, name, rows, registry), encoding="utf-8")
    (folder / "index.md").write_text(
        templating.render("kommuner.md", municipalities=listed), encoding="utf-8"
    )


NATIONAL = "hele_landet"


def municipality_page(code: str, name: str, rows: Rows, registry: Registry) -> str:
    """One municipality's rates on each map, year by year, beside the country's newest figure."""
    own = [
        r for r in rows.rows("danmarkskort", kommune=code, udfald="omgjort") if r.raw.get("naevner")
    ]
    maps = []
    for kort in sorted({r.raw["kort"] for r in own}):
        years = []
        for r in sorted((r for r in own if r.raw["kort"] == kort), key=lambda r: r.raw["aar"]):
            national = rows.rows(
                "danmarkskort",
                kommune=NATIONAL,
                kort=kort,
                aar=r.raw["aar"],
                udfald="omgjort",
                nyeste=True,
            )
            points = danish_number(rounded(Decimal(100) / r.raw["naevner"], 0))
            years.append(
                {"own": r, "national": national[0] if national else None, "points": points}
            )
        last_two = [y["own"].raw for y in years[-2:]]
        overlap = (
            len(last_two) == 2
            and all(x.get("ci95_nedre") is not None for x in last_two)
            and (
                last_two[0]["ci95_nedre"] <= last_two[1]["ci95_oevre"]
                and last_two[1]["ci95_nedre"] <= last_two[0]["ci95_oevre"]
            )
        )
        law_change = kort == "boernehandicap" and {y["own"].raw["aar"] for y in years} >= {
            2023,
            2024,
        }
        maps.append(
            {
                "name": years[0]["own"].navn("kort"),
                "years": years,
                "overlap": overlap,
                "law_change": law_change,
            }
        )
    notes = [
        f"Antallet af omgjorte sager på kortet {y['own'].navn('kort').lower()} i {y['own'].aar} står ikke i kilden; "
        "det er regnet ud som summen af de ændrede/ophævede og de hjemviste sager, kilden nævner."
        for m in maps
        for y in m["years"]
        if y["own"].raw.get("antal_sager") is None
    ]
    citation = (
        "Ankestyrelsen, danmarkskort over omgørelsesprocenter, gengivet i kommunens sagsfremstilling; "
        f"{registry.dataset['title']}, version {registry.dataset['version']}."
    )
    return templating.render("kommune.md", name=name, maps=maps, notes=notes, citation=citation)


def developers_page(
    tables: dict[str, emit.Table], registry: Registry, releases: list[Release]
) -> str:
    """How to fetch the data from code; every recipe here is run by the tests against a served site."""
    name = "sager_efter_udfald"
    base = cite.base_url(registry)
    version = releases[-1].version if releases else "latest"
    folder = f"{base}data/{version}/{name}/"
    return "\n".join(
        [
            "# For udviklere",
            "",
            "Hver tabel er en Frictionless-datapakke: CSV, Parquet, `datapackage.json`, læsevejledning og, for tabeller op til "
            f"{danish_int(emit.XLSX_MAX_ROWS)} rækker, en Excel-fil. "
            "Alt ligger som statiske filer, så Parquet-filerne kan læses direkte over HTTP af DuckDB, Spark eller "
            "BigQuery uden nogen server fra os.",
            "",
            "## Adresser",
            "",
            "En udgivet version ændres aldrig; peg på den, når resultatet skal kunne gentages. `latest` er altid den "
            "nyeste. Se [Versioner](versioner.md) for reglen og ændringerne.",
            "",
            "```text",
            f"{base}data/<version>/<tabel>/<tabel>.csv        (.parquet, .xlsx, datapackage.json, <tabel>.zip)",
            f"{base}data/<version>/{SUMS}",
            f"{base}data/latest/<tabel>/<tabel>.parquet",
            f"{base}data/versions.json                    (alle versioner med dato og note)",
            f"{base}data/dcat.jsonld                      (DCAT-AP-DK-katalog til dataportalerne)",
            "```",
            "",
            f"Eksemplerne bruger tabellen `{name}` i version {version}. Hvert eksempel køres af projektets tests mod "
            "sitet, så de virker, som de står.",
            "",
            "## Python: projektets klient",
            "",
            "Klienten henter filerne, tjekker hver fils sha256 mod versionens `SHA256SUMS`, gemmer dem lokalt og "
            "virker offline fra sin cache.",
            "",
            "```python",
            "from omgoerelse.client import load",
            "",
            f'df = load("{name}", version="{version}")  # eller version="latest"',
            "print(len(df))",
            "```",
            "",
            "Fra kommandolinjen: `omgoerelse download " + name + f" --version {version}`.",
            "",
            "## pandas",
            "",
            "```python",
            "import pandas as pd",
            "",
            f'df = pd.read_parquet("{folder}{name}.parquet")',
            "print(len(df))",
            "```",
            "",
            "## Frictionless",
            "",
            "```python",
            "from frictionless import Package",
            "",
            f'package = Package("{folder}datapackage.json")',
            f'rows = package.get_resource("{name}").read_rows()',
            "print(len(rows))",
            "```",
            "",
            "```sh",
            f"frictionless validate {folder}datapackage.json",
            "```",
            "",
            "## DuckDB",
            "",
            "Parquet direkte over HTTP (udvidelsen `httpfs`):",
            "",
            "```sql",
            "INSTALL httpfs;",
            "LOAD httpfs;",
            f"SELECT count(*) AS raekker FROM read_parquet('{folder}{name}.parquet');",
            "```",
            "",
            "## R",
            "",
            "```r",
            "library(readr)",
            "",
            f'df <- read_csv("{folder}{name}.csv", show_col_types = FALSE)',
            "nrow(df)",
            "```",
            "",
            "## curl",
            "",
            "Hent en fil og tjek den mod versionens `SHA256SUMS`:",
            "",
            "```sh",
            f"curl -fsS --create-dirs -o {name}/{name}.csv {folder}{name}.csv",
            f"curl -fsS {base}data/{version}/{SUMS} | grep ' {name}/{name}.csv$' | sha256sum -c",
            "```",
            "",
            "## Hastighed",
            "",
            "Hvor hurtigt tallene dannes, og hvor hurtigt sitet og klienten svarer, målt af `omgoerelse benchmark`: se [Hastighed](hastighed.md).",
            "",
            "## Felterne",
            "",
            "Felternes navne er danske ord skrevet med ASCII (`aar`, `omgoerelsesprocent`). "
            "[In English](english.md) har en ordliste.",
            "",
        ]
    )


ENGLISH = "english"  # the one page in English: marked lang="en" and ranked last by the search


def english_page(tables: dict[str, emit.Table], registry: Registry) -> str:
    out = [
        "---",
        "search:",
        "  boost: 0.1",
        "---",
        "",
        "# In English",
        "",
        "This site publishes Ankestyrelsen's statistics on how often Danish municipalities' decisions in "
        "social and employment cases are reversed when citizens appeal (the *omgørelsesprocent*). The "
        "figures are transcribed from the printed reports, checked (parts add up to totals, printed "
        "percentages agree with the counts), and published as Frictionless data packages (CSV, Parquet "
        f"and Excel up to {emit.XLSX_MAX_ROWS:,} rows) with a Danish reading guide per table.",
        "",
        "Identifiers are Danish words in ASCII (`aar` = year, `antal_sager` = number of cases), because "
        "the legal terms have no exact English equivalents. Every row names the document, printed table, "
        "row and column it comes from, and the date the data were drawn; a figure published twice with "
        "different values is kept twice, and `nyeste` marks the newest version (per table, one row per "
        "figure; the precedence is in the reading guide). Computed shares come with a 95 % "
        "Wilson interval; where a source prints a rate without its counts, no interval is given.",
        "",
        "## Versions and fetching the data",
        "",
        "Every release freezes all files: `data/<version>/<table>/<table>.csv` (also `.parquet`, `.xlsx` up to the Excel limit, "
        "`datapackage.json` and a zip) never changes, and `data/<version>/SHA256SUMS` lists the sha256 of each "
        "file. `data/latest/` is the newest, `data/versions.json` lists every version, and `data/dcat.jsonld` is a "
        "DCAT-AP catalogue. The version is semantic: major when a field, code or row disappears, minor when "
        "something is added, patch for corrected values. The Python package has a client, "
        "`omgoerelse.client.load(table, version)`, that checks every file against its sha256 and caches it; "
        "recipes for pandas, DuckDB, R and curl are on [For udviklere](udviklere.md) (in Danish, code in English).",
        "",
        "## Terms",
        "",
        "| Danish | English | Meaning (Danish) |",
        "|---|---|---|",
    ]
    out += [
        f"| {g['term']} | {g['en']} | {' '.join(g['text'].split())} |"
        for g in registry.glossary.values()
    ]
    out += ["", "## Tables", ""] + [f"- `{t.spec.name}`: {t.spec.title}" for t in tables.values()]
    out += ["", "Licence: data CC BY 4.0 (credit Ankestyrelsen); code MIT.", ""]
    return "\n".join(out)


def mark_english(site: Path) -> None:
    """The English page's <html lang>: Material writes the site's language on every page."""
    page = site / ENGLISH / "index.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace('<html lang="da"', '<html lang="en"', 1), encoding="utf-8")


def copy_downloads(
    datapackage: Path, site: Path, releases: list[Release], registry: Registry
) -> None:
    """data/latest/ from the build, data/<version>/ from each frozen release, data/versions.json and the
    DCAT catalogue of them all."""
    latest = site / DATA_DIR
    shutil.copytree(datapackage, latest)
    add_zips(latest)
    (latest / SUMS).write_text(sums_text(file_hashes(latest)), encoding="utf-8")
    for release in releases:
        shutil.copytree(release.folder, site / "data" / release.version)
    (site / "data" / "versions.json").write_bytes(emit.json_bytes(versions_catalogue(releases)))
    (site / "data" / "dcat.jsonld").write_bytes(
        emit.json_bytes(metadata.dcat_catalogue(site / "data", registry, releases))
    )
    # Every other file offered for download (charts, catalogues) gets its sha256 in one list at the root.
    others = (
        {f"grafer/{k}": v for k, v in file_hashes(site / "grafer").items()}
        if (site / "grafer").exists()
        else {}
    )
    others |= {f"data/{n}": file_hash(site / "data" / n) for n in ("versions.json", "dcat.jsonld")}
    (site / SUMS).write_text(sums_text(others), encoding="utf-8")


def versions_catalogue(releases: list[Release]) -> dict:
    """Every released version with its date, note and where its files are (relative to data/)."""
    return {
        "latest": "latest/",
        "versions": [
            {
                "version": r.version,
                "date": r.date.isoformat(),
                "note": r.note,
                "path": f"{r.version}/",
                "sha256sums": f"{r.version}/{SUMS}",
                "changelog": f"{r.version}/{CHANGELOG}",
            }
            for r in reversed(releases)
        ],
    }
