"""The checks official statistics need, run on every table at build time.

Each check takes a table's observations (a frame, one row per observation) and returns how many
comparisons it made and the failures, each naming the printed cell (file, line, column) and both
numbers. `unique_key` and `field_constraints` run on every table; the others run where a spec
declares them. The checks work column by column in exact integer arithmetic (printed decimals are
scaled to whole numbers), so they take the same time per row at any size.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import pandas as pd

from omgoerelse.core.printed import (
    SCALE_DECIMALS,
    as_floats,
    denominator_ranges,
    half_units,
    scaled,
)
from omgoerelse.declarations import models
from omgoerelse.declarations.registry import Registry
from omgoerelse.declarations.specs import TableSpec
from omgoerelse.sources.transcriptions import SourceTable
from omgoerelse.tidy.observations import (
    SOURCE,
    Observation,
    SortedNumbers,
    counts,
    dimensions,
    groups,
    matching,
    observation,
    plain,
)


@dataclass
class Context:
    """What a check may look at besides its own table."""

    registry: Registry
    observed: dict[str, tuple[TableSpec, pd.DataFrame]] = field(default_factory=dict)
    tables: dict[str, SourceTable] = field(
        default_factory=dict
    )  # the printed tables, for places in messages


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
        column = (
            self.obs.source.printed_header(self.obs.cells[self.measure][1])
            if self.measure in self.obs.cells
            else v["kilde_kolonne"]
        )
        return (
            self.table,
            self.check,
            v["kilde_dokument"],
            v["kilde_tabel"],
            v["kilde_raekke"],
            column,
        )

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
        return CHECKS[self.check].description


CHECK_THREADS = 2  # numpy and most of pandas' kernels let go of the GIL: two checks at once keep both cores busy


def run_checks(ctx: Context) -> list[CheckResult]:
    """Every table's checks, in a fixed order (table by table as observed, then as declared); two run
    at a time, which took a third off the checking at a million rows. A check only reads the frames."""
    jobs = [
        (spec, obs, name, params)
        for spec, obs in ctx.observed.values()
        for name, params in declared_checks(spec)
    ]

    def run(job) -> CheckResult:
        spec, obs, name, params = job
        compared, failures = CHECKS[name].run(spec, obs, ctx, **params)
        return CheckResult(spec.name, name, params, compared, failures)

    with ThreadPoolExecutor(CHECK_THREADS) as pool:
        return list(pool.map(run, jobs))


def declared_checks(spec: TableSpec) -> list[tuple[str, dict]]:
    """(check, parameters): the two every table gets, the spec's own, then one per same_figures link."""
    return (
        [("unique_key", {}), ("field_constraints", {})]
        + [(c["check"], {k: v for k, v in c.items() if k != "check"}) for c in spec.checks]
        + [("agrees_with", dict(link)) for link in spec.same_figures]
    )


def _number(value: object) -> object:
    return value.item() if hasattr(value, "item") else value


def unique_key(spec, obs, ctx):
    key = [f for f in spec.primary_key]
    twice = obs.duplicated(key, keep=False).to_numpy()
    failures = []
    if twice.any():
        first_at = {}
        for i in np.flatnonzero(twice):
            k = tuple(plain({f: obs[f].iat[i]}).popitem()[1] for f in key)
            if k not in first_at:
                first_at[k] = i
                continue
            first = observation(obs, first_at[k], ctx.tables)
            failures.append(
                Failure(
                    "unique_key",
                    spec.name,
                    observation(obs, i, ctx.tables),
                    None,
                    f"one row (first at line {first.line})",
                    "a second row",
                    f"duplicate key {plain(dict(zip(key, k)))}",
                )
            )
            first_at[k] = i
    return len(obs), failures


def field_constraints(spec, obs, ctx):
    found, compared = [], 0
    for order, f in enumerate(spec.fields):
        rules = ctx.registry.fields[f].get("constraints") or {}
        present = obs[f].notna().to_numpy()
        if not rules or not present.any():
            continue
        compared += int(present.sum())
        column = obs[f]
        kind = ctx.registry.fields[f]["type"]
        numbers = pd.Series(as_floats(column), index=column.index) if kind == "number" else column
        for rank, (rule, expected, message, broken) in enumerate(
            (
                (
                    "minimum",
                    f">= {rules.get('minimum')}",
                    f"{f} below its minimum",
                    lambda: numbers < rules["minimum"],
                ),
                (
                    "maximum",
                    f"<= {rules.get('maximum')}",
                    f"{f} above its maximum",
                    lambda: numbers > rules["maximum"],
                ),
                (
                    "enum",
                    f"one of {rules.get('enum')}",
                    f"{f} not an allowed value",
                    lambda: ~column.isin(rules["enum"]),
                ),
            )
        ):
            if rule not in rules:
                continue
            bad = present & broken().fillna(False).to_numpy()
            found += [
                (
                    (int(i), order, rank),
                    Failure(
                        "field_constraints",
                        spec.name,
                        observation(obs, i, ctx.tables),
                        f,
                        expected,
                        _value(f, column.iat[i]),
                        message,
                    ),
                )
                for i in np.flatnonzero(bad)
            ]
    return compared, [failure for _, failure in sorted(found, key=lambda x: x[0])]


