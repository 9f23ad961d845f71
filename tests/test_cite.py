"""The citation a reader pastes: the publishers of the figures first, then this dataset with its
version and link; BibTeX that a reference manager reads with organisations as organisations."""

from __future__ import annotations

import json
import re

import bibtexparser
import pytest
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import splitname

from conftest import REPO
from omgoerelse.core.project import Project
from omgoerelse.declarations.registry import load_registry

PAGE = "site/tabeller/{table}/index.html"


def bibtex_on_page(built, table: str) -> dict:
    page = (built.root / PAGE.format(table=table)).read_text(encoding="utf-8")
    [block] = re.findall(r"(@dataset\{.*?\n\})", _text(page), re.S)
    # @dataset is biblatex's type: a reader's manager keeps it, so the parser must too
    parser = BibTexParser(ignore_nonstandard_types=False)
    [entry] = bibtexparser.loads(block, parser=parser).entries
    return entry


def _text(html: str) -> str:
    """The page's text as the reader copies it: tags gone, entities read."""
    import html as html_module

    return html_module.unescape(re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize(
    "table, publishers",
    [
        ("sager_efter_udfald", ["Ankestyrelsen"]),
        ("danmarkskort", ["Norddjurs Kommune", "Social- og Boligministeriet"]),
    ],
)
def test_bibtex_has_a_real_key_the_version_and_organisations_as_authors(built, table, publishers):
    entry = bibtex_on_page(built, table)
    catalogue = (built.datapackage / "datapackage.json").read_text(encoding="utf-8")
    version = json.loads(catalogue)["version"]  # as built: an unreleased build's own version
    assert entry["ENTRYTYPE"] == "dataset" and table in entry["ID"]
    assert entry["ID"] != "YourReferenceHere" and entry["version"] == version
    names = [n.strip() for n in re.split(r"\s+and\s+", entry["author"])]
    # an organisation is one braced "last name" with no first names: never "P. O. som åbne data"
    parsed = [splitname(n) for n in names]
    assert all(p["first"] == [] and len(p["last"]) == 1 for p in parsed), parsed
    assert [p["last"][0].strip("{}") for p in parsed] == publishers


def test_the_citation_text_names_the_publishers_of_the_figures_first(built):
    page = _text((built.root / PAGE.format(table="danmarkskort")).read_text(encoding="utf-8"))
    [line] = [t for t in page.splitlines() if "I: Omgørelsesprocenter" in t]
    assert line.strip().startswith("Norddjurs Kommune og Social- og Boligministeriet: ")
    assert "version" in line and "https://" in line
    guide = (built.datapackage / "sager_efter_udfald/LAESEVEJLEDNING.md").read_text(
        encoding="utf-8"
    )
    assert "> Ankestyrelsen: " in guide


def test_an_unreleased_build_links_to_the_tables_page_a_release_to_its_versions_page():
    from omgoerelse.publish import cite

    registry = load_registry(Project.at(REPO))
    registry.dataset["version"] = "9.9.9-dev"
    assert cite.permalink(registry, "x").endswith("/tabeller/x/")
    registry.dataset["version"] = "9.9.9"
    assert cite.permalink(registry, "x").endswith("/versioner/9.9.9/#x")
