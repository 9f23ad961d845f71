"""Pages about change: the versions and their changelogs, each table's own history, and the figures
that were published with different values (revisions). Everything comes from the frozen releases and
the emitted tables."""

from __future__ import annotations

import json

from omgoerelse.core.checksums import SUMS
from omgoerelse.core.formats import danish_date, danish_int, danish_number, md_text
from omgoerelse.publish.releases import CHANGELOG, Release

SHOWN_CHANGES = 25  # per table and release on a page; the full list is in CHANGELOG.json


def changelogs(releases: list[Release]) -> dict[str, dict]:
    return {
        r.version: json.loads((r.folder / CHANGELOG).read_text(encoding="utf-8")) for r in releases
    }


def versions_page(releases: list[Release], logs: dict[str, dict], current: str) -> str:
    out = [
        "# Versioner og ændringer",
        "",
        "Hver udgivelse fryser alle filer i alle tabeller. En udgivet versions filer ændres "
        "aldrig, så et "
        "citat eller et program, der peger på en version, får de samme bytes hver gang.",
        "",
        "## Sådan tælles versionsnummeret",
        "",
        "Versionen har formen MAJOR.MINOR.PATCH:",
        "",
        "- **MAJOR** stiger, når noget, man kan have bygget på, forsvinder eller skifter navn: en "
        "tabel, et felt, "
        "en nøgle, en kode eller en række.",
        "- **MINOR** stiger, når der kommer tabeller, felter eller rækker til.",
        "- **PATCH** stiger, når værdier rettes, eller når kun læsevejledninger og metadata "
        "forbedres.",
        "",
        "Programmet beregner ændringerne ud fra data og nægter at udgive, hvis versionsnummeret "
        "stiger for lidt.",
        "",
        "## Faste adresser",
        "",
        "```text",
        "data/<version>/<tabel>/<tabel>.csv      (og .parquet, .xlsx, datapackage.json, "
        "<tabel>.zip)",
        f"data/<version>/{SUMS}                (sha256 af hver fil i versionen)",
        f"data/<version>/{CHANGELOG}         (ændringerne i forhold til forrige version)",
        "data/latest/<tabel>/<tabel>.csv       (den nyeste version)",
        "data/versions.json                    (alle versioner med dato)",
        "versioner/<version>/                  (versionens side med alle filer)",
        "```",
        "",
    ]
    if current not in logs:
        out += [
            f"Den nyeste bygning har version {current}, som endnu ikke er udgivet; `data/latest/` "
            "viser den.",
            "",
        ]
    if not releases:
        return "\n".join([*out, "Der er endnu ingen udgivne versioner.", ""])
    out += ["## Udgivelser", ""]
    for r in reversed(releases):
        log = logs[r.version]
        s = log["summary"]
        out += [
            f"### {r.version} ({danish_date(r.date)})",
            "",
            md_text(r.note),
            "",
            f"Tabeller: {s['tabeller_tilfoejet']} nye, {s['tabeller_aendret']} ændrede, "
            f"{s['tabeller_fjernet']} fjernede. "
            f"Rækker: {danish_int(s['raekker_tilfoejet'])} nye, "
            f"{danish_int(s['raekker_aendret'])} ændrede, "
            f"{danish_int(s['raekker_fjernet'])} fjernede.",
            "",
            f"Alle versionens filer står på [siden for version {r.version}]"
            f"(versioner/{r.version}.md). Kontrolsummer: "
            f'<a href="../data/{r.version}/{SUMS}">{SUMS}</a>. Ændringer: '
            f'<a href="../data/{r.version}/{CHANGELOG}">{CHANGELOG}</a>'
            + "".join(
                f"{', ' if i else ', og her for tabellerne '}[{n}](#{_anchor(r.version, n)})"
                for i, n in enumerate(log["tables"])
            )
            + ".",
            "",
        ]
        for name, change in log["tables"].items():
            out += [
                f'<h4 id="{_anchor(r.version, name)}">{r.version}: {name}</h4>',
                "",
                *change_lines(change),
                "",
            ]
    return "\n".join(out)


def _anchor(version: str, table: str) -> str:
    return f"v{version.replace('.', '-')}-{table}"


