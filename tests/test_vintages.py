"""One figure, one newest value: figure identities across tables, the precedence, and what the
reading guides state that the data can confirm."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from conftest import copy_inputs
from omgoerelse.checks import rules as checks
from omgoerelse.core.errors import BuildError
from omgoerelse.declarations.registry import load_registry
from omgoerelse.declarations.specs import load_specs
from omgoerelse.pipeline import load_tables, observe
from omgoerelse.sources.transcriptions import load_register
from omgoerelse.tidy.shares import percent, percents
from omgoerelse.tidy.vintages import figure_identities


@pytest.fixture(scope="module")
def observed(tmp_path_factory):
    project = copy_inputs(tmp_path_factory.mktemp("vintages"))
    registry = load_registry(project)
    specs = load_specs(project, registry)
    tables = load_tables(project, specs, registry, load_register(project))
    return observe(specs, tables, registry), registry, tables


def table(built, name: str) -> pd.DataFrame:
    return pd.read_csv(built.datapackage / name / f"{name}.csv", dtype=str, keep_default_na=False)


def only(frame: pd.DataFrame, **where) -> pd.Series:
    rows = frame
    for k, v in where.items():
        rows = rows[rows[k] == v]
    assert len(rows) == 1, f"expected one row for {where}, found {len(rows)}"
    return rows.iloc[0]


def test_the_publishers_own_figure_outranks_a_quotation_and_a_then_current_value(built):
    maps = table(built, "danmarkskort")
    national = maps[(maps.kommune == "hele_landet") & (maps.udfald == "omgjort")]
    # 38,6 in the minister's letter, 38,5 in Norddjurs'
    # paper (which calls it the then-current average)
    ministry = only(
        national,
        kilde_dokument="sm_brev_danmarkskort_2025",
        kort="socialomraadet_generelt",
        aar="2023",
    )
    norddjurs = only(
        national,
        kilde_dokument="norddjurs_handicapraad_2025",
        kort="socialomraadet_generelt",
        aar="2023",
    )
    assert (ministry.procent_trykt, ministry.nyeste) == ("38.6", "true")
    assert (norddjurs.procent_trykt, norddjurs.nyeste) == ("38.5", "false")
    # Norddjurs' quoted copies of the ministry's 44,9,
    # 48,9 and 48,4 never outrank the ministry's own
    for kort, aar in (
        ("socialomraadet_generelt", "2024"),
        ("boernehandicap", "2024"),
        ("boernehandicap", "2023"),
    ):
        own = only(national, kilde_dokument="sm_brev_danmarkskort_2025", kort=kort, aar=aar)
        quoted = only(national, kilde_dokument="norddjurs_handicapraad_2025", kort=kort, aar=aar)
        assert own.procent_trykt == quoted.procent_trykt
        assert (own.nyeste, quoted.nyeste) == ("true", "false")


# (table, where, the April 2025 value that a September 2025 value in another table replaces)
SEVEN = [
    (
        "sager_efter_bestemmelse",
        {"lovomraade": "alle", "bestemmelse": "alle", "udfald": "i_alt"},
        "17305",
    ),
    (
        "sager_efter_bestemmelse",
        {"lovomraade": "alle", "bestemmelse": "alle", "udfald": "stadfaestet"},
        "11898",
    ),
    (
        "sager_efter_bestemmelse",
        {"lovomraade": "alle", "bestemmelse": "alle", "udfald": "hjemvist"},
        "3935",
    ),
    (
        "sager_efter_bestemmelse",
        {"lovomraade": "aktivloven", "bestemmelse": "alle", "udfald": "i_alt"},
        "5116",
    ),
    (
        "sager_efter_bestemmelse",
        {"lovomraade": "aktiv_beskaeftigelsesindsats", "bestemmelse": "alle", "udfald": "i_alt"},
        "880",
    ),
    (
        "afgjorte_sager",
        {"aar": "2024", "lovomraade": "alle", "sagsstatus": "realitetsbehandlet"},
        "17305",
    ),
    ("sagsbehandlingstid", {"aar": "2024"}, "17305"),
]


@pytest.mark.parametrize("name,where,value", SEVEN, ids=[f"{t}:{v}" for t, _, v in SEVEN])
def test_a_figure_with_a_later_version_in_another_table_is_not_newest(built, name, where, value):
    row = only(table(built, name), **where)
    assert (row.antal_sager, row.nyeste) == (value, "false")
    revised = table(built, "revisioner")
    listed = revised[
        (revised.tabel == name)
        & (revised.maal == "antal_sager")
        & (revised.vaerdi == value)
        & (
            revised.noegle.str.contains(
                "; ".join(f"{k}={v}" for k, v in where.items()), regex=False
            )
        )
    ]
    assert len(listed) == 1, "the revisions list every version of the figure"
    versions = revised[revised.figur == listed.figur.iat[0]]
    newest = versions[versions.nyeste == "true"]
    assert (
        newest.data_trukket.unique().tolist() == ["2025-09-11"]
        and value not in newest.vaerdi.tolist()
    )


def _nyeste_view(observed, name):
    spec, obs = observed[0][name]
    return spec, obs[obs["nyeste"].fillna(False).to_numpy(dtype=bool)].reset_index(drop=True)


def test_nyeste_gives_one_row_per_figure_in_every_table(observed):
    identity = figure_identities(observed[0])
    tables_with_flag = [n for n, (s, _) in observed[0].items() if "nyeste" in s.fields]
    assert len(tables_with_flag) >= 6
    for name in tables_with_flag:
        obs = observed[0][name][1]
        newest = obs["nyeste"].fillna(False).to_numpy(dtype=bool)
        figures = pd.Series(identity[name][newest])
        assert not figures.duplicated().any(), f"{name}: two newest rows for one figure"
    # Every figure has a newest row in some table, and its newest rows all belong to one extract.
    every = pd.concat(
        [
            pd.DataFrame(
                {
                    "figure": identity[n],
                    "newest": observed[0][n][1]["nyeste"].fillna(False).to_numpy(dtype=bool),
                    "drawn": observed[0][n][1]["data_trukket"].astype(object).fillna("").to_numpy(),
                }
            )
            for n in tables_with_flag
        ]
    )
    assert every.groupby("figure")["newest"].any().all()
    drawn = every[every.newest].groupby("figure")["drawn"].nunique()
    assert (drawn == 1).all(), every[every.figure.isin(drawn[drawn != 1].index)]


def test_the_twelve_duplicates_of_sager_efter_udfald_keep_one_newest_row(observed):
    _, newest = _nyeste_view(observed, "sager_efter_udfald")
    dims = ["sagsgruppe", "aar", "lovomraade", "udfald"]
    assert not newest.duplicated(dims).any()
    newest = newest[newest.sagsgruppe == "kommunale_sager"]
    rate = newest[(newest.udfald == "omgjort") & (newest.lovomraade == "alle")]
    assert sorted(zip(rate.aar.astype(int), rate.kilde_tabel.astype(str), strict=True)) == [
        (2022, "Tabel 4.3"),
        (2023, "Tabel 4.3"),
        (2024, "Tabel 3"),
    ]
    laws_2024 = newest[
        (newest.udfald == "omgjort") & (newest.aar == 2024) & (newest.lovomraade != "alle")
    ]
    # 4.5 only where 4.4 lacks the law set
    assert set(laws_2024.kilde_tabel.astype(str)) == {
        "Tabel 4.4",
        "Tabel 4.5",
    }
    assert only(laws_2024, lovomraade="aktivloven").kilde_tabel == "Tabel 4.4"
    total = newest[
        (newest.udfald == "i_alt")
        & (newest.aar == 2024)
        & (newest.lovomraade == "alle")
        & (newest.sagsgruppe == "kommunale_sager")
    ]
    assert total[["kilde_tabel", "antal_sager"]].astype(str).values.tolist() == [
        ["Tabel 2", "17307"]
    ]


@pytest.mark.parametrize(
    "name",
    [
        "sager_efter_udfald",
        "sager_efter_bestemmelse",
        "afgjorte_sager",
        "danmarkskort",
        "omgoerelsesaarsager",
    ],
)
def test_the_sum_checks_hold_on_the_nyeste_view(observed, name):
    spec, newest = _nyeste_view(observed, name)
    context = checks.Context(observed[1], observed[0], observed[2])
    declared = [(c, p) for c, p in checks.declared_checks(spec) if c == "sum_to_total"]
    assert declared
    for check, params in declared:
        _, failures = checks.CHECKS[check].run(spec, newest, context, **params)
        assert failures == [], [str(f) for f in failures]


def test_revisions_list_each_differing_figure_once_with_all_its_values(built):
    revised = table(built, "revisioner")
    assert not revised.duplicated(
        ["tabel", "noegle", "maal", "kilde_dokument", "kilde_tabel"]
    ).any()
    for _, versions in revised.groupby(["figur", "maal"]):
        assert versions.vaerdi.map(Decimal).nunique() > 1 and versions.kilde_dokument.nunique() > 1
    total = revised[
        revised.figur.str.endswith("aar=2024; lovomraade=alle; udfald=i_alt")
        & (revised.maal == "antal_sager")
    ]
    assert sorted(set(total.tabel)) == [
        "afgjorte_sager",
        "sager_efter_bestemmelse",
        "sager_efter_udfald",
        "sagsbehandlingstid",
    ]
    assert sorted(total.vaerdi.unique()) == ["17305", "17307"] and len(total) == 7
    # Every figure printed with two values in two documents is listed: checked against the tables
    # themselves for the figures a table prints more than once.
    for name in ("sager_efter_udfald", "danmarkskort"):
        rows = table(built, name)
        dims = [
            c for c in ("sagsgruppe", "kommune", "kort", "aar", "lovomraade", "udfald") if c in rows
        ]
        for measure in ("antal_sager", "procent_trykt"):
            known = rows[rows[measure] != ""]
            varied = known.groupby(dims).filter(
                lambda g, measure=measure: (
                    g[measure].map(Decimal).nunique() > 1 and g.kilde_dokument.nunique() > 1
                )
            )
            for _, figure in varied.groupby(dims):
                key = "; ".join(f"{d}={figure[d].iat[0]}" for d in dims)
                assert (
                    (revised.tabel == name) & (revised.noegle == key) & (revised.maal == measure)
                ).sum() == len(figure)


def test_percentages_round_half_up_as_the_documents_do():
    assert percent(27, 96) == Decimal("28.13") and percent(21, 32) == Decimal("65.63")
    assert (
        percent(1, 8) == Decimal("12.50")
        and percent(1, 3) == Decimal("33.33")
        and percent(2, 3) == Decimal("66.67")
    )
    numerators, denominators = np.array([27, 21, 1, 2, 5]), np.array([96, 32, 8, 3, 16])
    assert percents(numerators, denominators).tolist() == [
        int(percent(int(a), int(b)) * 100) for a, b in zip(numerators, denominators, strict=True)
    ]


def test_er_total_is_decided_by_the_figure(built):
    maps = table(built, "danmarkskort")
    rate_2023 = maps[
        (maps.kommune == "hele_landet")
        & (maps.kort == "socialomraadet_generelt")
        & (maps.aar == "2023")
        & (maps.udfald == "omgjort")
    ]
    assert rate_2023.er_total.tolist() == ["true", "true"]
    outcomes = table(built, "sager_efter_udfald")
    for law in ("aktivloven", "serviceloven", "barnets_lov"):
        rates = outcomes[
            (outcomes.aar == "2024") & (outcomes.lovomraade == law) & (outcomes.udfald == "omgjort")
        ]
        assert set(rates.kilde_tabel) >= {"Tabel 4.4", "Tabel 4.5"} and set(rates.er_total) == {
            "true"
        }
    parts = outcomes[
        outcomes.lovomraade.str.startswith("andre_love") & (outcomes.udfald == "stadfaestet")
    ]
    assert len(parts) and set(parts.er_total) == {"false"}, (
        "a residual group is a part beside the laws, not a total"
    )


def test_small_denominators_are_flagged_where_count_and_share_prove_them(built):
    reasons = table(built, "omgoerelsesaarsager")
    tabel_5 = reasons[reasons.kilde_tabel == "Tabel 5"]
    # 1 at 100 %
    assert (
        only(tabel_5, lovomraade="voksenansvarsloven", aarsag="retsanvendelse").lille_naevner
        == "true"
    )
    # 1 at 50 %
    assert (
        only(tabel_5, lovomraade="socialt_frikort", aarsag="retsanvendelse").lille_naevner == "true"
    )
    assert only(tabel_5, lovomraade="aktivloven", aarsag="retsanvendelse").lille_naevner == "false"
    assert set(reasons[reasons.markoer == "Tom"].antal_sager_med_aarsag) == {""}, (
        "Tom is kept as a marker, never 0"
    )


def test_what_the_map_provisions_guide_says_about_joins_holds(built):
    provisions = table(built, "kortbestemmelser")
    by_provision = set(table(built, "sager_efter_bestemmelse").bestemmelse)
    codes = set(table(built, "bestemmelse").kode)
    found = provisions.bestemmelse.isin(by_provision)
    assert 0 < found.sum() < len(provisions), "a join finds some provisions, not all"
    assert not found[provisions.kort == "boernehandicap"].any(), (
        "none of the child-disability map's"
    )
    bilag_1 = set(
        provisions[
            (provisions.kort == "socialomraadet_generelt") & (provisions.omfang == "klagesager")
        ].bestemmelse
    )
    assert set(provisions[provisions.kort == "voksenhandicap"].bestemmelse) <= bilag_1
    assert not set(provisions[provisions.kort == "boernehandicap"].bestemmelse) & bilag_1
    assert set(provisions.bestemmelse) <= codes
    guide = (built.datapackage / "kortbestemmelser" / "LAESEVEJLEDNING.md").read_text(
        encoding="utf-8"
    )
    assert "fra 2023 og frem" not in guide and "barnets lov" in guide and "bindestreg" not in guide


def test_the_guides_say_which_value_is_newest_and_no_longer_what_is_not_so(built):
    maps = (built.datapackage / "danmarkskort" / "LAESEVEJLEDNING.md").read_text(encoding="utf-8")
    assert "38,6 er markeret som nyeste" in maps and "daværende" in maps and "barnets lov" in maps
    assert "efter serviceloven: landstal" not in maps
    decisions = (built.datapackage / "principmeddelelser" / "LAESEVEJLEDNING.md").read_text(
        encoding="utf-8"
    )
    assert "Data trukket" not in decisions
    sources = (built.datapackage / "kilder" / "LAESEVEJLEDNING.md").read_text(encoding="utf-8")
    assert "løbende tekst" in sources
    reasons = (built.datapackage / "omgoerelsesaarsager" / "LAESEVEJLEDNING.md").read_text(
        encoding="utf-8"
    )
    assert (
        "ingen omgjorte sager havde årsagen" in reasons
        and "shares_have_common_denominator" not in reasons
    )


def test_a_row_selection_that_picks_no_row_is_an_error(tmp_path):
    project = copy_inputs(tmp_path)
    meta = project.sources / "norddjurs_handicapraad_2025" / "tal_i_teksten.meta.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace('{linje: "77"}', '{linje: "78"}'), encoding="utf-8"
    )
    with pytest.raises(
        BuildError, match=r"tal_i_teksten.meta.yaml: then_current: no row has \{'linje': '78'\}"
    ):
        load_tables(
            project,
            load_specs(project, load_registry(project)),
            load_registry(project),
            load_register(project),
        )


def test_a_link_to_an_unknown_field_is_an_error(tmp_path):
    project = copy_inputs(tmp_path)
    spec = project.specs / "afgjorte_sager.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace(
            "match: [aar, lovomraade]", "match: [aar, lovomrade]"
        ),
        encoding="utf-8",
    )
    with pytest.raises(
        BuildError, match=r"same_figures.*match: 'lovomrade' is not a field of afgjorte_sager"
    ):
        load_specs(project, load_registry(project))
