"""The plain tidy (tidy/plain.py) against the fast one on generated provisions: prints the seconds
of each. Run: python benchmarks/plain_vs_fast_tidy.py [provisions ...] (default 20000 60000)."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from omgoerelse.bench.synthetic import ROWS_PER_PROVISION, synthetic_tabel_4_8
from omgoerelse.core.project import Project
from omgoerelse.declarations.registry import load_registry
from omgoerelse.declarations.specs import load_specs
from omgoerelse.sources.tables import load_tables
from omgoerelse.sources.transcriptions import load_register
from omgoerelse.tidy.observations import tidy
from omgoerelse.tidy.plain import tidy_plainly

REPO = Path(__file__).resolve().parents[1]


def main(sizes: list[int]) -> None:
    for provisions in sizes:
        with tempfile.TemporaryDirectory() as work:
            project = Project.at(REPO).copy_inputs(Path(work))
            synthetic_tabel_4_8(project.root, provisions=provisions)
            registry = load_registry(project)
            specs = load_specs(project, registry)
            tables = load_tables(project, specs, registry, load_register(project))
            spec = specs["sager_efter_bestemmelse"]
            start = time.perf_counter()
            rows = len(tidy(spec, tables, registry))
            fast = time.perf_counter() - start
            start = time.perf_counter()
            tidy_plainly(spec, tables, registry)
            plain = time.perf_counter() - start
            print(
                f"{provisions:>7} provisions (about {provisions * ROWS_PER_PROVISION:,} rows; "
                f"{rows:,} observations): fast {fast:.2f} s, plain {plain:.2f} s, "
                f"{plain / fast:.0f} times slower"
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [20000, 60000])
