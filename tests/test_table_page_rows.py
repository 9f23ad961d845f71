"""What a table's page says above its rows: which rows it shows and what they all have in common."""

from __future__ import annotations

from types import SimpleNamespace

from omgoerelse.site import templating
from omgoerelse.site.datatables import PAGE_ROWS, page_rows


def said(rows: list[dict], where: dict | None = None, constant: list | None = None) -> str:
    _, selection = page_rows(SimpleNamespace(rows=rows), where, None)
    return templating.render("tabel_udvalg.md", selection=selection, constant=constant or [])


def invented(n: int) -> list[dict]:
    """Rows for the test only: one in ten is a reversed case."""
    return [{"udfald": "omgjort" if i % 10 == 0 else "i_alt", "i": i} for i in range(n)]


def test_counts_above_a_thousand_are_grouped_with_a_dot():
    assert said(invented(1500)) == (
        f"Tabellen viser de første {PAGE_ROWS} af 1.500 rækker; alle er i filerne nedenfor.\n\n"
    )
    assert said(invented(1500), where={"udfald": "omgjort"}) == (
        "Tabellen viser de 150 rækker, grafen bygger på; alle 1.500 rækker er i filerne "
        "nedenfor.\n\n"
    )


def test_what_every_row_shown_has_follows_in_the_same_paragraph():
    constant = [{"title": "År", "value": "2024"}, {"title": "Udfald", "value": "Omgjort"}]
    assert said(invented(1500), {"udfald": "omgjort"}, constant).startswith(
        "Tabellen viser de 150 rækker, grafen bygger på; alle 1.500 rækker er i filerne nedenfor. "
        "Alle rækkerne har år 2024; udfald Omgjort.\n\n"
    )
    assert said(invented(3), constant=constant) == "Alle rækkerne har år 2024; udfald Omgjort.\n\n"
    assert said(invented(3)) == ""  # every row shown, none alike: nothing to say