def sum_to_total(spec, obs, ctx, dimension, tables=None, measure=None):
    """Within a printed table (or the listed tables of one document), parts add up to each total.

    For a rounded percentage (measure: procent_trykt) the sum may miss by the parts' and the total's
    rounding: half a unit of the last printed decimal each. Worked in whole numbers throughout: codes
    for the dimension's values, and the parts of a total looked up by (group, code).
    """
    measure = measure or spec.count
    codelist = ctx.registry.codelist_of(dimension)
    others = [d for d in dimensions(spec) if d != dimension]
    chosen = obs[SOURCE].isin(tables).to_numpy() if tables else np.ones(len(obs), dtype=bool)
    frame = obs.loc[chosen, ["kilde_dokument", SOURCE, *others, measure]].reset_index(drop=True)
    frame["_at"] = np.flatnonzero(chosen)
    frame["_code"], names = pd.factorize(obs.loc[chosen, dimension])
    names = list(names)
    if tables:
        frame[SOURCE] = None  # the listed tables of one document form one group
    frame["_group"] = groups(frame, ["kilde_dokument", SOURCE, *others])
    frame = frame.drop_duplicates(["_group", "_code"])  # the first row with a code stands for it
    percent = measure != spec.count
    known = frame[measure].notna().to_numpy()
    frame["_value"] = np.where(
        known,
        scaled(frame[measure]) if percent else frame[measure].fillna(0).to_numpy(dtype=np.int64),
        0,
    )
    frame["_slack"] = np.where(known, half_units(frame[measure]), 0) if percent else 0
    frame["_known"] = known
    # The parts of a total depend only on which codes its group has: worked out once per distinct set,
    # each set known by a sum of random 64-bit numbers, one per code (a collision is not to be met).
    weights = np.random.default_rng(0).integers(1, 2**62, size=len(names) + 1, dtype=np.int64)
    frame["_set"] = (
        pd.Series(weights[frame["_code"].to_numpy() + 1], index=frame.index)
        .groupby(frame["_group"])
        .transform("sum")
    )
    summing = codelist.aggregates()
    aggregate = [i for i, k in enumerate(names) if k in summing]
    totals = frame[known & np.isin(frame["_code"].to_numpy(), aggregate)]
    if not len(totals):
        return 0, []
    present = frame.drop_duplicates(["_set", "_code"])
    sets = {
        code_set: {names[c] for c in group["_code"] if c >= 0}
        for code_set, group in present.groupby("_set")
    }
    plans, planned, position = [], {}, {k: i for i, k in enumerate(names)}
    for total, code_set in totals[["_code", "_set"]].drop_duplicates().itertuples(index=False):
        planned[total, code_set] = parts, covers = codelist.partition(names[total], sets[code_set])
        if parts:  # column by column: a total of a derived code list has 200,000 parts
            plans.append(
                pd.DataFrame(
                    {"_code": total, "_set": code_set, "_part": [position[part] for part in parts]}
                )
            )
    if not plans:
        return 0, []
    # A row per (total, part) holds only keys (at a million rows the full join held 100 MB more); the
    # figures are looked up by position: a part by its (group, code) as one whole number.
    link = totals[["_code", "_set", "_group", "_at"]].merge(
        pd.concat(plans, ignore_index=True), on=["_code", "_set"]
    )
    width = len(names) + 1
    at = SortedNumbers(frame["_group"].to_numpy() * width + frame["_code"].to_numpy() + 1).find(
        link["_group"].to_numpy() * width + link["_part"].to_numpy() + 1
    )
    hit = at >= 0
    per_total = (
        pd.DataFrame(
            {
                "_at": link["_at"].to_numpy(),
                "known": np.where(hit, frame["_value"].to_numpy()[at], 0),
                "all_known": hit & frame["_known"].to_numpy()[at],
                "slack": np.where(hit, frame["_slack"].to_numpy()[at], 0),
            }
        )
        .groupby("_at", sort=False)
        .agg(known=("known", "sum"), all_known=("all_known", "all"), slack=("slack", "sum"))
    )
    own = totals.set_index("_at").loc[per_total.index]
    plan_of = [planned[code, code_set] for code, code_set in zip(own["_code"], own["_set"])]
    complete = (
        np.array([covers for _, covers in plan_of], dtype=bool) & per_total["all_known"].to_numpy()
    )
    found, known = own["_value"].to_numpy(), per_total["known"].to_numpy()
    slack = (per_total["slack"].to_numpy() + own["_slack"].to_numpy()) if percent else 0
    bad = (complete & (np.abs(known - found) > slack)) | (~complete & (known > found + slack))
    failures = []
    for i in np.flatnonzero(bad):
        row = int(per_total.index[i])
        shown = _unscaled(known[i]) if percent else int(known[i])
        relation = "sum to" if complete[i] else "known parts already sum to"
        failures.append(
            Failure(
                "sum_to_total",
                spec.name,
                observation(obs, row, ctx.tables),
                measure,
                shown,
                _value(measure, obs[measure].iat[row]),
                f"{dimension} '{obs[dimension].iat[row]}': parts {', '.join(plan_of[i][0])} {relation} {shown}",
            )
        )
    failures.sort(key=lambda f: (f.obs.line, str(f)))
    return len(per_total), failures


