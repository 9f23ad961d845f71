"""What every chart shares: its sizes, font and colours, and printed labels shortened to fit."""

from __future__ import annotations

import re

# a drawing's whole width in px, labels included: a phone's column, a laptop's
NARROW, WIDE = 340, 680
FONT = 12  # every text in a chart, in px as drawn; each drawing is shown at its own size or smaller
LABEL_CHARS = {NARROW: 24, WIDE: 56}  # long printed labels are shortened here (the § kept first)
MISSING = "ikke oplyst"  # what a tooltip says where a value is not printed
# One colour per outcome across the site; Paul Tol's colour-blind-safe "bright" and "muted" sets.
OUTCOME_COLOURS = {
    "stadfaestet": "#4477AA",
    "hjemvist": "#EE7733",
    "aendret_ophaevet": "#CC3311",
    "omgjort": "#882255",
    "i_alt": "#777777",
}
SERIES_COLOURS = ["#4477AA", "#EE7733", "#228833", "#AA3377", "#66CCEE", "#BBBBBB"]
CONFIG = {
    "axis": {"labelFontSize": FONT, "titleFontSize": FONT, "titleFontWeight": "normal"},
    "legend": {
        "labelFontSize": FONT,
        "titleFontSize": FONT,
        "orient": "bottom",
        "direction": "vertical",
    },
    "title": {
        "fontSize": FONT + 2,
        "subtitleFontSize": FONT,
        "anchor": "start",
        "subtitlePadding": 4,
    },
    "view": {"stroke": None},
    "header": {"labelFontSize": FONT, "titleFontSize": FONT, "labelLimit": 0},
}


def short_label(text: str, limit: int) -> str:
    """A printed label cut to `limit` characters with its paragraph first, so the § survives the cut
    ("Tilbagebetaling af løbende … § 91" → "§ 91 Tilbagebetaling af løb…")."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    found = PARAGRAPH.search(text)
    if found:
        rest = (text[: found.start()] + text[found.end() :]).strip(" -–,")
        rest = rest.split(" - ")[-1].strip(" -–,") if " - " in rest else rest
        text = f"{found.group(0).strip()} {rest}".strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


PARAGRAPH = re.compile(
    r"§§?\s*\d+[a-z]?(?:\s*(?:,|og|-|–)\s*(?:§\s*)?\d+[a-z]?)*(?:,\s*stk\.\s*\d+)?"
)


def unique(labels: list[str]) -> list[str]:
    """Labels made unique: a band scale would draw two rows with one label as one."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out
