"""The texts of a source's YAML (the register, a transcription's metadata) as the build takes them:
in NFC, and refused where one holds a character no reader sees (core/text.py), since headings,
titles and printed column headers are published."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from omgoerelse.core.errors import Problem
from omgoerelse.core.text import is_invisible, nfc, text_problem


def screened_texts(data: Any, path: Path, shown: str) -> tuple[Any, list[Problem]]:
    """The data with every text (keys too) in NFC, and a problem naming the key, the character and
    the line of the file where it stands, for each text that holds one no reader sees."""
    found: list[tuple[str, str, str]] = []
    taken = _walk(data, (), found)
    if not found:
        return taken, []
    lines = path.read_text(encoding="utf-8").splitlines()
    return taken, [
        Problem(shown, f"{key}: {message}", _line_of(text, lines)) for key, text, message in found
    ]


def _walk(data: Any, at: tuple[str, ...], found: list[tuple[str, str, str]]) -> Any:
    if isinstance(data, str):
        text = nfc(data)
        message = text_problem(text)
        if message is not None:
            found.append((".".join(at) or "(document)", text, message))
        return text
    if isinstance(data, dict):
        return {_walk(k, at, found): _walk(v, (*at, str(k)), found) for k, v in data.items()}
    if isinstance(data, list):
        return [_walk(v, (*at, str(i)), found) for i, v in enumerate(data)]
    return data


def _line_of(text: str, lines: list[str]) -> int | None:
    """The first line holding the text's first invisible character as written, or (for a text too
    long) its opening; None where YAML wrote it otherwise (an escape such as \\u00ad)."""
    sought = next((c for c in text if is_invisible(c)), text[:40])
    return next((n for n, line in enumerate(lines, 1) if sought in nfc(line)), None)
