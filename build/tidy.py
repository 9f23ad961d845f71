"""Turn printed tables into tidy observations: one row per printed figure (or figure pair).

Each observation keeps the cells it came from, so every check and every published number can name
its file, line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from omgoerelse.errors import Problem, raise_if
from omgoerelse.registry import Registry
from omgoerelse.sources import Cell, SourceTable
from omgoerelse.spec import SourceMapping, TableSpec

PROVENANCE = ("kilde_dokument", "kilde_tabel")


@dataclass
class Observation:
    values: dict[str, object]
    source: SourceTable
    cells: dict[str, Cell] = field(default_factory=dict)  # measure field -> printed cell
    label_cells: list[Cell] = field(default_factory=list)
    derived_count: int | None = None  # a count not printed but summed by the build from its parts

    @property
    def line(self) -> int:
        return min(c.line for c in [*self.label_cells, *self.cells.values()])

    def count(self, spec: TableSpec) -> int | None:
        printed = self.values.get(spec.count)
        return printed if printed is not None else self.derived_count

    def place(self, measure: str | None = None) -> tuple[str, int, str | None]:
        """Where a figure stands: (file, line, transcription column)."""
        cell = self.cells.get(measure) if measure else None
        if cell is None:
            return (str(self.source.path), self.line, None)
        return (str(self.source.path), cell.line, cell.column)


def dimensions(spec: TableSpec) -> list[str]:
    """The fields that identify an observation within one printed table."""
    return [f for f in spec.primary_key if f not in PROVENANCE]


def tidy(spec: TableSpec, tables: dict[str, SourceTable], registry: Registry) -> list[Observation]:
    problems: list[Problem] = []
    observations: list[Observation] = []
    for mapping in spec.sources:
        table = tables[mapping.table]
        missing = _unknown_columns(mapping, table)
        if missing:
            problems += [Problem(spec.path, f"source {table.id} has no column '{c}'") for c in missing]
            continue
        table_obs: dict[tuple, Observation] = {}
        for row in table.rows:
            _add_row(spec, mapping, table, row, registry, table_obs, problems)
        _mark_totals(spec, list(table_obs.values()), registry)
        observations += table_obs.values()
    raise_if(problems)
    for obs in observations:
        for f in spec.fields:
            obs.values.setdefault(f, None)
    _derive_counts(spec, observations, registry)
    return observations


def _unknown_columns(mapping: SourceMapping, table: SourceTable) -> list[str]:
    used = list(mapping.rows.values()) + list(mapping.columns)
    return [c for c in used if c not in table.columns]


def _add_row(spec, mapping, table, row, registry, table_obs, problems) -> None:
    shown = str(table.path)
    base = {**mapping.fixed}
    labels, row_measure = [], None
    label = mapping.row_label.format(**{c: cell.printed for c, cell in row.items()}) if mapping.row_label else None
    for f, column in mapping.rows.items():
        cell = row[column]
        if cell not in labels:  # one printed label can give two fields (law area and status)
            labels.append(cell)
        if f == "measure":
            row_measure = mapping.measures.get(cell.value)
            if row_measure is None:
                problems.append(Problem(shown, f"unknown measure label '{cell.printed}' (expected one of {list(mapping.measures)})", cell.line, column))
        else:
            value, problem = _resolve(f, cell, mapping, registry, shown)
            if problem:
                problems.append(problem)
            base[f] = value
    if not mapping.columns:
        _add_listed_row(spec, table, base, labels, label, table_obs, problems)
        return
    for column, props in mapping.columns.items():
        cell = row[column]
        measure = props.get("measure") or row_measure
        if measure is None:
            continue
        values = {**base, **{k: v for k, v in props.items() if k != "measure"}}
        key = tuple(values.get(d) for d in dimensions(spec))
        obs = table_obs.get(key)
        if obs is None:
            obs = table_obs[key] = Observation(_provenance(table, labels, label), table, label_cells=list(labels))
            obs.values.update(values)
        if measure in obs.cells:
            problems.append(Problem(shown, f"two cells give {measure} for the same row {dict(zip(dimensions(spec), key))}", cell.line, column))
            continue
        obs.cells[measure] = cell
        _note_row_label(obs, labels, label)
        value, problem = _measure_value(spec, measure, cell, registry, shown)
        if problem:
            problems.append(problem)
        obs.values[measure] = value
        problems += _record_marker(obs, cell, shown)
        headers = [h for h in obs.values["kilde_kolonne"].split(" + ") if h]
        header = table.printed_header(column)
        if header not in headers:
            obs.values["kilde_kolonne"] = " + ".join(headers + [header])


def _note_row_label(obs: Observation, labels: list[Cell], label: str | None) -> None:
    """Add a printed row label to kilde_raekke when the observation spans printed rows (Tabel 5)."""
    label = label or " / ".join(c.printed for c in labels)
    seen = obs.values["kilde_raekke"].split(" + ")
    if label not in seen:
        obs.values["kilde_raekke"] = " + ".join(seen + [label])
        obs.label_cells += labels


def _add_listed_row(spec, table, base, labels, label, table_obs, problems) -> None:
    """A row of a printed list (no figures): the row itself is the observation."""
    key = tuple(base.get(d) for d in dimensions(spec))
    if key in table_obs:
        problems.append(Problem(str(table.path), f"the row {dict(zip(dimensions(spec), key))} is listed twice", labels[0].line))
        return
    obs = table_obs[key] = Observation(_provenance(table, labels, label), table, label_cells=list(labels))
    obs.values.update(base)


def _provenance(table: SourceTable, labels: list[Cell], label: str | None) -> dict:
    return {
        "kilde_dokument": table.document.id,
        "kilde_tabel": table.number,
        "data_trukket": table.document.data_drawn,
        "kilde_raekke": label or " / ".join(c.printed for c in labels),
        "kilde_kolonne": "",
        "markoer": None,
    }


def _resolve(f: str, cell: Cell, mapping: SourceMapping, registry: Registry, shown: str):
    """The value of a dimension from its printed label: a code, or a year."""
    if cell.printed in mapping.labels.get(f, {}):
        return mapping.labels[f][cell.printed], None
    if cell.marker is not None or cell.value is None:
        return None, Problem(shown, f"a row label cannot be empty or a marker ('{cell.printed}')", cell.line, cell.column)
    codelist = registry.codelist_of(f)
    if codelist is None:
        if registry.fields[f]["type"] == "integer":
            return int(cell.value), None
        return cell.value, None
    code = mapping.labels.get(f, {}).get(cell.printed) or codelist.code_for(cell.printed) or mapping.default.get(f)
    if code is None:
        known = sorted({t for c in codelist.codes.values() for t in c.trykt})
        return None, Problem(
            shown, f"unknown {f} '{cell.printed}': not a printed name in code list '{codelist.name}' "
            f"(known: {', '.join(known)}); add it to build/registry/codelists/{codelist.name}.yaml "
            f"or map it under 'labels: {{{f}: ...}}' in the spec", cell.line, cell.column)
    return code, None


def _measure_value(spec: TableSpec, measure: str, cell: Cell, registry: Registry, shown: str):
    value = cell.value
    if value is None:
        return None, None
    kind = registry.fields[measure]["type"]
    if kind == "integer":
        if isinstance(value, Decimal) and value != value.to_integral_value():
            return None, Problem(shown, f"expected a whole number for {measure}, found '{cell.printed}'", cell.line, cell.column)
        return int(value), None
    if kind == "number":
        return Decimal(value), None
    return str(value), None


def _record_marker(obs: Observation, cell: Cell, shown: str) -> list[Problem]:
    if cell.marker is None:
        return []
    if obs.values["markoer"] not in (None, cell.marker):
        return [Problem(shown, f"cells of one row carry different markers ('{obs.values['markoer']}' and '{cell.marker}')", cell.line, cell.column)]
    obs.values["markoer"] = cell.marker
    return []


def _mark_totals(spec: TableSpec, observations: list[Observation], registry: Registry) -> None:
    """A row is a total when its code covers a code that another row of the same table has, the other
    dimensions being equal (e.g. "I alt" beside the laws it sums)."""
    dims = dimensions(spec)
    present = {(d, *(o.values.get(x) for x in dims if x != d)): set() for o in observations for d in dims}
    for o in observations:
        for d in dims:
            present[(d, *(o.values.get(x) for x in dims if x != d))].add(o.values.get(d))
    for obs in observations:
        obs.values["er_total"] = False
        for d in dims:
            codelist = registry.codelist_of(d)
            kode = obs.values.get(d)
            if codelist is None or kode not in codelist.codes or not codelist.codes[kode].er_aggregat:
                continue
            others = present[(d, *(obs.values.get(x) for x in dims if x != d))]
            if codelist.descendants(kode) & others:
                obs.values["er_total"] = True


def _derive_counts(spec: TableSpec, observations: list[Observation], registry: Registry) -> None:
    """Fill derived_count for an aggregate row printed without a count (e.g. "omgjort" as a percent only)."""
    if spec.count is None:
        return
    index = {(o.source.id, *(o.values[d] for d in dimensions(spec))): o for o in observations}
    dims = dimensions(spec)
    for obs in observations:
        if obs.values.get(spec.count) is not None or obs.values.get("markoer"):
            continue
        for i, d in enumerate(dims):
            codelist = registry.codelist_of(d) if d in registry.fields else None
            if codelist is None or obs.values[d] not in codelist.codes:
                continue
            members = codelist.codes[obs.values[d]].medlemmer
            if not members:
                continue
            parts = []
            for member in members:
                key = (obs.source.id, *(member if j == i else obs.values[x] for j, x in enumerate(dims)))
                part = index.get(key)
                parts.append(part.values.get(spec.count) if part else None)
            if all(p is not None for p in parts):
                obs.derived_count = sum(parts)
