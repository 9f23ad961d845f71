"""The reading guide as spreadsheet rows: the Markdown guide read back into plain text a reader of
the Excel copy sees as written, with no markup characters in any cell.

A heading is its text, marked bold; a table is a row of cells per table row (its header bold, its
|---| rule left out); a list item starts with a bullet; emphasis, code and quotation marks of
Markdown are dropped and a link is "text (address)". What `formats.md_text` escaped (\\*, &amp; …)
is shown as the character it stands for.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")
TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # Markdown's backslash escapes (ASCII punctuation)
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
CODE = re.compile(r"`+([^`]*?)`+")
# An escaped character is held as a private-use character while the markup is taken away, so that
# a \* from md_text stays an asterisk in the text and never closes an emphasis.
HELD = 0xF0000


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    bold: bool = False


def guide_rows(markdown: str) -> list[Row]:
    """One row per line of the guide (blank lines kept, for the spacing between sections)."""
    lines = markdown.splitlines()
    rows = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if TABLE_RULE.match(stripped) and "|" in stripped:
            continue
        if stripped.startswith("|"):
            header = i + 1 < len(lines) and bool(TABLE_RULE.match(lines[i + 1].strip()))
            rows.append(Row(_cells(stripped), bold=header))
            continue
        heading = HEADING.match(stripped)
        if heading:
            rows.append(Row((inline(heading.group(1)),), bold=True))
            continue
        if stripped.startswith(">"):
            stripped = stripped[1:].strip()
        if stripped[:2] in ("- ", "* ", "+ "):
            stripped = "• " + stripped[2:]
        rows.append(Row((inline(stripped),) if stripped else ()))
    return rows


def _cells(line: str) -> tuple[str, ...]:
    held = _hold(line.strip().strip("|"))
    return tuple(_plain(cell.strip()) for cell in held.split("|"))


def inline(text: str) -> str:
    """Markdown text of one line as plain text."""
    return _plain(_hold(text))


def _hold(text: str) -> str:
    return ESCAPED.sub(lambda m: _held(m.group(1)), text)


def _held(text: str) -> str:
    return "".join(chr(HELD + ord(c)) if ord(c) < 128 else c for c in text)


def _plain(text: str) -> str:
    text = CODE.sub(lambda m: _held(m.group(1)), text)  # code is shown as written
    text = LINK.sub(lambda m: _link(m.group(1), m.group(2)), text)
    text = AUTOLINK.sub(r"\1", text)
    text = STRONG.sub(r"\2", text)
    text = EMPHASIS.sub(r"\2", text)
    text = "".join(chr(ord(c) - HELD) if HELD <= ord(c) < HELD + 128 else c for c in text)
    return html.unescape(text)


def _link(text: str, url: str) -> str:
    return url if text.strip() in ("", url) else f"{text} ({url})"
