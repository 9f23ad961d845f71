"""The one public address reaches the sitemap and every page's canonical link."""

from __future__ import annotations

import re

import yaml

from conftest import REPO


def test_sitemap_and_canonical_links_use_the_public_address(built):
    base = yaml.safe_load((REPO / "build/registry/dataset.yaml").read_text(encoding="utf-8"))[
        "base_url"
    ]
    site = built.root / "site"
    pages = [
        p
        for p in site.rglob("index.html")
        if not p.relative_to(site).as_posix().startswith("data/")
        and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")  # an old address
    ]
    urls = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert len(urls) == len(pages) and all(u.startswith(base) for u in urls)
    for page in pages:
        path = page.parent.relative_to(site).as_posix()
        expected = base + ("" if path == "." else path + "/")
        if path != "404":
            assert f'<link rel="canonical" href="{expected}">' in page.read_text(
                encoding="utf-8"
            ), path


def test_an_address_once_published_leads_to_the_page_that_replaced_it(built):
    site = built.root / "site"
    old = (site / "norddjurs/index.html").read_text(encoding="utf-8")
    target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', old)
    assert target and target.group(1) == "../kommuner/707-norddjurs/"
    assert (site / "norddjurs" / target.group(1) / "index.html").resolve().is_file()
