"""Synthetic sources for benchmarks and tests only: Tabel 4.8 scaled up, never published.

The real Tabel 4.8 lists about 140 provisions under 10 law areas. The synthetic one keeps its
layout, law areas and checks, with `provisions` invented provisions and random counts whose totals
and printed percentages are consistent, so every check runs as on the real data. Its totals cannot
agree with Tabel 4.4, so the copied spec loses its links to that table (same_figures).
"""

from __future__ import annotations

import csv
import io
import random
import re
from pathlib import Path

T48 = "sources/ast_aarsredegoerelse_2024/tabel_4_8.csv"
SPEC = "build/specs/sager_efter_bestemmelse.yaml"
HEADER = [
    "lovomraade",
    "bestemmelse",
    "stadfaestelse",
    "hjemvisning",
    "aendring_ophaevelse",
    "realitetsbehandlet",
    "andel_hjemvist",
    "andel_aendret",
    "omgoerelsesprocent",
]
# output rows of sager_efter_bestemmelse per synthetic provision row (measured: 833,385 / 166,666)
ROWS_PER_PROVISION = 5


def _pct(part: int, whole: int) -> int:
    return int(100 * part / whole + 0.5) if whole else 0  # printed percentages are rounded half up


def _row(area: str, label: str, s: int, h: int, a: int) -> list:
    total = s + h + a
    return [area, label, s, h, a, total, _pct(h, total), _pct(a, total), _pct(h + a, total)]


def synthetic_tabel_4_8(root: Path, provisions: int, seed: int = 2024) -> None:
    """Replace Tabel 4.8 in a copied project with `provisions` synthetic provision rows."""
    real = list(csv.reader(io.StringIO((root / T48).read_text(encoding="utf-8"))))
    areas = list(dict.fromkeys(r[0] for r in real[1:] if r[0] != "Hovedtotal"))
    rng = random.Random(seed)
    body, grand = [], [0, 0, 0]
    for i, area in enumerate(areas):
        rows, sums = [], [0, 0, 0]
        for j in range(provisions // len(areas) + (1 if i < provisions % len(areas) else 0)):
            # small counts, as most real provisions have: the grand total of a million rows stays
            # under the largest count a printed table may hold (sources/numbers.py)
            s, h, a = rng.randint(1, 40), rng.randint(0, 15), rng.randint(0, 6)
            sums = [sums[0] + s, sums[1] + h, sums[2] + a]
            rows.append(_row(area, f"Syntetisk bestemmelse § {i + 1}.{j + 1}", s, h, a))
        grand = [grand[k] + sums[k] for k in range(3)]
        body += [_row(area, "", *sums), *rows]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([HEADER, _row("Hovedtotal", "", *grand), *body])
    (root / T48).write_text(out.getvalue(), encoding="utf-8")
    spec = (root / SPEC).read_text(encoding="utf-8")
    (root / SPEC).write_text(
        re.sub(r"(#.*\n)*same_figures:\n(  .*\n)+", "", spec), encoding="utf-8"
    )
