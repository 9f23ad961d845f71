"""The site: Markdown pages generated from what the data build emitted, then `mkdocs build --strict`.

Generated pages go into docs/ beside the hand-written theme files (git ignores them); downloads are
copied from datapackage/ into the built site under data/latest/. Nothing on the site is typed twice:
every number comes from the emitted tables, every text from the specs and the registry.
"""

from __future__ import annotations

import datetime
import html
import json
import shutil
from decimal import Decimal
from pathlib import Path

from omgoerelse.core.checksums import SUMS, file_hash, file_hashes, sums_text
from omgoerelse.core.formats import danish_date, danish_int, danish_number, md_text
from omgoerelse.core.project import Project
from omgoerelse.declarations.registry import Registry
from omgoerelse.publish import cite, emit, metadata
from omgoerelse.publish.guide import CITE_HEADING
from omgoerelse.publish.releases import CHANGELOG, Release, add_zips
from omgoerelse.site import charts, history, render
from omgoerelse.site.performance import performance_page
from omgoerelse.sources.transcriptions import Document

GENERATED = [
    "index.md",
    "laesevejledning.md",
    "kilder.md",
    "datakvalitet.md",
    "norddjurs.md",
    "udviklere.md",
    "english.md",
    "versioner.md",
    "revisioner.md",
    "ydelse.md",
    "tabeller",
    "grafer",
    "assets/vendor",
]
DATA_DIR = "data/latest"


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
    """Every generated page, with each chart's SVG and spec; the PNGs follow in `write_pngs`."""
    docs = project.root / "docs"
    for name in GENERATED:
        target = docs / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    (docs / "tabeller").mkdir(parents=True)
    (docs / "grafer").mkdir()
    (docs / "assets/vendor").mkdir(parents=True)
    (docs / "assets/vendor/da-DK.json").write_text(
        json.dumps(render.format_locale()), encoding="utf-8"
    )
    drawn = max(d.data_drawn for d in documents.values() if d.data_drawn)
    logs = history.changelogs(releases)
    (docs / "versioner.md").write_text(
        history.versions_page(releases, logs, registry.dataset["version"]), encoding="utf-8"
    )
    (docs / "ydelse.md").write_text(
        performance_page(project.root / "benchmarks/results.json"), encoding="utf-8"
    )
    (docs / "revisioner.md").write_text(
        history.revisions_page(tables["revisioner"].rows, documents), encoding="utf-8"
    )
    for name, table in tables.items():
        chart = table_charts.get(name)
        if chart:
            (docs / "grafer" / f"{name}.svg").write_text(chart.svg, encoding="utf-8")
            (docs / "grafer" / f"{name}.vl.json").write_text(
                json.dumps(chart.spec, ensure_ascii=False), encoding="utf-8"
            )
        released = next((r for r in releases if r.version == registry.dataset["version"]), None)
        about = metadata.schema_org(
            name, table.spec.title, table.spec.description, registry, released, table.sources
        )
        page = table_page(table, chart, registry, history.table_history(name, releases, logs))
        (docs / "tabeller" / f"{name}.md").write_text(
            page + "\n" + metadata.json_ld_script(about) + "\n", encoding="utf-8"
        )
    (docs / "tabeller" / "index.md").write_text(tables_index(tables), encoding="utf-8")
    (docs / "index.md").write_text(home_page(tables, registry, drawn), encoding="utf-8")
    (docs / "laesevejledning.md").write_text(general_guide, encoding="utf-8")
    (docs / "kilder.md").write_text(sources_page(tables, documents), encoding="utf-8")
    (docs / "datakvalitet.md").write_text(quality_page(report, tables), encoding="utf-8")
    (docs / "norddjurs.md").write_text(
        norddjurs_page(tables["danmarkskort"], registry), encoding="utf-8"
    )
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
    """The spec's key-figure sentence with its numbers filled in from the data, Danish style."""
    key = table.spec.key_figure
    if not key:
        return None
    rows = [r for r in table.rows if all(r.get(k) == v for k, v in key["where"].items())]
    if len(rows) != 1:
        raise ValueError(
            f"{table.spec.name}: key_figure must match exactly one row, matched {len(rows)}"
        )
    return key["text"].format(
        **{k: v if k == "aar" else danish_number(v) for k, v in rows[0].items()}
    )


