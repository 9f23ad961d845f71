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


def _ranked(
    observed: dict[str, tuple[TableSpec, pd.DataFrame]], tables: dict[str, SourceTable]
) -> pd.DataFrame:
    """Every row of every observation table as whole numbers: its table, figure, rank (larger is
    newer; equal where the precedence cannot tell two versions apart) and tie-breakers.

    The rules that belong to a printed table (date drawn, publication date, its place in the
    document) are ranked once per table; only quoted and then-current are looked at per row. At a
    million rows this keeps the frame to a few whole-number columns."""
    identity = figure_identities(observed)
    used = sorted(
        {str(s) for n in observation_tables(observed) for s in observed[n][1][SOURCE].unique()}
    )
    documents = sorted({tables[s].document.id for s in used})
    drawn = sorted({_drawn(tables[s]) for s in used})
    published = sorted({tables[s].document.published for s in used})
    frames = []
    for number, name in enumerate(observation_tables(observed)):
        obs = observed[name][1]
        source, names = pd.factorize(obs[SOURCE].astype(str))
        per_source = [tables[s] for s in names]

        own = ~_selected(obs, source, per_source, "quoted")
        current = ~_selected(obs, source, per_source, "then_current")
        drawn_rank = _spread([drawn.index(_drawn(t)) for t in per_source], source)
        published_rank = _spread(
            [published.index(t.document.published) for t in per_source], source
        )
        rank = ((drawn_rank * 2 + own) * 2 + current) * len(published) + published_rank
        frames.append(
            pd.DataFrame(
                {
                    "_table": np.full(len(obs), number, dtype=np.int64),
                    "_figure": identity[name],
                    "_rank": rank,
                    "first_line": _spread([t.first_text_line for t in per_source], source),
                    "document": _spread(
                        [documents.index(t.document.id) for t in per_source], source
                    ),
                    "position": np.arange(len(obs), dtype=np.int64),
                }
            )
        )
    columns = ["_table", "_figure", "_rank", "first_line", "document", "position"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def _spread(values: list[int], source: np.ndarray) -> np.ndarray:
    """A whole number per printed table, spread to the rows of each."""
    return np.asarray([*values, 0], dtype=np.int64)[source]


def _drawn(table: SourceTable) -> tuple[bool, str]:
    """Rule 1 as a sortable value: a known date above an unknown one, a later one above earlier."""
    drawn = table.document.data_drawn
    return (drawn is not None, drawn.isoformat() if drawn else "")


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


# What mark_newest ranked, kept in each observation frame for revisions (ranked once, not twice);
# emitting takes the spec's fields only, so these columns are never published.
KEPT = ("_figure", "_rank", "first_line", "document")


def mark_newest(
    observed: dict[str, tuple[TableSpec, pd.DataFrame]], tables: dict[str, SourceTable]
) -> None:
    """Set `nyeste` in every table that has the field: per table, one row per figure, and only where
    no version of the figure in any table outranks it."""
    every = _ranked(observed, tables)
    best = every.groupby("_figure")["_rank"].transform("max").to_numpy()
    eligible = every[every["_rank"].to_numpy() == best]
    for number, name in enumerate(observation_tables(observed)):
        spec, obs = observed[name]
        mine = every["_table"].to_numpy() == number
        for column in KEPT:
            obs[f"_vintage:{column}"] = every[column].to_numpy()[mine]
        if "nyeste" not in spec.fields:
            continue
        mine_eligible = eligible[eligible["_table"].to_numpy() == number]
        order = mine_eligible.sort_values(
            ["_figure", "first_line", "document", "position"], kind="stable"
        )
        newest = np.zeros(len(obs), dtype=bool)
        newest[order.drop_duplicates("_figure")["position"].to_numpy()] = True
        obs["nyeste"] = pd.array(newest, dtype="boolean")


def _kept(observed: dict[str, tuple[TableSpec, pd.DataFrame]]) -> pd.DataFrame:
    """The ranking mark_newest made, as _ranked gave it."""
    frames = []
    for number, name in enumerate(observation_tables(observed)):
        obs = observed[name][1]
        if "_vintage:_rank" not in obs:
            raise ValueError(f"{name}: revisions before mark_newest ranked the versions")
        frames.append(
            pd.DataFrame(
                {
                    "_table": np.full(len(obs), number, dtype=np.int64),
                    **{c: obs[f"_vintage:{c}"].to_numpy() for c in KEPT},
                    "position": np.arange(len(obs), dtype=np.int64),
                }
            )
        )
    columns = ["_table", *KEPT, "position"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def revisions(observed: dict[str, tuple[TableSpec, pd.DataFrame]]) -> list[dict]:
    """Every figure whose printed value differs between documents, once, with all its versions from
    every table that prints it (oldest first). A count is one figure across linked tables; a printed
    percentage only between tables whose percentages have the same denominator rule. Uses the
    ranking mark_newest made."""
    every = _kept(observed)
    names = observation_tables(observed)
    targets = {link["table"] for n in names for link in observed[n][0].same_figures}
    # a figure printed in one document only has no revision: left out before any text is made
    many = every.groupby("_figure")["document"].transform("nunique").to_numpy() > 1
    every = every[many]
    parts = []
    for number, v in every.groupby("_table", sort=False):
        name = names[int(str(number))]
        spec, obs = observed[name]
        share = repr(sorted(((spec.share or {}).get("denominator") or {}).items()))
        at = v["position"].to_numpy()
        for measure, comparable in ((spec.count, ""), ("procent_trykt", share)):
            if measure is not None and measure in obs:
                known = obs[measure].notna().to_numpy()[at]
                parts.append(
                    v[known].assign(
                        _table=name,
                        _measure=measure,
                        _comparable=comparable,
                        _text=obs[measure].astype(str).to_numpy()[at][known],
                        _doc=v["document"].to_numpy()[known],
                    )
                )
    if not parts:
        return []
    every = pd.concat(parts, ignore_index=True)
    figure = ["_figure", "_measure", "_comparable"]
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
