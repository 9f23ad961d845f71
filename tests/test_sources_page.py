"""The page of sources says where each document can be found, or why the project has no address
for it (the register's url_note)."""

from __future__ import annotations

import html
import re

from omgoerelse.core.project import Project
from omgoerelse.sources.transcriptions import load_register


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_sources_page_gives_each_documents_address_or_why_it_has_none(built):
    page = _text((built.root / "site/kilder/index.html").read_text(encoding="utf-8"))
    documents = load_register(Project.at(built.root)).values()
    assert any(d.url is None for d in documents) and any(d.url for d in documents)
    for d in documents:
        if d.url:
            assert f"Adresse: {d.url}" in page, d.id
        else:
            assert f"Ingen adresse: {' '.join(d.url_note.split())}" in page, d.id
