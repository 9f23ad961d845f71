"""The site's weight in a browser: bytes and requests until each page is idle (headless Chromium),
and Lighthouse's performance and accessibility scores."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from omgoerelse.bench.serve import gzipped, serve

HEADLINE = "sager_efter_udfald"  # the table of the headline figures, whose page Lighthouse scores
CHROMIUM = "/usr/bin/chromium"  # Debian's; no browser is downloaded
# Headless and unable even to look up any host but 127.0.0.1 (the browser tests use the same flags).
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


def measure_site(site: Path, work: Path, say, lighthouse: bool) -> dict:
    """Bytes (gzip) and requests until the page is idle, before any interaction, of the home page
    and every table page; Lighthouse on the home, headline table's and heaviest table's pages."""
    from playwright.sync_api import sync_playwright

    httpd, url = serve(site)
    tables = sorted(p.parent.name for p in (site / "tabeller").glob("*/index.html"))
    # What loads only on demand: the interactive charts' Vega bundle, and the search index.
    out: dict[str, Any] = {
        "forside": {},
        "tabelsider": {},
        "on_demand_kb_gzip": {
            "vega": round(len(gzipped(site / "assets/vega/vega-bundle.js")) / 1024, 1),
            "search": round(len(gzipped(site / "search/search_index.json")) / 1024, 1),
        },
    }
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            say(f"site: bytes to first view of the home page and {len(tables)} table pages")
            views = first_views(browser, httpd, url, ["", *[f"tabeller/{t}/" for t in tables]])
            out["forside"] = views.pop("")
            out["tabelsider"] = {path.split("/")[1]: figure for path, figure in views.items()}
            browser.close()
        if lighthouse:  # the home page, the headline table's page and the heaviest table page
            heaviest = max(out["tabelsider"], key=lambda t: out["tabelsider"][t]["kb_gzip"])
            for name, path in dict.fromkeys(
                [
                    ("forside", ""),
                    (HEADLINE, f"tabeller/{HEADLINE}/"),
                    (heaviest, f"tabeller/{heaviest}/"),
                ]
            ):
                for form in ("mobile", "desktop"):
                    say(f"site: Lighthouse {form}, {name}")
                    out.setdefault("lighthouse", {}).setdefault(name, {})[form] = run_lighthouse(
                        url + path, form, work
                    )
    finally:
        httpd.shutdown()
    return out


def first_views(browser: Any, httpd: Any, url: str, paths: list[str]) -> dict[str, dict]:
    """Requests and bytes (gzip) until each page (a path under `url`) is idle, before any
    interaction, each in a new browser context so that nothing is cached."""
    out = {}
    for path in paths:
        page = browser.new_page()
        httpd.tally.reset()
        page.goto(url + path, wait_until="networkidle")
        out[path] = {
            "requests": httpd.tally.requests,
            "kb_gzip": round(httpd.tally.bytes / 1024, 1),
        }
        page.close()
    return out


def measure_pages(site: Path, paths: list[str]) -> dict[str, dict]:
    """first_views of the given pages of a built site, served on 127.0.0.1."""
    from playwright.sync_api import sync_playwright

    httpd, url = serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            out = first_views(browser, httpd, url, paths)
            browser.close()
    finally:
        httpd.shutdown()
    return out


def run_lighthouse(url: str, form: str, work: Path) -> dict:
    tools = Path(tempfile.gettempdir()) / "omgoerelse-bench-node"
    binary = tools / "node_modules/.bin/lighthouse"
    if not binary.exists():
        subprocess.run(
            [
                "npm",
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(tools),
                "lighthouse@13",
            ],
            check=True,
            capture_output=True,
        )
    report = work / f"lighthouse-{form}.json"
    flags = " ".join([*FLAGS[:-1], "--host-resolver-rules='MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'"])
    args = [
        str(binary),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={flags}",
        "--only-categories=performance,accessibility",
    ]
    if form == "desktop":
        args.append("--preset=desktop")
    subprocess.run(
        args,
        check=True,
        capture_output=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        timeout=300,
    )
    data = json.loads(report.read_text(encoding="utf-8"))
    return {c: data["categories"][c]["score"] for c in ("performance", "accessibility")}
