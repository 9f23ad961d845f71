"""Shares computed by the build: denominator, exact percentage and a 95 % Wilson interval.

A denominator is always a count printed in the same extraction; where none is printed, no share and
no interval are published (the printed percentage stands alone). Computed column by column: the
percentage in exact integer arithmetic, the interval in the same floating-point steps as the
one-value functions below, rounded exactly as they round.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from omgoerelse.core.columns import with_gaps
from omgoerelse.core.errors import Problem, raise_if
from omgoerelse.core.formats import SMALL_DENOMINATOR
from omgoerelse.core.printed import denominator_ranges, half_units, scaled
from omgoerelse.declarations.specs import TableSpec
from omgoerelse.tidy.frame import SOURCE, counts, dimensions, matching, observation
from omgoerelse.tidy.keys import KeyNumbers

Z95 = 1.959963984540054  # the 97.5 % quantile of the standard normal distribution
HUNDREDTH = Decimal("0.01")


def percent(numerator: int, denominator: int) -> Decimal:
    """100 · numerator / denominator, rounded half up to two decimals as the documents round."""
    return _two_decimals(Fraction(100 * numerator, denominator))


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[Decimal, Decimal]:
    """The Wilson score interval for a proportion, in percent with two decimals."""
    if n <= 0 or not 0 <= successes <= n:
        raise ValueError(f"need 0 <= successes <= n and n > 0, got {successes} of {n}")
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return _two_decimals(max(0.0, centre - half) * 100), _two_decimals(
        min(1.0, centre + half) * 100
    )


def _two_decimals(x: Fraction | float) -> Decimal:
    if isinstance(x, Fraction):
        return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(
            HUNDREDTH, rounding=ROUND_HALF_UP
        )
    return Decimal(repr(x)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def percents(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """`percent` for whole columns, in hundredths: 10000 · numerator / denominator, half up."""
    q, r = np.divmod(10000 * numerator, denominator)
    return q + (2 * r >= denominator)


def wilson_intervals(
    successes: np.ndarray, n: np.ndarray, z: float = Z95
) -> tuple[np.ndarray, np.ndarray]:
    """`wilson_interval` for whole columns, in hundredths (the same float steps and rounding)."""
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return _hundredths(np.maximum(0.0, centre - half) * 100), _hundredths(
        np.minimum(1.0, centre + half) * 100
    )


def _hundredths(x: np.ndarray) -> np.ndarray:
    """Each float rounded as `_two_decimals` rounds it (its shortest decimal, half up), in
    hundredths.

    Away from a tie, the float's own rounding is the decimal's; the few values within a hair of a
    tie are rounded through their decimal text, exactly as the one-value function does."""
    scaled = x * 100
    whole = np.floor(scaled)
    out = (whole + (scaled - whole > 0.5)).astype(np.int64)
    for i in np.flatnonzero(np.abs(scaled - whole - 0.5) < 1e-6):
        out[i] = int(_two_decimals(float(x[i])).scaleb(2))
    return out


def as_percent_text(hundredths: np.ndarray) -> pd.Categorical:
    """Hundredths of a percent (0 to 10000) as decimal text with two decimals ("68.75", "0.00"): a
    categorical column over the 10,001 possible values, whose codes are the hundredths themselves.
    """
    return pd.Categorical.from_codes(hundredths, categories=PERCENT_TEXTS)


PERCENT_TEXTS = pd.Index([f"{h // 100}.{h % 100:02d}" for h in range(10001)], dtype="str")


def add_shares(
    spec: TableSpec, obs: pd.DataFrame, observed: dict[str, tuple[TableSpec, pd.DataFrame]], tables
) -> None:
    """naevner, procent_beregnet, ci95_nedre/oevre, lille_naevner where a denominator is printed."""
    rule = (spec.share or {}).get("denominator")
    if not rule or not len(obs):
        return
    problems: list[Problem] = []
    if "table" in rule:
        n, is_self = (
            _external(rule, obs, observed, tables, problems),
            np.zeros(len(obs), dtype=bool),
        )
    else:
        n, is_self = _internal(rule, spec, obs)
    numerator = counts(spec, obs)
    ok = np.array((n.notna() & numerator.notna() & (n.fillna(0) > 0)).to_numpy(), dtype=bool)
    printed = (
        obs["procent_trykt"].notna().to_numpy()
        if "procent_trykt" in obs
        else np.zeros(len(obs), dtype=bool)
    )
    # a total's share of itself is only shown where the source prints it
    ok &= ~(is_self & ~printed)
    too_big = ok & (numerator.fillna(0) > n.fillna(0)).to_numpy()
    for i in np.flatnonzero(too_big).tolist():
        path, line, column = observation(obs, i, tables).place(spec.count)
        problems.append(
            Problem(
                path,
                f"count {numerator.iat[i]} is larger than its denominator {n.iat[i]}",
                line,
                column,
            )
        )
    raise_if(problems)
    num, den = (
        numerator.to_numpy(dtype=np.int64, na_value=0)[ok],
        n.to_numpy(dtype=np.int64, na_value=0)[ok],
    )
    low, high = wilson_intervals(num, den)
    denominator = np.zeros(len(obs), dtype=np.int64)
    denominator[ok] = den
    obs["naevner"] = with_gaps(denominator, ok)
    for name, values in (
        ("procent_beregnet", percents(num, den)),
        ("ci95_nedre", low),
        ("ci95_oevre", high),
    ):
        hundredths = np.full(len(obs), -1, dtype=np.int64)
        hundredths[ok] = values
        obs[name] = as_percent_text(hundredths)
    small, known = denominator < SMALL_DENOMINATOR, ok.copy()
    bounded = _bounded_small(spec, obs, numerator, ~ok)
    small[bounded.notna().to_numpy()] = bounded.dropna().to_numpy(dtype=bool)
    known |= bounded.notna().to_numpy()
    obs["lille_naevner"] = with_gaps(small, known)


def _bounded_small(
    spec: TableSpec, obs: pd.DataFrame, numerator: pd.Series, unknown: np.ndarray
) -> pd.Series:
    """Where no denominator is printed, whether the printed count and percentage prove it small
    (one reason printed as 100 % of the cases can only be one case): True where every denominator
    that fits is under SMALL_DENOMINATOR, False where none is, missing where both could be."""
    result = pd.Series(pd.array([None] * len(obs), dtype="boolean"))
    if "procent_trykt" not in obs:
        return result
    rows = np.flatnonzero(
        unknown & numerator.notna().to_numpy() & obs["procent_trykt"].notna().to_numpy()
    )
    if not len(rows):
        return result
    printed = obs["procent_trykt"].take(rows)
    low, high = denominator_ranges(
        numerator.take(rows).to_numpy(dtype=np.int64), scaled(printed), half_units(printed)
    )
    # a count is never above its denominator
    low = np.maximum(low, numerator.take(rows).to_numpy(dtype=np.float64))
    result.iloc[rows[high < SMALL_DENOMINATOR]] = True
    result.iloc[rows[low >= SMALL_DENOMINATOR]] = False
    return result


def _internal(rule: dict, spec: TableSpec, obs: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    """Denominator in the same printed table: the row with the rule's codes and otherwise equal
    dimensions (the last such row, if a key were given twice); and whether that row is the
    observation itself."""
    keys = KeyNumbers.of(obs, [SOURCE, *dimensions(spec)])
    rows = np.arange(len(obs))
    wanted = keys.with_codes(rows, rule)
    at = keys.find(wanted) if wanted is not None else np.full(len(obs), -1)
    hit = at >= 0
    count = counts(spec, obs)
    values, known = count.to_numpy(dtype=np.int64, na_value=0), count.notna().to_numpy()
    return pd.Series(with_gaps(np.where(hit, values[at], 0), hit & known[at])), hit & (at == rows)


def _external(
    rule: dict, obs: pd.DataFrame, observed, tables, problems: list[Problem]
) -> pd.Series:
    """Denominator in another emitted table, matched on the rule's fields; two counts: an error."""
    other_spec, other = observed[rule["table"]]
    chosen = matching(other, rule.get("where"))
    match = rule["match"]
    candidates = other.loc[chosen, match].copy()
    candidates["_count"] = counts(other_spec, other)[chosen]
    candidates["_source"] = other.loc[chosen, SOURCE]
    distinct = candidates.dropna(subset=["_count"]).drop_duplicates([*match, "_count"])
    per_key = (
        distinct.groupby(match, dropna=False, sort=False)["_count"]
        .agg(["first", "size"])
        .reset_index()
    )
    wanted = pd.DataFrame(
        {f: (obs[f] if f in obs else pd.Series([None] * len(obs))) for f in match}
    )
    hit = wanted.merge(per_key, on=match, how="left")
    ambiguous = (hit["size"] > 1).fillna(False).to_numpy()
    for i in np.flatnonzero(ambiguous).tolist():
        same = np.ones(len(candidates), dtype=bool)
        for f in match:
            same &= (candidates[f] == wanted[f].iat[i]).fillna(False).to_numpy()
        found = candidates[same]
        sources = ", ".join(
            f"{tables[s].number}={'None' if pd.isna(c) else c}"
            for s, c in zip(found["_source"], found["_count"], strict=True)
        )
        path, line, _ = observation(obs, i, tables).place()
        problems.append(Problem(path, f"ambiguous denominator in {rule['table']}: {sources}", line))
    return hit["first"].where(~ambiguous).astype("Int64")
