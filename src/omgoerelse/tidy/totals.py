"""Totals: which rows are totals, and the counts of aggregate rows printed without one, summed from
their members."""

from __future__ import annotations

import numpy as np
import pandas as pd

from omgoerelse.declarations.registry import Registry
from omgoerelse.declarations.specs import TableSpec
from omgoerelse.tidy.frame import DERIVED, SOURCE, dimensions
from omgoerelse.tidy.keys import KeyNumbers


def mark_totals(spec: TableSpec, obs: pd.DataFrame, registry: Registry) -> None:
    """A row is a total when one of its codes sums other codes of its code list (i alt, omgjort,
    alle lovområder), wherever it is printed: the figure decides, not what else its table prints."""
    total = np.zeros(len(obs), dtype=bool)
    for d in dimensions(spec):
        codelist = registry.codelist_of(d) if d in obs else None
        if codelist is not None:
            total |= obs[d].isin(codelist.totals()).fillna(False).to_numpy(dtype=bool)
    obs["er_total"] = total


def derive_counts(spec: TableSpec, obs: pd.DataFrame, registry: Registry) -> None:
    """Sum a count for an aggregate row printed without one (e.g. "omgjort" as a percent only) from
    its members' printed counts, where all of them are printed."""
    if spec.count is None or not len(obs):
        return
    dims = dimensions(spec)
    need = obs[spec.count].isna().to_numpy() & obs["markoer"].isna().to_numpy()
    keys = KeyNumbers.of(obs, [SOURCE, *dims])
    count = obs[spec.count].to_numpy(dtype=np.float64, na_value=np.nan)
    for d in dims:
        codelist = registry.codelist_of(d) if d in registry.fields else None
        if codelist is None:
            continue
        summing = codelist.aggregates()
        # a derived list has 200,000 codes
        for kode in [k for k in obs.loc[need, d].dropna().unique() if k in summing]:
            members = codelist.codes[kode].medlemmer
            if not members:
                continue
            rows = np.flatnonzero(need & (obs[d] == kode).fillna(False).to_numpy())
            total = np.zeros(len(rows), dtype=np.int64)
            complete = np.ones(len(rows), dtype=bool)
            for member in members:
                wanted = keys.with_codes(rows, {d: member})
                at = keys.find(wanted) if wanted is not None else np.full(len(rows), -1)
                found = np.where(at >= 0, count[at], np.nan)
                complete &= ~np.isnan(found)
                total += np.nan_to_num(found).astype(np.int64)
            obs.loc[obs.index[rows[complete]], DERIVED] = total[complete]
