"""Errors a person can act on: where (file:line, column), what was expected, what was found."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from omgoerelse.core.text import visible


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input, with its place."""

    path: Path | str
    message: str
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
        if self.column is not None:
            where += f" column '{visible(self.column)}'"
        return f"{where}: {self.message}"


NOTHING_PUBLISHED = "nothing was published"


class BuildError(Exception):
    """The build must stop. Carries every problem found, not one, and what was published: nothing,
    unless a swap was cut short and could not be undone (then `published` says what is where)."""

    def __init__(self, problems: list[Problem] | Problem, published: str = NOTHING_PUBLISHED):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.published = published
        super().__init__("\n".join(str(p) for p in self.problems))


def raise_if(problems: list[Problem]) -> None:
    if problems:
        raise BuildError(problems)
