"""The checks run on every table; a failure the discrepancy register (sources/afvigelser.yaml)
explains is accepted, only where its entry names the very numbers the check found."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from omgoerelse.checks.failures import Context, Failure
from omgoerelse.checks.rules import CheckResult, run_checks
from omgoerelse.core.project import Project
from omgoerelse.declarations.registry import Registry
from omgoerelse.sources.transcriptions import SourceTable
from omgoerelse.tidy.reference import check_register_used, discrepancy_key, load_discrepancies


def run_all_checks(
    project: Project, observed, registry: Registry, tables: dict[str, SourceTable]
) -> tuple[list[CheckResult], list[dict]]:
    """Run every table's checks; failures listed in the discrepancy register become accepted."""
    register = {discrepancy_key(e): e for e in load_discrepancies(project)}
    results, accepted, matched = [], [], set()
    for result in run_checks(Context(registry, observed, tables)):
        for failure in list(result.failures):
            entry = register.get(failure.key())
            if entry and _same_numbers(entry, failure):
                result.failures.remove(failure)
                result.accepted.append((failure, entry["forklaring"]))
                accepted.append(entry)
                matched.add(failure.key())
        results.append(result)
    check_register_used(project, list(register.values()), matched)
    return results, accepted


def _same_numbers(entry: dict, failure: Failure) -> bool:
    """The entry names the very numbers the check found (so a changed figure fails again)."""
    return _number(entry["fundet"]) == _number(failure.found) and _number(
        entry["forventet"]
    ) == _number(failure.expected)


def _number(x: object) -> object:
    try:
        return None if x is None else Decimal(str(x)).normalize()
    except InvalidOperation:
        return str(x)
