"""A table's permanent link opens a page of the built site, not a raw file: for a released version
the version's own page at the table's section, which lists every file of that version; for an
unreleased build the table's page."""

from __future__ import annotations

from urllib.parse import urljoin

from html_links import citation_link, parse, resolve
from omgoerelse.core.checksums import SUMS, read_sums
from omgoerelse.declarations.registry import load_registry
from omgoerelse.publish import cite
from omgoerelse.publish.releases import load_releases

PAGE = "site/tabeller/{table}/index.html"


def test_an_unreleased_builds_permanent_link_opens_the_tables_page(built):
    site = built.root / "site"
    base = cite.base_url(load_registry(built))
    for table in ("sager_efter_udfald", "danmarkskort", "kilder"):
        link = citation_link(built.root / PAGE.format(table=table))
        target, fragment = resolve(site, base, link)
        assert target == site / f"tabeller/{table}/index.html", link
        assert target.is_file() and fragment == ""


def test_every_released_version_has_a_page_listing_every_file_of_that_release(built):
    site = built.root / "site"
    releases = load_releases(built)
    assert releases
    for release in releases:
        page = site / f"versioner/{release.version}/index.html"
        parsed = parse(page)
        linked = {urljoin(f"versioner/{release.version}/", link) for link in parsed.links}
        files = {f"data/{release.version}/{path}" for path in read_sums(release.folder / SUMS)}
        files.add(f"data/{release.version}/{SUMS}")
        assert files <= linked, sorted(files - linked)[:5]
        assert all((site / f).is_file() for f in files)
        tables = {path.split("/")[0] for path in read_sums(release.folder / SUMS) if "/" in path}
        assert tables <= parsed.ids, "each table's section has the table's name as its anchor"
        assert release.version in page.read_text(encoding="utf-8")
