"""Each check type with a passing and a failing case, and the interval with known values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import copy_inputs
from omgoerelse import checks
from omgoerelse.pipeline import load_tables, observe
from omgoerelse.registry import load_registry
from omgoerelse.shares import percent, wilson_interval
from omgoerelse.sources import load_register
from omgoerelse.spec import load_specs


@pytest.fixture()
def observed(tmp_path):
    project = copy_inputs(tmp_path)
    registry = load_registry(project)
    specs = load_specs(project, registry)
    tables = load_tables(project, specs, registry, load_register(project))
    return observe(specs, tables, registry), registry


def run(observed, table, name, **params):
    (spec, obs), registry = observed[0][table], observed[1]
    return checks.CHECKS[name](spec, obs, checks.Context(registry, observed[0]), **params)


def find(observed, table, **values):
    return next(o for o in observed[0][table][1] if all(o.values[k] == v for k, v in values.items()))


def test_sum_to_total_passes_and_fails(observed):
    compared, failures = run(observed, "sager_efter_udfald", "sum_to_total", dimension="udfald")
    assert compared > 0 and failures == []
    find(observed, "sager_efter_udfald", kilde_tabel="Tabel 3", udfald="hjemvist").values["antal_sager"] += 1
    _, failures = run(observed, "sager_efter_udfald", "sum_to_total", dimension="udfald")
    assert [(f.expected, f.found) for f in failures] == [(5409, 5408)]
    assert "tabel_3.csv" in str(failures[0]) and ":3 column 'antal_sager'" in str(failures[0])


def test_sum_to_total_across_tables(observed):
    _, failures = run(observed, "omgoerelsesaarsager", "sum_to_total", dimension="lovomraade",
                      tables=["ast_aarsager_2024/tabel_4", "ast_aarsager_2024/tabel_5"])
    assert failures == []
    find(observed, "omgoerelsesaarsager", kilde_tabel="Tabel 4", aarsag="retsanvendelse").values["antal_sager_med_aarsag"] = 1380
    _, failures = run(observed, "omgoerelsesaarsager", "sum_to_total", dimension="lovomraade",
                      tables=["ast_aarsager_2024/tabel_4", "ast_aarsager_2024/tabel_5"])
    assert [(f.expected, f.found) for f in failures] == [(1381, 1380)]


def test_percent_matches_counts(observed):
    assert run(observed, "sager_efter_udfald", "percent_matches_counts")[1] == []
    find(observed, "sager_efter_udfald", kilde_tabel="Tabel 4.4", lovomraade="serviceloven", udfald="omgjort").values["procent_trykt"] = Decimal("47")
    failures = run(observed, "sager_efter_udfald", "percent_matches_counts")[1]
    assert len(failures) == 1 and failures[0].found == Decimal("47") and failures[0].expected == Decimal("45.70")


def test_percent_check_honours_printed_decimals():
    # 8.505 % prints as 9 (whole percent) but not as 8.6 (one decimal).
    assert abs(checks.Fraction(100 * 1472, 17305) - 9) <= checks._half_unit(Decimal("9"))
    assert abs(checks.Fraction(100 * 1472, 17305) - checks.Fraction(Decimal("8.6"))) > checks._half_unit(Decimal("8.6"))


def test_shares_have_common_denominator(observed):
    assert run(observed, "omgoerelsesaarsager", "shares_have_common_denominator", dimension="aarsag")[1] == []
    find(observed, "omgoerelsesaarsager", kilde_tabel="Tabel 5", lovomraade="aktivloven", aarsag="retsanvendelse").values["procent_trykt"] = Decimal("40")
    failures = run(observed, "omgoerelsesaarsager", "shares_have_common_denominator", dimension="aarsag")[1]
    assert len(failures) == 1 and failures[0].obs.values["lovomraade"] == "aktivloven"


def test_denominator_range_known_values():
    assert checks.denominator_range(1, Decimal("100")) == (1, 1)
    assert checks.denominator_range(17, Decimal("89")) == (19, 19)
    assert checks.denominator_range(0, Decimal("0"))[0] == 0


def test_same_figure_agrees(observed):
    assert run(observed, "sager_efter_udfald", "same_figure_agrees")[1] == []
    find(observed, "sager_efter_udfald", kilde_tabel="Tabel 4.4", lovomraade="alle", udfald="hjemvist").values["antal_sager"] = 3934
    failures = run(observed, "sager_efter_udfald", "same_figure_agrees")[1]
    assert [(f.expected, f.found) for f in failures] == [(3935, 3934)]


def test_unique_key(observed):
    assert run(observed, "sager_efter_udfald", "unique_key")[1] == []
    spec, obs = observed[0]["sager_efter_udfald"]
    obs.append(obs[0])
    assert len(run(observed, "sager_efter_udfald", "unique_key")[1]) == 1


def test_field_constraints(observed):
    assert run(observed, "sager_efter_udfald", "field_constraints")[1] == []
    find(observed, "sager_efter_udfald", kilde_tabel="Tabel 2", lovomraade="aktivloven").values["antal_sager"] = -1
    failures = run(observed, "sager_efter_udfald", "field_constraints")[1]
    assert [(f.measure, f.found) for f in failures] == [("antal_sager", -1)]


def test_wilson_interval_known_values():
    # Norddjurs, child-disability map 2024: 4 of 13 reversed.
    assert wilson_interval(4, 13) == (Decimal("12.68"), Decimal("57.63"))
    assert percent(4, 13) == Decimal("30.77")
    assert wilson_interval(0, 10)[0] == Decimal("0.00")
    assert wilson_interval(10, 10)[1] == Decimal("100.00")
    with pytest.raises(ValueError):
        wilson_interval(5, 4)
