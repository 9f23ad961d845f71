"""A page for every municipality with its own figures in the map table, and the list of them."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from omgoerelse.core.formats import danish_number, rounded
from omgoerelse.declarations.registry import Registry, slug
from omgoerelse.publish import emit
from omgoerelse.site import charts, templating
from omgoerelse.site.display import Rows


def write_municipality_pages(
    folder: Path,
    maps: emit.Table,
    rows: Rows,
    registry: Registry,
    figure: Callable[[str, str], str] = lambda name, root: "",
) -> None:
    """A page for every municipality with its own figures in the map table, at
    kommuner/<code>-<name>/, with its own chart (the map table's trend drawn with only its points:
    `own_chart`), and the list of them."""
    own = [
        name
        for name, trend in zip(
            charts.trend_names(maps.spec.name, maps.spec), maps.spec.trends, strict=True
        )
        if (trend.get("points") or {}).get("own_chart")
    ]
    # the name the municipality's own paper prints ("Norddjurs Kommune"), else the register's
    names = {
        c.kode: (c.trykt[0] if c.trykt else c.navn)
        for c in registry.codelists["kommune"].codes.values()
    }
    codes = sorted({r["kommune"] for r in maps.rows if r["kommune"] != NATIONAL})
    listed = []
    for code in codes:
        name = names.get(code, code)
        path = f"{code}-{slug(name.removesuffix(' Kommune'))}.md"
        listed.append({"name": name, "path": path})
        drawn = "\n\n".join(figure(f"{trend}/{code}", "../../") for trend in own)
        (folder / path).write_text(
            municipality_page(code, name, rows, registry, drawn), encoding="utf-8"
        )
    (folder / "index.md").write_text(
        templating.render("kommuner.md", municipalities=listed), encoding="utf-8"
    )


NATIONAL = "hele_landet"


def municipality_page(
    code: str, name: str, rows: Rows, registry: Registry, figure: str = ""
) -> str:
    """One municipality's rates on each map, year by year, beside the country's newest figure."""
    own = [
        r for r in rows.rows("danmarkskort", kommune=code, udfald="omgjort") if r.raw.get("naevner")
    ]
    maps: list[dict[str, Any]] = []
    for kort in sorted({r.raw["kort"] for r in own}):
        years: list[dict[str, Any]] = []
        for r in sorted((r for r in own if r.raw["kort"] == kort), key=lambda r: r.raw["aar"]):
            national = rows.rows(
                "danmarkskort",
                kommune=NATIONAL,
                kort=kort,
                aar=r.raw["aar"],
                udfald="omgjort",
                nyeste=True,
            )
            points = danish_number(rounded(Decimal(100) / r.raw["naevner"], 0))
            years.append(
                {"own": r, "national": national[0] if national else None, "points": points}
            )
        last_two = [y["own"].raw for y in years[-2:]]
        overlap = (
            len(last_two) == 2
            and all(x.get("ci95_nedre") is not None for x in last_two)
            and (
                last_two[0]["ci95_nedre"] <= last_two[1]["ci95_oevre"]
                and last_two[1]["ci95_nedre"] <= last_two[0]["ci95_oevre"]
            )
        )
        law_change = kort == "boernehandicap" and {y["own"].raw["aar"] for y in years} >= {
            2023,
            2024,
        }
        maps.append(
            {
                "name": years[0]["own"].navn("kort"),
                "years": years,
                "overlap": overlap,
                "law_change": law_change,
            }
        )
    # the years whose count of reversed cases the project added up from the printed parts
    computed = [
        y["own"] for m in maps for y in m["years"] if y["own"].raw.get("antal_sager") is None
    ]
    return templating.render(
        "kommune.md",
        name=name,
        maps=maps,
        computed=computed,
        dataset=registry.dataset,
        figure=figure,
    )
