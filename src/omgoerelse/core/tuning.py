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

# name: (what it does, in Danish for the site's performance page; the benchmark figure it buys,
# as benchmarks/optimisations.py measures it)
OPTIMISATIONS: dict[str, tuple[str, str]] = {
    "memory_returned": (
        "Hukommelse, som et trin har frigivet, gives tilbage til styresystemet før næste trin",
        "data stage at a million rows, peak memory",
    ),
    "two_checks": (
        "To kontroller kører ad gangen, i hver sin tråd",
        "data stage at a million rows, seconds",
    ),
    "csv_beside": (
        "En tabels CSV-fil skrives i en anden tråd, mens dens Parquet-fil laves",
        "data stage at a million rows, seconds",
    ),
    "csv_ahead": (
        "De næste stykker af en CSV-fil laves, mens ét stykke skrives og får beregnet sin sha256",
        "data stage at a million rows, seconds",
    ),
    "stamp_hashers": (
        "Kontrollen af, om noget er ændret siden sidst, beregner sha256 af to filer ad gangen",
        "build again with nothing changed, seconds",
    ),
    "early_guard": (
        "En bygning, der ændrer en udgivet version, opdager det ved den første tabel, der er "
        "anderledes, og ikke først når alle tabeller er skrevet",
        "clean build of the real data, seconds",
    ),
    "same_shape": (
        "En kommunes egen graf laves som en kopi af en anden kommunes graf med samme kort og år, "
        "med kommunens egne tal sat ind, i stedet for at blive bygget forfra",
        "clean build of the site with 98 municipalities, seconds",
    ),
    "schema_in_tests": (
        "Graferne kontrolleres mod Vega-Lites skema i testene og ikke ved hver bygning: den samme "
        "kode laver dem hver gang",
        "clean build of the real data, seconds",
    ),
    "render_helper": (
        "Graferne tegnes i en hjælpeproces, mens resten af bygningen kører videre",
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
