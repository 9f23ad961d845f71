"""The reading guide (LAESEVEJLEDNING.md) of a table, generated from its spec and the glossary.

Every guide has the same sections, in Danish: what the table shows, its fields, the terms, what it
does not show, caveats, notes, sources and how to cite it.
"""

from __future__ import annotations

from omgoerelse.core.formats import danish_date, danish_int, md_text
from omgoerelse.declarations.registry import Registry
from omgoerelse.declarations.specs import TableSpec
from omgoerelse.publish.cite import citation_text
from omgoerelse.publish.emit import XLSX_MAX_ROWS, has_xlsx
from omgoerelse.sources.transcriptions import Document, SourceTable

CITE_HEADING = "## Sådan citerer du"


def reading_guide(
    spec: TableSpec,
    n_rows: int,
    registry: Registry,
    tables: dict[str, SourceTable],
    documents: dict[str, Document],
) -> str:
    ds = registry.dataset
    out = [f"# Læsevejledning: {spec.title}", "", spec.description.strip(), ""]
    out += [
        "## Hvad tabellen viser",
        "",
        f"- **Population:** {spec.population.strip()}",
        f"- **Periode:** {spec.period.strip()}",
        f"- **Enhed:** {spec.unit.strip()}",
        f"- **Rækker:** {danish_int(n_rows)}",
        *(
            []
            if has_xlsx(n_rows)
            else [
                "- **Excel:** ingen Excel-kopi, fordi tabellen har over "
                f"{danish_int(XLSX_MAX_ROWS)} rækker; brug CSV- eller Parquet-filen."
            ]
        ),
        f"- **Nøgle:** {', '.join(f'`{k}`' for k in spec.primary_key)} (en række pr. kombination)",
        "",
    ]
    out += ["## Felter", "", "| Felt | Titel | Beskrivelse |", "|---|---|---|"]
    for f in spec.fields:
        d = registry.fields[f]
        unit = f" Enhed: {d['unit']}." if d.get("unit") else ""
        out.append(f"| `{f}` | {d['title']} | {_one_line(d['description'])}{unit} |")
    out.append("")
    out += ["## Begreber", ""]
    out += [
        f"- **{registry.glossary[t]['term']}:** {_one_line(registry.glossary[t]['text'])}"
        for t in spec.terms
    ] or ["Tabellen bruger ingen særlige fagbegreber."]
    out += ["", "## Hvad tabellen ikke viser", ""]
    out += [f"- {_one_line(s)}" for s in spec.not_shown]
    out += ["", "## Forbehold", ""]
    out += [
        f"- **{registry.warnings[w]['title']}** (`{w}`): {_one_line(registry.warnings[w]['text'])}"
        for w in spec.usage_warnings
    ] or ["Ingen særlige forbehold."]
    if spec.notes:
        out += ["", "## Noter", ""] + [f"- {_one_line(n)}" for n in spec.notes]
    out += ["", "## Kilde", ""]
    out += _source_lines(spec, tables, documents)
    out += [
        "",
        CITE_HEADING,
        "",
        f"> {citation_text(registry, spec)}",
        "",
        _one_line(ds["credit"]),
        "",
    ]
    return "\n".join(out)


def _source_lines(
    spec: TableSpec, tables: dict[str, SourceTable], documents: dict[str, Document]
) -> list[str]:
    if spec.kind == "codelist":
        return [
            "Kodelisten er projektets egen harmonisering af de navne, kilderne trykker; "
            "beskrivelserne er projektets egne ord."
        ]
    if spec.kind == "register":
        return ["Projektets register over kildedokumenterne (`sources/register.yaml`)."]
    if spec.kind == "discrepancies":
        return ["Projektets afvigelsesregister (`sources/afvigelser.yaml`)."]
    if spec.kind == "revisions":
        return [
            "Dannet af programmet ud fra de øvrige tabeller; hver række nævner sin kilde og "
            "udtræksdato."
        ]
    lines = []
    for table_id in spec.source_tables:
        t = tables[table_id]
        d = t.document
        # A list without figures (the principle decisions) was not drawn from the case system.
        drawn = (
            f"Data trukket: {danish_date(d.data_drawn)}."
            if t.has_figures
            else "En liste uden tal; dokumentets udtræksdato gælder ikke for den."
        )
        lines.append(
            f"- {md_text(d.publisher)}: *{md_text(d.title)}* ({md_text(d.published)}), "
            f'{md_text(t.number)}: "{md_text(t.heading)}". {drawn}'
        )
    return lines


