"""What each optimisation buys, for the performance page: benchmarks/optimisations.json (written by
benchmarks/optimisations.py), each optimisation described in Danish as core/tuning.py does."""

from __future__ import annotations

import json
from pathlib import Path

from omgoerelse.core.tuning import OPTIMISATIONS

# The benchmark figures as core/tuning.py names them (English, for the console), named for the page.
FIGURES = {
    "clean build of the real data, seconds": "ren bygning af de rigtige data, tid",
    "data stage at a million rows, peak memory": (
        "datatrinnet ved en million rækker, hukommelse (top)"
    ),
    "data stage at a million rows, seconds": "datatrinnet ved en million rækker, tid",
    "build again with nothing changed, seconds": "ny bygning uden ændringer, tid",
    "clean build of the site with 98 municipalities, seconds": (
        "ren bygning af sitet med 98 kommuner, tid"
    ),
}


def optimisation_rows(path: Path) -> dict:
    """The page's table: each optimisation's figure with it and without it, the best of the runs
    each way, and what it buys; `optimisations` is None where the measurement has not been run."""
    if not path.exists():
        return {"optimisations": None}
    measured = json.loads(path.read_text(encoding="utf-8"))
    return {
        "optimisations": [
            {
                "name": o["name"],
                # described as the code has it now; one measured under an old name keeps its own
                "what": OPTIMISATIONS[o["name"]][0] if o["name"] in OPTIMISATIONS else o["what"],
                "figure": FIGURES.get(o["figure"], o["figure"]),
                "unit": o["unit"],
                "on": min(o["on"]),
                "off": min(o["off"]),
                "bought": o["bought"],
                "beyond_noise": o["beyond_noise"],
                "removed": o["name"] not in OPTIMISATIONS,  # it bought nothing and went
            }
            for o in measured["results"]
        ],
        "optimisation_runs": measured["runs"],
        "noise_percent": measured["noise"] * 100,
    }
