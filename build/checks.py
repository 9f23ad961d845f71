"""The checks official statistics need, run on every table at build time.

Each check takes a table's observations and returns how many comparisons it made and the failures,
each naming the printed cell (file, line, column) and both numbers. `unique_key` and
`field_constraints` run on every table; the others run where a spec declares them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from omgoerelse.registry import Registry
from omgoerelse.spec import TableSpec
from omgoerelse.tidy import Observation, dimensions

DESCRIPTIONS = {
    "unique_key": "Hver række har en entydig nøgle.",
    "field_constraints": "Antal er ikke negative, procenter ligger mellem 0 og 100, og markører er kendte.",
    "sum_to_total": "Delene summer til den trykte total.",
    "percent_matches_counts": "Hver trykt procent stemmer med antallene inden for kildens afrunding.",
    "shares_have_common_denominator": (
        "Hvor nævneren ikke er trykt: de trykte andele i en række kan alle stamme fra samme antal sager."
    ),
    "same_figure_agrees": "Et tal, der står i to tabeller fra samme udtræk, er ens i begge.",
    "agrees_with": "Et tal, der også står i en anden udgivet tabel fra samme udtræk, er ens i begge.",
}


@dataclass
class Context:
    """What a check may look at besides its own table."""

    registry: Registry
    observed: dict[str, tuple[TableSpec, list[Observation]]] = field(default_factory=dict)


@dataclass
class Failure:
    check: str
    table: str
    obs: Observation
    measure: str | None
    expected: object
    found: object
    message: str

    def key(self) -> tuple:
        """What identifies the failing figure in the discrepancy register."""
        v = self.obs.values
        column = self.obs.source.printed_header(self.obs.cells[self.measure].column) if self.measure in self.obs.cells else v["kilde_kolonne"]
        return (self.table, self.check, v["kilde_dokument"], v["kilde_tabel"], v["kilde_raekke"], column)

    def __str__(self) -> str:
        path, line, column = self.obs.place(self.measure)
        where = f"{path}:{line}" + (f" column '{column}'" if column else "")
        return f"{where}: {self.table}: {self.check}: {self.message} (expected {self.expected}, found {self.found})"


@dataclass
class CheckResult:
    table: str
    check: str
    params: dict
    compared: int
    failures: list[Failure] = field(default_factory=list)
    accepted: list[tuple[Failure, str]] = field(default_factory=list)

    @property
    def description(self) -> str:
        return DESCRIPTIONS[self.check]


def run_checks(spec: TableSpec, observations: list[Observation], ctx: Context) -> list[CheckResult]:
    declared = [("unique_key", {}), ("field_constraints", {})]
    declared += [(c["check"], {k: v for k, v in c.items() if k != "check"}) for c in spec.checks]
    results = []
    for name, params in declared:
        compared, failures = CHECKS[name](spec, observations, ctx, **params)
        results.append(CheckResult(spec.name, name, params, compared, failures))
    return results


def unique_key(spec, observations, ctx):
    seen: dict[tuple, Observation] = {}
    failures = []
    for obs in observations:
        key = tuple(obs.values.get(f) for f in spec.primary_key)
        if key in seen:
            first = seen[key]
            failures.append(Failure("unique_key", spec.name, obs, None, f"one row (first at line {first.line})",
                                    "a second row", f"duplicate key {dict(zip(spec.primary_key, key))}"))
        seen[key] = obs
    return len(observations), failures


def field_constraints(spec, observations, ctx):
    failures, compared = [], 0
    for obs in observations:
        for f in spec.fields:
            value, rules = obs.values.get(f), ctx.registry.fields[f].get("constraints") or {}
            if value is None or not rules:
                continue
            compared += 1
            if "minimum" in rules and value < rules["minimum"]:
                failures.append(Failure("field_constraints", spec.name, obs, f, f">= {rules['minimum']}", value, f"{f} below its minimum"))
            if "maximum" in rules and value > rules["maximum"]:
                failures.append(Failure("field_constraints", spec.name, obs, f, f"<= {rules['maximum']}", value, f"{f} above its maximum"))
            if "enum" in rules and value not in rules["enum"]:
                failures.append(Failure("field_constraints", spec.name, obs, f, f"one of {rules['enum']}", value, f"{f} not an allowed value"))
    return compared, failures


def sum_to_total(spec, observations, ctx, dimension, tables=None, measure=None):
    """Within a printed table (or the listed tables of one document), parts add up to each total.

    For a rounded percentage (measure: procent_trykt) the sum may miss by the parts' and the total's
    rounding: half a unit of the last printed decimal each.
    """
    measure = measure or spec.count
    codelist = ctx.registry.codelist_of(dimension)
    others = [d for d in dimensions(spec) if d != dimension]
    groups: dict[tuple, dict[str, Observation]] = defaultdict(dict)
    for obs in observations:
        if tables and obs.source.id not in tables:
            continue
        key = (obs.values["kilde_dokument"], None if tables else obs.source.id, *(obs.values[d] for d in others))
        groups[key].setdefault(obs.values[dimension], obs)
    failures, compared = [], 0
    for present in groups.values():
        for kode, total in present.items():
            found = total.values.get(measure)
            if found is None or not codelist.codes[kode].er_aggregat:
                continue
            parts, covers = codelist.partition(kode, set(present))
            if not parts:
                continue
            values = [present[p].values.get(measure) for p in parts]
            known = sum(v for v in values if v is not None)
            slack = _rounding_slack([*values, found]) if measure != spec.count else 0
            compared += 1
            complete = covers and None not in values
            if (complete and abs(known - found) > slack) or (not complete and known > found + slack):
                relation = "sum to" if complete else "known parts already sum to"
                failures.append(Failure("sum_to_total", spec.name, total, measure, known, found,
                                        f"{dimension} '{kode}': parts {', '.join(parts)} {relation} {known}"))
    return compared, failures


def percent_matches_counts(spec, observations, ctx):
    """The printed, rounded percentage lies within half a unit of its last decimal of the exact share."""
    failures, compared = [], 0
    for obs in observations:
        printed, n, count = obs.values.get("procent_trykt"), obs.values.get("naevner"), obs.count(spec)
        if printed is None or n is None or count is None:
            continue
        compared += 1
        exact = Fraction(100 * count, n)
        if abs(exact - Fraction(printed)) > _half_unit(printed):
            failures.append(Failure("percent_matches_counts", spec.name, obs, "procent_trykt", obs.values["procent_beregnet"], printed,
                                    f"{count} of {n} is {float(exact):.2f} %, which does not round to the printed {printed}"))
    return compared, failures


def shares_have_common_denominator(spec, observations, ctx, dimension):
    """Where the denominator is not printed: some one whole number of cases fits every printed share of a row."""
    others = [d for d in dimensions(spec) if d != dimension]
    groups: dict[tuple, list[Observation]] = defaultdict(list)
    for obs in observations:
        if obs.values.get("naevner") is None and obs.values.get("procent_trykt") is not None and obs.count(spec) is not None:
            groups[(obs.source.id, *(obs.values[d] for d in others))].append(obs)
    failures = []
    for group in groups.values():
        low, high = max(o.count(spec) for o in group), math.inf
        for obs in group:
            count, printed = obs.count(spec), obs.values["procent_trykt"]
            lo, hi = denominator_range(count, printed)
            low, high = max(low, lo), min(high, hi)
            if low > high:
                failures.append(Failure("shares_have_common_denominator", spec.name, obs, "procent_trykt", None, printed,
                                        f"no number of cases gives both this share ({count} → {printed} %) and the row's other shares"))
                break
    return len(groups), failures


def denominator_range(count: int, printed: Decimal) -> tuple[float, float]:
    """The whole numbers N for which 100·count/N rounds to the printed percentage, as (lowest, highest)."""
    p, half = Fraction(printed), _half_unit(printed)
    if count == 0:
        return (0, math.inf) if p <= half else (math.inf, 0)
    low = math.ceil(Fraction(100 * count) / (p + half))
    high = math.floor(Fraction(100 * count) / (p - half)) if p > half else math.inf
    return low, high


def same_figure_agrees(spec, observations, ctx):
    """Two printed tables of one extraction that give the same figure give the same value."""
    groups: dict[tuple, list[Observation]] = defaultdict(list)
    for obs in observations:
        groups[(obs.values["kilde_dokument"], *(obs.values[d] for d in dimensions(spec)))].append(obs)
    failures, compared = [], 0
    for group in groups.values():
        first = group[0]
        for other in group[1:]:
            for measure in [m for m in (spec.count, "procent_trykt") if m in spec.fields]:
                a, b = first.values.get(measure), other.values.get(measure)
                if a is None or b is None:
                    continue
                compared += 1
                if a != b:
                    failures.append(Failure("same_figure_agrees", spec.name, other, measure, a, b,
                                            f"{measure} differs from {first.source.number} in the same extraction"))
    return compared, failures


def agrees_with(spec, observations, ctx, table, match, where=None, other_where=None):
    """A count this table shares with another emitted table of the same extraction is the same in both."""
    other_spec, other_obs = ctx.observed[table]
    index: dict[tuple, list[Observation]] = defaultdict(list)
    for o in other_obs:
        if all(o.values.get(k) == v for k, v in (other_where or {}).items()):
            index[(o.values["kilde_dokument"], *(o.values.get(f) for f in match))].append(o)
    failures, compared = [], 0
    for obs in observations:
        mine = obs.values.get(spec.count)
        if mine is None or not all(obs.values.get(k) == v for k, v in (where or {}).items()):
            continue
        for other in index.get((obs.values["kilde_dokument"], *(obs.values.get(f) for f in match)), []):
            theirs = other.values.get(other_spec.count)
            if theirs is None:
                continue
            compared += 1
            if mine != theirs:
                failures.append(Failure("agrees_with", spec.name, obs, spec.count, theirs, mine,
                                        f"{other.source.number} ({table}) gives {theirs} for the same figure"))
    return compared, failures


def _rounding_slack(values: list) -> Fraction:
    return sum((_half_unit(Decimal(v)) for v in values if v is not None), Fraction(0))


def _half_unit(printed: Decimal) -> Fraction:
    decimals = max(0, -printed.as_tuple().exponent)
    return Fraction(1, 2 * 10**decimals)


CHECKS = {
    "unique_key": unique_key,
    "field_constraints": field_constraints,
    "sum_to_total": sum_to_total,
    "percent_matches_counts": percent_matches_counts,
    "shares_have_common_denominator": shares_have_common_denominator,
    "same_figure_agrees": same_figure_agrees,
    "agrees_with": agrees_with,
}