def table_page(
    table: emit.Table, chart: charts.Chart | None, registry: Registry, changes: list[str]
) -> str:
    spec = table.spec
    out = [f"# {spec.title}", ""]
    sentence = key_sentence(table)
    if sentence:
        out += [f'<p class="noegletal">{html.escape(sentence)}</p>', ""]
    if chart:
        out += [
            chart_figure(spec.name, chart),
            "",
            "## Tallene i grafen",
            "",
            data_table(chart, registry),
            "",
        ]
    out += ["## Download", "", downloads(spec.name, table.has_xlsx), ""]
    guide = table.guide.split("\n", 1)[1].split("\n" + CITE_HEADING)[
        0
    ]  # the page has its own H1 and Citér
    out += ["## Læsevejledning", "", searchable_guide(guide.replace("\n## ", "\n### ")), ""]
    out += [
        "## Citér",
        "",
        "<div data-search-exclude markdown>",
        "",
        citation_block(table, registry),
        "",
        "</div>",
        "",
    ]
    out += [
        "## Historik",
        "",
        *changes,
        "",
        "Alle versioner og deres ændringer: [Versioner](../versioner.md).",
        "",
    ]
    return "\n".join(out)


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


def chart_figure(name: str, chart: charts.Chart) -> str:
    alt_text = html.escape(chart.description, quote=True)
    svg = chart.svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    return (
        f'<figure class="graf" data-spec="../../grafer/{name}.vl.json">\n'
        f'<div class="graf-svg" role="img" aria-label="{alt_text}">{svg}</div>\n'
        f"<figcaption>{html.escape(chart.description)} "
        f'Hent grafen som <a href="../../grafer/{name}.svg" download>SVG</a> eller '
        f'<a href="../../grafer/{name}.png" download>PNG</a>. '
        f'<button type="button" class="vis-interaktiv">Vis interaktiv graf</button></figcaption>\n'
        "</figure>"
    )


def data_table(chart: charts.Chart, registry: Registry) -> str:
    """An accessible HTML table of exactly the rows the chart shows."""

    def title(column: str) -> str:
        base = column.removesuffix("_navn")
        return registry.fields[base]["title"] if base in registry.fields else column

    head = "".join(f'<th scope="col">{html.escape(title(c))}</th>' for c in chart.columns)

    def cell(column: str, value: object) -> str:
        if (
            isinstance(value, (int, float, Decimal))
            and not isinstance(value, bool)
            and not charts.is_year(registry, column)
        ):
            return f'<td class="tal">{danish_number(value)}</td>'
        if isinstance(value, datetime.date):
            return f"<td>{danish_date(value)}</td>"
        return f"<td>{html.escape('' if value is None else str(value))}</td>"

    body = [
        "<tr>" + "".join(cell(c, row.get(c)) for c in chart.columns) + "</tr>" for row in chart.rows
    ]
    # A wide table scrolls; the scrolling box is a named region keyboard users can focus (WCAG 2.1.1).
    return (
        f'<div class="datatabel" role="region" aria-label="Tallene bag grafen" tabindex="0" data-search-exclude><table>\n<caption>Tallene bag grafen</caption>\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n" + "\n".join(body) + "\n</tbody></table></div>"
    )


def downloads(name: str, xlsx: bool) -> str:
    base = f"../../{DATA_DIR}/{name}"
    links = [
        ("CSV", f"{name}.csv"),
        ("Parquet", f"{name}.parquet"),
        *([("Excel", f"{name}.xlsx")] if xlsx else []),
        ("datapackage.json", "datapackage.json"),
        ("Hele pakken som ZIP (med læsevejledning)", f"{name}.zip"),
    ]
    return "\n".join(f'- <a href="{base}/{file}" download>{label}</a>' for label, file in links)


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


def tables_index(tables: dict[str, emit.Table]) -> str:
    out = ["# Tabeller", ""]
    for theme, specs in by_theme(tables).items():
        out += [f"## {theme}", ""] + [f"- [{s.title}]({s.name}.md)" for s in specs] + [""]
    return "\n".join(out)


def by_theme(tables: dict[str, emit.Table]) -> dict[str, list]:
    themes: dict[str, list] = {}
    for table in tables.values():
        themes.setdefault(table.spec.theme, []).append(table.spec)
    return dict(sorted(themes.items()))


def home_page(tables: dict[str, emit.Table], registry: Registry, drawn) -> str:
    ds = registry.dataset
    out = [
        f"# {ds['title']}",
        "",
        " ".join(ds["description"].split()),
        "",
        "Til borgere, handicaporganisationer og handicapråd, der vil citere et tal, og til udviklere, der "
        "vil hente data fra kode.",
        "",
        "## Nøgletal",
        "",
    ]
    out += [
        f"- {md_text(key_sentence(t))} ([{t.spec.title}](tabeller/{t.spec.name}.md))"
        for t in tables.values()
        if t.spec.key_figure
    ]
    out += ["", "## Tabellerne efter tema", ""]
    for theme, specs in by_theme(tables).items():
        out += [f"### {theme}", ""] + [f"- [{s.title}](tabeller/{s.name}.md)" for s in specs] + [""]
    out += [
        f"Version {ds['version']} af {danish_date(ds['version_date'])} ([alle versioner](versioner.md)). "
        f"Seneste udtræk af data: {danish_date(drawn)}.",
        "",
    ]
    return "\n".join(out)


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
            f"- Udgivet: {md_text(d.published)}",
            f"- Data trukket: {danish_date(d.data_drawn)}",
            *([f"- Læst: {danish_date(d.accessed)}"] if d.accessed else []),
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
        "stopper bygget, medmindre afvigelsen står i afvigelsesregistret med en forklaring.",
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


