"""Integrity of the built site: every downloadable file is in a SHA256SUMS with its right hash, and
every internal link and anchor resolves."""

from __future__ import annotations

from urllib.parse import unquote, urldefrag, urlsplit

from html_links import parse
from omgoerelse.core.checksums import SUMS, file_hash, read_sums


def test_every_download_is_listed_once_with_its_sha256(built, report_figure):
    site = built.root / "site"
    listed: dict[str, str] = {}
    lists = sorted(site.rglob(SUMS))
    for sums in lists:
        base = sums.parent.relative_to(site).as_posix()
        for name, digest in read_sums(sums).items():
            path = f"{base}/{name}" if base != "." else name
            assert path not in listed, f"{path} is listed twice"
            listed[path] = digest
    downloads = {
        p.relative_to(site).as_posix()
        for folder in ("data", "grafer")
        for p in (site / folder).rglob("*")
        if p.is_file() and p.name != SUMS
    }
    assert downloads == set(listed), sorted(downloads ^ set(listed))[:5]
    bad = [path for path, digest in listed.items() if file_hash(site / path) != digest]
    assert bad == []
    report_figure(
        f"downloads checked against SHA256SUMS: {len(listed)} files in {len(lists)} lists"
    )


def test_no_broken_internal_link_or_anchor(built, report_figure):
    site = built.root / "site"
    pages = {p: parse(p) for p in sorted(site.rglob("*.html"))}
    checked, anchors, external, broken = 0, 0, set(), []
    for page, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto") or link.startswith("//"):
                external.add(link)
                continue
            assert parts.scheme == "", f"{page}: unexpected link {link}"
            target_path, fragment = urldefrag(link)
            if target_path.startswith("/"):
                # Only the 404 page may: it is served at any
                # depth, so MkDocs links it from the root.
                assert page.name == "404.html", f"{page.relative_to(site)}: {link} is not relative"
                target = (site / unquote(target_path).lstrip("/")).resolve()
            else:
                target = (page.parent / unquote(target_path)).resolve() if target_path else page
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.is_file() or site.resolve() not in target.parents:
                broken.append(f"{page.relative_to(site)} → {link}")
                continue
            if fragment and target.suffix == ".html":
                anchors += 1
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(fragment) not in ids:
                    broken.append(f"{page.relative_to(site)} → {link} (no anchor)")
    assert broken == []
    assert checked > 500 and anchors > 20
    report_figure(
        f"links checked: {checked} internal ({anchors} with an anchor) on {len(pages)} pages, 0 "
        f"broken; {len(external)} external links not followed (no internet here)"
    )
