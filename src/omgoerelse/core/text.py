"""Printed text as the build takes it: in NFC, with no character a reader cannot see, no longer than
a printed label or note can be; and text quoted in messages with its invisible characters shown.

A decomposed "å" (a + combining ring, as some PDF-to-text tools and macOS write it) looks like the
composed one but compares, slugs and sorts differently, so every printed text is taken in NFC.
Controls (ESC, form feed, a line break), format characters (soft hyphen, zero-width and bidi
characters, a byte-order mark inside text), line and paragraph separators and every space other than
the plain one cannot be seen in print: they are refused where they are read, with the character
named, since a label holding one is published looking like another label that it is not.
"""

from __future__ import annotations

import unicodedata

# No printed label or heading in the sources is a tenth of this (the longest label has some 210
# characters, the longest note some 890); far below Excel's 32,767 characters a cell, so a text is
# never cut in the Excel copy while whole in the CSV.
MAX_TEXT = 1000

# unicodedata has no names for the controls; these are the ones a text extraction writes
CONTROL_NAMES = {
    "\t": "CHARACTER TABULATION",
    "\n": "LINE FEED",
    "\r": "CARRIAGE RETURN",
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}


def nfc(text: str) -> str:
    """The text in Unicode's composed form (NFC); the same object when it already is."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def is_invisible(char: str) -> bool:
    """Whether a character prints as nothing, or as a space that is not the plain one: controls,
    format characters, separators, private-use, unassigned (str.isprintable's own definition)."""
    return not char.isprintable()


def char_name(char: str) -> str:
    """ "U+00AD SOFT HYPHEN": the code point and its Unicode name, for a message."""
    fallback = "CONTROL CHARACTER" if unicodedata.category(char) == "Cc" else "UNNAMED CHARACTER"
    name = CONTROL_NAMES.get(char) or unicodedata.name(char, fallback)
    return f"U+{ord(char):04X} {name}"


def visible(text: object) -> str:
    """The text with each invisible character written as <U+00A0>, for quoting in a message: a
    label holding a no-break space then reads 'I<U+00A0>alt', not 'I alt'."""
    shown = str(text)
    if shown.isprintable():
        return shown
    return "".join(c if c.isprintable() else f"<U+{ord(c):04X}>" for c in shown)


def text_problem(text: str, limit: int = MAX_TEXT) -> str | None:
    """What is wrong with a printed text (the first invisible character, named, or its length), or
    None; the text is taken to be in NFC already."""
    if not text.isprintable():
        at, char = next((i, c) for i, c in enumerate(text) if is_invisible(c))
        fix = (
            "write a plain space"
            if unicodedata.category(char) == "Zs"
            else "remove it (text extraction writes such characters at page breaks and "
            "hyphenation points)"
        )
        return f"{char_name(char)} at character {at + 1} of '{visible(text)}': {fix}"
    if len(text) > limit:
        return (
            f"text of {len(text)} characters is longer than {limit}, more than any printed label "
            f"or note holds (starts '{text[:40]}…')"
        )
    return None