def _unscaled(value: int) -> Decimal:
    return Decimal(int(value)).scaleb(-SCALE_DECIMALS).normalize()


def percent_matches_counts(spec, obs, ctx):
    """The printed, rounded percentage lies within half a unit of its last decimal of the exact share."""
    if "procent_trykt" not in obs or "naevner" not in obs:
        return 0, []
    count = counts(spec, obs)
    chosen = (obs["procent_trykt"].notna() & obs["naevner"].notna() & count.notna()).to_numpy()
    printed, n, c = (
        obs["procent_trykt"][chosen],
        obs["naevner"][chosen].to_numpy(dtype=np.int64),
        count[chosen].to_numpy(dtype=np.int64),
    )
    bad = ~printed_percent_fits(c, n, printed)
    failures = []
    for i in np.flatnonzero(bad):
        at = int(np.flatnonzero(chosen)[i])
        o = observation(obs, at, ctx.tables)
        exact = 100 * int(c[i]) / int(n[i])
        failures.append(
            Failure(
                "percent_matches_counts",
                spec.name,
                o,
                "procent_trykt",
                _decimal(o.values["procent_beregnet"]),
                _decimal(printed.iat[i]),
                f"{c[i]} of {n[i]} is {exact:.2f} %, which does not round to the printed {_decimal(printed.iat[i])}",
            )
        )
    return int(chosen.sum()), failures


def printed_percent_fits(count: np.ndarray, n: np.ndarray, printed: pd.Series) -> np.ndarray:
    """Whether 100·count/n lies within half a unit of the printed percentage's last decimal, exactly:
    |100·c/n − p| ≤ h  ⇔  |100·c·S − p·S·n| ≤ h·S·n, in whole numbers (S the scale of `scaled`)."""
    return np.abs(100 * count * 10**SCALE_DECIMALS - scaled(printed) * n) <= half_units(printed) * n


def _decimal(text: str) -> Decimal:
    return Decimal(text)


def shares_have_common_denominator(spec, obs, ctx, dimension):
    """Where the denominator is not printed: some one whole number of cases fits every printed share of a row."""
    others = [d for d in dimensions(spec) if d != dimension]
    count = counts(spec, obs)
    chosen = (obs["naevner"].isna() & obs["procent_trykt"].notna() & count.notna()).to_numpy()
    frame = obs.loc[chosen, [SOURCE, *others]].copy()
    frame["_at"] = np.flatnonzero(chosen)
    frame["_count"] = count[chosen].to_numpy(dtype=np.int64)
    printed = obs["procent_trykt"][chosen]
    low, high = denominator_ranges(frame["_count"].to_numpy(), scaled(printed), half_units(printed))
    frame["_low"], frame["_high"] = low, high
    group = frame.groupby([SOURCE, *others], sort=False, dropna=False)
    frame["_start"] = group["_count"].transform("max")
    lowest = np.maximum(group["_low"].cummax().to_numpy(), frame["_start"].to_numpy())
    highest = group["_high"].cummin().to_numpy()
    frame["_broken"] = lowest > highest
    first_broken = frame[frame["_broken"]].drop_duplicates(subset=[SOURCE, *others])
    failures = []
    for at in first_broken["_at"]:
        o = observation(obs, int(at), ctx.tables)
        printed_value = _decimal(obs["procent_trykt"].iat[int(at)])
        failures.append(
            Failure(
                "shares_have_common_denominator",
                spec.name,
                o,
                "procent_trykt",
                None,
                printed_value,
                f"no number of cases gives both this share ({int(count.iat[int(at)])} → {printed_value} %) and the row's other shares",
            )
        )
    return group.ngroups, failures


