"""Printed text as the build takes it (issue 19, class 1): a label in NFD builds as its NFC form; a
character no reader sees, or a text longer than any printed one, stops the build with the file,
line, column and the character named; messages show what is invisible; no text is cut in Excel."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import pytest

from conftest import as_new_version, copy_inputs
from omgoerelse.cli import main
from omgoerelse.core.errors import BuildError
from omgoerelse.core.project import Project
from omgoerelse.declarations.registry import load_registry
from omgoerelse.declarations.specs import load_specs
from omgoerelse.publish.xlsx import xlsx_bytes
from test_bad_input import T3, T5, digest, replace, stops_the_build

T48 = "sources/ast_aarsredegoerelse_2024/tabel_4_8.csv"
T48_META = "sources/ast_aarsredegoerelse_2024/tabel_4_8.meta.yaml"
T3_META = "sources/ast_aarsager_2024/tabel_3.meta.yaml"
T5_META = "sources/ast_aarsager_2024/tabel_5.meta.yaml"
# a provision whose code the build makes from its printed name (code list bestemmelse, derive:)
PROVISION = "Børn - KSB - Forældrepålæg og ungepålæg - § 38 og § 39"
KORT = "sources/sm_brev_danmarkskort_2025/tal_i_teksten.csv"


def decomposed(path: str, line: str | None = None):
    """Write the file (or the one line of it holding `line`) in NFD: a + combining ring for å."""

    def mutate(root: Path):
        p = root / path
        text = p.read_text(encoding="utf-8")
        old = text if line is None else line
        assert old in text and unicodedata.normalize("NFD", old) != old, "nothing to decompose"
        p.write_text(text.replace(old, unicodedata.normalize("NFD", old)), encoding="utf-8")

    return mutate


# case: the change, written in NFD; the build must publish exactly what the NFC sources publish
IN_NFD = {
    "derived_provision_label": decomposed(T48, PROVISION),
    "measure_label": decomposed(T5),
    "printed_header_and_heading": decomposed(T48_META),
    "register_titles": decomposed("sources/register.yaml"),
    "code_list_printed_names": decomposed(
        "build/registry/codelists/kort.yaml", "Socialområdet generelt, Kortet for socialområdet"
    ),
    "label_looked_up_in_a_code_list": decomposed(KORT),
}


@pytest.mark.parametrize("case", sorted(IN_NFD))
def test_label_in_nfd_builds_as_its_nfc_form(case, built, tmp_path):
    root = tmp_path / "root"
    copy_inputs(root)
    IN_NFD[case](root)
    assert main(["build", "--root", str(root), "--no-site"]) == 0
    assert digest(root / "datapackage") == digest(built.datapackage), (
        f"{case}: the same codes, names and headings as from the NFC sources"
    )


def outcome(written: str, named: str):
    """The outcome label Omgørelse (code list udfald, Tabel 3 line 3) written otherwise."""
    return replace(T3, "Omgørelse,", written + ","), ":3 column 'sagsudfald'", named


def provision(written: str, named: str):
    """The provision's name (published as printed, Tabel 4.8 line 21) written otherwise."""
    return replace(T48, PROVISION, written), ":21 column 'bestemmelse'", named


