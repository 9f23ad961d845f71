"""The performance page's section on what each optimisation buys (benchmarks/optimisations.json)."""

from __future__ import annotations

import json

from omgoerelse.bench.report import goals
from omgoerelse.core.formats import danish_measure
from omgoerelse.core.tuning import OPTIMISATIONS
from omgoerelse.site.performance import performance_page

HEADING = "## Hvad hver optimering giver"
NOT_RUN = "Optimeringerne er ikke målt endnu; `python benchmarks/optimisations.py` måler dem."


def result(name: str, figure: str, on: list, off: list, bought: float) -> dict:
    """One optimisation as benchmarks/optimisations.py records it, figures invented for the test."""
    return {
        "name": name,
        "what": f"{name}, as the benchmark recorded it",
        "figure": figure,
        "unit": "MB" if figure.endswith("peak memory") else "s",
        "on": on,
        "off": off,
        "bought": bought,
        "beyond_noise": bought > 0.05 * min(on),
    }


def measured(**changes) -> dict:
    """What benchmarks/optimisations.py writes, with invented figures: for the tests only."""
    million = "data stage at a million rows"
    results = [
        result("two_checks", f"{million}, seconds", [10.41, 10.2, 10.9], [11.8, 11.62, 12], 1.42),
        result("memory_returned", f"{million}, peak memory", [974, 980, 990], [1012, 1005], 31),
        result(
            "stamp_hashers",
            "build again with nothing changed, seconds",
            [0.72, 0.75, 0.8],
            [0.7, 0.74, 0.77],
            -0.02,
        ),
    ]
    return {"runs": 3, "noise": 0.05, "results": results} | changes


def page(tmp_path, optimisations: dict | None) -> str:
    if optimisations is not None:
        (tmp_path / "optimisations.json").write_text(json.dumps(optimisations), encoding="utf-8")
    return performance_page(tmp_path / "results.json")  # no results.json: the benchmark not run


def section(text: str) -> str:
    assert text.count(HEADING) == 1
    return text.split(HEADING, 1)[1]


def test_each_optimisation_is_a_row_in_danish_with_the_best_run_each_way(tmp_path):
    shown = section(page(tmp_path, measured()))
    assert NOT_RUN not in shown
    assert "3 gange med den og 3 gange uden den" in shown
    assert "under 5\u00a0% af tallet" in shown
    rows = [line for line in shown.splitlines() if line.startswith("| ") and "`" in line]
    assert rows == [
        f"| {OPTIMISATIONS['two_checks'][0]} (`two_checks`) | datatrinnet ved en million rækker, "
        "tid | 10,2 s | 11,62 s | 1,42 s | ja |",
        f"| {OPTIMISATIONS['memory_returned'][0]} (`memory_returned`) | datatrinnet ved en million "
        "rækker, hukommelse (top) | 974 MB | 1.005 MB | 31 MB | nej |",
        f"| {OPTIMISATIONS['stamp_hashers'][0]} (`stamp_hashers`) | ny bygning uden ændringer, tid "
        "| 0,72 s | 0,7 s | -0,02 s | nej |",
    ]
    # described in Danish, not as the measurement recorded it in English
    assert "as the benchmark recorded it" not in shown


def test_an_optimisation_the_code_no_longer_has_keeps_its_recorded_description(tmp_path):
    gone = measured()["results"][0] | {"name": "removed_since", "what": "to kontroller ad gangen"}
    shown = section(page(tmp_path, measured(results=[gone])))
    assert "| to kontroller ad gangen (`removed_since`) |" in shown
    assert shown.rstrip().splitlines()[-1].endswith("| ja, fjernet |")  # said, not hidden


def test_without_the_measurement_the_section_says_it_has_not_been_run(tmp_path):
    text = page(tmp_path, None)
    assert section(text) == f"\n\n{NOT_RUN}\n"
    assert "Benchmarken er ikke kørt endnu." in text


def test_every_figure_an_optimisation_is_kept_for_has_a_danish_name():
    from omgoerelse.site.optimisations import FIGURES

    assert {figure for _, figure in OPTIMISATIONS.values()} <= set(FIGURES)


def test_a_measured_figure_below_zero_keeps_its_sign():
    # what an optimisation buys is negative where it costs more than it saves
    assert [danish_measure(v) for v in (-0.02, -0.5, -1234.5, -0.0)] == [
        "-0,02",
        "-0,5",
        "-1.234,5",
        "0",  # a difference rounded to nothing
    ]


def test_lighthouse_scores_say_hastighed_not_ydelse(tmp_path):
    # "ydelse" is a social benefit to the page's readers (SPROG.md)
    results = {
        "date": "2026-11-23",
        "machine": {"cores": 2, "python": "3.11.7", "system": "Linux"},
        "build": {
            run: {"seconds": 1.5, "stages": {}}
            for run in ("clean_cold", "clean_warm", "rebuild_unchanged", "mkdocs_only")
        },
        "site": {
            "forside": {"kb_gzip": 80.2, "requests": 8},
            "tabelsider": {"afgjorte_sager": {"kb_gzip": 79.3, "requests": 8}},
            "lighthouse": {"forside": {"mobile": {"performance": 0.97, "accessibility": 1}}},
        },
    }
    results["goals"] = [{"goal": g, "measured": m, "met": met} for g, m, met in goals(results)]
    (tmp_path / "results.json").write_text(json.dumps(results), encoding="utf-8")
    text = performance_page(tmp_path / "results.json")
    assert "- Lighthouse, forside: mobil: hastighed 0,97, tilgængelighed 1" in text
    assert "Lighthouse mobil (forside): hastighed ≥ 0,95, tilgængelighed 1,0" in text
    assert "ydelse" not in text
