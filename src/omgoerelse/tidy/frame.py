"""The observation frame: its internal columns, a row as an Observation for messages, the helpers
that read it (the fields that identify a row, row selections, counts, values as plain Python), and
text kept as codes into its distinct values (categorical columns)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from omgoerelse.core.columns import with_gaps
from omgoerelse.declarations.specs import TableSpec
from omgoerelse.sources.transcriptions import SourceTable

PROVENANCE = ("kilde_dokument", "kilde_tabel")
SOURCE, LINE, DERIVED = "_source", "_line", "_derived"  # internal columns: never emitted


def line_of(measure: str) -> str:
    return f"_line:{measure}"


def column_of(measure: str) -> str:
    return f"_col:{measure}"


@dataclass
class Observation:
    """One observation, for a message: its values and where its figures stand."""

    values: dict[str, object]
    source: SourceTable
    cells: dict[str, tuple[int, str]]  # measure field -> (line, transcription column)
    line: int

    def place(self, measure: str | None = None) -> tuple[str, int, str | None]:
        """Where a figure stands: (file, line, transcription column)."""
        cell = self.cells.get(measure) if measure else None
        if cell is None:
            return (str(self.source.path), self.line, None)
        return (str(self.source.path), cell[0], cell[1])


def observation(obs: pd.DataFrame, i: int, tables: dict[str, SourceTable]) -> Observation:
    """Row `i` (by position) of an observation frame, as an Observation."""
    row = obs.iloc[i]
    values = {
        str(k): (None if missing(v) else v) for k, v in row.items() if not str(k).startswith("_")
    }
    cells = {
        k.removeprefix("_line:"): (int(row[k]), row[column_of(k.removeprefix("_line:"))])
        for k in row.index
        if k.startswith("_line:") and not missing(row[k])
    }
    return Observation(values, tables[row[SOURCE]], cells, int(row[LINE]))


def missing(value: object) -> bool:
    """Whether a cell holds no value (None, pandas' NA or NaN)."""
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def dimensions(spec: TableSpec) -> list[str]:
    """The fields that identify an observation within one printed table."""
    return [f for f in spec.primary_key if f not in PROVENANCE]


def matching(frame: pd.DataFrame, values: dict | None) -> np.ndarray:
    """Which rows have all the given values (field -> value); every row if none are given."""
    chosen = np.ones(len(frame), dtype=bool)
    for k, v in (values or {}).items():
        chosen &= (frame[k] == v).fillna(False).to_numpy()
    return chosen


def counts(spec: TableSpec, obs: pd.DataFrame) -> pd.Series:
    """Each observation's count: printed, or summed from its parts where not printed."""
    return obs[spec.count].fillna(obs[DERIVED])


class Categories:
    """The distinct values of one field, each with a whole-number code (None: -1)."""

    def __init__(self, values=()):
        self.values = list(values)
        self.index = {v: i for i, v in enumerate(self.values)}

    def code(self, value: object) -> int:
        if value is None:
            return -1
        if value not in self.index:
            self.index[value] = len(self.values)
            self.values.append(value)
        return self.index[value]

    def decode(self, codes: np.ndarray, kind: str):
        """Codes as a column of the field's type: Int64 for whole numbers, else categorical text."""
        if kind == "integer":
            return with_gaps(
                np.append(np.asarray(self.values, dtype=np.int64), 0)[codes], codes >= 0
            )
        return categorical(codes, self.values)


def categorical(codes: np.ndarray, values: list) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=pd.Index(values, dtype="str"))


def plain(values: dict) -> dict:
    """Values as Python objects for a message: None for missing, int for numpy integers."""
    return {k: plain_value(v) for k, v in values.items()}


def plain_value(value: object) -> object:
    return None if missing(value) else value.item() if hasattr(value, "item") else value
