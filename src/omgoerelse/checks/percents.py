"""Printed percentages against the counts: each rounds from its exact share, and where no
denominator is printed, a row's shares can all come from one number of cases."""

from __future__ import annotations

import numpy as np
import pandas as pd

from omgoerelse.checks.failures import Failure, decimal
from omgoerelse.core.printed import SCALE_DECIMALS, denominator_ranges, half_units, scaled
from omgoerelse.tidy.frame import SOURCE, counts, dimensions, observation


def percent_matches_counts(spec, obs, ctx):
    """A printed percentage lies within half a unit of its last decimal of the exact share."""
    if "procent_trykt" not in obs or "naevner" not in obs:
        return 0, []
    count = counts(spec, obs)
    chosen = (obs["procent_trykt"].notna() & obs["naevner"].notna() & count.notna()).to_numpy()
    printed, n, c = (
        obs["procent_trykt"][chosen],
        obs["naevner"][chosen].to_numpy(dtype=np.int64),
        count[chosen].to_numpy(dtype=np.int64),
    )
    bad = ~printed_percent_fits(c, n, printed)
    failures = []
    for i in np.flatnonzero(bad):
        at = int(np.flatnonzero(chosen)[i])
        o = observation(obs, at, ctx.tables)
        exact = 100 * int(c[i]) / int(n[i])
        failures.append(
            Failure(
                "percent_matches_counts",
                spec.name,
                o,
                "procent_trykt",
                decimal(o.values["procent_beregnet"]),
                decimal(printed.iat[i]),
                f"{c[i]} of {n[i]} is {exact:.2f} %, which does not round to the printed "
                f"{decimal(printed.iat[i])}",
            )
        )
    return int(chosen.sum()), failures


def printed_percent_fits(count: np.ndarray, n: np.ndarray, printed: pd.Series) -> np.ndarray:
    """Whether 100·count/n lies within half a unit of the printed percentage's last decimal,
    exactly: |100·c/n − p| ≤ h  ⇔  |100·c·S − p·S·n| ≤ h·S·n, in whole numbers (S: the scale
    of `scaled`)."""
    return np.abs(100 * count * 10**SCALE_DECIMALS - scaled(printed) * n) <= half_units(printed) * n


def shares_have_common_denominator(spec, obs, ctx, dimension):
    """With no printed denominator: one whole number of cases fits every printed share of a row."""
    others = [d for d in dimensions(spec) if d != dimension]
    count = counts(spec, obs)
    chosen = (obs["naevner"].isna() & obs["procent_trykt"].notna() & count.notna()).to_numpy()
    frame = obs.loc[chosen, [SOURCE, *others]].copy()
    frame["_at"] = np.flatnonzero(chosen)
    frame["_count"] = count[chosen].to_numpy(dtype=np.int64)
    printed = obs["procent_trykt"][chosen]
    low, high = denominator_ranges(frame["_count"].to_numpy(), scaled(printed), half_units(printed))
    frame["_low"], frame["_high"] = low, high
    group = frame.groupby([SOURCE, *others], sort=False, dropna=False)
    frame["_start"] = group["_count"].transform("max")
    lowest = np.maximum(group["_low"].cummax().to_numpy(), frame["_start"].to_numpy())
    highest = group["_high"].cummin().to_numpy()
    frame["_broken"] = lowest > highest
    first_broken = frame[frame["_broken"]].drop_duplicates(subset=[SOURCE, *others])
    failures = []
    for at in first_broken["_at"]:
        o = observation(obs, int(at), ctx.tables)
        printed_value = decimal(obs["procent_trykt"].iat[int(at)])
        failures.append(
            Failure(
                "shares_have_common_denominator",
                spec.name,
                o,
                "procent_trykt",
                None,
                printed_value,
                f"no number of cases gives both this share ({int(count.iat[int(at)])} → "
                f"{printed_value} %) and the row's other shares",
            )
        )
    return group.ngroups, failures
