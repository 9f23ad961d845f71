"""Columns in their field's type: what the tidy stage makes and the publish stage writes.

A field's type in the registry (integer, boolean, number, string, date) is one pandas type here:
numbers stay the decimal text they were printed or computed as ("44.9", "68.75").
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa

PandasType = Literal["Int64", "boolean", "str"]
PANDAS_TYPES: dict[str, PandasType] = {
    "integer": "Int64",
    "boolean": "boolean",
    "number": "str",
    "string": "str",
    "date": "str",
}


def as_field_type(column: pd.Series, kind: str) -> pd.Series:
    """A column in its field's type (PANDAS_TYPES); text may stay categorical (codes into its
    distinct values), which a million rows of repeated codes and labels need."""
    if kind not in ("integer", "boolean") and isinstance(column.dtype, pd.CategoricalDtype):
        return column
    return column.astype(PANDAS_TYPES[kind])


def empty_column(rows: int, kind: str):
    """A column of the field's type with no values."""
    if PANDAS_TYPES[kind] == "str":
        return pa.nulls(rows, pa.large_string()).to_pandas()  # no Python object per row
    return with_gaps(
        np.zeros(rows, dtype=bool if kind == "boolean" else np.int64), np.zeros(rows, dtype=bool)
    )


def with_gaps(values: np.ndarray, known: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Whole numbers (Int64) or truth values (boolean), missing where not `known`: made from numpy
    arrays, where a list of Python objects took half a second at a million rows."""
    kind = pd.arrays.BooleanArray if values.dtype == bool else pd.arrays.IntegerArray
    return kind(values if values.dtype == bool else values.astype(np.int64, copy=False), ~known)
