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


def danish_measure(value: float) -> str:
    """A measured figure with the digits it was recorded with, and a decimal comma: 0,66 and 8,3."""
    text = str(value) if isinstance(value, int) else repr(float(value))
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    return danish_int(int(whole)) + ("," + frac if frac else "")


MARKDOWN_SPECIAL = "\\`*_[]|"  # links, code, emphasis and table cells; < > & are escaped as HTML


def md_text(value: object) -> str:
    """Source text safe in generated Markdown: shown as written, never HTML, a link or markup."""
    text = html.escape(" ".join(str(value).split()), quote=False)
    return "".join("\\" + c if c in MARKDOWN_SPECIAL else c for c in text)


def normalise_url(url: str) -> str:
    """A base address ending in one slash, so that paths are joined to it by plain concatenation."""
    return url if url.endswith("/") else url + "/"
