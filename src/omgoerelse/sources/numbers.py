"""A printed number read strictly: only the forms a transcription holds, within bounds a printed
table of cases can reach, and for anything else a message that says what to write.

A transcription writes a count as its digits ("11899"), a percentage or other number as printed with
a dot for the decimal mark ("44.9"), a year with four digits. Only the ASCII digits count: Python's
\\d and int() also take Arabic-Indic and fullwidth digits, which no Danish table prints.
"""

from __future__ import annotations

import re
from decimal import Decimal

from omgoerelse.core.printed import SCALE_DECIMALS
from omgoerelse.core.text import char_name, visible

# Ten million: more than all Danish social-law appeals of decades (Ankestyrelsen decides some
# 50,000 cases a year; the largest printed count is some 21,000) and above Denmark's population, so
# a larger count is a slip of the keyboard, never a printed figure. Numbers of other kinds (weeks,
# figures quoted in the text) are held to the same bound.
MAX_COUNT = 10_000_000
# The sources print at most two decimals; printed.py computes with three, so a third would be
# rounded away there and a fourth lost.
MAX_DECIMALS = SCALE_DECIMALS - 1
MAX_PERCENT = 100

WHOLE = re.compile(r"[0-9]+")
DECIMAL = re.compile(r"[0-9]+(\.[0-9]+)?")
YEAR = re.compile(r"[0-9]{4}")
DANISH_THOUSANDS = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")
DECIMAL_COMMA = re.compile(r"[0-9]+,[0-9]+")
EXPONENT = re.compile(r"[0-9.]+[eE][-+]?[0-9]+")
MINUS = ("-", "\u2212", "\u2013")  # a hyphen, and the minus and en dash that print and PDFs use
SPACED = re.compile(r"[0-9][0-9 .,]* [0-9 .,]*[0-9]")


def parse_number(kind: str, printed: str, markers: str) -> tuple[int | str | None, str | None]:
    """(value, what was expected) of a printed count, year, percentage or number: an int for counts
    and years, the decimal text for the others; the value None where the cell is not a number.
    `printed` is a non-empty cell without spaces around it; `markers` ends the expectation."""
    foreign = next((c for c in printed if c.isdigit() and not c.isascii()), None)
    if foreign is not None:
        return None, f"the digits 0-9 ({char_name(foreign)} is not one of them)"
    if kind == "year":
        return (int(printed), None) if YEAR.fullmatch(printed) else (None, "a four-digit year")
    form = _form_problem(kind, printed)
    if form is not None:
        return None, form
    if kind == "count":
        if not WHOLE.fullmatch(printed):
            return None, "a whole number" + markers
        # the length first: int() of thousands of digits is itself an error
        if len(printed.lstrip("0")) > len(str(MAX_COUNT)) or int(printed) > MAX_COUNT:
            return None, f"a whole number of at most {MAX_COUNT} (no printed count is larger)"
        return int(printed), None
    if not DECIMAL.fullmatch(printed):
        return None, "a number" + markers
    if len(printed.partition(".")[2]) > MAX_DECIMALS:
        return None, f"a number with at most {MAX_DECIMALS} decimals (as the sources print)"
    value = Decimal(printed)
    if kind == "percent" and value > MAX_PERCENT:
        return None, f"a percentage from 0 to {MAX_PERCENT}"
    if value > MAX_COUNT:
        return None, f"a number of at most {MAX_COUNT} (no printed figure is larger)"
    return format(value, "f"), None  # "044.9" is 44.9, written as 44.9


def _form_problem(kind: str, printed: str) -> str | None:
    """What to write instead of a form of number that tables print but transcriptions do not (or
    that no table prints), or None."""
    if DANISH_THOUSANDS.fullmatch(printed) and kind == "count":
        return f"a whole number without thousands separators (write {printed.replace('.', '')})"
    if DECIMAL_COMMA.fullmatch(printed):
        return f"a dot as decimal mark (write {printed.replace(',', '.')})"
    if printed[:1] in MINUS and DECIMAL.fullmatch(printed[1:]):
        sign = "" if printed[0] == "-" else f" ({char_name(printed[0])} is a minus sign)"
        return "a number that is not negative" + sign
    if printed.startswith("+") and DECIMAL.fullmatch(printed[1:]):
        return f"a number without a sign (write {printed[1:]})"
    if EXPONENT.fullmatch(printed):
        return "the number written out in full, without an exponent"
    if SPACED.fullmatch(printed):
        return f"a number without spaces inside (write {printed.replace(' ', '')})"
    return None


def expected_found(expected: str, printed: str) -> str:
    """The message for a cell that is not what its column holds, the cell shown visibly."""
    return f"expected {expected}, found '{visible(printed)}'"
