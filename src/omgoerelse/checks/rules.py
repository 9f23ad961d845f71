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

from omgoerelse.checks.agreement import agrees_with, same_figure_agrees
from omgoerelse.checks.failures import Context, Failure
from omgoerelse.checks.percents import percent_matches_counts, shares_have_common_denominator
from omgoerelse.checks.rows import field_constraints, unique_key
from omgoerelse.checks.totals import sum_to_total
from omgoerelse.core.tuning import plain
from omgoerelse.declarations import models, spec_models
from omgoerelse.declarations.specs import TableSpec


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


# numpy and most of pandas' kernels let go of the GIL: two checks at once keep both cores busy
CHECK_THREADS = 2


def run_checks(ctx: Context) -> list[CheckResult]:
    """Every table's checks, in a fixed order (table by table as observed, then as declared); two
    run at a time, a third off the checking at a million rows. A check only reads the frames."""
    jobs = [
        (spec, obs, name, params)
        for spec, obs in ctx.observed.values()
        for name, params in declared_checks(spec)
    ]

    def run(job) -> CheckResult:
        spec, obs, name, params = job
        compared, failures = CHECKS[name].run(spec, obs, ctx, **params)
        return CheckResult(spec.name, name, params, compared, failures)

    if plain("two_checks"):
        return [run(job) for job in jobs]
    with ThreadPoolExecutor(CHECK_THREADS) as pool:
        return list(pool.map(run, jobs))


def declared_checks(spec: TableSpec) -> list[tuple[str, dict]]:
    """(check, parameters): the two every table gets, the spec's own, one per same_figures link."""
    return (
        [("unique_key", {}), ("field_constraints", {})]
        + [(c["check"], {k: v for k, v in c.items() if k != "check"}) for c in spec.checks]
        + [("agrees_with", dict(link)) for link in spec.same_figures]
    )


@dataclass(frozen=True)
class CheckKind:
    """One kind of check: what runs, what a reader is told it checks, and how a spec declares it."""

    run: Callable[..., tuple[int, list[Failure]]]
    description: str  # in Danish, for the check report and the pages
    # the spec's `checks:` entry; None: the build adds it itself
    declared_as: type[models.Model] | None


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
        sum_to_total, "Delene summer til den trykte total.", spec_models.SumToTotal
    ),
    "percent_matches_counts": CheckKind(
        percent_matches_counts,
        "Hver trykt procent stemmer med antallene inden for kildens afrunding.",
        spec_models.PercentMatchesCounts,
    ),
    "shares_have_common_denominator": CheckKind(
        shares_have_common_denominator,
        "Hvor nævneren ikke er trykt: de trykte andele i en række kan alle stamme fra samme antal "
        "sager.",
        spec_models.SharesHaveCommonDenominator,
    ),
    "same_figure_agrees": CheckKind(
        same_figure_agrees,
        "Et tal, der står i to tabeller fra samme udtræk, er ens i begge.",
        spec_models.SameFigureAgrees,
    ),
    "agrees_with": CheckKind(
        agrees_with,
        "Et tal, der også står i en anden udgivet tabel fra samme udtræk, er ens i begge.",
        None,
    ),
}
