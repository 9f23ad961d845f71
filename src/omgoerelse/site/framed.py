"""A chart for download: the page's wide drawing, unchanged, under its title and the lines that say
where the figures come from, under which licence and in which version.

vl-convert takes some 60 ms a drawing. Drawing each chart a third time only to put a title on it
cost 6 s of CPU in a site with 98 municipality charts, so the heading is written here as SVG text
in the charts' own font and sizes, and the wide drawing sits below it in a nested <svg>. The text
is wrapped to the drawing's width: nothing runs off the image, and a downloaded chart is exactly
the one on the page.
"""

from __future__ import annotations

import math
import re
import textwrap
from html import escape

from omgoerelse.site.chart_style import FONT

TITLE = FONT + 2  # as the charts' config draws a title
PAD = 10  # around the heading, as Vega pads a chart
LEADING = 1.4  # a line's height, in font sizes
# Characters that fit a line: the average width of a sans-serif letter, in font sizes, set
# generously (bold capitals are wider than 0.6), so a wrapped line never runs past the drawing.
EM_PER_CHAR = {TITLE: 0.62, FONT: 0.56}
SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"')


def framed(svg: str, title: str, lines: list[str], description: str) -> str:
    """`svg` (a drawing from vl-convert) under `title` and `lines`, with the title and
    `description` as the image's accessible name and description."""
    found = SIZE.search(svg)
    if not found:
        raise ValueError("a drawing without width and height")
    width, height = (math.ceil(float(v)) for v in found.groups())
    texts: list[tuple[int, str, str]] = [(TITLE, "bold", t) for t in _wrapped(title, TITLE, width)]
    texts += [(FONT, "normal", t) for line in lines for t in _wrapped(line, FONT, width)]
    y = PAD
    drawn = []
    for size, weight, text in texts:
        y += round(size * LEADING)
        drawn.append(
            f'<text x="{PAD}" y="{y - round(size * (LEADING - 1))}" font-family="sans-serif" '
            f'font-size="{size}" font-weight="{weight}" fill="#000">{escape(text)}</text>'
        )
    top = y + PAD
    inner = svg[svg.index("<svg") :].replace("<svg", f'<svg x="0" y="{top}"', 1)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" role="img" '
        f'width="{width}" height="{top + height}" viewBox="0 0 {width} {top + height}">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
        f'<rect width="{width}" height="{top + height}" fill="white"/>'
        f"{''.join(drawn)}{inner}</svg>"
    )


def _wrapped(text: str, size: int, width: int) -> list[str]:
    return textwrap.wrap(text, max(20, int((width - 2 * PAD) / (size * EM_PER_CHAR[size]))))
