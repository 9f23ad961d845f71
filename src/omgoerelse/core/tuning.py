"""The build's optimisations by name, each with the benchmark figure it is kept for.

Each is plain code plus one change made for speed or memory, and each can be switched off:
`OMGOERELSE_PLAIN=all` (or a comma-separated list of names) runs the plain code instead. The outputs
must not change (tests/test_tuning.py builds with every optimisation off and compares), and
`python benchmarks/optimisations.py` measures what each one buys; its figures are in
benchmarks/optimisations.json and on the site's performance page. One that buys nothing beyond
the machine's noise is removed, not kept for later.

The fast tidy (tidy/observations.py against tidy/plain.py) and the Arrow CSV writer are whole
designs rather than switches; benchmarks/plain_vs_fast_tidy.py measures the first.
"""

from __future__ import annotations

import os

ENV = "OMGOERELSE_PLAIN"

# name: (what it does, the benchmark figure it buys)
OPTIMISATIONS: dict[str, tuple[str, str]] = {
    "gc_freeze": (
        "the objects the imports made are frozen before the build, and everything at exit",
        "clean build of the real data, seconds",
    ),
    "one_arena": (
        "every thread allocates from one glibc arena",
        "data stage at a million rows, peak memory",
    ),
    "memory_returned": (
        "memory a stage freed is given back to the system before the next stage",
        "data stage at a million rows, peak memory",
    ),
    "two_checks": (
        "two checks run at a time, on threads",
        "data stage at a million rows, seconds",
    ),
    "csv_beside": (
        "a table's CSV is written on a second thread while its Parquet file is made",
        "data stage at a million rows, seconds",
    ),
    "csv_ahead": (
        "the next slices of a CSV are made while one is written and hashed",
        "data stage at a million rows, seconds",
    ),
    "hash_ahead": (
        "the files are hashed ahead on a thread while validation parses the CSVs",
        "data stage at a million rows, seconds",
    ),
    "arrow_slugs": (
        "codes are made from plain printed labels in Arrow, not one label at a time",
        "data stage at a million rows, seconds",
    ),
    "stamp_hashers": (
        "the no-change stamp hashes two files at a time",
        "build again with nothing changed, seconds",
    ),
    "rows_aside": (
        "a chart's inline rows skip Altair's value-by-value conversion and validation",
        "clean build of the site with 98 municipalities, seconds",
    ),
    "render_helper": (
        "charts are drawn in a helper process while the build goes on",
        "clean build of the real data, seconds",
    ),
}


def plain(name: str) -> bool:
    """True where the optimisation `name` is switched off (the plain code runs)."""
    if name not in OPTIMISATIONS:
        raise KeyError(f"no optimisation named {name!r}")
    chosen = {n.strip() for n in os.environ.get(ENV, "").split(",") if n.strip()}
    unknown = chosen - set(OPTIMISATIONS) - {"all"}
    if unknown:
        raise ValueError(f"{ENV}: no optimisation named {', '.join(sorted(unknown))}")
    return "all" in chosen or name in chosen


def on(name: str) -> bool:
    return not plain(name)
