"""The benchmark's parts that decide what it reports (its timings are never asserted here)."""

from __future__ import annotations

import csv

from conftest import as_new_version, copy_inputs, quiet
from omgoerelse.benchmark import goals, stages
from omgoerelse.pipeline import build
from omgoerelse.synthetic import T48, synthetic_tabel_4_8


def test_stages_are_read_from_the_progress_lines():
    marks = [(0.1, "[1/3] Reading"), (0.4, "      5 documents"), (1.0, "[2/3] Tidying (fast)"), (3.0, "[3/3] Checking")]
    assert stages(marks, 4.0) == {"Reading": 0.9, "Tidying": 2.0, "Checking": 1.0}


def test_goals_say_met_or_not_from_the_figures():
    result = {"build": {"clean_cold": {"seconds": 10}, "rebuild_unchanged": {"seconds": 6}, "mkdocs_only": {"seconds": 2}},
              "scale": [{"rows": 1_000_000, "seconds": 9, "duckdb_seconds": 1, "ratio": 9, "peak_mb": 800}],
              "site": {"forside": {"kb_gzip": 90, "requests": 9},
                       "tabelsider": {"a": {"kb_gzip": 95, "requests": 10}, "b": {"kb_gzip": 120, "requests": 10}}},
              "client": {"load_ms": 4, "read_parquet_ms": 2, "ratio": 2}}
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
    assert not (project.root / "datapackage").exists(), "synthetic data is never written, let alone published"
