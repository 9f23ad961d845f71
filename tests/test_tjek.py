"""`omgoerelse tjek`: a contributor's common mistakes in a transcription, answered in plain Danish
with the file, line and column."""

from __future__ import annotations

import pytest

from conftest import copy_inputs
from omgoerelse.cli import main

PAPER = "sources/norddjurs_handicapraad_2025/tal_i_teksten.csv"


def _edit(root, old: str, new: str, path: str = PAPER) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


MISTAKES = {
    "decimal comma": (
        ("2024,omgørelsesprocent,procent,44.9", '2024,omgørelsesprocent,procent,"44,9"'),
        [
            "linje 5, kolonne 'vaerdi'",
            "Brug punktum som decimaltegn: skriv 44.9 i stedet for 44,9.",
        ],
    ),
    "unknown municipality": (
        ("63,Norddjurs Kommune,", "63,Nordjurs Kommune,"),
        [
            "linje 2, kolonne 'kommune'",
            "Navnet 'Nordjurs Kommune' kendes ikke i kodelisten kommune",
        ],
    ),
    "year with two digits": (
        (
            "63,Norddjurs Kommune,det generelle socialområde,2024",
            "63,Norddjurs Kommune,det generelle socialområde,24",
        ),
        ["linje 2, kolonne 'aar'", "Skriv året med fire cifre (fx 2024), ikke 24."],
    ),
    "empty cell": (
        ("behandlet i alt,antal,51", "behandlet i alt,antal,"),
        ["linje 2, kolonne 'vaerdi'", "Cellen er tom."],
    ),
    "unknown column": (
        ("linje,kommune,kort,aar,udfald,enhed,vaerdi", "linje,kommune,kort,år,udfald,enhed,vaerdi"),
        ["linje 1, kolonne 'år'", "Overskriften i første linje har en kolonne, som ikke hører til"],
    ),
    "invisible character": (
        ("63,Norddjurs Kommune,", "63,Norddjurs\u00a0Kommune,"),
        [
            "linje 2, kolonne 'kommune'",
            "Der står et usynligt mellemrum (U+00A0 NO-BREAK SPACE) som tegn nr. 10 i "
            "'Norddjurs<U+00A0>Kommune'. Skriv et almindeligt mellemrum.",
        ],
    ),
    "too many decimals": (
        ("2024,omgørelsesprocent,procent,44.9", "2024,omgørelsesprocent,procent,44.925"),
        ["linje 5, kolonne 'vaerdi'", "Skriv højst 2 decimaler, som dokumentet gør, ikke 44.925."],
    ),
    "count with too many digits": (
        ("behandlet i alt,antal,51", "behandlet i alt,antal,51000000000"),
        ["linje 2, kolonne 'vaerdi'", "Tallet 51000000000 er for stort"],
    ),
    "semicolons": (
        (
            "linje,kommune,kort,aar,udfald,enhed,vaerdi",
            "linje;kommune;kort;aar;udfald;enhed;vaerdi",
        ),
        ["linje 1", "Filen er delt med semikolon"],
    ),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_a_common_mistake_is_answered_in_danish(mistake, tmp_path, capsys):
    project = copy_inputs(tmp_path)
    (old, new), expected = MISTAKES[mistake]
    _edit(project.root, old, new)
    assert main(["tjek", "--root", str(project.root)]) == 1
    said = capsys.readouterr().err
    assert said.startswith("Der er ") and "tal_i_teksten.csv" in said
    for part in expected:
        assert part in said, f"{mistake}: {part!r} not in:\n{said}"


def test_all_is_well_is_said_in_danish(tmp_path, capsys):
    project = copy_inputs(tmp_path)
    assert main(["tjek", "--root", str(project.root)]) == 0
    assert "Alt er i orden" in capsys.readouterr().out
