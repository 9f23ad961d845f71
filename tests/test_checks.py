"""Each check type with a passing and a failing case, and the interval with known values."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from conftest import copy_inputs
from omgoerelse.checks import rules as checks
from omgoerelse.checks.percents import printed_percent_fits
from omgoerelse.core.printed import denominator_ranges, half_units, scaled
from omgoerelse.declarations.registry import load_registry
from omgoerelse.declarations.specs import load_specs
from omgoerelse.pipeline import load_tables, observe
from omgoerelse.sources.transcriptions import load_register
from omgoerelse.tidy import keys
from omgoerelse.tidy.shares import percent, wilson_interval


@pytest.fixture()
def observed(tmp_path):
    project = copy_inputs(tmp_path)
    registry = load_registry(project)
    specs = load_specs(project, registry)
    tables = load_tables(project, specs, registry, load_register(project))
    return observe(specs, tables, registry), registry, tables


def run(observed, table, name, **params):
    (spec, obs), registry, tables = observed[0][table], observed[1], observed[2]
    return checks.CHECKS[name].run(
        spec, obs, checks.Context(registry, observed[0], tables), **params
    )


def change(observed, table, field, value, **where):
    """Set `field` of the one observation matching `where` (a deliberate error); the old value."""
    obs = observed[0][table][1]
    match = np.ones(len(obs), dtype=bool)
    for k, v in where.items():
        match &= (obs[k] == v).fillna(False).to_numpy()
    [at] = np.flatnonzero(match)
    old = obs[field].iat[at]
    obs.loc[obs.index[at], field] = value(old) if callable(value) else value
    return old


def test_sum_to_total_passes_and_fails(observed):
    compared, failures = run(observed, "sager_efter_udfald", "sum_to_total", dimension="udfald")
    assert compared > 0 and failures == []
    change(
        observed,
        "sager_efter_udfald",
        "antal_sager",
        lambda n: n + 1,
        kilde_tabel="Tabel 3",
        udfald="hjemvist",
    )
    _, failures = run(observed, "sager_efter_udfald", "sum_to_total", dimension="udfald")
    assert [(f.expected, f.found) for f in failures] == [(5409, 5408)]
    assert "tabel_3.csv" in str(failures[0]) and ":3 column 'antal_sager'" in str(failures[0])


def test_sum_to_total_names_the_parts_of_an_incomplete_total(observed):
    # Without a count for "stadfaestet" the parts of "i_alt" are incomplete: the known ones may only
    # not sum to more than the total.
    change(
        observed,
        "sager_efter_udfald",
        "antal_sager",
        None,
        kilde_tabel="Tabel 3",
        udfald="stadfaestet",
    )
    assert run(observed, "sager_efter_udfald", "sum_to_total", dimension="udfald")[1] == []
    change(
        observed,
        "sager_efter_udfald",
        "antal_sager",
        17308,
        kilde_tabel="Tabel 3",
        udfald="omgjort",
    )
    _, failures = run(observed, "sager_efter_udfald", "sum_to_total", dimension="udfald")
    [failure] = [f for f in failures if f.obs.values["udfald"] == "i_alt"]
    assert (failure.expected, failure.found) == (17308, 17307)  # the parts, the printed total
    assert "parts stadfaestet, omgjort known parts already sum to 17308" in str(failure)


def test_checks_run_two_at_a_time_in_a_fixed_order_and_only_read_the_frames(observed):
    ctx = checks.Context(observed[1], observed[0], observed[2])
    before = {name: obs.copy() for name, (_, obs) in observed[0].items()}
    results = checks.run_checks(ctx)
    for name, (_, obs) in observed[0].items():
        pd.testing.assert_frame_equal(obs, before[name])  # checks share the frames on two threads
    assert [(r.table, r.check, r.params) for r in results] == [
        (spec.name, name, params)
        for spec, _ in observed[0].values()
        for name, params in checks.declared_checks(spec)
    ]
    assert [r.compared for r in results] == [r.compared for r in checks.run_checks(ctx)]


def test_groups_number_rows_as_pandas_groupby_does():
    frame = pd.DataFrame(
        {
            "a": pd.Categorical(["x", None, "y", "x", None]),
            "b": pd.array([1, None, 1, 1, None], dtype="Int64"),
            "c": ["p", "q", "p", "p", "r"],
        }
    )
    expected = frame.groupby(["a", "b", "c"], sort=False, dropna=False).ngroup().to_numpy()
    assert keys.groups(frame, ["a", "b", "c"]).tolist() == expected.tolist() == [0, 1, 2, 0, 3]
    # Too many combinations to number as one whole number: pandas groups them instead.
    wide = pd.DataFrame(
        {f"k{i}": np.random.default_rng(i).integers(0, 20_000, 20_000) for i in range(5)}
    )
    assert (
        keys.groups(wide, list(wide)).tolist()
        == wide.groupby(list(wide), sort=False).ngroup().tolist()
    )


def test_sorted_numbers_find_each_number_last_or_minus_one():
    assert keys.SortedNumbers(np.array([40, 10, 30])).find(
        np.array([30, 20, 40, 50, 10])
    ).tolist() == [2, -1, 0, -1, 1]
    assert keys.SortedNumbers(np.array([7, 5, 7, 5])).find(np.array([5, 7, 6, 4, 8])).tolist() == [
        3,
        2,
        -1,
        -1,
        -1,
    ]
    assert keys.SortedNumbers(np.array([], dtype=np.int64)).find(np.array([1])).tolist() == [-1]


def test_sum_to_total_across_tables(observed):
    _, failures = run(
        observed,
        "omgoerelsesaarsager",
        "sum_to_total",
        dimension="lovomraade",
        tables=["ast_aarsager_2024/tabel_4", "ast_aarsager_2024/tabel_5"],
    )
    assert failures == []
    change(
        observed,
        "omgoerelsesaarsager",
        "antal_sager_med_aarsag",
        1380,
        kilde_tabel="Tabel 4",
        aarsag="retsanvendelse",
    )
    _, failures = run(
        observed,
        "omgoerelsesaarsager",
        "sum_to_total",
        dimension="lovomraade",
        tables=["ast_aarsager_2024/tabel_4", "ast_aarsager_2024/tabel_5"],
    )
    assert [(f.expected, f.found) for f in failures] == [(1381, 1380)]


def test_percent_matches_counts(observed):
    assert run(observed, "sager_efter_udfald", "percent_matches_counts")[1] == []
    change(
        observed,
        "sager_efter_udfald",
        "procent_trykt",
        "47",
        kilde_tabel="Tabel 4.4",
        lovomraade="serviceloven",
        udfald="omgjort",
    )
    failures = run(observed, "sager_efter_udfald", "percent_matches_counts")[1]
    assert (
        len(failures) == 1
        and failures[0].found == Decimal("47")
        and failures[0].expected == Decimal("45.70")
    )


def test_percent_check_honours_printed_decimals():
    # 1472 of 17305 is 8.506 %: it prints as 9 (whole
    # percent) and 8.5 (one decimal), not as 8.6 or 8.
    fits = printed_percent_fits(
        np.array([1472] * 4),
        np.array([17305] * 4),
        pd.Series(["9", "8.5", "8.6", "8"], dtype="str"),
    )
    assert fits.tolist() == [True, True, False, False]


def test_shares_have_common_denominator(observed):
    assert (
        run(observed, "omgoerelsesaarsager", "shares_have_common_denominator", dimension="aarsag")[
            1
        ]
        == []
    )
    change(
        observed,
        "omgoerelsesaarsager",
        "procent_trykt",
        "40",
        kilde_tabel="Tabel 5",
        lovomraade="aktivloven",
        aarsag="retsanvendelse",
    )
    failures = run(
        observed, "omgoerelsesaarsager", "shares_have_common_denominator", dimension="aarsag"
    )[1]
    assert len(failures) == 1 and failures[0].obs.values["lovomraade"] == "aktivloven"


def test_denominator_range_known_values():
    printed = pd.Series(["100", "89", "0", "4.5"], dtype="str")
    low, high = denominator_ranges(np.array([1, 17, 0, 1]), scaled(printed), half_units(printed))
    assert list(zip(low.tolist(), high.tolist(), strict=True))[:2] == [(1, 1), (19, 19)]
    assert low[2] == 0 and high[2] == np.inf
    assert (low[3], high[3]) == (22, 22)  # 1 of 22 is 4.545 %, the only N that prints as 4.5


def test_same_figure_agrees(observed):
    assert run(observed, "sager_efter_udfald", "same_figure_agrees")[1] == []
    change(
        observed,
        "sager_efter_udfald",
        "antal_sager",
        3934,
        kilde_tabel="Tabel 4.4",
        lovomraade="alle",
        udfald="hjemvist",
    )
    failures = run(observed, "sager_efter_udfald", "same_figure_agrees")[1]
    assert [(f.expected, f.found) for f in failures] == [(3935, 3934)]


def test_unique_key(observed):
    assert run(observed, "sager_efter_udfald", "unique_key")[1] == []
    spec, obs = observed[0]["sager_efter_udfald"]
    observed[0]["sager_efter_udfald"] = (spec, pd.concat([obs, obs.iloc[[0]]], ignore_index=True))
    failures = run(observed, "sager_efter_udfald", "unique_key")[1]
    assert len(failures) == 1 and f"first at line {obs['_line'].iat[0]}" in failures[0].expected


def test_field_constraints(observed):
    assert run(observed, "sager_efter_udfald", "field_constraints")[1] == []
    change(
        observed,
        "sager_efter_udfald",
        "antal_sager",
        -1,
        kilde_tabel="Tabel 2",
        lovomraade="aktivloven",
    )
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
