"""What each optimisation buys: the figure it is kept for (core/tuning.py), measured with it on and
with it alone switched off (OMGOERELSE_PLAIN=<name>), runs interleaved so that the machine's drift
falls on both alike. Prints a table and writes benchmarks/optimisations.json, which the site's
performance page shows.

Run: python benchmarks/optimisations.py [--runs N]   (about 15 minutes on two cores)
     python benchmarks/optimisations.py --only NAME[,NAME]   (those alone; the others' figures kept)
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import tempfile
from pathlib import Path

from omgoerelse.bench.benchmark import MILLION, build_args, run_child
from omgoerelse.bench.municipalities import municipality_codes, synthetic_municipalities
from omgoerelse.bench.synthetic import ROWS_PER_PROVISION, synthetic_tabel_4_8
from omgoerelse.core.project import Project
from omgoerelse.core.tuning import ENV, OPTIMISATIONS
from omgoerelse.publish.releases import as_unreleased_version

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "optimisations.json"
# A difference smaller than this share of the figure is within what the machine varies between
# runs of the same build (5–10 % measured here); an optimisation must buy more.
NOISE = 0.05


def measurement(figure: str, work: Path, real: Path, million: Path):
    """How to take `figure` once (run i) with the environment given: seconds or peak MB."""
    key = "peak_mb" if figure.endswith("peak memory") else "seconds"
    copies = itertools.count()

    def clean_build(i: int, env: dict) -> float:
        # a fresh copy and an empty render cache: every chart is drawn, as on a first build
        root = Project.at(real).copy_inputs(work / f"clean-{next(copies)}").root
        cache = {"OMGOERELSE_BUILD_CACHE": str(root / ".render-cache")}
        taken = run_child(build_args(root), work, {**env, **cache})[key]
        shutil.rmtree(root, ignore_errors=True)
        return taken

    if figure.startswith("clean build of the site with 98 municipalities"):

        def municipalities(i: int, env: dict) -> float:
            root = Project.at(real).copy_inputs(work / f"kommuner-{next(copies)}").root
            as_unreleased_version(root)
            synthetic_municipalities(root, municipality_codes(Project.at(root)))
            cache = {"OMGOERELSE_BUILD_CACHE": str(root / ".render-cache")}
            taken = run_child(build_args(root), work, {**env, **cache})[key]
            shutil.rmtree(root, ignore_errors=True)
            return taken

        return municipalities
    if figure.startswith("clean build"):
        return clean_build
    if figure.startswith("data stage at a million rows"):
        return lambda i, env: run_child(build_args(million, "--no-site", "--force"), work, env)[key]
    if figure.startswith("build again"):

        def again(i: int, env: dict) -> float:
            run_child(build_args(real), work, env)  # the stamp records the switches: made anew
            return run_child(build_args(real), work, env)[key]

        return again
    raise ValueError(f"no way to measure {figure!r}")


def main(runs: int, provisions: int, only: list[str]) -> None:
    unknown = set(only) - set(OPTIMISATIONS)
    if unknown:
        raise SystemExit(f"--only: no optimisation named {', '.join(sorted(unknown))}")
    chosen = {n: v for n, v in OPTIMISATIONS.items() if not only or n in only}
    work = Path(tempfile.mkdtemp(prefix="omgoerelse-optimisations-"))
    try:
        real = Project.at(REPO).copy_inputs(work / "real").root
        run_child(build_args(real), work)  # built once: "build again" finds nothing changed
        million = Project.at(REPO).copy_inputs(work / "million").root
        if any("million" in figure for _, figure in chosen.values()):
            as_unreleased_version(million)
            synthetic_tabel_4_8(million, provisions)
        runs_dir = work / "runs"
        runs_dir.mkdir()
        results = []
        for name, (what, figure) in chosen.items():
            measure = measurement(figure, runs_dir, real, million)
            on, off = [], []
            for i in range(runs):  # interleaved: on, off, on, off …
                on.append(measure(i, {ENV: ""}))
                off.append(measure(i, {ENV: name}))
            bought = min(off) - min(on)
            unit = "MB" if figure.endswith("peak memory") else "s"
            results.append(
                {
                    "name": name,
                    "what": what,
                    "figure": figure,
                    "unit": unit,
                    "on": on,
                    "off": off,
                    "bought": round(bought, 2),
                    "beyond_noise": bought > NOISE * min(on),
                }
            )
            r = results[-1]
            print(
                f"{name:15} {figure:45} on {min(on):8.2f} {unit:2}  off {min(off):8.2f} {unit:2}  "
                f"buys {bought:7.2f} {unit}  {'kept' if r['beyond_noise'] else 'WITHIN NOISE'}",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if only:  # the others keep their last figures, in the order of core/tuning.py
        kept = json.loads(RESULTS.read_text(encoding="utf-8"))["results"]
        by_name = {r["name"]: r for r in kept if r["name"] in OPTIMISATIONS}
        by_name.update({r["name"]: r for r in results})
        removed = [r for r in kept if r["name"] not in OPTIMISATIONS]  # shown as removed
        results = [by_name[n] for n in OPTIMISATIONS if n in by_name] + removed
    RESULTS.write_text(
        json.dumps({"runs": runs, "noise": NOISE, "results": results}, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"Saved to {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs each way (best is compared)")
    parser.add_argument(
        "--provisions",
        type=int,
        default=MILLION // ROWS_PER_PROVISION,
        help="synthetic provisions for the million-row figures (fewer for a quick trial)",
    )
    parser.add_argument(
        "--only", default="", help="comma-separated names: measure those alone, keep the rest"
    )
    args = parser.parse_args()
    main(args.runs, args.provisions, [n for n in args.only.split(",") if n])