def norddjurs_page(table: emit.Table, registry: Registry) -> str:
    rows = [r for r in table.rows if r["kommune"] == "707" and r["udfald"] == "omgjort"]
    national = {
        (r["kort"], r["aar"]): r
        for r in table.rows
        if r["kommune"] == "hele_landet" and r["udfald"] == "omgjort" and r["nyeste"]
    }
    kort = {c.kode: c.navn for c in registry.codelists["kort"].codes.values()}
    out = [
        "# Norddjurs Kommune",
        "",
        "Norddjurs Kommunes omgørelsesprocenter på to af danmarkskortene, ved siden af "
        "landstallene, som kommunen selv gengav dem. Intervallet viser, hvor usikker procenten er, når den bygger "
        "på få sager.",
        "",
        "| Kort | År | Sager | Omgørelsesprocent | 95 %-interval | Hele landet |",
        "|---|---|---:|---:|---|---:|",
    ]
    for r in sorted(rows, key=lambda r: (r["kort"], r["aar"])):
        n = national.get((r["kort"], r["aar"]))
        interval = (
            f"{danish_number(r['ci95_nedre'])}-{danish_number(r['ci95_oevre'])} %"
            if r["ci95_nedre"] is not None
            else ""
        )
        out.append(
            f"| {kort[r['kort']]} | {r['aar']} | {danish_number(r['naevner'])} | {danish_number(r['procent_beregnet'])} % | "
            f"{interval} | {danish_number(n['procent_trykt']) + ' %' if n else ''} |"
        )
    out += (
        ["", "## Hvad tallene siger, og hvad de ikke siger", ""]
        + norddjurs_caveats(table.rows, kort)
        + [
            "",
            "Se hele tabellen: [Danmarkskort over omgørelsesprocenter](tabeller/danmarkskort.md).",
            "",
        ]
    )
    return "\n".join(out)


def norddjurs_caveats(rows: list[dict], kort: dict[str, str]) -> list[str]:
    """The caveats, with their numbers computed from the municipality's rows."""
    mine = [r for r in rows if r["kommune"] == "707"]
    out = []
    for code in sorted({r["kort"] for r in mine if r["lille_naevner"]}):
        small = sorted(
            {(r["aar"], r["naevner"]) for r in mine if r["kort"] == code and r["lille_naevner"]}
        )
        n = min(x[1] for x in small)
        out.append(
            f"- På kortet {kort[code].lower()} bygger procenten på {' og '.join(f'{danish_int(k)} sager i {y}' for y, k in small)}. "
            f"Én sag flytter da procenten med {danish_number(round(Decimal(100) / n, 1))} procentpoint, og intervallet er "
            "bredt: en forskel til landstallet kan være tilfældig."
        )
    out += [
        "- Tallene handler kun om de afgørelser, borgerne klagede over, og intet om dem, ingen klagede over.",
        "- En hjemvist sag kan ende med samme resultat, når kommunen har behandlet den igen.",
    ]
    for r in mine:
        if (
            r["udfald"] == "omgjort"
            and r["antal_sager"] is None
            and r["procent_beregnet"] is not None
        ):
            parts = {
                p["udfald"]: p["antal_sager"]
                for p in mine
                if (p["kort"], p["aar"]) == (r["kort"], r["aar"])
            }
            out.append(
                f"- Antallet af omgjorte sager ({kort[r['kort']].lower()}, {r['aar']}) står ikke i kilden; procenten "
                f"her er beregnet af {danish_int(parts['aendret_ophaevet'])} ændret/ophævet og "
                f"{danish_int(parts['hjemvist'])} hjemvist af {danish_int(r['naevner'])} sager."
            )
    return out


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
            "Fra skallen: `omgoerelse download " + name + f" --version {version}`.",
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
            "## Ydelse",
            "",
            "Hvor hurtigt bygget, sitet og klienten er, målt af `omgoerelse benchmark`: se [Ydelse](ydelse.md).",
            "",
            "## Felterne",
            "",
            "Felternes navne er danske ord skrevet med ASCII (`aar`, `omgoerelsesprocent`). "
            "[In English](english.md) har en ordliste.",
            "",
        ]
    )


def english_page(tables: dict[str, emit.Table], registry: Registry) -> str:
    out = [
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
