"""Prose lives in Jinja2 templates beside the stage that writes it (publish/templates/ for the
reading guides, site/templates/ for the pages), so a writer changes a sentence without touching
Python; every template prints numbers and dates through the same Danish filters."""

from __future__ import annotations

from pathlib import Path

import jinja2

from omgoerelse.core.formats import (
    danish_date,
    danish_int,
    danish_measure,
    danish_number,
    danish_percent,
    md_text,
    one_line,
    published_text,
)


class Templates:
    """The templates of one folder, rendered with the project's settings and filters."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(folder),
            # a misspelt name is an error, not an empty string on a page
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            # Markdown, not HTML: text from sources goes through the `tekst` filter (md_text)
            autoescape=False,
        )
        self.environment.filters.update(
            dato=danish_date,
            heltal=danish_int,
            tal=danish_number,
            maalt=danish_measure,
            procent=danish_percent,
            tekst=md_text,
            en_linje=one_line,
            udgivet=published_text,
        )

    def render(self, template: str, **context: object) -> str:
        return self.environment.get_template(template).render(**context)

    def exists(self, template: str) -> bool:
        return (self.folder / template).is_file()
