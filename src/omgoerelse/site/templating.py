"""Page prose lives in Jinja2 templates (site/templates/), so a writer changes a sentence without
touching Python; the templates ask for rows through `rows` and get numbers in Danish formats."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from omgoerelse.core.formats import (
    danish_date,
    danish_int,
    danish_number,
    danish_percent,
    md_text,
    published_text,
)

TEMPLATES = Path(__file__).resolve().parent / "templates"


# One environment for the process: it compiles each template once and keeps it, where a new one
# for every page compiled the template again (98 municipality pages compiled kommune.md 98 times).
@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # a misspelt name is an error, not an empty string on a page
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown: text from sources goes through the `tekst` filter (md_text)
    )
    env.filters.update(
        dato=danish_date,
        heltal=danish_int,
        tal=danish_number,
        procent=danish_percent,
        tekst=md_text,
        udgivet=published_text,
    )
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


def exists(template: str) -> bool:
    return (TEMPLATES / template).is_file()
