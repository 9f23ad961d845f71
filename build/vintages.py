"""Figures published more than once: which is the newest, and which moved between publications.

The same figure (same table, same dimensions) can come from several documents drawn on different
dates. Every version is kept; `nyeste` marks the one from the latest extraction, and the revisions
list gives every figure whose value differs between documents.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

from omgoerelse.sources import SourceTable
from omgoerelse.spec import TableSpec
from omgoerelse.tidy import SOURCE, dimensions, groups, plain_value


def extraction_order(table: SourceTable) -> str:
    """Later sorts later: the date drawn where known, else the publication date (ISO, maybe partial)."""
    doc = table.document
    return doc.data_drawn.isoformat() if doc.data_drawn else doc.published


def _orders(obs: pd.DataFrame, tables: dict[str, SourceTable]) -> pd.Series:
    """Each observation's extraction order as a whole number (later is larger; equal dates are equal)."""
    codes, sources = pd.factorize(obs[SOURCE])
    ranks = pd.Series([extraction_order(tables[t]) for t in sources]).rank(method="dense").astype(np.int64).to_numpy()
    return pd.Series(ranks[codes], index=obs.index)


def mark_newest(spec: TableSpec, obs: pd.DataFrame, tables: dict[str, SourceTable]) -> None:
    if "nyeste" not in spec.fields or not len(obs):
        return
    order = _orders(obs, tables)
    latest = order.groupby(groups(obs, dimensions(spec))).transform("max")
    obs["nyeste"] = pd.array(order == latest, dtype="boolean")


def revisions(spec: TableSpec, obs: pd.DataFrame, tables: dict[str, SourceTable]) -> list[dict]:
    """One row per version of every figure whose printed value differs between documents."""
    dims = dimensions(spec)
    if not len(obs):
        return []
    group = groups(obs, dims)  # numbered in order of appearance
    order = _orders(obs, tables)
    measures = [m for m in (spec.count, "procent_trykt") if m in spec.fields]
    candidates = set()
    for measure in measures:  # figures with more than one printed value from more than one document
        known = obs[measure].notna().to_numpy()
        codes = pd.DataFrame({"g": group[known], "v": pd.factorize(obs[measure])[0][known], "d": pd.factorize(obs["kilde_dokument"])[0][known]})
        varied = codes.groupby("g").agg(values=("v", "nunique"), documents=("d", "nunique"))
        candidates |= set(varied.index[(varied["values"] > 1) & (varied["documents"] > 1)])
    rows = []
    for g in sorted(candidates):
        members = np.flatnonzero(group == g)
        for measure in measures:
            at = [i for i in members if not pd.isna(obs[measure].iat[i])]
            if len({Decimal(str(obs[measure].iat[i])) for i in at}) < 2 or len({obs["kilde_dokument"].iat[i] for i in at}) < 2:
                continue  # 44.9 and 44.90 are one value
            noegle = "; ".join(f"{d}={plain_value(obs[d].iat[at[0]])}" for d in dims)
            for i in sorted(at, key=lambda i: order.iat[i]):
                rows.append({
                    "tabel": spec.name, "noegle": noegle, "maal": measure,
                    "kilde_dokument": obs["kilde_dokument"].iat[i], "kilde_tabel": obs["kilde_tabel"].iat[i],
                    "data_trukket": plain_value(obs["data_trukket"].iat[i]), "vaerdi": plain_value(obs[measure].iat[i]),
                    "nyeste": plain_value(obs["nyeste"].iat[i]) if "nyeste" in obs else None, "kilde_raekke": obs["kilde_raekke"].iat[i],
                })
    return rows

