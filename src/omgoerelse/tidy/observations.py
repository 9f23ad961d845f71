"""Turn printed tables into tidy observations: one row per printed figure (or figure pair).

The work is done column by column (pandas), so a printed table of a million cells tidies in seconds:
every mapped cell becomes a row of a long frame, and the cells that give the same figure (a count and
its printed percentage) are gathered into one observation. Each observation keeps where its figures
stand (file line and transcription column per measure), so every check and every published number
can name its file, line and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

import numpy as np
import pandas as pd

from omgoerelse.core.columns import as_field_type, empty_column, with_gaps
from omgoerelse.core.errors import Problem, raise_if
from omgoerelse.declarations.registry import Registry
from omgoerelse.declarations.specs import SourceMapping, TableSpec
from omgoerelse.sources.transcriptions import SourceTable

PROVENANCE = ("kilde_dokument", "kilde_tabel")
# A field the build fills from the source document's publication date.
PUBLISHED_YEAR = "udgivet_aar"
SOURCE, LINE, DERIVED = "_source", "_line", "_derived"  # internal columns: never emitted


def line_of(measure: str) -> str:
    return f"_line:{measure}"


def column_of(measure: str) -> str:
    return f"_col:{measure}"


@dataclass
class Observation:
    """One observation, for a message: its values and where its figures stand."""

    values: dict[str, object]
    source: SourceTable
    cells: dict[str, tuple[int, str]]  # measure field -> (line, transcription column)
    line: int

    def place(self, measure: str | None = None) -> tuple[str, int, str | None]:
        """Where a figure stands: (file, line, transcription column)."""
        cell = self.cells.get(measure) if measure else None
        if cell is None:
            return (str(self.source.path), self.line, None)
        return (str(self.source.path), cell[0], cell[1])


def observation(obs: pd.DataFrame, i: int, tables: dict[str, SourceTable]) -> Observation:
    """Row `i` (by position) of an observation frame, as an Observation."""
    row = obs.iloc[i]
    values = {k: (None if _missing(v) else v) for k, v in row.items() if not k.startswith("_")}
    cells = {
        k.removeprefix("_line:"): (int(row[k]), row[column_of(k.removeprefix("_line:"))])
        for k in row.index
        if k.startswith("_line:") and not _missing(row[k])
    }
    return Observation(values, tables[row[SOURCE]], cells, int(row[LINE]))


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def dimensions(spec: TableSpec) -> list[str]:
    """The fields that identify an observation within one printed table."""
    return [f for f in spec.primary_key if f not in PROVENANCE]


def matching(frame: pd.DataFrame, values: dict | None) -> np.ndarray:
    """Which rows have all the given values (field -> value); every row if none are given."""
    chosen = np.ones(len(frame), dtype=bool)
    for k, v in (values or {}).items():
        chosen &= (frame[k] == v).fillna(False).to_numpy()
    return chosen


def counts(spec: TableSpec, obs: pd.DataFrame) -> pd.Series:
    """Each observation's count: printed, or summed by the build from its parts where not printed."""
    return obs[spec.count].fillna(obs[DERIVED])


def tidy(spec: TableSpec, tables: dict[str, SourceTable], registry: Registry) -> pd.DataFrame:
    problems: list[Problem] = []
    frames = []
    for mapping in spec.sources:
        table = tables[mapping.table]
        missing = _unknown_columns(mapping, table)
        if missing:
            problems += [
                Problem(spec.path, f"source {table.id} has no column '{c}'") for c in missing
            ]
            continue
        frame = _observe_table(spec, mapping, table, registry, problems)
        _mark_totals(spec, frame, registry)
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
    _derive_counts(spec, obs, registry)
    return obs


def _unknown_columns(mapping: SourceMapping, table: SourceTable) -> list[str]:
    used = list(mapping.rows.values()) + list(mapping.columns)
    return [c for c in used if c not in table.columns]


