"""Every class of bad input stops the build with a message to act on, and publishes nothing."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from conftest import LAST, as_new_version, copy_inputs, leftovers
from omgoerelse.cli import main

T3 = "sources/ast_aarsager_2024/tabel_3.csv"
T5 = "sources/ast_aarsager_2024/tabel_5.csv"
T44 = "sources/ast_aarsredegoerelse_2024/tabel_4_4.csv"


def replace(path: str, old: str, new: str):
    def mutate(root: Path):
        p = root / path
        text = p.read_text(encoding="utf-8")
        assert old in text, f"fixture text {old!r} not in {path}"
        p.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def write_bytes(path: str, data: bytes):
    def mutate(root: Path):
        (root / path).write_bytes(data)

    return mutate


def prepend_bom(path: str):
    def mutate(root: Path):
        p = root / path
        p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())

    return mutate


def both(*mutations):
    def mutate(root: Path):
        for m in mutations:
            m(root)

    return mutate


def remove(path: str):
    def mutate(root: Path):
        (root / path).unlink()

    return mutate


# class: (mutation, substrings the message must contain)
CASES = {
    "unknown_column": (
        replace(T3, "andel_procent", "andel_pct"),
        ["tabel_3.csv:1", "column 'andel_pct'", "unknown column"],
    ),
    "missing_column": (
        replace(T3, "sagsudfald,antal_sager,andel_procent\n", "sagsudfald,antal_sager\n"),
        ["tabel_3.csv:1", "is missing", "andel_procent"],
    ),
    "text_in_count": (
        replace(T3, "11899", "ca. 11900"),
        ["tabel_3.csv:2", "column 'antal_sager'", "expected a whole number", "ca. 11900"],
    ),
    "danish_thousands": (replace(T3, "11899", "11.899"), ["tabel_3.csv:2", "write 11899"]),
    "decimal_comma": (replace(T3, "11899,69", '11899,"68,8"'), ["tabel_3.csv:2", "write 68.8"]),
    "negative_count": (replace(T3, "1472", "-1472"), ["tabel_3.csv:5", "not negative"]),
    "missing_file": (remove(T3), ["tabel_3.csv", "missing"]),
    "empty_file": (write_bytes(T3, b""), ["tabel_3.csv", "empty"]),
    "header_only": (
        write_bytes(T3, b"sagsudfald,antal_sager,andel_procent\n"),
        ["tabel_3.csv:2", "no rows"],
    ),
    "semicolons": (
        write_bytes(T3, b"sagsudfald;antal_sager;andel_procent\nI alt;17307;\n"),
        ["tabel_3.csv:1", "semicolon"],
    ),
    "bom": (prepend_bom(T3), ["tabel_3.csv:1", "byte-order mark"]),
    "wrong_encoding": (
        lambda root: (root / T3).write_bytes((root / T3).read_text().encode("latin-1")),
        ["tabel_3.csv:2", "not UTF-8"],
    ),
    "ragged_row": (
        replace(T3, "Omgørelse,5408,31", "Omgørelse,5408"),
        ["tabel_3.csv:3", "expected 3 cells, found 2"],
    ),
    # Malformed quoting that a forgiving parser would take
    # as text: the strict reading names the line.
    "stray_quote": (
        replace(T3, "Omgørelse,5408,31", '"Omgørelse"x,5408,31'),
        ["tabel_3.csv:3", "not valid CSV"],
    ),
    # A blank line is skipped, and the lines after it keep their own numbers in messages.
    "blank_line_then_bad_cell": (
        both(
            replace(T3, "Stadfæstelse,11899,69\n", "Stadfæstelse,11899,69\n\n"),
            replace(T3, "1472", "-1472"),
        ),
        ["tabel_3.csv:6", "not negative"],
    ),
    "empty_count": (
        replace(T3, "Omgørelse,5408,31", "Omgørelse,,31"),
        ["tabel_3.csv:3", "column 'antal_sager'", "empty"],
    ),
    "unknown_marker": (
        replace(T5, "Almenboligloven,Antal årsager,Tom", "Almenboligloven,Antal årsager,Tomt"),
        ["tabel_5.csv:14", "column 'andre_forhold'", "Tomt"],
    ),
    "unknown_code": (
        replace(T44, "Boligstøtteloven,30", "Boligstøtte,30"),
        ["tabel_4_4.csv:10", "unknown lovomraade 'Boligstøtte'"],
    ),
    "ambiguous_label_unmapped": (
        replace(
            "build/specs/sager_efter_udfald.yaml",
            'labels: {lovomraade: {"Andre Love*": andre_love_7}}',
            "labels: {}",
        ),
        ["tabel_4_4.csv:11", "Andre Love*"],
    ),
    "duplicate_key": (
        replace(T3, "I alt,17307,", "Omgørelse,5408,31\nI alt,17307,"),
        ["two cells give antal_sager", "tabel_3.csv:6"],
    ),
    "wrong_total": (
        replace(T3, "I alt,17307,", "I alt,17308,"),
        ["tabel_3.csv:6", "sum_to_total", "expected 17307, found 17308"],
    ),
    "percent_disagrees": (
        replace(T3, "Stadfæstelse,11899,69", "Stadfæstelse,11899,72"),
        ["tabel_3.csv:2", "percent_matches_counts", "found 72"],
    ),
    "percent_over_100": (
        replace(T3, "Stadfæstelse,11899,69", "Stadfæstelse,11899,169"),
        # refused where it is read (a percentage is 0-100), before the field constraint
        ["tabel_3.csv:2", "column 'andel_procent'", "a percentage from 0 to 100", "'169'"],
    ),
    "same_figure_differs": (
        replace(T44, "Sager i alt,11898", "Sager i alt,11897"),
        ["same_figure_agrees", "expected 11898, found 11897"],
    ),
    "future_date_drawn": (
        replace("sources/register.yaml", "data_drawn: 2025-09-11", "data_drawn: 2999-09-11"),
        ["register.yaml", "in the future"],
    ),
    # a document without an address says why (url_note); the kilder table shows the reason
    "url_null_without_note": (
        replace(
            "sources/register.yaml",
            "    url_note: >-\n      Projektet har ikke fundet Ankestyrelsens side for dokumentet "
            "blandt de gemte kopier af ast.dk,\n      det har søgt i. Projektet læste dokumentet "
            "i et tekstudtræk uden adresse.\n",
            "",
        ),
        ["register.yaml (document 1)", "url is null: say why in url_note"],
    ),
    "spec_names_missing_source": (
        replace(
            "build/specs/sager_efter_udfald.yaml",
            "table: ast_aarsager_2024/tabel_6",
            "table: ast_aarsager_2024/tabel_66",
        ),
        ["tabel_66", "missing"],
    ),
    "spec_unknown_field": (
        replace(
            "build/specs/sager_efter_udfald.yaml",
            "fields: [kilde_dokument,",
            "fields: [kilde_dokumentet, kilde_dokument,",
        ),
        ["sager_efter_udfald.yaml", "'kilde_dokumentet' is not defined"],
    ),
    "invalid_yaml": (
        replace(
            "build/specs/sager_efter_udfald.yaml",
            "name: sager_efter_udfald",
            "name: [sager_efter_udfald",
        ),
        ["sager_efter_udfald.yaml", "invalid YAML"],
    ),
    "codelist_cycle": (
        replace(
            "build/registry/codelists/udfald.yaml",
            "medlemmer: [hjemvist, aendret_ophaevet]",
            "medlemmer: [hjemvist, aendret_ophaevet, omgjort]",
        ),
        ["udfald.yaml", "its own member"],
    ),
    "codelist_unknown_member": (
        replace(
            "build/registry/codelists/udfald.yaml",
            "medlemmer: [hjemvist, aendret_ophaevet]",
            "medlemmer: [hjemvist, aendret]",
        ),
        ["udfald.yaml", "unknown member 'aendret'"],
    ),
    "untranscribed_table_unused": (
        write_bytes("sources/ast_aarsager_2024/tabel_9.csv", b"a,b\n1,2\n"),
        ["tabel_9.csv", "no table spec"],
    ),
    "extra_column": (
        lambda root: (
            replace(
                T3,
                "sagsudfald,antal_sager,andel_procent\n",
                "sagsudfald,antal_sager,andel_procent,ekstra\n",
            )(root),
            replace(T3, "I alt,17307,", "I alt,17307,,x")(root),
        ),
        ["tabel_3.csv:1", "column 'ekstra'", "unknown column"],
    ),
    "meta_unknown_key": (
        replace(
            "sources/ast_aarsager_2024/tabel_3.meta.yaml",
            "number: Tabel 3",
            "number: Tabel 3\nnumer: 3",
        ),
        ["tabel_3.meta.yaml", "unknown key 'numer'"],
    ),
    "missing_codelist": (
        replace("build/registry/fields.yaml", "codelist: udfald\n", "codelist: udfaldet\n"),
        ["fields.yaml", "unknown code list 'udfaldet'"],
    ),
    "released_file_altered": (
        replace(f"releases/{LAST}/aarsag/aarsag.csv", "kode,", "Kode,"),
        [f"releases/{LAST}/aarsag/aarsag.csv", f"released in {LAST} and has changed"],
    ),
    # Declarations with a typo: each is an error naming the file and the key (issue 18).
    "spec_key_typo": (
        replace("build/specs/afgjorte_sager.yaml", "checks:", "check:"),
        ["afgjorte_sager.yaml", "unknown key 'check'; did you mean 'checks'?"],
    ),
    "mapping_key_typo": (
        replace(
            "build/specs/afgjorte_sager.yaml",
            "    labels:\n      lovomraade:",
            "    lables:\n      lovomraade:",
        ),
        ["afgjorte_sager.yaml", "sources.0.lables: unknown key 'lables'; did you mean 'labels'?"],
    ),
    "check_parameter_typo": (
        replace(
            "build/specs/afgjorte_sager.yaml",
            "{check: sum_to_total, dimension: lovomraade}",
            "{check: sum_to_total, dimesion: lovomraade}",
        ),
        ["afgjorte_sager.yaml", "unknown key 'dimesion'; did you mean 'dimension'?"],
    ),
    "unknown_check": (
        replace(
            "build/specs/afgjorte_sager.yaml",
            "{check: sum_to_total, dimension: lovomraade}",
            "{check: sum_to_totl, dimension: lovomraade}",
        ),
        [
            "afgjorte_sager.yaml",
            "checks.0: unknown check 'sum_to_totl'; did you mean 'sum_to_total'?",
        ],
    ),
    "unknown_chart_type": (
        replace("build/specs/afgjorte_sager.yaml", "  type: bars", "  type: line"),
        ["afgjorte_sager.yaml", "chart.type", "'line'"],
    ),
    "chart_where_typo": (
        replace(
            "build/specs/afgjorte_sager.yaml",
            "where: {aar: 2024, sagsstatus: afgjort}",
            "where: {aar: 2024, sagstatus: afgjort}",
        ),
        ["afgjorte_sager.yaml (chart)", "'sagstatus' is not a field of the table"],
    ),
    "chart_where_value_typo": (
        replace(
            "build/specs/afgjorte_sager.yaml",
            "where: {aar: 2024, sagsstatus: afgjort}",
            "where: {aar: 2024, sagsstatus: afgjrot}",
        ),
        ["afgjorte_sager.yaml", "chart: its where, exclude and parts leave no row"],
    ),
    "chart_rows_from_unknown_table": (
        replace("build/specs/danmarkskort.yaml", "rows_from: landstal", "rows_from: landstall"),
        ["danmarkskort.yaml (trend)", "rows_from: unknown table 'landstall'"],
    ),
    "chart_points_field_typo": (
        replace("build/specs/danmarkskort.yaml", "panel: kort_navn", "panel: kort_nvn"),
        ["danmarkskort.yaml (trend) points", "'kort_nvn' is not a field of the table danmarkskort"],
    ),
    "chart_points_select_nothing": (
        replace(
            "build/specs/danmarkskort.yaml",
            "    where: {udfald: omgjort, nyeste: true}\n    exclude: {kommune: hele_landet}",
            "    where: {udfald: omgjrot, nyeste: true}\n    exclude: {kommune: hele_landet}",
        ),
        ["danmarkskort.yaml", "chart points: its where, exclude and parts leave no row"],
    ),
    "chart_continued_key_typo": (
        replace("build/specs/sager_efter_udfald.yaml", "    continued:", "    continud:"),
        ["sager_efter_udfald.yaml", "trend.1.continud: unknown key 'continud'; did you mean"],
    ),
    "chart_own_chart_key_typo": (
        replace(
            "build/specs/danmarkskort.yaml",
            "      title: Omgørelsesprocenten for {name}",
            "      titel: Omgørelsesprocenten for {name}",
        ),
        [
            "danmarkskort.yaml",
            "trend.0.points.own_chart.titel: unknown key 'titel'; did you mean 'title'?",
        ],
    ),
    "chart_continued_field_typo": (
        replace(
            "build/specs/sager_efter_udfald.yaml",
            "      where: {kilde_tabel: Tabel 4.3, sagsgruppe",
            "      where: {kildetabel: Tabel 4.3, sagsgruppe",
        ),
        [
            "sager_efter_udfald.yaml (trend.1) continued",
            "'kildetabel' is not a field of the table sager_efter_udfald",
        ],
    ),
    "chart_continued_on_several_lines": (
        replace(
            "build/specs/sager_efter_udfald.yaml",
            "    where: {serie: kommunale_sager, udfald: omgjort, nyeste: true}",
            "    where: {udfald: omgjort, nyeste: true}",
        ),
        [
            "sager_efter_udfald.yaml",
            "chart continued: carries one line on over years it lacks; found 4 lines",
        ],
    ),
    "not_a_truth_value": (
        replace("sources/ast_aarsager_2024/tabel_3.meta.yaml", "optional: true", "optional: nej"),
        ["tabel_3.meta.yaml", "columns.", "optional", "valid boolean"],
    ),
    "field_defined_twice": (
        replace(
            "build/registry/fields.yaml",
            "er_total:\n",
            "antal_sager:\n  type: string\n  title: x\n  description: y\ner_total:\n",
        ),
        ["build/registry/fields.yaml", "the key 'antal_sager' is given twice"],
    ),
    "stale_discrepancy": (
        replace(
            "sources/afvigelser.yaml",
            "discrepancies: []",
            "discrepancies:\n  - {tabel: x, kontrol: sum_to_total, kilde_dokument: a, kilde_tabel: "
            "b, kilde_raekke: c, kilde_kolonne: d, forventet: 1, fundet: 2, forklaring: test}",
        ),
        ["afvigelser.yaml", "no longer matches"],
    ),
}


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


OUTPUTS = ("datapackage", "site", "releases")


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_stops_the_build_and_publishes_nothing(case, built, tmp_path, capsys):
    """Non-zero exit, a message naming file, line, column; datapackage/, site/, releases/ kept."""
    stops_the_build(case, *CASES[case], built, tmp_path, capsys)


def stops_the_build(case: str, mutate, expected: list[str], built, tmp_path, capsys) -> str:
    """Build a copy of the project, its outputs included, changed by `mutate`: the build fails with
    every part of `expected` in its message and leaves the outputs as they were; the message."""
    root = tmp_path / "root"
    copy_inputs(root)
    shutil.copytree(built.datapackage, root / "datapackage")
    shutil.copytree(built.root / "site", root / "site")
    mutate(root)
    before = {out: digest(root / out) for out in OUTPUTS}
    assert main(["build", "--root", str(root)]) != 0
    message = capsys.readouterr().err
    for part in expected:
        assert part in message, f"{case}: {part!r} not in message:\n{message}"
    assert {out: digest(root / out) for out in OUTPUTS} == before
    assert leftovers(root) == [], "no staging folder is left behind"
    return message


def test_a_listed_discrepancy_is_accepted_and_published(tmp_path, capsys):
    root = tmp_path / "root"
    as_new_version(copy_inputs(root))
    replace(T3, "Stadfæstelse,11899,69", "Stadfæstelse,11899,72")(root)
    replace(
        "sources/afvigelser.yaml",
        "discrepancies: []",
        """discrepancies:
  - tabel: sager_efter_udfald
    kontrol: percent_matches_counts
    kilde_dokument: ast_aarsager_2024
    kilde_tabel: Tabel 3
    kilde_raekke: Stadfæstelse
    kilde_kolonne: Andel
    forventet: 68.75
    fundet: 72
    forklaring: Testforklaring.""",
    )(root)
    assert main(["build", "--root", str(root)]) == 0
    register = (root / "datapackage/afvigelser/afvigelser.csv").read_text(encoding="utf-8")
    assert "percent_matches_counts" in register and "Testforklaring." in register
