"""Printed numbers read strictly (issue 19, class 2): a count, percentage, number or year in a form
or size no printed table holds stops the build with the file, line, column and what to write, never
a traceback; the published files stay as they were."""

from __future__ import annotations

import pytest

from test_bad_input import T3, replace, stops_the_build

KORT = "sources/sm_brev_danmarkskort_2025/tal_i_teksten.csv"
COUNT = "tabel_3.csv:3 column 'antal_sager'"  # Omgørelse,5408,31
PERCENT = "tabel_3.csv:3 column 'andel_procent'"


def count(new: str):
    return replace(T3, "Omgørelse,5408,", f"Omgørelse,{new},")


def percent(new: str):
    return replace(T3, "Omgørelse,5408,31", f"Omgørelse,5408,{new}")


# case: (the change, what the message names besides the file, line and column)
CASES = {
    "count_of_23_digits": (
        count("12345678901234567890123"),
        [COUNT, "a whole number of at most 10000000", "'12345678901234567890123'"],
    ),
    "count_of_5000_digits": (count("9" * 5000), [COUNT, "text of 5000 characters is longer than"]),
    "count_over_ten_million": (
        count("10000001"),
        [COUNT, "a whole number of at most 10000000", "'10000001'"],
    ),
    "fullwidth_digits": (
        count("\uff15\uff14\uff10\uff18"),
        [COUNT, "the digits 0-9 (U+FF15 FULLWIDTH DIGIT FIVE is not one of them)"],
    ),
    "arabic_indic_digits": (
        count("\u0665\u0664\u0660\u0668"),
        [COUNT, "U+0665 ARABIC-INDIC DIGIT FIVE is not one of them"],
    ),
    "superscript_footnote_digit": (count("5408²"), [COUNT, "U+00B2 SUPERSCRIPT TWO"]),
    "fullwidth_year": (
        replace(KORT, "33,Socialområdet generelt,2024,", "33,Socialområdet generelt,２０２４,"),
        ["tal_i_teksten.csv:2 column 'aar'", "U+FF12 FULLWIDTH DIGIT TWO"],
    ),
    "exponent": (count("1e5"), [COUNT, "without an exponent", "'1e5'"]),
    "exponent_in_a_percentage": (percent("3.1e1"), [PERCENT, "without an exponent"]),
    "negative": (count("-5408"), [COUNT, "a number that is not negative", "'-5408'"]),
    "unicode_minus": (
        count("\u22125408"),
        [COUNT, "a number that is not negative (U+2212 MINUS SIGN is a minus sign)"],
    ),
    "leading_plus": (count("+5408"), [COUNT, "without a sign (write 5408)"]),
    "percent_over_100": (percent("100.5"), [PERCENT, "a percentage from 0 to 100", "'100.5'"]),
    "too_many_decimals": (percent("31.255"), [PERCENT, "at most 2 decimals", "'31.255'"]),
    "too_many_decimals_in_a_number": (
        replace(KORT, "ændret eller ophævet,procent,7.1", "ændret eller ophævet,procent,7.1000"),
        ["tal_i_teksten.csv:2 column 'vaerdi'", "at most 2 decimals"],
    ),
    "spaces_inside": (count("5 408"), [COUNT, "without spaces inside (write 5408)"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_number_stops_the_build_and_publishes_nothing(case, built, tmp_path, capsys):
    message = stops_the_build(case, *CASES[case], built, tmp_path, capsys)
    assert "Traceback" not in message and "Error:" not in message
