"""The links and ids of a built page, for the tests that follow links through the built site."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name") if tag != "meta" else ():
            if a.get(key):
                self.ids.add(a[key])
        for key in ("href", "src"):
            if a.get(key) and tag in ("a", "link", "script", "img", "source", "iframe"):
                self.links.append(a[key])


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def citation_link(page: Path) -> str:
    """The permanent link in a table page's citation: the one link shown as its own address."""
    [link] = re.findall(r'<a href="(https?://[^"]+)">\1</a>', page.read_text(encoding="utf-8"))
    return link


def resolve(site: Path, base: str, link: str) -> tuple[Path, str]:
    """The built file an address of the site opens, and its fragment."""
    assert link.startswith(base), f"{link} is not an address of the site ({base})"
    path, fragment = urldefrag(link[len(base) :])
    target = site / unquote(path)
    return (target / "index.html" if target.is_dir() else target), fragment
