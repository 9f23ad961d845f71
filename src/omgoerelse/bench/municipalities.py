"""Council papers added as data only (a register document, a transcription and a mapping in the map
table's spec), and synthetic ones for every municipality but Norddjurs: for benchmarks and tests
only, written into a copied project and never published.

A paper prints, for each map and year, the cases dealt with ("behandlet i alt"), those changed
("omgjort") and the rate as a whole number rounded half up, as the real papers do, so every check
of the map table runs as on real figures.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from omgoerelse.core.formats import rounded
from omgoerelse.core.project import Project
from omgoerelse.declarations.registry import load_registry

SPEC = "build/specs/danmarkskort.yaml"
REAL_PAPER = "sources/norddjurs_handicapraad_2025/tal_i_teksten.meta.yaml"
REAL_CODE = "707"  # Norddjurs: its own paper is in the sources
# printed labels the code list kort knows (its trykt names)
MAPS = ("det generelle socialområde", "børnehandicapområdet", "Voksenhandicapområdet")
YEARS = (2023, 2024)
HEADER = "linje,kommune,kort,aar,udfald,enhed,vaerdi\n"


@dataclass(frozen=True)
class Paper:
    """One municipality's council paper: `figures` holds (map as printed, year, cases dealt with,
    cases changed)."""

    document: str
    title: str
    name: str  # as printed: "Aarhus Kommune"
    code: str
    figures: tuple[tuple[str, int, int, int], ...]
    url_note: str


def add_council_papers(root: Path, papers: list[Paper]) -> None:
    """Write each paper's document, transcription and mapping into the project at `root` (the
    register and the spec are each written once, however many papers)."""
    register = root / "sources/register.yaml"
    spec = root / SPEC
    documents = "".join(_document(p) for p in papers)
    register.write_text(register.read_text(encoding="utf-8") + documents, encoding="utf-8")
    # the real paper's column declarations, without what only that paper says about its rows
    meta = (root / REAL_PAPER).read_text(encoding="utf-8").split("# The national averages")[0]
    for p in papers:
        folder = root / "sources" / p.document
        folder.mkdir()
        (folder / "tal_i_teksten.csv").write_text(_rows(p), encoding="utf-8")
        (folder / "tal_i_teksten.meta.yaml").write_text(meta, encoding="utf-8")
    mappings = "".join(_mapping(p) for p in papers)
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("checks:\n", mappings + "checks:\n", 1), encoding="utf-8")


def synthetic_municipalities(root: Path, codes: dict[str, str], seed: int = 2024) -> list[Paper]:
    """A synthetic council paper for every municipality in `codes` (code → name) but Norddjurs,
    with random counts (5–300 cases per map and year), added to the project at `root`."""
    rng = random.Random(seed)
    papers = []
    for code, name in codes.items():
        if code == REAL_CODE:
            continue
        figures = []
        for kort in MAPS:
            for year in YEARS:
                total = rng.randint(5, 300)
                figures.append((kort, year, total, rng.randint(0, total)))
        papers.append(
            Paper(
                document=f"syntetisk_kommune_{code}",
                title=f"Omgørelsesprocenter 2023 og 2024, {name} Kommune (syntetisk til benchmark)",
                name=f"{name} Kommune",
                code=code,
                figures=tuple(figures),
                url_note="Syntetisk: lavet af omgoerelse benchmark, aldrig udgivet.",
            )
        )
    add_council_papers(root, papers)
    return papers


def municipality_codes(project: Project) -> dict[str, str]:
    """Every municipality's official code and name, from the code list kommune (not its total)."""
    codes = load_registry(project).codelists["kommune"].codes.values()
    return {c.kode: c.navn for c in codes if not c.total}


def _document(p: Paper) -> str:
    return (
        f"  - id: {p.document}\n"
        f"    title: {json.dumps(p.title, ensure_ascii=False)}\n"
        f"    publisher: {json.dumps(p.name, ensure_ascii=False)}\n"
        "    published: 2025-09\n"
        "    data_drawn: null\n"
        "    url: null\n"
        f"    url_note: {json.dumps(p.url_note, ensure_ascii=False)}\n"
    )


def _rows(p: Paper) -> str:
    lines = [HEADER]
    for i, (kort, year, total, changed) in enumerate(p.figures):
        rate = rounded(Decimal(100 * changed) / total, 0)
        line = 10 + 3 * i
        lines += [
            f"{line},{p.name},{kort},{year},behandlet i alt,antal,{total}\n",
            f"{line + 1},{p.name},{kort},{year},omgjort,antal,{changed}\n",
            f"{line + 2},{p.name},{kort},{year},omgørelsesprocent,procent,{rate}\n",
        ]
    return "".join(lines)


def _mapping(p: Paper) -> str:
    kommune = json.dumps({p.name: p.code}, ensure_ascii=False)
    return f"""  - table: {p.document}/tal_i_teksten
    rows: {{kommune: kommune, kort: kort, aar: aar, udfald: udfald, measure: enhed}}
    row_label: "linje {{linje}}"
    measures: {{antal: antal_sager, procent: procent_trykt}}
    labels:
      kommune: {kommune}
      udfald: {{behandlet i alt: i_alt, omgjort: omgjort, omgørelsesprocent: omgjort}}
    columns:
      vaerdi: {{}}
"""
