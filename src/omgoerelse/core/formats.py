"""Numbers and dates as Danish readers write them (17.305; 44,9; 11. september 2025).

Machine formats (dot decimals, ISO dates) stay in the files; these are for pages and guides only.
"""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal

MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]


def danish_date(date: dt.date | None) -> str:
    return f"{date.day}. {MONTHS[date.month - 1]} {date.year}" if date else "ikke oplyst"


def danish_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def danish_number(value: object) -> str:
    """A number as people read it in Danish: 17.305 and 44,9."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int):
        return danish_int(value)
    if isinstance(value, (float, Decimal)):
        text = format(value, "f") if isinstance(value, Decimal) else f"{value:.2f}"
        # -0.5: int("-0") has no sign
        sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
        whole, _, frac = text.partition(".")
        return sign + danish_int(int(whole)) + ("," + frac if frac else "")
    return str(value)


# Fewer cases than this and a percentage is very uncertain: the data flag it (lille_naevner) and
# pages give it whole, since one case moves it by several points.
SMALL_DENOMINATOR = 20
NBSP = "\u00a0"  # between a number and its % sign, so a line never breaks between them
EN_DASH = "\u2013"  # in ranges: 13–58 %


def rounded(value: object, decimals: int) -> Decimal:
    """A number rounded half up, as the documents round: 30,75 → 30,8; 28,125 → 28,13."""
    step = Decimal(1).scaleb(-decimals)
    return Decimal(str(value)).quantize(step, rounding="ROUND_HALF_UP")


def danish_list(names: list[str]) -> str:
    """Names listed as a Danish sentence lists them: "a, b og c" (no comma before "og")."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def file_size(size: int) -> str:
    """A file's size as a reader reads it: 12 kB, 1,4 MB."""
    if size < 1000:
        return f"{size} byte"
    if size < 1_000_000:
        return f"{danish_number(rounded(size / 1000, 0))} kB"
    return f"{danish_number(rounded(size / 1_000_000, 1))} MB"


def danish_percent(
    value: object, missing: str = "", decimals: int = 1, printed: bool = False
) -> str:
    """A percentage for a page: one decimal (or as printed), a decimal comma, "\u00a0%": 44,9 %."""
    if value is None:
        return missing
    number = Decimal(str(value)) if printed else rounded(value, decimals)
    return f"{danish_number(number)}{NBSP}%"


def danish_range(low: object, high: object, missing: str = "", decimals: int = 1) -> str:
    """An interval with an en dash and one % sign: 12,7–57,6 %."""
    if low is None or high is None:
        return missing
    # word joiners around the dash: a line never breaks inside "13–58 %"
    low_text, high_text = (
        danish_number(rounded(low, decimals)),
        danish_number(rounded(high, decimals)),
    )
    return f"{low_text}\u2060{EN_DASH}\u2060{high_text}{NBSP}%"


def count_first(count: int | None, total: int | None, value: object, unit: str = "sager") -> str:
    """A share with its counts first, as a reader checks it: "4 af 13 sager (31 %)"; a percentage on
    fewer than 20 cases is given whole, since one case moves it by several points."""
    if count is None or total is None:
        return danish_percent(value)
    decimals = 0 if total < SMALL_DENOMINATOR else 1
    share = danish_percent(value, decimals=decimals)
    return f"{danish_int(count)} af {danish_int(total)} {unit} ({share})"


def danish_measure(value: float) -> str:
    """A measured figure with the digits it was recorded with, and a decimal comma: 0,66 and 8,3."""
    text = str(value) if isinstance(value, int) else repr(float(value))
    # -0.5: int("-0") has no sign; -0.0 (a difference rounded to nothing) is 0
    sign, text = ("-", text[1:]) if text.startswith("-") and value else ("", text.lstrip("-"))
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    return sign + danish_int(int(whole)) + ("," + frac if frac else "")


MARKDOWN_SPECIAL = "\\`*_[]|"  # links, code, emphasis and table cells; < > & are escaped as HTML


def md_text(value: object) -> str:
    """Source text safe in generated Markdown: shown as written, never HTML, a link or markup."""
    text = html.escape(" ".join(str(value).split()), quote=False)
    return "".join("\\" + c if c in MARKDOWN_SPECIAL else c for c in text)


def one_line(text: object) -> str:
    """Text from the declarations on one line, its | escaped, so it stays in its Markdown table
    cell or list item (written as declared otherwise: the declarations may hold Markdown)."""
    return " ".join(str(text).split()).replace("|", "\\|")


def normalise_url(url: str) -> str:
    """A base address ending in one slash, so that paths are joined to it by plain concatenation."""
    return url if url.endswith("/") else url + "/"


def published_text(published: str) -> str:
    """A publication date as precisely as it is known: "2025", "oktober 2025" or "11. maj 2025"."""
    parts = str(published).split("-")
    if len(parts) == 3:
        return danish_date(dt.date(*map(int, parts)))
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return str(published)