def change_lines(change: dict) -> list[str]:
    if change["status"] == "added":
        return [f"Ny tabel med {danish_int(change['rows'])} rækker."]
    if change["status"] == "removed":
        return [f"Tabellen er fjernet (havde {danish_int(change['rows'])} rækker)."]
    out = []
    if "fields_added" in change:
        out.append("- Nye felter: " + ", ".join(f"`{f}`" for f in change["fields_added"]))
    if "fields_removed" in change:
        out.append("- Fjernede felter: " + ", ".join(f"`{f}`" for f in change["fields_removed"]))
    if "key_changed" in change:
        out.append(
            f"- Nøglen er ændret fra {change['key_changed']['old']} til "
            f"{change['key_changed']['new']}"
        )
    for label, kind in (("Ny række", "rows_added"), ("Fjernet række", "rows_removed")):
        out += [f"- {label}: {_key_text(k)}" for k in change.get(kind, [])[:SHOWN_CHANGES]]
    for row in change.get("rows_changed", [])[:SHOWN_CHANGES]:
        cells = "; ".join(
            f"`{f}` {md_text(v['old'] or '(tom)')} → {md_text(v['new'] or '(tom)')}"
            for f, v in row["changes"].items()
        )
        out.append(f"- Ændret række {_key_text(row['key'])}: {cells}")
    hidden = sum(
        max(0, len(change.get(k, [])) - SHOWN_CHANGES)
        for k in ("rows_added", "rows_removed", "rows_changed")
    )
    if hidden:
        out.append(f"- … og {danish_int(hidden)} rækker mere; se {CHANGELOG}.")
    return out


def _key_text(key: dict) -> str:
    return md_text(", ".join(f"{k}={v}" for k, v in key.items()))


def table_history(name: str, releases: list[Release], logs: dict[str, dict]) -> list[str]:
    """The table page's own history: every release that touched it, newest first."""
    out = []
    for r in reversed(releases):
        change = logs[r.version]["tables"].get(name)
        if change:
            # a removed table has no files in that version
            files = (
                ""
                if change["status"] == "removed"
                else f", [filerne](../versioner/{r.version}.md#{name})"
            )
            out += [
                f"- **{r.version}** ({danish_date(r.date)}{files}): "
                f"[{_summary(change)}](../versioner.md#{_anchor(r.version, name)})"
            ]
    return out or ["Tabellen er endnu ikke udgivet i en version."]


def _summary(change: dict) -> str:
    if change["status"] != "changed":
        return {"added": "ny tabel", "removed": "fjernet"}[change["status"]]
    parts = [
        f"{len(change[k])} {label}"
        for k, label in (
            ("rows_added", "nye rækker"),
            ("rows_changed", "ændrede rækker"),
            ("rows_removed", "fjernede rækker"),
            ("fields_added", "nye felter"),
            ("fields_removed", "fjernede felter"),
        )
        if k in change
    ]
    return ", ".join(parts) or "ny nøgle"


def revisions_page(rows: list[dict], documents: dict) -> str:
    """Every figure published with different values, the values side by side with source and
    date."""
    out = [
        "# Revisioner",
        "",
        "Nogle tal er trykt mere end én gang med forskellige værdier, typisk fordi data er "
        "trukket på "
        "forskellige datoer, og sager registreres sent. Samme tal kan stå i flere tabeller; her "
        "står alle dets "
        "værdier side om side. Alle værdierne står også i data, og den nyeste udgave er markeret "
        "(reglen står "
        "i læsevejledningen). Tabellen `revisioner` har det samme i maskinlæsbar form.",
        "",
        "| Tabel | Tal | Mål | Værdi | Kilde | Data trukket | Nyeste |",
        "|---|---|---|---:|---|---|---|",
    ]
    for r in sorted(
        rows, key=lambda r: (r["tabel"], r["noegle"], r["maal"], str(r["data_trukket"]))
    ):
        doc = documents.get(r["kilde_dokument"])
        out.append(
            f"| [{r['tabel']}](tabeller/{r['tabel']}.md) | {md_text(r['noegle'])} | `{r['maal']}` "
            "| "
            f"{danish_number(r['vaerdi'])} | "
            f"{md_text(doc.title if doc else r['kilde_dokument'])}, {md_text(r['kilde_tabel'])} | "
            f"{danish_date(r['data_trukket'])} | {'ja' if r['nyeste'] else 'nej'} |"
        )
    return "\n".join(out) + "\n"