class Categories:
    """The distinct values of one field, each with a whole-number code (None: -1)."""

    def __init__(self, values=()):
        self.values = list(values)
        self.index = {v: i for i, v in enumerate(self.values)}

    def code(self, value: object) -> int:
        if value is None:
            return -1
        if value not in self.index:
            self.index[value] = len(self.values)
            self.values.append(value)
        return self.index[value]

    def decode(self, codes: np.ndarray, kind: str):
        """Codes as a column of the field's type: Int64 for whole numbers, else categorical text."""
        if kind == "integer":
            return with_gaps(
                np.append(np.asarray(self.values, dtype=np.int64), 0)[codes], codes >= 0
            )
        return categorical(codes, self.values)


def categorical(codes: np.ndarray, values: list) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=pd.Index(values, dtype="str"))


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
    obs["kilde_raekke"] = _join_distinct(gid, label_codes[rows], label_names, len(obs))
    obs["kilde_kolonne"] = _join_distinct(
        gid, cells["_order"].to_numpy(), [table.printed_header(c) for c in columns], len(obs)
    )
    obs[LINE] = pd.Series(table.line[rows]).groupby(gid).min().to_numpy()
    obs["markoer"] = _markers(cells, gid, len(obs), columns, table, shown, problems)
    _gather_measures(obs, cells, gid, measures, columns, table, registry, shown, problems)
    return obs


def _row_measures(mapping, table, column, shown, problems) -> pd.Series:
    measures = table.value[column].map(mapping.measures)
    for i in np.flatnonzero(measures.isna().to_numpy()):
        problems.append(
            Problem(
                shown,
                f"unknown measure label '{table.printed[column].iat[i]}' (expected one of {list(mapping.measures)})",
                int(table.line[i]),
                column,
            )
        )
    return measures


def _row_labels(mapping: SourceMapping, table: SourceTable) -> pd.Series:
    """kilde_raekke of each printed row: the spec's row_label, or the row's printed labels."""
    if mapping.row_label:
        records = table.printed.to_dict("records")
        return pd.Series([mapping.row_label.format(**r) for r in records], dtype="str")
    columns = list(
        dict.fromkeys(c for f, c in mapping.rows.items())
    )  # one printed label can give two fields
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
    printed = distinct.tolist()
    lookup = codelist.unambiguous() if codelist else {}
    known = [
        lookup.get(p) for p in printed
    ]  # a dict lookup each: pandas' map of a large dict was 0.6 s at 200,000 labels
    optional = bool(table.columns[column].get("optional"))
    resolved = [
        (k, None)
        if k is not None and p not in overrides and m is None and v is not None
        else _resolve(f, p, v, m, mapping, registry, optional)
        for p, v, m, k in zip(printed, values, markers, known)
    ]
    bad = np.array([message is not None for _, message in resolved], dtype=bool)
    for i in np.flatnonzero(bad[codes]):
        problems.append(Problem(shown, resolved[codes[i]][1], int(table.line[i]), column))
    value_code, values = pd.factorize(
        np.array([value for value, _ in resolved], dtype=object)
    )  # two labels may give one code
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
    if not _missing(marker) or _missing(value):
        return None, f"a row label cannot be empty or a marker ('{printed}')"
    codelist = registry.codelist_of(f)
    if codelist is None:
        return (int(value), None) if registry.fields[f]["type"] == "integer" else (value, None)
    code = codelist.code_for(printed) or mapping.default.get(f)
    if code is None:
        known = sorted({t for c in codelist.codes.values() for t in c.trykt})
        return None, (
            f"unknown {f} '{printed}': not a printed name in code list '{codelist.name}' "
            f"(known: {', '.join(known)}); add it to build/registry/codelists/{codelist.name}.yaml "
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
    """Every mapped cell of the table that gives a measure, in reading order (row by row, then column),
    all in whole numbers: `_row`, `_order` (the cell's column's place in the mapping), `_measure` (a
    place in the returned list of measures) and a code for each field."""
    n, blocks, measures = len(table), [], Categories()
    for order, (column, props) in enumerate(mapping.columns.items()):
        measure = props.get("measure")
        if measure is None and row_measure is None:
            continue
        rows = np.arange(n) if measure else np.flatnonzero(row_measure.notna().to_numpy())
        block = {"_row": rows, "_order": np.full(len(rows), order)}
        block["_measure"] = (
            np.full(len(rows), measures.code(measure))
            if measure
            else np.array([measures.code(m) for m in row_measure.take(rows)], dtype=np.int64)
        )
        for f, codes in per_row.items():
            block[f] = codes[rows]
        for f, value in props.items():
            if f != "measure":
                block[f] = np.full(len(rows), categories[f].code(value))
        blocks.append(block)
    # Joined in numpy, not as a frame per column of the table: at a million cells that took half a second.
    names = dict.fromkeys(name for block in blocks for name in block)
    joined = {
        name: np.concatenate(
            [
                np.asarray(block[name], dtype=np.int64)
                if name in block
                else np.full(
                    len(block["_row"]), -1, dtype=np.int64
                )  # a field only some columns set
                for block in blocks
            ]
        )
        for name in names
    }
    reading = np.lexsort(
        (joined["_order"], joined["_row"])
    )  # by row, then column; lexsort is stable
    return pd.DataFrame(
        {name: values[reading] for name, values in joined.items()}, copy=False
    ), measures.values


def _without_second_cells(
    cells: pd.DataFrame, dims, categories, measures, columns, table, shown, problems
) -> pd.DataFrame:
    """A measure given twice for one observation is an error (the first stands, for further messages)."""
    twice = cells.duplicated(["_obs", "_measure"]).to_numpy()
    for i in np.flatnonzero(twice):
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
                f"two cells give {measures[cells['_measure'].iat[i]]} for the same row {plain(key)}",
                int(table.line[cells["_row"].iat[i]]),
                columns[cells["_order"].iat[i]],
            )
        )
    return cells[~twice].reset_index(drop=True) if twice.any() else cells


