"""An observation's cells gathered into its columns: each measure's value, line and transcription
column, its printed marker, and the printed row and column labels it was read from."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

from omgoerelse.core.columns import as_field_type
from omgoerelse.core.errors import Problem
from omgoerelse.core.text import visible
from omgoerelse.sources.transcriptions import SourceTable
from omgoerelse.tidy.frame import categorical, column_of, line_of, missing


def join_distinct(gid: np.ndarray, codes: np.ndarray, names, groups: int) -> pd.Categorical:
    """Per observation, the distinct names of its cells' codes in the order read, joined by " + ".

    The work is on whole numbers; text is joined once per distinct combination (an observation's
    cells come from one or two columns and, mostly, one printed row)."""
    # two columns may print one header
    same_text, names = pd.factorize(np.asarray(names, dtype=object))
    text = same_text[codes]
    # each (observation, name) once
    first = ~pd.Series(gid * (len(names) + 1) + text + 1).duplicated().to_numpy()
    g, text = gid[first], text[first]
    rank = pd.Series(g).groupby(g, sort=False).cumcount().to_numpy()
    if rank.max() == 0:  # one name each: no joining at all
        return categorical(text[np.argsort(g, kind="stable")], list(names))
    wide = np.full((groups, int(rank.max()) + 1), -1, dtype=np.int64)
    wide[g, rank] = text
    combination, distinct = _combinations(wide, len(names))
    text_code, texts = pd.factorize(
        np.array([" + ".join(names[c] for c in row if c >= 0) for row in distinct], dtype=object)
    )
    return categorical(text_code[combination], list(texts))


def _combinations(wide: np.ndarray, base: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's combination number, and the distinct rows (cells of -1 are empty)."""
    if (base + 1) ** wide.shape[1] < 2**62:  # one whole number per row: fast to tell apart
        number = np.zeros(len(wide), dtype=np.int64)
        for k in range(wide.shape[1]):
            number = number * (base + 1) + wide[:, k] + 1
        combination, distinct = pd.factorize(number)
        return combination, wide[pd.Series(number).drop_duplicates().index.to_numpy()]
    distinct, combination = np.unique(wide, axis=0, return_inverse=True)
    return combination.ravel(), distinct


def gather_markers(
    cells: pd.DataFrame,
    gid: np.ndarray,
    groups: int,
    columns,
    table: SourceTable,
    shown: str,
    problems,
) -> pd.Categorical:
    """The printed marker of each observation; its cells may not carry two different ones."""
    markers = list(dict.fromkeys(table.markers))
    codes = np.full(len(cells), -1, dtype=np.int64)
    for order in np.unique(cells["_order"].to_numpy()):
        at = (cells["_order"] == order).to_numpy()
        # -1: no marker
        found, distinct = pd.factorize(
            table.marker[columns[order]].take(cells["_row"].to_numpy()[at])
        )
        codes[at] = np.array([markers.index(m) for m in distinct] + [-1], dtype=np.int64)[found]
    marked = pd.DataFrame({"g": gid, "m": codes})
    marked = marked[marked["m"] >= 0]
    first = marked.drop_duplicates("g")
    chosen = np.full(groups, -1, dtype=np.int64)
    chosen[first["g"].to_numpy()] = first["m"].to_numpy()
    group, marker, cell = marked["g"].to_numpy(), marked["m"].to_numpy(), marked.index.to_numpy()
    row_of, order_of = cells["_row"].to_numpy(), cells["_order"].to_numpy()
    for i in np.flatnonzero(marker != chosen[group]):
        one, another = markers[chosen[group[i]]], markers[marker[i]]
        problems.append(
            Problem(
                shown,
                f"cells of one row carry different markers ('{visible(one)}' and "
                f"'{visible(another)}')",
                int(table.line[row_of[cell[i]]]),
                columns[order_of[cell[i]]],
            )
        )
    return categorical(chosen, markers)


def gather_measures(
    obs, cells, gid, measures, columns, table: SourceTable, registry, shown, problems
) -> None:
    """Each measure's value, line and column into the observation it belongs to."""
    everyone = pd.RangeIndex(len(obs))
    measure_of, order_of, row_of = (
        cells["_measure"].to_numpy(),
        cells["_order"].to_numpy(),
        cells["_row"].to_numpy(),
    )
    for code, measure in enumerate(measures):
        kind = registry.fields[measure]["type"]
        values, lines, where = [], [], np.full(len(obs), -1, dtype=np.int64)
        for order in np.unique(order_of[measure_of == code]):
            at = (measure_of == code) & (order_of == order)
            rows, target = row_of[at], gid[at]
            values.append(
                pd.Series(
                    _measure_values(measure, kind, table, columns[order], rows, shown, problems),
                    index=target,
                )
            )
            lines.append(pd.Series(table.line[rows], index=target))
            where[target] = order
        obs[measure] = as_field_type(pd.concat(values).reindex(everyone), kind)
        obs[line_of(measure)] = pd.concat(lines).reindex(everyone).astype("Int64")
        obs[column_of(measure)] = categorical(where, columns)


def _measure_values(measure, kind, table, column, rows, shown, problems):
    value = table.value[column].take(rows).reset_index(drop=True)
    if kind == "integer":
        if table.columns[column]["kind"] in ("count", "year"):
            return value.array
        fraction = (
            value.str.contains(".", regex=False).fillna(False).to_numpy()
            & ~value.str.fullmatch(r"\d+(\.0*)?").fillna(True).to_numpy()
        )
        for i in np.flatnonzero(fraction):
            problems.append(
                Problem(
                    shown,
                    f"expected a whole number for {measure}, found "
                    f"'{visible(table.printed[column].iat[rows[i]])}'",
                    int(table.line[rows[i]]),
                    column,
                )
            )
        return pd.array([None if missing(v) else int(Decimal(v)) for v in value], dtype="Int64")
    # printed numbers repeat: kept as codes into the distinct texts
    codes, distinct = pd.factorize(value)
    return categorical(codes, [str(v) for v in distinct])
