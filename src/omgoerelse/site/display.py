"""Rows as a page shows them: the numbers in Danish formats, the codes with their names.

Templates ask for rows by table and values (`row("danmarkskort", kommune="707", ...)`) and get a
`Shown` row whose attributes are ready to print: `procent` (one decimal, or as printed), `andel`
("4 af 13 sager (31 %)"), `interval` ("13–58 %"), a field by name (`r.antal_sager`: "17.305") and
a code's name (`r.navn("kort")`). The raw values stay in `r.raw` for comparisons.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from omgoerelse.core.formats import (
    SMALL_DENOMINATOR,
    count_first,
    danish_date,
    danish_number,
    danish_percent,
    danish_range,
)
from omgoerelse.declarations.registry import Registry
from omgoerelse.publish.emit import Table
from omgoerelse.tidy.shares import percent


class Shown:
    """One row for a page."""

    def __init__(self, raw: dict, names: dict[str, dict[str, str]]):
        self.raw, self._names = raw, names

    def __getattr__(self, name: str) -> str:
        if name.startswith("_") or name not in self.raw:
            raise AttributeError(name)
        return show(self.raw[name], name)

    def navn(self, field: str) -> str:
        """The name of the row's code in `field` (the code itself where the list has no name)."""
        code = self.raw.get(field)
        if code is None:
            return ""
        return self._names.get(field, {}).get(code, str(code))

    @property
    def procent(self) -> str:
        """The share: computed from the counts with one decimal where it can be, else as printed."""
        computed, printed = self.raw.get("procent_beregnet"), self.raw.get("procent_trykt")
        if computed is not None:
            return danish_percent(computed, decimals=0 if self.small else 1)
        return danish_percent(printed, printed=True) if printed is not None else "ikke oplyst"

    @property
    def andel(self) -> str:
        """ "4 af 13 sager (31 %)" where the counts are known, else the share alone."""
        count = self.raw.get("antal_sager")
        if (
            count is None
            and self.raw.get("naevner") is not None
            and self.raw.get("procent_beregnet") is not None
        ):
            count = _count_from(self.raw)
        if count is None or self.raw.get("naevner") is None:
            return self.procent
        return count_first(count, self.raw["naevner"], self.raw.get("procent_beregnet"))

    @property
    def interval(self) -> str:
        return danish_range(
            self.raw.get("ci95_nedre"),
            self.raw.get("ci95_oevre"),
            "ikke beregnet",
            decimals=0 if self.small else 1,
        )

    @property
    def small(self) -> bool:
        n = self.raw.get("naevner")
        return bool(self.raw.get("lille_naevner")) or (n is not None and n < SMALL_DENOMINATOR)


def _count_from(raw: dict) -> int | None:
    """The count behind a computed share where the count is not printed (the build summed it from
    its parts, e.g. omgjort = hjemvist + ændret/ophævet): the one whole number whose share it is,
    exactly."""
    n, share = raw["naevner"], Decimal(str(raw["procent_beregnet"]))
    count = int((share * n / 100).to_integral_value())
    return count if percent(count, n) == share else None


def show(value: object, field: str = "") -> str:
    """Any value as a page prints it: 17.305, 44,9, ja, 11. september 2025, "" for a gap."""
    if value is None:
        return ""
    if field == "aar" or (
        isinstance(value, int)
        and not isinstance(value, bool)
        and 1900 < value < 2100
        and field.endswith("aar")
    ):
        return str(value)
    if isinstance(value, dt.date):
        return danish_date(value)
    if field.startswith("procent") or field.startswith("ci95"):
        return danish_percent(value, printed=field == "procent_trykt")
    return danish_number(value)


class Rows:
    """Every emitted table's rows, shown; what templates select rows from."""

    def __init__(self, tables: dict[str, Table], registry: Registry):
        self.tables, self.registry = tables, registry
        self._indexes: dict[tuple[str, tuple[str, ...]], dict[tuple, list[dict]]] = {}
        self._names = {
            f: registry.codelists[d["codelist"]].names()
            for f, d in registry.fields.items()
            if d.get("codelist") in registry.codelists
        }

    def rows(self, table: str, **where: object) -> list[Shown]:
        """The table's rows with the given values, in the table's order."""
        fields = tuple(sorted(where))
        found = self._index(table, fields).get(tuple(where[f] for f in fields), [])
        return [Shown(r, self._names) for r in found]

    def _index(self, table: str, fields: tuple[str, ...]) -> dict[tuple, list[dict]]:
        """The table's rows by their values in `fields`, made once: a page per municipality asks
        for a few rows each, and a scan of the whole table each time grew with the square of the
        municipalities."""
        key = (table, fields)
        if key not in self._indexes:
            index: dict[tuple, list[dict]] = {}
            for r in self.tables[table].rows:
                index.setdefault(tuple(r.get(f) for f in fields), []).append(r)
            self._indexes[key] = index
        return self._indexes[key]

    def shown(self, raw: dict) -> Shown:
        return Shown(raw, self._names)

    def row(self, table: str, **where: object) -> Shown:
        """The one row with the given values: a template that matches none or several is an
        error."""
        found = self.rows(table, **where)
        if len(found) != 1:
            raise ValueError(f"{table}: {where} matches {len(found)} rows, not one")
        return found[0]
