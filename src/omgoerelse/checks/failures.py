"""What a check is given besides its own table, and what it reports: a failure that names the
printed cell (file, line, column) and both numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from omgoerelse.declarations.registry import Registry
from omgoerelse.declarations.specs import TableSpec
from omgoerelse.sources.transcriptions import SourceTable
from omgoerelse.tidy.frame import Observation


@dataclass
class Context:
    """What a check may look at besides its own table."""

    registry: Registry
    observed: dict[str, tuple[TableSpec, pd.DataFrame]] = field(default_factory=dict)
    # the printed tables, for places in messages
    tables: dict[str, SourceTable] = field(default_factory=dict)


@dataclass
class Failure:
    check: str
    table: str
    obs: Observation
    measure: str | None
    expected: object
    found: object
    message: str

    def key(self) -> tuple:
        """What identifies the failing figure in the discrepancy register."""
        v = self.obs.values
        column = (
            self.obs.source.printed_header(self.obs.cells[self.measure][1])
            if self.measure in self.obs.cells
            else v["kilde_kolonne"]
        )
        return (
            self.table,
            self.check,
            v["kilde_dokument"],
            v["kilde_tabel"],
            v["kilde_raekke"],
            column,
        )

    def __str__(self) -> str:
        path, line, column = self.obs.place(self.measure)
        where = f"{path}:{line}" + (f" column '{column}'" if column else "")
        return (
            f"{where}: {self.table}: {self.check}: {self.message} "
            f"(expected {self.expected}, found {self.found})"
        )


def number(value: object) -> object:
    """A numpy scalar as the Python number it holds; anything else as it is."""
    return value.item() if hasattr(value, "item") else value


def decimal(text: str) -> Decimal:
    """A printed decimal (text) as a Decimal."""
    return Decimal(text)


def reported(field_name: str, value):
    """A value as the checks report it: printed decimals as Decimal, whole numbers as int."""
    return (
        decimal(value)
        if isinstance(value, str) and field_name in ("procent_trykt",)
        else number(value)
    )