def plain(values: dict) -> dict:
    """Values as Python objects for a message: None for missing, int for numpy integers."""
    return {k: plain_value(v) for k, v in values.items()}


def plain_value(value: object) -> object:
    return None if _missing(value) else value.item() if hasattr(value, "item") else value


def _join_distinct(gid: np.ndarray, codes: np.ndarray, names, groups: int) -> pd.Categorical:
    """Per observation, the distinct names of its cells' codes in the order read, joined by " + ".

    The work is on whole numbers; text is joined once per distinct combination (an observation's
    cells come from one or two columns and, mostly, one printed row)."""
    same_text, names = pd.factorize(
        np.asarray(names, dtype=object)
    )  # two columns may print one header
    text = same_text[codes]
    first = (
        ~pd.Series(gid * (len(names) + 1) + text + 1).duplicated().to_numpy()
    )  # each (observation, name) once
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


def _markers(
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
        found, distinct = pd.factorize(
            table.marker[columns[order]].take(cells["_row"].to_numpy()[at])
        )  # -1: no marker
        codes[at] = np.array([markers.index(m) for m in distinct] + [-1], dtype=np.int64)[found]
    marked = pd.DataFrame({"g": gid, "m": codes})
    marked = marked[marked["m"] >= 0]
    first = marked.drop_duplicates("g")
    chosen = np.full(groups, -1, dtype=np.int64)
    chosen[first["g"].to_numpy()] = first["m"].to_numpy()
    for i in np.flatnonzero(marked["m"].to_numpy() != chosen[marked["g"].to_numpy()]):
        row = marked.index[i]
        problems.append(
            Problem(
                shown,
                f"cells of one row carry different markers ('{markers[chosen[marked['g'].iat[i]]]}' and '{markers[marked['m'].iat[i]]}')",
                int(table.line[cells["_row"].iat[row]]),
                columns[cells["_order"].iat[row]],
            )
        )
    return categorical(chosen, markers)


def _gather_measures(
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
                    f"expected a whole number for {measure}, found '{table.printed[column].iat[rows[i]]}'",
                    int(table.line[rows[i]]),
                    column,
                )
            )
        return pd.array([None if _missing(v) else int(Decimal(v)) for v in value], dtype="Int64")
    codes, distinct = pd.factorize(
        value
    )  # printed numbers repeat: kept as codes into the distinct texts
    return categorical(codes, [str(v) for v in distinct])


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