def same_figure_agrees(spec, obs, ctx):
    """Two printed tables of one extraction that give the same figure give the same value."""
    key = ["kilde_dokument", *dimensions(spec)]
    repeated = np.flatnonzero(obs.duplicated(key, keep=False).to_numpy())
    groups: dict[tuple, list[int]] = {}
    for i in repeated:
        groups.setdefault(tuple(_number(obs[k].iat[i]) for k in key), []).append(int(i))
    failures, compared = [], 0
    for group in groups.values():
        first = group[0]
        for other in group[1:]:
            for measure in [m for m in (spec.count, "procent_trykt") if m in spec.fields]:
                a, b = obs[measure].iat[first], obs[measure].iat[other]
                if pd.isna(a) or pd.isna(b):
                    continue
                compared += 1
                if _value(measure, a) != _value(measure, b):
                    failures.append(
                        Failure(
                            "same_figure_agrees",
                            spec.name,
                            observation(obs, other, ctx.tables),
                            measure,
                            _value(measure, a),
                            _value(measure, b),
                            f"{measure} differs from {ctx.tables[obs[SOURCE].iat[first]].number} in the same extraction",
                        )
                    )
    return compared, failures


def _value(field_name: str, value):
    """A value as the checks report it: printed decimals as Decimal, whole numbers as int."""
    return (
        _decimal(value)
        if isinstance(value, str) and field_name in ("procent_trykt",)
        else _number(value)
    )


def agrees_with(spec, obs, ctx, table, match, where=None, other_where=None):
    """A count this table shares with another emitted table of the same extraction is the same in both."""
    other_spec, other = ctx.observed[table]
    theirs = other[["kilde_dokument", *match]].copy()
    theirs["_theirs"] = other[other_spec.count]
    theirs["_source"] = other[SOURCE]
    keep = theirs["_theirs"].notna().to_numpy() & matching(other, other_where)
    mine = obs[["kilde_dokument", *match]].copy()
    mine["_mine"], mine["_at"] = obs[spec.count], np.arange(len(obs))
    chosen = mine["_mine"].notna().to_numpy() & matching(obs, where)
    pairs = mine[chosen].merge(theirs[keep], on=["kilde_dokument", *match], how="inner", sort=False)
    pairs = pairs.sort_values("_at", kind="stable")
    bad = (pairs["_mine"] != pairs["_theirs"]).to_numpy()
    failures = [
        Failure(
            "agrees_with",
            spec.name,
            observation(obs, int(at), ctx.tables),
            spec.count,
            _number(t),
            _number(m),
            f"{ctx.tables[s].number} ({table}) gives {_number(t)} for the same figure",
        )
        for at, m, t, s in zip(
            pairs["_at"][bad], pairs["_mine"][bad], pairs["_theirs"][bad], pairs["_source"][bad]
        )
    ]
    return len(pairs), failures


@dataclass(frozen=True)
class CheckKind:
    """One kind of check: what runs, what a reader is told it checks, and how a spec declares it."""

    run: Callable[..., tuple[int, list[Failure]]]
    description: str  # in Danish, for the check report and the pages
    declared_as: (
        type[models.Model] | None
    )  # the spec's `checks:` entry; None: the build adds it itself


# The one list of checks. A spec declares the ones with a model; the others every table gets
# (unique_key, field_constraints) or its `same_figures` links bring (agrees_with).
CHECKS = {
    "unique_key": CheckKind(unique_key, "Hver række har en entydig nøgle.", None),
    "field_constraints": CheckKind(
        field_constraints,
        "Antal er ikke negative, procenter ligger mellem 0 og 100, og markører er kendte.",
        None,
    ),
    "sum_to_total": CheckKind(
        sum_to_total, "Delene summer til den trykte total.", models.SumToTotal
    ),
    "percent_matches_counts": CheckKind(
        percent_matches_counts,
        "Hver trykt procent stemmer med antallene inden for kildens afrunding.",
        models.PercentMatchesCounts,
    ),
    "shares_have_common_denominator": CheckKind(
        shares_have_common_denominator,
        "Hvor nævneren ikke er trykt: de trykte andele i en række kan alle stamme fra samme antal sager.",
        models.SharesHaveCommonDenominator,
    ),
    "same_figure_agrees": CheckKind(
        same_figure_agrees,
        "Et tal, der står i to tabeller fra samme udtræk, er ens i begge.",
        models.SameFigureAgrees,
    ),
    "agrees_with": CheckKind(
        agrees_with,
        "Et tal, der også står i en anden udgivet tabel fra samme udtræk, er ens i begge.",
        None,
    ),
}
