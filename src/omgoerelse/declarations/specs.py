"""Table specs: one YAML file per emitted table in build/specs/, checked against the registry."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from omgoerelse.core.errors import BuildError, Problem, raise_if
from omgoerelse.core.project import Project
from omgoerelse.core.text import nfc
from omgoerelse.core.yamlio import load_yaml
from omgoerelse.declarations import models, spec_models
from omgoerelse.declarations.registry import CODELIST_FIELDS, Registry

KINDS = {"observations", "register", "discrepancies", "revisions"}
REQUIRED = (
    "name",
    "title",
    "theme",
    "description",
    "population",
    "period",
    "unit",
    "fields",
    "primary_key",
)
LINK_KEYS = {"table", "match", "where", "other_where"}


@dataclass
class SourceMapping:
    """How one printed table becomes rows: fixed values, row-label columns, and value columns."""

    table: str
    fixed: dict
    # field -> transcription column holding the printed label ("measure" picks the measure)
    rows: dict
    columns: dict  # transcription column -> {field: code, ..., "measure": field}
    # field -> {printed label -> code}, where ambiguous or prose
    labels: dict = field(default_factory=dict)
    measures: dict = field(default_factory=dict)  # printed label -> measure field
    row_label: str | None = (
        None  # how kilde_raekke is formed, e.g. "linje {linje}" (default: the labels)
    )
    # field -> code for labels its code list does not know
    default: dict = field(default_factory=dict)


@dataclass
class TableSpec:
    name: str
    kind: str
    title: str
    theme: str
    description: str
    population: str
    period: str
    unit: str
    fields: list[str]
    primary_key: list[str]
    path: str
    count: str | None = None
    share: dict | None = None
    sources: list[SourceMapping] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    usage_warnings: list[str] = field(default_factory=list)
    not_shown: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    chart: dict | None = None  # which chart answers the reader's question (see charts.py)
    trends: list[dict] = field(default_factory=list)  # more charts: the figures over the years
    key_figure: dict | None = None  # {where: one row, text: a sentence with {field} placeholders}
    # Rows that are the same figure as rows of another table (one identity across tables, see
    # vintages.py); each link is also checked: within one extraction the two values agree.
    same_figures: list[dict] = field(default_factory=list)  # {table, match, where, other_where}

    @property
    def source_tables(self) -> list[str]:
        return [s.table for s in self.sources]


def load_specs(project: Project, registry: Registry) -> dict[str, TableSpec]:
    specs = {}
    paths = sorted(project.specs.glob("*.yaml"))
    if not paths:
        raise BuildError(Problem(project.rel(project.specs), "no table specs (*.yaml) found"))
    for path in paths:
        spec = _load_spec(project, path)
        specs[spec.name] = spec
    problems = []
    for spec in specs.values():
        problems += check_spec(spec, registry, specs)
    raise_if(problems)
    return specs


def _load_spec(project: Project, path: Path) -> TableSpec:
    shown = project.rel(path)
    data = load_yaml(path, shown)
    models.check(spec_models.Spec, data, shown)  # every key known, every value of its type
    if data["name"] != path.stem:
        raise BuildError(
            Problem(shown, f"name '{data['name']}' must match the file name '{path.stem}'")
        )
    kind = data.get("kind", "observations")
    sources = []
    for s in data.get("sources") or []:
        sources.append(
            SourceMapping(
                table=s["table"],
                fixed=s.get("fixed") or {},
                rows=s["rows"],
                columns=s["columns"],
                labels=_labels_in_nfc(s.get("labels") or {}),
                measures=s.get("measures") or {},
                row_label=s.get("row_label"),
                default=s.get("default") or {},
            )
        )
    trends = data.get("trend") or []  # one trend or a list of them
    return TableSpec(
        name=data["name"],
        kind=kind,
        title=data["title"],
        theme=data["theme"],
        description=data["description"],
        population=data["population"],
        period=data["period"],
        unit=data["unit"],
        fields=list(data["fields"]),
        primary_key=list(data["primary_key"]),
        path=shown,
        count=data.get("count"),
        share=data.get("share"),
        sources=sources,
        checks=list(data.get("checks") or []),
        terms=list(data.get("terms") or []),
        usage_warnings=list(data.get("usage_warnings") or []),
        not_shown=list(data.get("not_shown") or []),
        notes=list(data.get("notes") or []),
        chart=data.get("chart"),
        trends=trends if isinstance(trends, list) else [trends],
        key_figure=data.get("key_figure"),
        same_figures=list(data.get("same_figures") or []),
    )


def check_spec(spec: TableSpec, registry: Registry, specs: dict[str, TableSpec]) -> list[Problem]:
    """Everything a spec names must exist: fields, key, terms, warnings, checks, mapped fields."""
    at = spec.path
    problems = [
        Problem(at, f"field '{f}' is not defined in build/registry/fields.yaml")
        for f in spec.fields
        if f not in registry.fields
    ]
    problems += [
        Problem(at, f"primary key field '{f}' is not among the table's fields")
        for f in spec.primary_key
        if f not in spec.fields
    ]
    problems += [
        Problem(at, f"term '{t}' is not in the glossary")
        for t in spec.terms
        if t not in registry.glossary
    ]
    problems += [
        Problem(at, f"usage warning '{w}' is not in warnings.yaml")
        for w in spec.usage_warnings
        if w not in registry.warnings
    ]
    for check in spec.checks:
        for key in ("dimension", "measure"):
            if check.get(key) is not None and check[key] not in spec.fields:
                problems.append(
                    Problem(
                        at,
                        f"check {check['check']}: {key} '{check[key]}' is not a field of the table",
                    )
                )
        for table in check.get("tables") or []:
            if table not in spec.source_tables:
                problems.append(
                    Problem(
                        at, f"check {check['check']}: '{table}' is not one of the table's sources"
                    )
                )
    problems += _check_chart(spec, specs)
    problems += _check_links(spec, specs)
    if spec.kind != "observations":
        return problems
    if spec.count is not None and spec.count not in spec.fields:
        problems.append(Problem(at, f"count field '{spec.count}' is not among the table's fields"))
    denominator = (spec.share or {}).get("denominator") or {}
    if "table" in denominator and denominator["table"] not in specs:
        problems.append(
            Problem(at, f"share denominator refers to unknown table '{denominator['table']}'")
        )
    for mapping in spec.sources:
        problems += _check_mapping(spec, mapping, registry)
    return problems


def _check_chart(spec: TableSpec, specs: dict[str, TableSpec]) -> list[Problem]:
    """A chart selects and shows fields the table it draws has (or their names: <field>_navn);
    points drawn on another table's lines name the spec's own fields."""
    problems = []
    charts = [("chart", spec.chart)] if spec.chart else []
    charts += [(f"trend{f'.{i}' if i else ''}", t) for i, t in enumerate(spec.trends)]
    for key, chart in charts:
        at = f"{spec.path} ({key})"
        drawn = specs.get(chart.get("rows_from") or spec.name)
        if drawn is None:
            problems.append(Problem(at, f"rows_from: unknown table '{chart['rows_from']}'"))
            continue
        if chart.get("points") and not chart.get("rows_from"):
            problems.append(Problem(at, "points are drawn on another table's lines: add rows_from"))
        problems += _unknown_fields(at, drawn, chart, ("category", "series"))
        if chart.get("points"):
            problems += _unknown_fields(at + " points", spec, chart["points"], ("panel", "label"))
        if chart.get("continued"):
            if not chart.get("rows_from"):
                problems.append(
                    Problem(at, "continued carries another table's line: add rows_from")
                )
            problems += _unknown_fields(at + " continued", spec, chart["continued"], ())
    return problems


def _unknown_fields(
    at: str, spec: TableSpec, chart: dict, single: tuple[str, ...]
) -> list[Problem]:
    known = set(spec.fields) | {f"{f}_navn" for f in spec.fields} | {"vaerdi"}
    named = [*chart.get("where", {}), *chart.get("exclude", {})]
    named += [chart[k] for k in single if chart.get(k)]
    value = chart.get("value")
    named += value if isinstance(value, list) else [value] if value else []
    named += [*chart.get("measures", []), *chart.get("tooltip", []), *chart.get("table", [])]
    return [
        Problem(at, f"'{f}' is not a field of the table {spec.name}")
        for f in dict.fromkeys(named)
        if f not in known
    ]


def _check_links(spec: TableSpec, specs: dict[str, TableSpec]) -> list[Problem]:
    """A same_figures link names a table with a count, fields both tables have, and nothing else."""
    at, problems = f"{spec.path} (same_figures)", []
    for link in spec.same_figures:
        if not isinstance(link, dict) or not {"table", "match"} <= link.keys():
            problems.append(Problem(at, f"a link needs table and match; found {link!r}"))
            continue
        problems += [
            Problem(at, f"unknown key '{k}' (known: {', '.join(sorted(LINK_KEYS))})")
            for k in sorted(set(link) - LINK_KEYS)
        ]
        other = specs.get(link["table"])
        if other is None or other.count is None:
            problems.append(
                Problem(
                    at,
                    f"unknown table '{link['table']}' (a link needs an observation table with a "
                    "count)",
                )
            )
            continue
        if spec.count is None:
            problems.append(Problem(at, "a table without a count cannot share a figure"))
        for name, where, table in (
            ("match", {f: None for f in link["match"]}, None),
            ("where", link.get("where") or {}, spec),
            ("other_where", link.get("other_where") or {}, other),
        ):
            for f in where:
                for t in (spec, other) if table is None else (table,):
                    if f not in t.fields:
                        problems.append(Problem(at, f"{name}: '{f}' is not a field of {t.name}"))
    return problems


def _check_mapping(spec: TableSpec, mapping: SourceMapping, registry: Registry) -> list[Problem]:
    at = f"{spec.path} (source {mapping.table})"
    problems = []
    named = set(mapping.fixed) | {f for f in mapping.rows if f != "measure"}
    for props in mapping.columns.values():
        named |= {k for k in props if k != "measure"}
        measure = props.get("measure")
        if measure is not None and measure not in spec.fields:
            problems.append(Problem(at, f"measure '{measure}' is not a field of the table"))
    problems += [
        Problem(at, f"'{f}' is not a field of the table")
        for f in sorted(named)
        if f not in spec.fields
    ]
    problems += [
        Problem(at, f"measure '{m}' is not a field of the table")
        for m in mapping.measures.values()
        if m not in spec.fields
    ]
    for f, value in [*mapping.fixed.items(), *mapping.default.items()]:
        problems += _check_code(at, f, value, registry)
    for f, labels in mapping.labels.items():
        if not isinstance(labels, dict):
            problems.append(
                Problem(
                    at,
                    f"labels must map a field to {{printed label: code}}; found {f!r}: {labels!r}",
                )
            )
            continue
        for value in labels.values():
            problems += _check_code(at, f, value, registry)
    for props in mapping.columns.values():
        for f, value in props.items():
            if f != "measure":
                problems += _check_code(at, f, value, registry)
    return problems


def _check_code(at: str, field_name: str, value: object, registry: Registry) -> list[Problem]:
    if field_name not in registry.fields:
        return []
    codelist = registry.codelist_of(field_name)
    if codelist is not None and value not in codelist.codes:
        return [
            Problem(
                at,
                f"'{value}' is not a code in the code list '{codelist.name}' (field {field_name})",
            )
        ]
    return []


def used_fields(specs: dict[str, TableSpec], registry: Registry) -> set[str]:
    """Every field some emitted table uses: the specs' fields and the code lists' columns."""
    used = {f for spec in specs.values() for f in spec.fields}
    used |= set(CODELIST_FIELDS)
    for cl in registry.codelists.values():
        if cl.source:
            used |= set(cl.source.get("columns", {}))
    return used


def _labels_in_nfc(labels: dict) -> dict:
    """A mapping's printed labels in NFC, as the transcriptions' labels are (core/text.py)."""
    return {
        f: {nfc(k) if isinstance(k, str) else k: v for k, v in m.items()}
        if isinstance(m, dict)
        else m
        for f, m in labels.items()
    }
