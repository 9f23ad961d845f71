"""The pages' prose: Jinja2 templates in site/templates/, rendered by core/templating.py; the
templates ask for rows through `rows` and get numbers in Danish formats."""

from __future__ import annotations

from pathlib import Path

from omgoerelse.core.templating import Templates

TEMPLATES = Path(__file__).resolve().parent / "templates"
# One environment for the process: it compiles each template once and keeps it (98 municipality
# pages once compiled kommune.md 98 times).
PAGES = Templates(TEMPLATES)
render = PAGES.render
exists = PAGES.exists
