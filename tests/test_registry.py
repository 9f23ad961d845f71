"""The registry defines fields and codes once: each defined field is used, each used one defined."""

from __future__ import annotations

from conftest import REPO
from omgoerelse.core.project import Project
from omgoerelse.declarations.registry import load_registry
from omgoerelse.declarations.specs import check_spec, load_specs, used_fields


def test_every_used_field_is_defined_and_every_defined_field_is_used():
    project = Project.at(REPO)
    registry = load_registry(project)
    specs = load_specs(project, registry)
    used = used_fields(specs, registry)
    assert sorted(used - set(registry.fields)) == []
    assert sorted(set(registry.fields) - used) == []


def test_a_spec_with_an_undefined_field_is_rejected():
    project = Project.at(REPO)
    registry = load_registry(project)
    specs = load_specs(project, registry)
    spec = specs["sager_efter_udfald"]
    spec.fields = [*spec.fields, "antal_klager"]
    problems = check_spec(spec, registry, specs)
    assert any("'antal_klager' is not defined" in str(p) for p in problems)


def test_a_law_printed_under_two_names_has_one_code_and_andre_love_has_two():
    registry = load_registry(Project.at(REPO))
    laws = registry.codelists["lovomraade"]
    assert (
        laws.code_for("Aktivloven") == laws.code_for("Lov om aktiv socialpolitik") == "aktivloven"
    )
    assert (
        laws.code_for("Almenboligloven")
        == laws.code_for("Lov om almene boliger")
        == "almenboligloven"
    )
    assert laws.code_for("Andre Love*") is None  # ambiguous: each table maps it explicitly
    assert set(laws.codes["andre_love_9"].medlemmer) - set(
        laws.codes["andre_love_7"].medlemmer
    ) == {"seniorjobloven", "friplejeboligloven"}


def test_slug_transliterates_and_keeps_paragraphs_apart():
    from omgoerelse.declarations.registry import slug

    assert (
        slug("Tabt arbejdsfortjeneste §§ 42,43 + tilbagebetaling")
        == "tabt_arbejdsfortjeneste_pp_42_43_tilbagebetaling"
    )
    assert slug("Børn - KSB - Samvær - § 104") == "boern_ksb_samvaer_p_104"
    assert slug("Ændret/Ophævet å") == "aendret_ophaevet_aa"