def _mark_totals(spec: TableSpec, obs: pd.DataFrame, registry: Registry) -> None:
    """A row is a total when one of its codes sums other codes of its code list (i alt, omgjort, alle
    lovområder), wherever it is printed: the figure decides, not what else its table prints."""
    total = np.zeros(len(obs), dtype=bool)
    for d in dimensions(spec):
        codelist = registry.codelist_of(d) if d in obs else None
        if codelist is not None:
            total |= obs[d].isin(codelist.totals()).fillna(False).to_numpy(dtype=bool)
    obs["er_total"] = total


@dataclass
class KeyNumbers:
    """Each row's key (several columns) as one whole number, so that a row with other codes in some
    columns is found by arithmetic: each column's factorised code times the column's weight, summed."""

    numbers: np.ndarray
    codes: dict[str, np.ndarray]  # column -> each row's code
    distinct: dict[str, pd.Index]  # column -> the values the codes stand for
    weights: dict[str, int]

    @classmethod
    def of(cls, frame: pd.DataFrame, columns: list[str]) -> KeyNumbers:
        numbers, codes, distinct, weights, weight = (
            np.zeros(len(frame), dtype=np.int64),
            {},
            {},
            {},
            1,
        )
        for c in reversed(columns):
            codes[c], distinct[c] = pd.factorize(frame[c], use_na_sentinel=False)
            distinct[c] = pd.Index(distinct[c])
            numbers += codes[c] * weight
            weights[c], weight = weight, weight * (len(distinct[c]) + 1)
        if weight >= 2**62:
            raise OverflowError(f"too many combinations of {columns} to number")
        return cls(numbers, codes, distinct, weights)

    def with_codes(self, rows: np.ndarray, values: dict[str, object]) -> np.ndarray | None:
        """The numbers of `rows` with the given values in some columns instead of their own (None: no
        row has one of the values, so none of the keys exists)."""
        numbers = self.numbers[rows]
        for column, value in values.items():
            if value not in self.distinct[column]:
                return None
            numbers = (
                numbers
                + (self.distinct[column].get_loc(value) - self.codes[column][rows])
                * self.weights[column]
            )
        return numbers

    def find(self, numbers: np.ndarray) -> np.ndarray:
        """The last row with each key number, or -1."""
        return self._sorted.find(numbers)

    @cached_property
    def _sorted(self) -> SortedNumbers:  # sorted once: find is called once per aggregate member
        return SortedNumbers(self.numbers)


class SortedNumbers:
    """Whole numbers sorted once, to find where others occur among them by binary search."""

    def __init__(self, numbers: np.ndarray):
        self.order = np.argsort(numbers, kind="stable")  # equal numbers keep their order
        self.ordered = numbers[self.order]

    def find(self, wanted: np.ndarray) -> np.ndarray:
        """Each wanted number's last position among the numbers, or -1."""
        if not len(self.ordered):
            return np.full(len(wanted), -1, dtype=np.int64)
        i = np.searchsorted(self.ordered, wanted, side="right") - 1
        at = np.maximum(i, 0)
        return np.where((i >= 0) & (self.ordered[at] == wanted), self.order[at], -1)


def groups(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Each row's group of equal values in `columns` (missing ones equal too), numbered in order of
    first appearance: pandas' groupby(...).ngroup(), in half the time, through the rows' key numbers."""
    try:
        return pd.factorize(KeyNumbers.of(frame, columns).numbers)[0]
    except OverflowError:  # too many combinations to number: pandas groups them
        return frame.groupby(columns, sort=False, dropna=False).ngroup().to_numpy()


def _derive_counts(spec: TableSpec, obs: pd.DataFrame, registry: Registry) -> None:
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
        for kode in [
            k for k in obs.loc[need, d].dropna().unique() if k in summing
        ]:  # a derived list has 200,000 codes
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
