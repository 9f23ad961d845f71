"""Printed decimals in exact integer arithmetic: "44.9" as 44900 thousandths, with half a unit of
its last decimal as the room its rounding leaves, and the denominators a rounded percentage allows.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

SCALE_DECIMALS = 3  # printed decimals are scaled by 10**3 (sources print at most two)


def scaled(text: pd.Series) -> np.ndarray:
    """Decimal text ("44.9", "69") as whole numbers of 10**-SCALE_DECIMALS (0 where missing)."""
    return per_distinct(text, lambda t: int(Decimal(t).scaleb(SCALE_DECIMALS)))


def half_units(text: pd.Series) -> np.ndarray:
    """Half a unit of each printed value's last decimal, in the same scale (0.5: 500, 0.05: 50)."""
    return per_distinct(text, lambda t: 5 * 10 ** (SCALE_DECIMALS - 1 + exponent(Decimal(t))))


def exponent(value: Decimal) -> int:
    """The exponent of a decimal's last digit (44.9: -1); a printed or computed number is finite."""
    found = value.as_tuple().exponent
    if not isinstance(found, int):
        raise ValueError(f"not a finite number: {value}")
    return found


def as_floats(text: pd.Series) -> np.ndarray:
    """Decimal text as floats (NaN where missing), each distinct text converted once."""
    codes, distinct = pd.factorize(text)
    return np.append(np.array([float(t) for t in distinct], dtype=np.float64), np.nan)[codes]


def per_distinct(text: pd.Series, f) -> np.ndarray:
    """f of each text, once per distinct text (printed percentages repeat); 0 where missing."""
    codes, distinct = pd.factorize(text)
    return np.append(np.array([f(t) for t in distinct], dtype=np.int64), 0)[codes]


def denominator_ranges(
    count: np.ndarray, printed: np.ndarray, half: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The whole numbers N for which 100·count/N rounds to the printed percentage, as (lowest,
    highest); printed and half in the scale of `scaled`. Infinity is a large float."""
    s = 10**SCALE_DECIMALS
    top = 100 * count * s
    low = np.where(count == 0, np.where(printed <= half, 0.0, np.inf), -(-top // (printed + half)))
    above = printed > half
    high = np.where(
        count == 0,
        np.where(printed <= half, np.inf, 0.0),
        np.where(above, top // np.where(above, printed - half, 1), np.inf),
    )
    return low.astype(np.float64), high.astype(np.float64)
