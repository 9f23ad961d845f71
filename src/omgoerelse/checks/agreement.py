"""A figure printed twice agrees with itself: in two tables of one extraction, and in another
emitted table that gives the same figure."""

from __future__ import annotations

import numpy as np
import pandas as pd

from omgoerelse.checks.failures import Failure, number, reported
from omgoerelse.tidy.frame import SOURCE, dimensions, matching, observation


def same_figure_agrees(spec, obs, ctx):
    """Two printed tables of one extraction that give the same figure give the same value."""
    key = ["kilde_dokument", *dimensions(spec)]
    repeated = np.flatnonzero(obs.duplicated(key, keep=False).to_numpy())
    groups: dict[tuple, list[int]] = {}
    for i in repeated:
        groups.setdefault(tuple(number(obs[k].iat[i]) for k in key), []).append(int(i))
    failures, compared = [], 0
    for group in groups.values():
        first = group[0]
        for other in group[1:]:
            for measure in [m for m in (spec.count, "procent_trykt") if m in spec.fields]:
                a, b = obs[measure].iat[first], obs[measure].iat[other]
                if pd.isna(a) or pd.isna(b):
                    continue
                compared += 1
                if reported(measure, a) != reported(measure, b):
                    failures.append(
                        Failure(
                            "same_figure_agrees",
                            spec.name,
                            observation(obs, other, ctx.tables),
                            measure,
                            reported(measure, a),
                            reported(measure, b),
                            f"{measure} differs from {ctx.tables[obs[SOURCE].iat[first]].number} "
                            "in the same extraction",
                        )
                    )
    return compared, failures


def agrees_with(spec, obs, ctx, table, match, where=None, other_where=None):
    """A count shared with another emitted table of the same extraction is the same in both."""
    other_spec, other = ctx.observed[table]
    theirs = other[["kilde_dokument", *match]].copy()
    theirs["_theirs"] = other[other_spec.count]
    theirs["_source"] = other[SOURCE]
    keep = theirs["_theirs"].notna().to_numpy() & matching(other, other_where)
    mine = obs[["kilde_dokument", *match]].copy()
    mine["_mine"], mine["_at"] = obs[spec.count], np.arange(len(obs))
    chosen = mine["_mine"].notna().to_numpy() & matching(obs, where)
    pairs = mine[chosen].merge(theirs[keep], on=["kilde_dokument", *match], how="inner", sort=False)
    pairs = pairs.sort_values("_at", kind="stable")
    bad = (pairs["_mine"] != pairs["_theirs"]).to_numpy()
    failures = [
        Failure(
            "agrees_with",
            spec.name,
            observation(obs, int(at), ctx.tables),
            spec.count,
            number(t),
            number(m),
            f"{ctx.tables[s].number} ({table}) gives {number(t)} for the same figure",
        )
        for at, m, t, s in zip(
            pairs["_at"][bad],
            pairs["_mine"][bad],
            pairs["_theirs"][bad],
            pairs["_source"][bad],
            strict=True,
        )
    ]
    return len(pairs), failures
