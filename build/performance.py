"""The performance page: the last benchmark's figures (benchmarks/results.json), as measured."""

from __future__ import annotations

import json
from pathlib import Path

from omgoerelse.formats import danish_int, danish_number


def _s(seconds: float) -> str:
    return danish_number(round(float(seconds), 1)).rstrip("0").rstrip(",") + " s"


def performance_page(results_path: Path) -> str:
    out = ["# Ydelse", "", "Tallene kommer fra `omgoerelse benchmark`, som alle kan køre (med testafhængighederne "
           "installeret). Det måler bygget, sitet og klienten og gemmer resultatet i `benchmarks/results.json`, "
           "som denne side viser. Syntetiske data til skalamålingerne laves i en midlertidig mappe og udgives aldrig.", ""]
    if not results_path.exists():
        return "\n".join(out + ["Benchmarken er ikke kørt endnu.", ""])
    r = json.loads(results_path.read_text(encoding="utf-8"))
    out += [f"Målt {r['date']} på {r['machine']}.", "", "## Mål", "", "| Mål | Målt | Nået |", "|---|---|---|"]
    out += [f"| {g['goal']} | {g['measured']} | {'ja' if g['met'] else '**nej**'} |" for g in r["goals"]]
    b = r["build"]
    out += ["", "## Bygning af de rigtige data", "", "| Kørsel | Tid | Hukommelse (top) |", "|---|---:|---:|"]
    for key, label in (("clean_cold", "Ren bygning, intet i cachen"), ("clean_warm", "Ren bygning, grafer i cachen"),
                       ("rebuild_unchanged", "Igen, uden ændringer"), ("mkdocs_only", "Kun `mkdocs build` af de samme sider")):
        peak = f"{danish_int(b[key]['peak_mb'])} MB" if "peak_mb" in b[key] else ""
        out.append(f"| {label} | {_s(b[key]['seconds'])} | {peak} |")
    out += ["", "Den rene bygning, trin for trin:", "", "| Trin | Tid |", "|---|---:|"]
    out += [f"| {stage} | {_s(sec)} |" for stage, sec in b["clean_cold"]["stages"].items()]
    if r.get("scale"):
        out += ["", "## Datatrinnet i stor skala", "", "Syntetiske udgaver af Tabel 4.8 med samme kontroller (undtagen sammenligningen "
                "med Tabel 4.4, som opfundne totaler ikke kan bestå), sammenlignet med DuckDB, der læser de samme rækker, "
                "tjekker typer og nøgle og skriver Parquet.", "",
                "| Skala | Rækker | Tid | Hukommelse (top) | DuckDB | Forhold |", "|---|---:|---:|---:|---:|---:|"]
        out += [f"| {s['label']} | {danish_int(s['rows'])} | {_s(s['seconds'])} | {danish_int(s['peak_mb'])} MB | "
                f"{_s(s['duckdb_seconds'])} | {danish_number(s['ratio'])} × |" for s in r["scale"]]
    site = r.get("site")
    if site:
        kb = sorted(m["kb_gzip"] for m in site["tabelsider"].values())
        out += ["", "## Sitet", "", f"Overført (gzip) før nogen interaktion: forsiden {danish_number(site['forside']['kb_gzip'])} KB i "
                f"{site['forside']['requests']} forespørgsler; tabelsiderne {danish_number(kb[0])}–{danish_number(kb[-1])} KB. "
                "Tallet er alt, hvad serveren sender, også til sidens web worker. Den interaktive graf (Vega, omkring "
                "330 KB gzip) hentes først, når man beder om den, og søgeindekset (omkring 20 KB), når man går til søgefeltet.", ""]
        for name, forms in site.get("lighthouse", {}).items():
            out.append(f"- Lighthouse, {name}: " + "; ".join(f"{f}: ydelse {danish_number(v['performance'])}, tilgængelighed "
                                                            f"{danish_number(v['accessibility'])}" for f, v in forms.items()))
    if r.get("client"):
        c = r["client"]
        out += ["", "## Klienten", "", f"`load()` fra en varm cache: {danish_number(c['load_ms'])} ms mod "
                f"{danish_number(c['read_parquet_ms'])} ms for `pandas.read_parquet` af samme fil ({danish_number(c['ratio'])} ×).", ""]
    return "\n".join(out) + "\n"
