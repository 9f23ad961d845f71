"""The benchmark's parts that decide what it reports (its timings are never asserted here)."""

from __future__ import annotations

import csv

from conftest import as_new_version, copy_inputs, quiet
from omgoerelse.bench.benchmark import stages
from omgoerelse.bench.report import goals
from omgoerelse.bench.synthetic import T48, synthetic_tabel_4_8
from omgoerelse.pipeline import build


def test_stages_are_read_from_the_progress_lines():
    marks = [
        (0.1, "[1/3] Reading"),
        (0.4, "      5 documents"),
        (1.0, "[2/3] Tidying (fast)"),
        (3.0, "[3/3] Checking"),
    ]
    assert stages(marks, 4.0) == {"Reading": 0.9, "Tidying": 2.0, "Checking": 1.0}


def test_goals_say_met_or_not_from_the_figures():
    result = {
        "build": {
            "clean_cold": {"seconds": 10},
            "rebuild_unchanged": {"seconds": 6},
            "mkdocs_only": {"seconds": 2},
        },
        "scale": [
            {"rows": 1_000_000, "seconds": 11, "duckdb_seconds": 1, "ratio": 11, "peak_mb": 800}
        ],
        "site": {
            "forside": {"kb_gzip": 90, "requests": 9},
            "tabelsider": {
                "a": {"kb_gzip": 95, "requests": 10},
                "b": {"kb_gzip": 120, "requests": 10},
            },
        },
        "client": {"load_ms": 4, "read_parquet_ms": 2, "ratio": 2},
    }
    verdicts = [met for _, _, met in goals(result)]
    assert verdicts == [True, False, False, True, False, True]


def test_synthetic_sources_pass_the_same_checks(tmp_path):
    project = copy_inputs(tmp_path / "root")
    as_new_version(project)
    synthetic_tabel_4_8(project.root, 300)
    with (project.root / T48).open(encoding="utf-8", newline="") as f:
        assert sum(1 for r in csv.DictReader(f) if r["bestemmelse"]) == 300
    result = build(project, write=False, say=quiet)
    assert len(result.tables["sager_efter_bestemmelse"].rows) >= 5 * 300  # ROWS_PER_PROVISION
    assert not (project.root / "datapackage").exists(), (
        "synthetic data is never written, let alone published"
    )


def test_the_performance_page_gives_danish_figures_and_says_where_time_goes(tmp_path):
    import json

    from omgoerelse.core.formats import danish_measure
    from omgoerelse.site.performance import performance_page

    assert [danish_measure(x) for x in (0.66, 1234.5, 822, 5.0)] == ["0,66", "1.234,5", "822", "5"]
    site_stage = "Generating the pages and charts, and building the site with MkDocs"
    result = {
        "date": "2026-11-23",
        "machine": {"cores": 2, "python": "3.11.7", "system": "Linux"},
        "build": {
            "clean_cold": {
                "seconds": 10.5,
                "peak_mb": 400,
                "stages": {"Reading x": 0.5, site_stage: 7.25},
            },
            "clean_warm": {
                "seconds": 3.5,
                "peak_mb": 200,
                "stages": {"Reading x": 0.5, site_stage: 0.5},
            },
            "rebuild_unchanged": {"seconds": 0.4, "peak_mb": 100, "stages": {}},
            "mkdocs_only": {"seconds": 2},
        },
        "scale": [
            {
                "label": "1M",
                "rows": 1_000_000,
                "seconds": 9,
                "peak_mb": 800,
                "duckdb_seconds": 1.5,
                "ratio": 6,
                "stages": {"Reading x": 1.5, "Tidying and computing shares": 4.25},
            }
        ],
    }
    result["goals"] = [{"goal": g, "measured": m, "met": met} for g, m, met in goals(result)]
    (tmp_path / "results.json").write_text(json.dumps(result), encoding="utf-8")
    page = performance_page(tmp_path / "results.json")
    assert (
        "| Ren bygning ≤ 5 × mkdocs build (tom render-cache) | 10,5 s / 2 s = 5,2 × | **nej** |"
        in page
    )
    assert (
        "tager 7 s længere end med fyldt" in page
        and "deler de 2 kerner" in page
        and "tager 3,5 s (1,8 × mkdocs)" in page
    )
    assert "Det tungeste trin er „Omformer tabellerne og regner andele“ (4,25 s)" in page
    assert "23. november 2026" in page and "2 kerner" in page
