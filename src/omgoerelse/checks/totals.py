"""Parts add up to their printed total, in whole numbers, within printed percentages' rounding."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

from omgoerelse.checks.failures import Failure, reported
from omgoerelse.core.printed import SCALE_DECIMALS, half_units, scaled
from omgoerelse.tidy.frame import SOURCE, dimensions, observation
from omgoerelse.tidy.keys import SortedNumbers, groups


def sum_to_total(spec, obs, ctx, dimension, tables=None, measure=None):
    """Within a printed table (or the listed tables of one document), parts add up to each total.

    For a rounded percentage (measure: procent_trykt) the sum may miss by the parts' and the total's
    rounding: half a unit of the last printed decimal each. Worked in whole numbers throughout:
    codes for the dimension's values, and the parts of a total looked up by (group, code).
    """
    measure = measure or spec.count
    codelist = ctx.registry.codelist_of(dimension)
    others = [d for d in dimensions(spec) if d != dimension]
    chosen = obs[SOURCE].isin(tables).to_numpy() if tables else np.ones(len(obs), dtype=bool)
    frame = obs.loc[chosen, ["kilde_dokument", SOURCE, *others, measure]].reset_index(drop=True)
    frame["_at"] = np.flatnonzero(chosen)
    frame["_code"], names = pd.factorize(obs.loc[chosen, dimension])
    names = list(names)
    if tables:
        frame[SOURCE] = None  # the listed tables of one document form one group
    frame["_group"] = groups(frame, ["kilde_dokument", SOURCE, *others])
    frame = frame.drop_duplicates(["_group", "_code"])  # the first row with a code stands for it
    percent = measure != spec.count
    known = frame[measure].notna().to_numpy()
    frame["_value"] = np.where(
        known,
        scaled(frame[measure]) if percent else frame[measure].fillna(0).to_numpy(dtype=np.int64),
        0,
    )
    frame["_slack"] = np.where(known, half_units(frame[measure]), 0) if percent else 0
    frame["_known"] = known
    # The parts of a total depend only on which codes its group has: worked out once per distinct
    # set, each set known by a sum of random 64-bit numbers, one per code (a collision is not to be
    # met).
    weights = np.random.default_rng(0).integers(1, 2**62, size=len(names) + 1, dtype=np.int64)
    frame["_set"] = (
        pd.Series(weights[frame["_code"].to_numpy() + 1], index=frame.index)
        .groupby(frame["_group"])
        .transform("sum")
    )
    summing = codelist.aggregates()
    aggregate = [i for i, k in enumerate(names) if k in summing]
    totals = frame[known & np.isin(frame["_code"].to_numpy(), aggregate)]
    if not len(totals):
        return 0, []
    present = frame.drop_duplicates(["_set", "_code"])
    sets = {
        code_set: {names[c] for c in group["_code"] if c >= 0}
        for code_set, group in present.groupby("_set")
    }
    plans, planned, position = [], {}, {k: i for i, k in enumerate(names)}
    for total, code_set in totals[["_code", "_set"]].drop_duplicates().itertuples(index=False):
        parts, _ = planned[total, code_set] = codelist.partition(names[total], sets[code_set])
        if parts:  # column by column: a total of a derived code list has 200,000 parts
            plans.append(
                pd.DataFrame(
                    {"_code": total, "_set": code_set, "_part": [position[part] for part in parts]}
                )
            )
    if not plans:
        return 0, []
    # A row per (total, part) holds only keys (at a million rows the full join held 100 MB more);
    # the figures are looked up by position: a part by its (group, code) as one whole number.
    link = totals[["_code", "_set", "_group", "_at"]].merge(
        pd.concat(plans, ignore_index=True), on=["_code", "_set"]
    )
    width = len(names) + 1
    at = SortedNumbers(frame["_group"].to_numpy() * width + frame["_code"].to_numpy() + 1).find(
        link["_group"].to_numpy() * width + link["_part"].to_numpy() + 1
    )
    hit = at >= 0
    per_total = (
        pd.DataFrame(
            {
                "_at": link["_at"].to_numpy(),
                "known": np.where(hit, frame["_value"].to_numpy()[at], 0),
                "all_known": hit & frame["_known"].to_numpy()[at],
                "slack": np.where(hit, frame["_slack"].to_numpy()[at], 0),
            }
        )
        .groupby("_at", sort=False)
        .agg(known=("known", "sum"), all_known=("all_known", "all"), slack=("slack", "sum"))
    )
    own = totals.set_index("_at").loc[per_total.index]
    plan_of = [
        planned[code, code_set] for code, code_set in zip(own["_code"], own["_set"], strict=True)
    ]
    complete = (
        np.array([covers for _, covers in plan_of], dtype=bool) & per_total["all_known"].to_numpy()
    )
    found, known = own["_value"].to_numpy(), per_total["known"].to_numpy()
    slack = (per_total["slack"].to_numpy() + own["_slack"].to_numpy()) if percent else 0
    bad = (complete & (np.abs(known - found) > slack)) | (~complete & (known > found + slack))
    failures = []
    for i in np.flatnonzero(bad):
        row = int(per_total.index[i])
        shown = _unscaled(known[i]) if percent else int(known[i])
        relation = "sum to" if complete[i] else "known parts already sum to"
        failures.append(
            Failure(
                "sum_to_total",
                spec.name,
                observation(obs, row, ctx.tables),
                measure,
                shown,
                reported(measure, obs[measure].iat[row]),
                f"{dimension} '{obs[dimension].iat[row]}': parts {', '.join(plan_of[i][0])} "
                f"{relation} {shown}",
            )
        )
    failures.sort(key=lambda f: (f.obs.line, str(f)))
    return len(per_total), failures


def _unscaled(value: int) -> Decimal:
    return Decimal(int(value)).scaleb(-SCALE_DECIMALS).normalize()
