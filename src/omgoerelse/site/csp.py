"""A Content Security Policy on every page of the built site.

Scripts run only from the site itself, plus the few small inline scripts MkDocs Material writes,
each allowed by its sha256 (computed per page, so a changed or injected inline script does not run).
JSON data blocks (`application/json`, `application/ld+json`) are not executed and need no hash. The
policy is a <meta> element, so it holds on any static host."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
DATA_TYPES = ("application/json", "application/ld+json")
POLICY = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; img-src "
    "'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'"
)


def script_hashes(page: str) -> list[str]:
    hashes = []
    for m in INLINE_SCRIPT.finditer(page):
        attrs = m.group("attrs")
        if "src=" in attrs or any(t in attrs for t in DATA_TYPES):
            continue
        digest = base64.b64encode(hashlib.sha256(m.group("body").encode("utf-8")).digest()).decode(
            "ascii"
        )
        hashes.append(f"'sha256-{digest}'")
    return sorted(set(hashes))


def policy_for(page: str) -> str:
    return POLICY.format(hashes=" ".join(script_hashes(page))).replace("  ", " ")


def add_policy(site: Path) -> int:
    """Put the policy first in the <head> of every HTML page; returns how many pages got one."""
    count = 0
    for path in sorted(site.rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        if "<head>" not in page:
            continue
        meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(page)}">'
        path.write_text(page.replace("<head>", "<head>\n" + meta, 1), encoding="utf-8")
        count += 1
    return count
