"""The performance page: the last benchmark's figures (benchmarks/results.json), as measured."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from omgoerelse.core.formats import danish_date, danish_int, danish_measure
from omgoerelse.publish.emit import XLSX_MAX_ROWS

# The build's stages as its progress lines name them (English, for the console), named for the page.
STAGES = {
    "Reading": "Læser kilderegistret, registret og tabelspecifikationerne",
    "Tidying": "Omformer tabellerne og regner andele",
    "Checking": "Kontroller",
    "Writing": "Skriver tabelpakkerne",
    "Validating": "Validerer og udgiver",
    "Generating": "Sider, grafer og MkDocs",
}
FORMS = {"mobile": "mobil", "desktop": "computer"}


def _s(seconds: float) -> str:
    return danish_measure(seconds) + " s"


def _stage(name: str) -> str:
    return STAGES.get(name.split()[0], name)


def performance_page(results_path: Path) -> str:
    out = [
        "# Hastighed",
        "",
        "Tallene kommer fra `omgoerelse benchmark`, som alle kan køre (med testafhængighederne "
        "installeret). Det måler, hvor hurtigt tallene og sitet dannes, og hvor hurtigt sitet og "
        "klienten svarer, og gemmer resultatet i `benchmarks/results.json`, "
        "som denne side viser. Syntetiske data til skalamålingerne laves i en midlertidig mappe "
        "og udgives aldrig.",
        "",
    ]
    if not results_path.exists():
        return "\n".join([*out, "Benchmarken er ikke kørt endnu.", ""])
    r = json.loads(results_path.read_text(encoding="utf-8"))
    m = r["machine"]
    out += [
        f"Målt {danish_date(dt.date.fromisoformat(r['date']))} på en maskine med {m['cores']} "
        f"kerner (Python {m['python']}, {m['system']}).",
        "",
        "## Mål",
        "",
        "| Mål | Målt | Nået |",
        "|---|---|---|",
    ]
    out += [
        f"| {g['goal']} | {g['measured']} | {'ja' if g['met'] else '**nej**'} |" for g in r["goals"]
    ]
    out += _why_not(r)
    b = r["build"]
    out += [
        "",
        "## Bygning af de rigtige data",
        "",
        "| Kørsel | Tid | Hukommelse (top) |",
        "|---|---:|---:|",
    ]
    for key, label in (
        ("clean_cold", "Ren bygning, intet i cachen"),
        ("clean_warm", "Ren bygning, grafer i cachen"),
        ("rebuild_unchanged", "Igen, uden ændringer"),
        ("mkdocs_only", "Kun `mkdocs build` af de samme sider"),
    ):
        peak = f"{danish_int(b[key]['peak_mb'])} MB" if "peak_mb" in b[key] else ""
        out.append(f"| {label} | {_s(b[key]['seconds'])} | {peak} |")
    out += [
        "",
        "Den rene bygning, trin for trin (uden cache / med graferne i cachen):",
        "",
        "| Trin | Uden cache | Med cache |",
        "|---|---:|---:|",
    ]
    warm = b["clean_warm"]["stages"]
    out += [
        f"| {_stage(stage)} | {_s(sec)} | {_s(warm[stage]) if stage in warm else ''} |"
        for stage, sec in b["clean_cold"]["stages"].items()
    ]
    if r.get("scale"):
        out += [
            "",
            "## Datatrinnet i stor skala",
            "",
            "Syntetiske udgaver af Tabel 4.8 med samme kontroller (undtagen sammenligningen "
            "med Tabel 4.4, som opfundne totaler ikke kan bestå), sammenlignet med DuckDB, der "
            "læser de samme rækker, "
            "tjekker typer og nøgle og skriver Parquet." + _baselines(r),
            "",
            "| Skala | Rækker | Tid | Hukommelse (top) | DuckDB | Forhold |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        out += [
            f"| {s['label']} | {danish_int(s['rows'])} | {_s(s['seconds'])} | "
            f"{danish_int(s['peak_mb'])} MB | "
            f"{_s(s['duckdb_seconds'])} | {danish_measure(s['ratio'])} × |"
            for s in r["scale"]
        ]
        out += ["", _excel_note(r["scale"])]
        biggest = r["scale"][-1]
        out += [
            "",
            f"Trinene ved {danish_int(biggest['rows'])} rækker:",
            "",
            "| Trin | Tid |",
            "|---|---:|",
        ]
        out += [f"| {_stage(stage)} | {_s(sec)} |" for stage, sec in biggest["stages"].items()]
    site = r.get("site")
    if site:
        kb = sorted(p["kb_gzip"] for p in site["tabelsider"].values())
        out += [
            "",
            "## Sitet",
            "",
            "Overført (gzip) før nogen interaktion: forsiden "
            f"{danish_measure(site['forside']['kb_gzip'])} KB i "
            f"{site['forside']['requests']} forespørgsler; tabelsiderne "
            f"{danish_measure(kb[0])}–{danish_measure(kb[-1])} KB. "
            "Tallet er alt, hvad serveren sender, også til sidens web worker. "
            + _on_demand(site.get("on_demand_kb_gzip", {})),
            "",
        ]
        for name, forms in site.get("lighthouse", {}).items():
            out.append(
                f"- Lighthouse, {name}: "
                + "; ".join(
                    f"{FORMS.get(f, f)}: ydelse {danish_measure(v['performance'])}, tilgængelighed "
                    f"{danish_measure(v['accessibility'])}"
                    for f, v in forms.items()
                )
            )
    if r.get("client"):
        c = r["client"]
        out += [
            "",
            "## Klienten",
            "",
            f"`load()` fra en varm cache: {danish_measure(c['load_ms'])} ms mod "
            f"{danish_measure(c['read_parquet_ms'])} ms for `pandas.read_parquet` af samme fil "
            f"({danish_measure(c['ratio'])} ×).",
            "",
        ]
    return "\n".join(out) + "\n"


def _excel_note(scale: list[dict]) -> str:
    """Why writing grows faster than the rows up to the Excel limit, from the writing stage of each
    scale."""
    writing = [
        (s, next((sec for stage, sec in s["stages"].items() if stage.startswith("Writing")), None))
        for s in scale
    ]
    shown = "; ".join(
        f"{s['label']}: {_s(sec)} ({'med' if s['rows'] <= XLSX_MAX_ROWS else 'uden'} Excel)"
        for s, sec in writing
        if sec is not None
    )
    return (
        f"En tabel på op til {danish_int(XLSX_MAX_ROWS)} rækker får også en Excel-kopi, som "
        "skrives celle for celle; derfor "
        "vokser skrivetrinnet hurtigere end rækkerne op til den grænse og falder derefter. "
        f"Skrivetrinnet: {shown}."
    )


def _on_demand(kb: dict) -> str:
    vega = f" ({danish_measure(kb['vega'])} KB gzip)" if "vega" in kb else ""
    search = f" ({danish_measure(kb['search'])} KB gzip)" if "search" in kb else ""
    return (
        f"Den interaktive graf (Vega){vega} hentes først, når man beder om den, og "
        f"søgeindekset{search}, "
        "når man går til søgefeltet."
    )


def _baselines(r: dict) -> str:
    runs = r.get("runs", 1)
    return (
        (
            " Hver tid, programmets og grundlinjernes (DuckDB og `mkdocs build` alene) ens, er "
            f"den bedste af {runs} kørsler, "
            "for maskinen svinger 10–25 % fra kørsel til kørsel; alle kørslers tider står i "
            "benchmarks/results.json, "
            "og hukommelsen er den højeste af kørslerne."
        )
        if runs > 1
        else ""
    )


def _why_not(r: dict) -> list[str]:
    """For each goal not met, where the time goes, from the same figures."""
    out = []
    b = r["build"]
    cold, warm, mkdocs = b["clean_cold"], b["clean_warm"], b["mkdocs_only"]["seconds"]
    if cold["seconds"] > 5 * mkdocs:
        cores = r.get("machine", {}).get("cores")
        out.append(
            "- Den rene bygning med tom cache tager "
            f"{_s(round(cold['seconds'] - warm['seconds'], 2))} længere end med fyldt: "
            "vl-convert tegner graferne (SVG og PNG) i en hjælpeproces ved siden af datatrinnene, "
            f"men den deler {'de ' + str(cores) + ' kerner' if cores else 'processoren'} med "
            "resten af bygningen. Resultatet gemmes i en "
            "cache efter indholdets sha256, så en ren bygning på en maskine, der har dannet sitet "
            "før, tager "
            f"{_s(warm['seconds'])} ({danish_measure(round(warm['seconds'] / mkdocs, 1))} × "
            "mkdocs)."
        )
    big = [s for s in r.get("scale", []) if s["rows"] >= 900_000 and s["ratio"] > 5]
    for s in big:
        slowest = max(s["stages"], key=s["stages"].get)
        out.append(
            f"- Datatrinnet ved {danish_int(s['rows'])} rækker gør mere end DuckDB-målestokken: "
            "det læser de trykte tabeller, "
            "omformer dem til observationer, regner andele og konfidensintervaller, kører alle "
            "kontroller, skriver CSV og "
            "Parquet og læser de skrevne filer igen for at validere dem. Det tungeste trin er "
            f"„{_stage(slowest)}“ ({_s(s['stages'][slowest])})."
        )
    return ["", "Hvor målene ikke er nået:", "", *out] if out else []
