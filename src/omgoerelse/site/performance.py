"""The performance page: the last benchmark's figures (benchmarks/results.json), as measured, and
what each optimisation buys (benchmarks/optimisations.json). The sentences are in
site/templates/hastighed.md; this module reads the figures and works out what the page compares."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from omgoerelse.core.formats import danish_int
from omgoerelse.publish.emit import XLSX_MAX_ROWS
from omgoerelse.site import templating
from omgoerelse.site.optimisations import optimisation_rows

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
# a data stage this many times DuckDB's time at a million rows gets a word on where the time goes
FAR_BEHIND_DUCKDB = 5


def _stage(name: str) -> str:
    return STAGES.get(name.split()[0], name)


def performance_page(results_path: Path, optimisations_path: Path | None = None) -> str:
    """The page; the optimisations' figures are looked for beside the results unless given."""
    optimisations = optimisation_rows(
        optimisations_path or results_path.parent / "optimisations.json"
    )
    if not results_path.exists():
        return templating.render("hastighed.md", r=None, **optimisations)
    r = json.loads(results_path.read_text(encoding="utf-8"))
    r["date"] = dt.date.fromisoformat(r["date"])
    return templating.render(
        "hastighed.md", r=r, **_build(r), **_scale(r), **_site(r), **optimisations
    )


def _build(r: dict) -> dict:
    b = r["build"]
    warm = b["clean_warm"]["stages"]
    return {
        "build": b,
        "peak": {
            k: f"{danish_int(run['peak_mb'])} MB" if "peak_mb" in run else ""
            for k, run in b.items()
        },
        "build_stages": [
            {"name": _stage(stage), "cold": sec, "warm": warm.get(stage)}
            for stage, sec in b["clean_cold"]["stages"].items()
        ],
        "slow_build": _slow_build(r),
        "client": r.get("client"),
    }


def _slow_build(r: dict) -> dict | None:
    """Where a clean build with an empty cache takes over five times `mkdocs build`: what the cache
    saves."""
    b = r["build"]
    cold, warm, mkdocs = b["clean_cold"], b["clean_warm"], b["mkdocs_only"]["seconds"]
    if cold["seconds"] <= 5 * mkdocs:
        return None
    return {
        "longer": round(cold["seconds"] - warm["seconds"], 2),
        "cores": r.get("machine", {}).get("cores"),
        "warm": warm["seconds"],
        "times_mkdocs": round(warm["seconds"] / mkdocs, 1),
    }


def _scale(r: dict) -> dict:
    scale = r.get("scale") or []
    writing = [
        (s, next((sec for stage, sec in s["stages"].items() if stage.startswith("Writing")), None))
        for s in scale
    ]
    return {
        "scale": scale,
        "runs": r.get("runs", 1),
        "excel_max_rows": XLSX_MAX_ROWS,
        # writing grows faster than the rows up to the Excel limit: the writing stage of each scale
        "writing": [
            {"label": s["label"], "seconds": sec, "excel": s["rows"] <= XLSX_MAX_ROWS}
            for s, sec in writing
            if sec is not None
        ],
        "biggest_stages": [
            {"name": _stage(stage), "seconds": sec}
            for stage, sec in (scale[-1]["stages"].items() if scale else ())
        ],
        "far_behind": [
            {
                "rows": s["rows"],
                "slowest": _stage(slowest := max(s["stages"], key=s["stages"].get)),
                "slowest_seconds": s["stages"][slowest],
            }
            for s in scale
            if s["rows"] >= 900_000 and s["ratio"] > FAR_BEHIND_DUCKDB
        ],
    }


def _site(r: dict) -> dict:
    site = r.get("site")
    if not site:
        return {"site": None}
    return {
        "site": site,
        "table_pages_kb": sorted(p["kb_gzip"] for p in site["tabelsider"].values()),
        "on_demand": site.get("on_demand_kb_gzip", {}),
        "lighthouse": {
            page: {FORMS.get(f, f): v for f, v in forms.items()}
            for page, forms in site.get("lighthouse", {}).items()
        },
    }
