"""Turn printed tables into tidy observations: one row per printed figure (or figure pair).

The work is done column by column (pandas), so a printed table of a million cells tidies in seconds:
every mapped cell becomes a row of a long frame, and the cells that give the same figure (a count
and its printed percentage) are gathered into one observation. Each observation keeps where its
figures stand (file line and transcription column per measure), so every check and every published
number can name its file, line and column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from omgoerelse.core.columns import as_field_type, empty_column
from omgoerelse.core.errors import Problem, raise_if
from omgoerelse.core.text import visible
from omgoerelse.declarations.registry import Registry
from omgoerelse.declarations.specs import SourceMapping, TableSpec
from omgoerelse.sources.transcriptions import SourceTable
from omgoerelse.tidy.frame import (
    DERIVED,
    LINE,
    SOURCE,
    Categories,
    categorical,
    dimensions,
    missing,
    plain,
)
from omgoerelse.tidy.gather import gather_markers, gather_measures, join_distinct
from omgoerelse.tidy.keys import groups
from omgoerelse.tidy.totals import derive_counts, mark_totals

# A field the build fills from the source document's publication date.
PUBLISHED_YEAR = "udgivet_aar"


def tidy(spec: TableSpec, tables: dict[str, SourceTable], registry: Registry) -> pd.DataFrame:
    problems: list[Problem] = []
    frames = []
    for mapping in spec.sources:
        table = tables[mapping.table]
        unknown = _unknown_columns(mapping, table)
        if unknown:
            problems += [
                Problem(spec.path, f"source {table.id} has no column '{c}'") for c in unknown
            ]
            continue
        frame = _observe_table(spec, mapping, table, registry, problems)
        mark_totals(spec, frame, registry)
        frames.append(frame)
    raise_if(problems)
    obs = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame({SOURCE: pd.array([], dtype="str")})
    )
    if PUBLISHED_YEAR in spec.fields and len(obs):
        years = {m.table: tables[m.table].document.year for m in spec.sources}
        obs[PUBLISHED_YEAR] = obs[SOURCE].astype(str).map(years).astype("Int64")
    for f in spec.fields:
        kind = registry.fields[f]["type"]
        obs[f] = as_field_type(obs[f], kind) if f in obs else empty_column(len(obs), kind)
    obs[DERIVED] = empty_column(len(obs), "integer")
    derive_counts(spec, obs, registry)
    return obs


def _unknown_columns(mapping: SourceMapping, table: SourceTable) -> list[str]:
    used = list(mapping.rows.values()) + list(mapping.columns)
    return [c for c in used if c not in table.columns]


def _observe_table(spec, mapping, table: SourceTable, registry, problems) -> pd.DataFrame:
    """The observations of one printed table, in the order their first cell is read (row by row)."""
    shown, n = str(table.path), len(table)
    categories = {f: Categories() for f in spec.fields}
    per_row: dict[str, np.ndarray] = {}  # field -> each printed row's code
    row_measure = None
    for f, column in mapping.rows.items():
        if f == "measure":
            row_measure = _row_measures(mapping, table, column, shown, problems)
        else:
            per_row[f], categories[f] = _resolve_column(
                f, column, mapping, table, registry, shown, problems
            )
    for f, value in mapping.fixed.items():
        per_row[f] = np.full(n, categories[f].code(value))
    labels = _row_labels(mapping, table)
    provenance = {
        "kilde_dokument": table.document.id,
        "kilde_tabel": table.number,
        "data_trukket": table.document.data_drawn.isoformat()
        if table.document.data_drawn
        else None,
    }
    kinds = {f: registry.fields[f]["type"] for f in spec.fields}
    if not mapping.columns:
        return _listed_rows(spec, table, per_row, categories, kinds, labels, provenance, problems)
    columns = list(mapping.columns)
    cells, measures = _cells(mapping, table, per_row, categories, row_measure)
    dims = dimensions(spec)
    cells["_obs"] = groups(cells, [d for d in dims if d in cells]) if dims else 0
    cells = _without_second_cells(
        cells, dims, categories, measures, columns, table, shown, problems
    )
    first = np.flatnonzero(~cells["_obs"].duplicated().to_numpy())
    fields = [f for f in spec.fields if f in cells]
    obs = pd.DataFrame(
        {f: categories[f].decode(cells[f].to_numpy()[first], kinds[f]) for f in fields},
        index=pd.RangeIndex(len(first)),
    )
    gid, rows = cells["_obs"].to_numpy(), cells["_row"].to_numpy()
    for k, v in {SOURCE: table.id, **provenance}.items():
        obs[k] = categorical(
            np.full(len(obs), 0 if v is not None else -1), [v] if v is not None else []
        )
    label_codes, label_names = pd.factorize(labels)
    obs["kilde_raekke"] = join_distinct(gid, label_codes[rows], label_names, len(obs))
    obs["kilde_kolonne"] = join_distinct(
        gid, cells["_order"].to_numpy(), [table.printed_header(c) for c in columns], len(obs)
    )
    obs[LINE] = pd.Series(table.line[rows]).groupby(gid).min().to_numpy()
    obs["markoer"] = gather_markers(cells, gid, len(obs), columns, table, shown, problems)
    gather_measures(obs, cells, gid, measures, columns, table, registry, shown, problems)
    return obs


def _row_measures(mapping, table, column, shown, problems) -> pd.Series:
    measures = table.value[column].map(mapping.measures)
    for i in np.flatnonzero(measures.isna().to_numpy()):
        problems.append(
            Problem(
                shown,
                f"unknown measure label '{visible(table.printed[column].iat[i])}' (expected one of "
                f"{list(mapping.measures)})",
                int(table.line[i]),
                column,
            )
        )
    return measures


def _row_labels(mapping: SourceMapping, table: SourceTable) -> pd.Series:
    """kilde_raekke of each printed row: the spec's row_label, or the row's printed labels."""
    if mapping.row_label:
        records = table.printed.to_dict("records")
        labels = [mapping.row_label.format(**{str(k): v for k, v in r.items()}) for r in records]
        return pd.Series(labels, dtype="str")
    # one printed label can give two fields
    columns = list(dict.fromkeys(c for f, c in mapping.rows.items()))
    first, *rest = [table.printed[c] for c in columns]
    return first.str.cat(rest, sep=" / ") if rest else first


def _resolve_column(
    f, column, mapping, table, registry, shown, problems
) -> tuple[np.ndarray, Categories]:
    """The code or year each printed row's label stands for, as codes into the distinct values; each
    distinct label is resolved once."""
    codes, distinct = pd.factorize(table.printed[column])
    _, first = np.unique(codes, return_index=True)
    values = table.value[column].take(first).to_numpy(dtype=object, na_value=None)
    markers = table.marker[column].take(first).to_numpy(dtype=object, na_value=None)
    # A plain label the code list knows (no override in the spec, no marker) is looked up for all at
    # once; the rest go one by one through _resolve, which also words the problems.
    codelist, overrides = registry.codelist_of(f), mapping.labels.get(f, {})
    optional = bool(table.columns[column].get("optional"))
    printed = distinct.tolist()
    lookup = codelist.unambiguous() if codelist else {}
    # a dict lookup each: pandas' map of a large dict was 0.6 s at 200,000 labels
    known = [lookup.get(p) for p in printed]
    resolved = [
        (k, None)
        if k is not None and p not in overrides and m is None and v is not None
        else _resolve(f, p, v, m, mapping, registry, optional)
        for p, v, m, k in zip(printed, values, markers, known, strict=True)
    ]
    bad = np.array([message is not None for _, message in resolved], dtype=bool)
    for i in np.flatnonzero(bad[codes]):
        problems.append(Problem(shown, resolved[codes[i]][1], int(table.line[i]), column))
    # two labels may give one code
    value_code, values = pd.factorize(np.array([value for value, _ in resolved], dtype=object))
    return value_code[codes], Categories(values.tolist())


def _resolve(
    f: str,
    printed: str,
    value,
    marker,
    mapping: SourceMapping,
    registry: Registry,
    optional: bool = False,
) -> tuple[object, str | None]:
    if printed in mapping.labels.get(f, {}):
        return mapping.labels[f][printed], None
    if printed == "" and optional and registry.codelist_of(f) is None:
        return None, None  # free text left empty in a column declared optional: no value
    if not missing(marker) or missing(value):
        return None, f"a row label cannot be empty or a marker ('{visible(printed)}')"
    codelist = registry.codelist_of(f)
    if codelist is None:
        return (int(value), None) if registry.fields[f]["type"] == "integer" else (value, None)
    code = codelist.code_for(printed) or mapping.default.get(f)
    if code is None:
        known = sorted({t for c in codelist.codes.values() for t in c.trykt})
        return None, (
            f"unknown {f} '{visible(printed)}': not a printed name in code list '{codelist.name}' "
            f"(known: {', '.join(map(visible, known))}); add it to "
            f"build/registry/codelists/{codelist.name}.yaml "
            f"or map it under 'labels: {{{f}: ...}}' in the spec"
        )
    return code, None


def _cells(
    mapping: SourceMapping,
    table: SourceTable,
    per_row: dict[str, np.ndarray],
    categories: dict[str, Categories],
    row_measure: pd.Series | None,
) -> tuple[pd.DataFrame, list[str]]:
    """Every mapped cell of the table that gives a measure, in reading order (row by row, then
    column), all in whole numbers: `_row`, `_order` (the cell's column's place in the mapping),
    `_measure` (a place in the returned list of measures) and a code for each field."""
    n, blocks, measures = len(table), [], Categories()
    for order, props in enumerate(mapping.columns.values()):
        measure = props.get("measure")
        if measure:
            rows = np.arange(n)
            measure_codes = np.full(len(rows), measures.code(measure))
        elif row_measure is not None:
            rows = np.flatnonzero(row_measure.notna().to_numpy())
            measure_codes = np.array(
                [measures.code(m) for m in row_measure.take(rows)], dtype=np.int64
            )
        else:
            continue
        block = {"_row": rows, "_order": np.full(len(rows), order), "_measure": measure_codes}
        for f, codes in per_row.items():
            block[f] = codes[rows]
        for f, value in props.items():
            if f != "measure":
                block[f] = np.full(len(rows), categories[f].code(value))
        blocks.append(block)
    # Joined in numpy, not as a frame per column of the
    # table: at a million cells that took half a second.
    names = dict.fromkeys(name for block in blocks for name in block)
    joined = {
        name: np.concatenate(
            [
                np.asarray(block[name], dtype=np.int64)
                if name in block
                # a field only some columns set
                else np.full(len(block["_row"]), -1, dtype=np.int64)
                for block in blocks
            ]
        )
        for name in names
    }
    # by row, then column; lexsort is stable
    reading = np.lexsort((joined["_order"], joined["_row"]))
    return pd.DataFrame(
        {name: values[reading] for name, values in joined.items()}, copy=False
    ), measures.values


def _without_second_cells(
    cells: pd.DataFrame, dims, categories, measures, columns, table, shown, problems
) -> pd.DataFrame:
    """A measure given twice for one observation is an error (the first stands, for messages)."""
    twice = cells.duplicated(["_obs", "_measure"]).to_numpy()
    for i in np.flatnonzero(twice).tolist():
        key = {
            d: (
                categories[d].values[cells[d].iat[i]]
                if d in cells and cells[d].iat[i] >= 0
                else None
            )
            for d in dims
        }
        problems.append(
            Problem(
                shown,
                f"two cells give {measures[cells['_measure'].iat[i]]} for the same row "
                f"{plain(key)}",
                int(table.line[cells["_row"].iat[i]]),
                columns[cells["_order"].iat[i]],
            )
        )
    return cells[~twice].reset_index(drop=True) if twice.any() else cells


def _listed_rows(
    spec, table, per_row, categories, kinds, labels, provenance, problems
) -> pd.DataFrame:
    """A printed list (no figures): each row itself is an observation."""
    dims = dimensions(spec)
    given = [d for d in dims if d in per_row]
    codes = pd.DataFrame({f: per_row[f] for f in per_row}, index=pd.RangeIndex(len(table)))
    twice = codes.duplicated(given).to_numpy() if given else np.arange(len(table)) > 0
    for i in np.flatnonzero(twice):
        key = {
            d: (
                categories[d].values[per_row[d][i]] if d in per_row and per_row[d][i] >= 0 else None
            )
            for d in dims
        }
        problems.append(
            Problem(str(table.path), f"the row {plain(key)} is listed twice", int(table.line[i]))
        )
    keep = ~twice
    obs = pd.DataFrame(
        {f: categories[f].decode(per_row[f][keep], kinds[f]) for f in per_row},
        index=pd.RangeIndex(int(keep.sum())),
    )
    for k, v in {SOURCE: table.id, **provenance}.items():
        obs[k] = v
    obs["kilde_raekke"] = labels[keep].reset_index(drop=True)
    obs["kilde_kolonne"] = ""
    obs["markoer"] = None
    obs[LINE] = table.line[keep]
    return obs
