"""Figures published more than once: which is the newest, and which moved between publications.

The same figure (same table, same dimensions) can come from several documents drawn on different
dates. Every version is kept; `nyeste` marks the one from the latest extraction, and the revisions
list gives every figure whose value differs between documents.
"""

from __future__ import annotations

from collections import defaultdict

from omgoerelse.spec import TableSpec
from omgoerelse.tidy import Observation, dimensions


def extraction_order(obs: Observation) -> str:
    """Later sorts later: the date drawn where known, else the publication date (ISO, maybe partial)."""
    doc = obs.source.document
    return doc.data_drawn.isoformat() if doc.data_drawn else doc.published


def figure_groups(spec: TableSpec, observations: list[Observation]) -> dict[tuple, list[Observation]]:
    groups: dict[tuple, list[Observation]] = defaultdict(list)
    for obs in observations:
        groups[tuple(obs.values[d] for d in dimensions(spec))].append(obs)
    return groups


def mark_newest(spec: TableSpec, observations: list[Observation]) -> None:
    if "nyeste" not in spec.fields:
        return
    for group in figure_groups(spec, observations).values():
        latest = max(extraction_order(o) for o in group)
        for obs in group:
            obs.values["nyeste"] = extraction_order(obs) == latest


def revisions(spec: TableSpec, observations: list[Observation]) -> list[dict]:
    """One row per version of every figure whose printed value differs between documents."""
    rows = []
    dims = dimensions(spec)
    for key, group in figure_groups(spec, observations).items():
        for measure in [m for m in (spec.count, "procent_trykt") if m in spec.fields]:
            versions = [o for o in group if o.values.get(measure) is not None]
            if len({o.values[measure] for o in versions}) < 2 or len({o.source.document.id for o in versions}) < 2:
                continue
            noegle = "; ".join(f"{d}={v}" for d, v in zip(dims, key))
            for obs in sorted(versions, key=extraction_order):
                rows.append({
                    "tabel": spec.name, "noegle": noegle, "maal": measure,
                    "kilde_dokument": obs.values["kilde_dokument"], "kilde_tabel": obs.values["kilde_tabel"],
                    "data_trukket": obs.values["data_trukket"], "vaerdi": obs.values[measure],
                    "nyeste": obs.values.get("nyeste"), "kilde_raekke": obs.values["kilde_raekke"],
                })
    return rows
