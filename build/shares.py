"""Shares computed by the build: denominator, exact percentage and a 95 % Wilson interval.

A denominator is always a count printed in the same extraction; where none is printed, no share and
no interval are published (the printed percentage stands alone).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from omgoerelse.errors import Problem, raise_if
from omgoerelse.spec import TableSpec
from omgoerelse.tidy import Observation, dimensions

Z95 = 1.959963984540054  # the 97.5 % quantile of the standard normal distribution
SMALL_DENOMINATOR = 20
HUNDREDTH = Decimal("0.01")


def percent(numerator: int, denominator: int) -> Decimal:
    """100 · numerator / denominator, rounded half-even to two decimals (exact, so deterministic)."""
    return _two_decimals(Fraction(100 * numerator, denominator))


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[Decimal, Decimal]:
    """The Wilson score interval for a proportion, in percent with two decimals."""
    if n <= 0 or not 0 <= successes <= n:
        raise ValueError(f"need 0 <= successes <= n and n > 0, got {successes} of {n}")
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return _two_decimals(max(0.0, centre - half) * 100), _two_decimals(min(1.0, centre + half) * 100)


def _two_decimals(x: Fraction | float) -> Decimal:
    if isinstance(x, Fraction):
        return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(HUNDREDTH, rounding=ROUND_HALF_EVEN)
    return Decimal(repr(x)).quantize(HUNDREDTH, rounding=ROUND_HALF_EVEN)


def add_shares(spec: TableSpec, observations: list[Observation], tables: dict[str, tuple[TableSpec, list[Observation]]]) -> None:
    """Set naevner, procent_beregnet, ci95_nedre/oevre and lille_naevner on every observation."""
    rule = (spec.share or {}).get("denominator")
    if not rule:
        return
    find = _external(rule, tables) if "table" in rule else _internal(rule, spec, observations)
    problems = []
    for obs in observations:
        numerator = obs.count(spec)
        n, is_self, problem = find(obs)
        if problem:
            problems.append(problem)
        if n is None or numerator is None or n <= 0:
            continue
        if is_self and obs.values.get("procent_trykt") is None:
            continue  # a total's share of itself is only shown where the source prints it
        if numerator > n:
            path, line, column = obs.place(spec.count)
            problems.append(Problem(path, f"count {numerator} is larger than its denominator {n}", line, column))
            continue
        obs.values["naevner"] = n
        obs.values["procent_beregnet"] = percent(numerator, n)
        obs.values["ci95_nedre"], obs.values["ci95_oevre"] = wilson_interval(numerator, n)
        obs.values["lille_naevner"] = n < SMALL_DENOMINATOR
    raise_if(problems)


def _internal(rule: dict, spec: TableSpec, observations: list[Observation]):
    """Denominator in the same printed table: the row with the rule's codes and otherwise equal dimensions."""
    dims = dimensions(spec)
    index = {(o.source.id, *(o.values[d] for d in dims)): o for o in observations}

    def find(obs: Observation):
        key = (obs.source.id, *(rule.get(d, obs.values[d]) for d in dims))
        hit = index.get(key)
        return (hit.count(spec) if hit else None), hit is obs, None

    return find


def _external(rule: dict, tables: dict[str, tuple[TableSpec, list[Observation]]]):
    """Denominator in another emitted table, matched on the rule's fields within the same document."""
    other_spec, other_obs = tables[rule["table"]]
    where = rule.get("where", {})
    candidates = [o for o in other_obs if all(o.values.get(k) == v for k, v in where.items())]

    def find(obs: Observation):
        hits = [o for o in candidates if all(o.values.get(f) == obs.values.get(f) for f in rule["match"])]
        counts = {o.count(other_spec) for o in hits} - {None}
        if len(counts) > 1:
            path, line, _ = obs.place()
            sources = ", ".join(f"{o.source.number}={o.count(other_spec)}" for o in hits)
            return None, False, Problem(path, f"ambiguous denominator in {rule['table']}: {sources}", line)
        return (counts.pop() if counts else None), False, None

    return find