# case: (the change, where the message says it is, and the character it names)
INVISIBLE = {
    "escape": outcome("Omg\x1børelse", "U+001B ESCAPE"),
    "form_feed_at_a_page_break": provision("\x0c" + PROVISION, "U+000C FORM FEED"),
    "line_break_in_a_quoted_cell": outcome('"Omgø\nrelse"', "U+000A LINE FEED"),
    # a free-text name, published as printed: its row is named by its first line
    "line_break_in_a_quoted_provision": provision(
        f'"{PROVISION.replace(" og ung", chr(10) + "og ung", 1)}"',
        "U+000A LINE FEED at character 27",
    ),
    "soft_hyphen": provision(
        PROVISION.replace("pålæg", "på\u00adlæg", 1), "U+00AD SOFT HYPHEN at character 24"
    ),
    "zero_width_space": outcome("Omgørelse\u200b", "U+200B ZERO WIDTH SPACE"),
    "line_separator": outcome("Omg\u2028ørelse", "U+2028 LINE SEPARATOR"),
    "byte_order_mark_inside_text": outcome("Omg\ufefførelse", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    "c1_control": outcome("Omg\x9børelse", "U+009B CONTROL CHARACTER"),
    "bidi_override": provision("\u202e" + PROVISION, "U+202E RIGHT-TO-LEFT OVERRIDE"),
    "in_a_header_cell": (
        replace(T3, "sagsudfald,antal_sager", "sagsudfald\u2060,antal_sager"),
        ":1 column 'sagsudfald<U+2060>'",
        "U+2060 WORD JOINER",
    ),
    "in_a_meta_heading": (
        replace(T3_META, "SAGSUDFALD I 2024", "SAGS\u00adUDFALD I 2024"),
        "tabel_3.meta.yaml:2: heading",
        "U+00AD SOFT HYPHEN",
    ),
    "in_a_printed_column_header": (
        replace(T3_META, "printed: Antal sager", 'printed: "Antal\\x1bsager"'),
        "tabel_3.meta.yaml: columns.1.printed",
        "U+001B ESCAPE",
    ),
    "in_a_register_title": (
        replace("sources/register.yaml", "Årsager til omgørelse", "Årsager til\u200d omgørelse"),
        "register.yaml:7: documents.0.title",
        "U+200D ZERO WIDTH JOINER",
    ),
}


@pytest.mark.parametrize("case", sorted(INVISIBLE))
def test_invisible_character_stops_the_build(case, built, tmp_path, capsys):
    mutate, where, named = INVISIBLE[case]
    stops_the_build(case, mutate, [where, named], built, tmp_path, capsys)


# case: (the change, what the message must show); no message holds a character no one sees
VISIBLE = {
    "no_break_space_in_a_label": (
        replace(T3, "I alt,17307,", "I\u00a0alt,17307,"),
        ["tabel_3.csv:6 column 'sagsudfald'", "U+00A0 NO-BREAK SPACE", "'I<U+00A0>alt'"],
    ),
    "no_break_space_in_a_code_lists_printed_name": (
        replace("build/registry/codelists/udfald.yaml", "trykt: [I alt]", 'trykt: ["I\\u00a0alt"]'),
        ["tabel_3.csv:6", "unknown udfald 'I alt'", "I<U+00A0>alt"],
    ),
    "thin_space_in_a_count": (
        replace(T3, "5408", "5\u2009408"),
        ["tabel_3.csv:3 column 'antal_sager'", "U+2009 THIN SPACE", "'5<U+2009>408'"],
    ),
    "no_break_space_in_a_marker": (
        replace(T5_META, "markers: [Tom,", 'markers: ["Tom\\u00a0",'),
        ["tabel_5.meta.yaml", "markers.0", "'Tom<U+00A0>'"],
    ),
}


@pytest.mark.parametrize("case", sorted(VISIBLE))
def test_message_shows_invisible_characters(case, built, tmp_path, capsys):
    message = stops_the_build(case, *VISIBLE[case], built, tmp_path, capsys)
    hidden = sorted({f"U+{ord(c):04X}" for c in message if not (c.isprintable() or c == "\n")})
    assert not hidden, f"{case}: the message holds {hidden}, so it reads as if the text were plain"


LONG = ("Bestemmelse med et meget langt navn " * 40)[:1001]
# case: (the change, what the message names)
TOO_LONG = {
    "label_over_the_limit": (
        replace(T48, PROVISION, LONG),
        [":21 column 'bestemmelse'", "text of 1001 characters is longer than 1000"],
    ),
    "label_longer_than_an_excel_cell": (
        replace(T48, PROVISION, "x" * 33_000),
        [":21 column 'bestemmelse'", "text of 33000 characters is longer than 1000"],
    ),
    "heading_over_the_limit": (
        replace(T3_META, "heading: TABEL 3.", f"heading: {LONG[:990]} TABEL 3."),
        ["tabel_3.meta.yaml:2: heading", "characters is longer than 1000"],
    ),
    "header_cell_over_the_limit": (
        replace(T3, "sagsudfald,antal_sager", "s" * 1001 + ",antal_sager"),
        ["tabel_3.csv:1", "text of 1001 characters is longer than 1000"],
    ),
}


@pytest.mark.parametrize("case", sorted(TOO_LONG))
def test_text_length_over_the_limit_stops_the_build(case, built, tmp_path, capsys):
    stops_the_build(case, *TOO_LONG[case], built, tmp_path, capsys)


def test_text_length_at_the_limit_is_whole_in_csv_and_xlsx(tmp_path):
    root = tmp_path / "root"
    as_new_version(copy_inputs(root))
    replace(T48, PROVISION, LONG[:1000])(root)
    assert main(["build", "--root", str(root), "--no-site"]) == 0
    table = root / "datapackage/bestemmelse/bestemmelse"
    in_csv = table.with_suffix(".csv").read_text(encoding="utf-8").split(",")
    sheet = openpyxl.load_workbook(table.with_suffix(".xlsx"))["Data"]
    in_xlsx = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert LONG[:1000] in in_csv and LONG[:1000] in in_xlsx


def test_text_length_beyond_an_excel_cell_is_never_cut():
    """The reading limit keeps texts far below it; were one to come through, the Excel copy refuses
    rather than cut it (XlsxWriter cuts at 32,767 characters and only says so in a return value)."""
    project = Project.at(Path(__file__).resolve().parents[1])
    registry = load_registry(project)
    spec = load_specs(project, registry)["kilder"]
    rows = [{f: "x" * 40_000 for f in spec.fields if registry.fields[f]["type"] == "string"}]
    with pytest.raises(BuildError, match="a text of 40000 characters is longer than an Excel cell"):
        xlsx_bytes(spec, rows, registry, "# guide", [])