def _one_line(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def general_guide(tables: dict, registry: Registry, documents: dict[str, Document]) -> str:
    """The dataset's reading guide: tables by theme, all terms, all caveats, sources, citing."""
    ds = registry.dataset
    out = [
        f"# Læsevejledning: {ds['title']}",
        "",
        _one_line(ds["description"]),
        "",
        f"Version {ds['version']}. Hver tabel har sin egen læsevejledning i sin mappe; denne side "
        "samler det fælles.",
        "",
    ]
    out += ["## Tabellerne", ""]
    themes: dict[str, list] = {}
    for table in tables.values():
        themes.setdefault(table.spec.theme, []).append(table.spec)
    for theme in sorted(themes):
        out += [f"### {theme}", ""]
        out += [f"- **{s.title}** (`{s.name}`): {_one_line(s.description)}" for s in themes[theme]]
        out.append("")
    out += [
        "## Sådan hænger tabellerne sammen",
        "",
        "- Tabellerne er i langt format: én række pr. tal, med koder, der slår op i kodelisterne "
        "(`lovomraade`, `udfald`, `aarsag` …).",
        "- Hver række siger, hvilket dokument, hvilken trykt tabel, række og kolonne tallet kommer "
        "fra, og hvornår data blev trukket. Samme tal kan derfor stå flere gange, fra forskellige "
        "udgivelser og i flere tabeller; `nyeste` markerer i hver tabel den udgave, som ingen "
        "anden går forud for, og tabellen `revisioner` viser alle tal, der har flyttet sig, med "
        "alle deres værdier.",
        "- Rækkefølgen mellem udgaver af samme tal: først den seneste dato for data trukket (en "
        "kendt dato før en ukendt); så udgiverens egen udgivelse før en andens gengivelse af den; "
        "så tal, som dokumentet selv kalder de daværende, efter andre; til sidst den seneste "
        "udgivelse. Er to udgaver fra samme udtræk, markeres den fra den tabel, der står først i "
        "dokumentet.",
        "- Procenter, som projektet beregner, er afrundet som i kilderne: 5 og derover rundes op.",
        "- `procent_trykt` er procenten, som den er trykt (afrundet); `procent_beregnet` er "
        "beregnet af projektet ud fra de trykte antal, med nævneren i `naevner` og et 95 "
        "%-interval (Wilson) i `ci95_nedre` og `ci95_oevre`. Hvor kilden ikke trykker antallet bag "
        "en procent, beregnes intet.",
        '- Trykte markører ("Tom", "Ingen data", "-") står i feltet `markoer` og er aldrig lavet '
        "om til 0.",
        "",
    ]
    out += ["## Begreber", ""]
    out += [
        f"- **{g['term']}** ({g['en']}): {_one_line(g['text'])}" for g in registry.glossary.values()
    ]
    out += ["", "## Forbehold", ""]
    out += [
        f"- **{w['title']}** (`{k}`): {_one_line(w['text'])}" for k, w in registry.warnings.items()
    ]
    out += [
        "",
        "## Kontrol",
        "",
        "Programmet kontrollerer hver tabel, når tallene dannes: delene summer til de trykte "
        "totaler, hver trykt procent passer med antallene inden for afrundingen, nøglerne er "
        "entydige, antal er ikke negative, og tal, der står i flere tabeller fra samme udtræk, er "
        "ens. Resultatet står i `kontrolrapport.json`, og afvigelser, der alligevel udgives, står "
        "med forklaring i tabellen `afvigelser`.",
        "",
    ]
    out += ["## Kilder", ""]
    out += [
        f"- {md_text(d.publisher)}: *{md_text(d.title)}* ({md_text(d.published)}). Data trukket: "
        f"{danish_date(d.data_drawn)}."
        for d in documents.values()
    ]
    out += ["", CITE_HEADING, "", f"> {citation_text(registry)}", "", _one_line(ds["credit"]), ""]
    return "\n".join(out)
