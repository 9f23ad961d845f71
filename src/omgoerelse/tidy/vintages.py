"""Figures published more than once: one identity per figure across tables, and which version is
newest.

A figure is what is counted, not where it is printed. Within a table, rows with the same dimensions
are one figure; across tables, a spec's `same_figures` links say which rows are the same figure as
rows of another table (the realitetsbehandlede sager of 2024 stand in four tables). Every printed
version is kept; `nyeste` marks, in each table, the one row per figure that no other version
anywhere outranks. Versions are ranked, the first rule that tells them apart deciding:

1. the date the data were drawn, the later first; a version whose date is known ranks above one
   whose date is not;
2. the publisher's own publication above another's repetition of it (the transcription's metadata
   lists such rows under `quoted`);
3. a value the document itself calls the one of that time ("daværende") below any other
   (`then_current` in the metadata);
4. the later publication date.

Versions these rules cannot tell apart are the same extract printed twice. Each table keeps one of
them as its newest: the one from the table printed first in its document (by its first line in the
text extraction), then the document whose id sorts first, then the first row.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

from omgoerelse.declarations.specs import TableSpec
from omgoerelse.sources.transcriptions import SourceTable
from omgoerelse.tidy.frame import LINE, SOURCE, dimensions, matching, plain_value
from omgoerelse.tidy.keys import groups

# rules 1-4, most significant first
PRECEDENCE = (
    "drawn_known",
    "drawn",
    "own",
    "not_then_current",
    "published",
)


def observation_tables(observed: dict[str, tuple[TableSpec, pd.DataFrame]]) -> list[str]:
    return [name for name, (spec, _) in observed.items() if spec.kind == "observations"]


def figure_identities(observed: dict[str, tuple[TableSpec, pd.DataFrame]]) -> dict[str, np.ndarray]:
    """Each row's figure: a whole number shared by every row (in any table) of the same figure."""
    local, offset = {}, 0
    for name in observation_tables(observed):
        spec, obs = observed[name]
        local[name] = (
            groups(obs, dimensions(spec)) + offset if len(obs) else np.zeros(0, dtype=np.int64)
        )
        offset += int(local[name].max()) + 1 if len(obs) else 0
    parent: dict[
        int, int
    ] = {}  # union-find over the figures that links touch; the rest are their own

    def root(node: int) -> int:
        while parent.get(node, node) != node:
            parent[node] = parent.get(parent[node], parent[node])
            node = parent[node]
        return node

    for name in observation_tables(observed):
        spec, obs = observed[name]
        for link in spec.same_figures:
            for a, b in _linked(observed, name, local, link):
                ra, rb = root(a), root(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    roots = np.arange(offset, dtype=np.int64)
    for node in parent:
        roots[node] = root(node)
    return {name: roots[nodes] for name, nodes in local.items()}


def _linked(observed, name: str, local: dict[str, np.ndarray], link: dict) -> list[tuple[int, int]]:
    """(this table's figure, the other's) for every pair of rows the link makes one figure."""
    (_, mine), (_, theirs) = observed[name], observed[link["table"]]

    def keyed(obs: pd.DataFrame, nodes: np.ndarray, where: dict | None) -> pd.DataFrame:
        chosen = matching(obs, where)
        frame = pd.DataFrame({f: obs[f].astype(object).to_numpy()[chosen] for f in link["match"]})
        frame["_node"] = nodes[chosen]
        return frame.drop_duplicates()

    pairs = keyed(mine, local[name], link.get("where")).merge(
        keyed(theirs, local[link["table"]], link.get("other_where")),
        on=link["match"],
        suffixes=("", "_other"),
    )
    return list(zip(pairs["_node"].tolist(), pairs["_node_other"].tolist(), strict=True))


def versions(obs: pd.DataFrame, tables: dict[str, SourceTable]) -> pd.DataFrame:
    """Each row's place under each precedence rule (larger is newer) and its tie-breakers."""
    source, names = pd.factorize(obs[SOURCE].astype(str))
    per_source = [tables[s] for s in names]

    def of_source(values: list) -> np.ndarray:  # a value per printed table, spread to its rows
        return (
            np.asarray([*values, None], dtype=object)[source]
            if len(values)
            else np.zeros(0, dtype=object)
        )

    drawn = [t.document.data_drawn for t in per_source]
    return pd.DataFrame(
        {
            "drawn_known": of_source([d is not None for d in drawn]).astype(bool),
            "drawn": of_source([d.isoformat() if d else "" for d in drawn]).astype(str),
            "own": ~_selected(obs, source, per_source, "quoted"),
            "not_then_current": ~_selected(obs, source, per_source, "then_current"),
            "published": of_source([t.document.published for t in per_source]).astype(str),
            "first_line": of_source([t.first_text_line for t in per_source]).astype(np.int64),
            "document": of_source([t.document.id for t in per_source]).astype(str),
            "position": np.arange(len(obs)),
        }
    )


def _selected(
    obs: pd.DataFrame, source: np.ndarray, per_source: list[SourceTable], key: str
) -> np.ndarray:
    """Rows with a figure on a line that the metadata's selection `key` picks."""
    lines = [obs[c] for c in obs.columns if c.startswith("_line:")] or [obs[LINE]]
    chosen = np.zeros(len(obs), dtype=bool)
    for i, table in enumerate(per_source):
        picked = sorted(table.selected_lines.get(key, ()))
        if picked:
            mine = source == i
            for column in lines:
                chosen |= mine & column.isin(picked).fillna(False).to_numpy(dtype=bool)
    return chosen


def _ranked(
    observed: dict[str, tuple[TableSpec, pd.DataFrame]], tables: dict[str, SourceTable]
) -> pd.DataFrame:
    """Every row of every observation table with its figure and its rank (`_rank`: one whole number,
    larger is newer, equal where the precedence cannot tell two versions apart)."""
    identity = figure_identities(observed)
    frames = [
        versions(observed[n][1], tables).assign(_table=n, _figure=identity[n])
        for n in observation_tables(observed)
    ]
    every = (
        pd.concat(frames, ignore_index=True)
        if frames
        else versions(pd.DataFrame({SOURCE: []}), tables)
    )
    # sorted groups: a dense rank
    every["_rank"] = every.groupby(list(PRECEDENCE), sort=True).ngroup().to_numpy()
    return every


def mark_newest(
    observed: dict[str, tuple[TableSpec, pd.DataFrame]], tables: dict[str, SourceTable]
) -> None:
    """Set `nyeste` in every table that has the field: per table, one row per figure, and only where
    no version of the figure in any table outranks it."""
    every = _ranked(observed, tables)
    every["_eligible"] = (
        every["_rank"].to_numpy() == every.groupby("_figure")["_rank"].transform("max").to_numpy()
    )
    for name, v in every.groupby("_table", sort=False):
        spec, obs = observed[str(name)]
        if "nyeste" not in spec.fields:
            continue
        order = v[v["_eligible"]].sort_values(["first_line", "document", "position"], kind="stable")
        newest = np.zeros(len(obs), dtype=bool)
        newest[order.drop_duplicates("_figure")["position"].to_numpy()] = True
        obs["nyeste"] = pd.array(newest, dtype="boolean")


def revisions(
    observed: dict[str, tuple[TableSpec, pd.DataFrame]], tables: dict[str, SourceTable]
) -> list[dict]:
    """Every figure whose printed value differs between documents, once, with all its versions from
    every table that prints it (oldest first). A count is one figure across linked tables; a printed
    percentage only between tables whose percentages have the same denominator rule."""
    every = _ranked(observed, tables)
    targets = {
        link["table"] for n in observation_tables(observed) for link in observed[n][0].same_figures
    }
    parts = []
    for name, v in every.groupby("_table", sort=False):
        spec, obs = observed[str(name)]
        share = repr(sorted(((spec.share or {}).get("denominator") or {}).items()))
        for measure, comparable in ((spec.count, ""), ("procent_trykt", share)):
            if measure is not None and measure in obs:
                known = obs[measure].notna().to_numpy()
                parts.append(
                    v[known].assign(
                        _measure=measure,
                        _comparable=comparable,
                        _text=obs[measure].astype(str).to_numpy()[known],
                        _doc=obs["kilde_dokument"].astype(str).to_numpy()[known],
                    )
                )
    if not parts:
        return []
    every = pd.concat(parts, ignore_index=True)
    figure = ["_figure", "_measure", "_comparable"]
    # printed in one document only: no revision
    every = every[every.groupby(figure)["_doc"].transform("nunique").to_numpy() > 1]
    rows = []
    for _, versions_of in every.groupby(figure, sort=False):
        if len({Decimal(t) for t in versions_of["_text"]}) < 2:
            continue  # 44.9 and 44.90 are one value
        records = versions_of.sort_values(["_rank", "_table", "position"], kind="stable").to_dict(
            "records"
        )
        # a linked-to table names it
        canonical = min(
            records, key=lambda r: (r["_table"] not in targets, r["_table"], r["position"])
        )
        name = (
            f"{canonical['_table']}: {_key(observed, canonical['_table'], canonical['position'])}"
        )
        for r in records:
            spec, obs = observed[r["_table"]]
            i, measure = r["position"], r["_measure"]
            rows.append(
                {
                    "tabel": spec.name,
                    "noegle": _key(observed, spec.name, i),
                    "figur": name,
                    "maal": measure,
                    "kilde_dokument": obs["kilde_dokument"].iat[i],
                    "kilde_tabel": obs["kilde_tabel"].iat[i],
                    "data_trukket": plain_value(obs["data_trukket"].iat[i]),
                    "vaerdi": plain_value(obs[measure].iat[i]),
                    "nyeste": plain_value(obs["nyeste"].iat[i]) if "nyeste" in obs else None,
                    "kilde_raekke": obs["kilde_raekke"].iat[i],
                }
            )
    # stable: each figure's versions stay ranked
    return sorted(rows, key=lambda row: (row["figur"], row["maal"]))


def _key(observed, table: str, i: int) -> str:
    spec, obs = observed[table]
    return "; ".join(f"{d}={plain_value(obs[d].iat[i])}" for d in dimensions(spec))
