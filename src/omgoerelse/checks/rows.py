"""The checks every table gets: each row has its own key, and every value keeps its field's
constraints (minimum, maximum, allowed values)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from omgoerelse.checks.failures import Failure, reported
from omgoerelse.core.printed import as_floats
from omgoerelse.tidy.frame import observation, plain


def unique_key(spec, obs, ctx):
    key = [f for f in spec.primary_key]
    twice = obs.duplicated(key, keep=False).to_numpy()
    failures = []
    if twice.any():
        first_at = {}
        for i in np.flatnonzero(twice):
            k = tuple(plain({f: obs[f].iat[i]}).popitem()[1] for f in key)
            if k not in first_at:
                first_at[k] = i
                continue
            first = observation(obs, first_at[k], ctx.tables)
            failures.append(
                Failure(
                    "unique_key",
                    spec.name,
                    observation(obs, i, ctx.tables),
                    None,
                    f"one row (first at line {first.line})",
                    "a second row",
                    f"duplicate key {plain(dict(zip(key, k, strict=True)))}",
                )
            )
            first_at[k] = i
    return len(obs), failures


def field_constraints(spec, obs, ctx):
    found, compared = [], 0
    for order, f in enumerate(spec.fields):
        rules = ctx.registry.fields[f].get("constraints") or {}
        present = obs[f].notna().to_numpy()
        if not rules or not present.any():
            continue
        compared += int(present.sum())
        column = obs[f]
        kind = ctx.registry.fields[f]["type"]
        numbers = pd.Series(as_floats(column), index=column.index) if kind == "number" else column
        for rank, (rule, expected, message) in enumerate(
            (
                ("minimum", f">= {rules.get('minimum')}", f"{f} below its minimum"),
                ("maximum", f"<= {rules.get('maximum')}", f"{f} above its maximum"),
                ("enum", f"one of {rules.get('enum')}", f"{f} not an allowed value"),
            )
        ):
            if rule not in rules:
                continue
            bad = present & _breaks(rule, rules[rule], numbers, column).fillna(False).to_numpy()
            found += [
                (
                    (int(i), order, rank),
                    Failure(
                        "field_constraints",
                        spec.name,
                        observation(obs, i, ctx.tables),
                        f,
                        expected,
                        reported(f, column.iat[i]),
                        message,
                    ),
                )
                for i in np.flatnonzero(bad)
            ]
    return compared, [failure for _, failure in sorted(found, key=lambda x: x[0])]


def _breaks(rule: str, limit: Any, numbers: pd.Series, column: pd.Series) -> pd.Series:
    """Which values break one constraint: below the minimum, above the maximum, not in the enum."""
    if rule == "minimum":
        return numbers < limit
    if rule == "maximum":
        return numbers > limit
    return ~column.isin(limit)
