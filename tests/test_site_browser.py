"""The built site in a real browser (Debian chromium via Playwright), served on 127.0.0.1 by the
test."""

from __future__ import annotations

import hashlib
import io
import json
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from tools import FLAGS, Server, ensure_axe, ensure_chromium

pytestmark = pytest.mark.browser  # `python -m pytest -m "not browser"` leaves them out
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
AXE_RULES = "{runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}"


@pytest.fixture(scope="module")
def site(built):
    with Server(built.root / "site") as server:
        yield server, built


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=ensure_chromium(), args=FLAGS)
        yield b
        b.close()


def pages(site_dir: Path) -> list[str]:
    """Every page, without the old addresses that only lead on to a new one."""
    found = sorted(
        p.relative_to(site_dir).as_posix()
        for p in site_dir.rglob("index.html")
        if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")
    )
    return [p.removesuffix("index.html") for p in found if not p.startswith("data/")]


def test_an_old_address_takes_the_reader_to_its_new_page(site, browser):
    server, _ = site
    old = server.url + "norddjurs/"
    page, _, errors, _ = visit(browser, old)
    # The old page's own request may be reported as failed when the browser leaves it for the new
    # address before it has finished loading (net::ERR_ABORTED); any other failure is an error.
    assert page.url.endswith("/kommuner/707-norddjurs/")
    assert [e for e in errors if e != f"failed: {old}"] == []
    assert "Norddjurs Kommune" in page.title()
    page.close()


def visit(browser, url: str, init_script: str | None = None):
    """Open a page in a browser or a browser context; return it with the console errors and every
    request it made."""
    page = browser.new_page()
    if (
        init_script
    ):  # injected by the browser before the page's own scripts, as extensions are, outside its CSP
        page.add_init_script(script=init_script)
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
    response = page.goto(url, wait_until="networkidle")
    return page, response, errors, requests


# The pages are visited in parts, so that a parallel run (pytest -n) shares them out between
# its workers; together the parts visit every page.
PARTS = 3


def test_every_chart_renders_and_the_interactive_one_loads_from_the_site(site, browser):
    server, built = site
    charted = sorted(
        {  # a table's charts over the years (<table>-udvikling, -udvikling-2) stand on its page
            re.sub(r"-udvikling(-\d+)?$", "", p.name.removesuffix(".vl.json"))
            for p in (built.root / "site/grafer").glob("*.vl.json")
        }
    )
    assert len(charted) >= 7
    for name in charted:
        page, _, errors, requests = visit(browser, f"{server.url}tabeller/{name}/")
        figures = page.locator("figure.graf").count()
        assert figures >= 1 and page.locator(".graf-svg svg").count() == 2 * figures, (
            name
        )  # for a phone and a wide screen
        assert page.locator(".graf-svg:visible svg").count() == figures, name
        assert (
            page.locator(
                ".graf-svg svg .mark-symbol path, .graf-svg svg .mark-rect path, .graf-svg svg "
                ".mark-line path"
            ).count()
            > 0
        ), name
        assert not any("vega-bundle" in r for r in requests), (
            "the Vega bundle must load only on demand"
        )
        page.close()
    page, _, errors, requests = visit(browser, f"{server.url}tabeller/danmarkskort/")
    page.click(".vis-interaktiv")
    page.wait_for_selector("figure.graf.interaktiv .vega-embed svg", timeout=15000)
    assert errors == []
    assert any(r.endswith("vega/vega-bundle.js") and r.startswith(server.url) for r in requests)
    page.close()


def test_downloads_answer_and_match_the_published_hashes(site, browser):
    server, built = site
    name = "sager_efter_udfald"
    page, *_ = visit(browser, f"{server.url}tabeller/{name}/")
    links = page.eval_on_selector_all("a[download]", "els => els.map(e => e.href)")
    page.close()
    descriptor = json.loads(
        (built.datapackage / name / "datapackage.json").read_text(encoding="utf-8")
    )
    hashes = {r["path"]: r["hash"].removeprefix("sha256:") for r in descriptor["resources"]}
    folder = next(u for u in links if u.endswith("/datapackage.json")).removesuffix(
        "datapackage.json"
    )
    context = browser.new_context()
    bodies = {}
    for url in links + [
        folder + path for path in hashes
    ]:  # the linked files and every file the descriptor lists
        response = context.request.get(url)
        assert response.status == 200, url
        bodies[url.removeprefix(folder) if url.startswith(folder) else url.rsplit("/", 1)[1]] = (
            response.body()
        )
    context.close()
    assert {
        f"{name}.csv",
        f"{name}.parquet",
        f"{name}.xlsx",
        "datapackage.json",
        f"{name}.zip",
        f"{name}.svg",
        f"{name}.png",
    } <= set(bodies)
    for path, digest in hashes.items():
        assert hashlib.sha256(bodies[path]).hexdigest() == digest, path
    with zipfile.ZipFile(io.BytesIO(bodies[f"{name}.zip"])) as zf:
        packed = {n.split("/", 1)[1]: zf.read(n) for n in zf.namelist()}
    assert packed["datapackage.json"] == bodies["datapackage.json"]
    assert all(
        hashlib.sha256(packed[path]).hexdigest() == digest for path, digest in hashes.items()
    )
    assert bodies[f"{name}.png"].startswith(b"\x89PNG") and b"<svg" in bodies[f"{name}.svg"][:200]


def _png_pixels(png: bytes) -> bytes:
    """The PNG's pixel rows, inflated (each row led by its filter byte)."""
    at, data = 8, b""
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at : at + 8])
        if kind == b"IDAT":
            data += png[at + 8 : at + 8 + length]
        at += 12 + length
    return zlib.decompress(data)


def test_a_municipality_s_chart_is_saved_as_a_png_drawn_by_the_browser(site, browser):
    server, built = site
    html = (built.root / "site/kommuner/707-norddjurs/index.html").read_text(encoding="utf-8")
    assert '<span class="png-i-browseren" hidden>' in html, "no PNG link without the script"
    assert not (built.root / "site/grafer/danmarkskort-udvikling/707.png").exists()
    page, _, errors, _ = visit(browser, f"{server.url}kommuner/707-norddjurs/")
    link = page.locator("figure.graf a[data-png]")
    assert link.is_visible()
    with page.expect_download() as saved:
        link.click()
    assert saved.value.suggested_filename == "danmarkskort-udvikling-707.png"
    png = Path(saved.value.path()).read_bytes()
    page.close()
    assert png.startswith(b"\x89PNG") and errors == []
    svg = (built.root / "site/grafer/danmarkskort-udvikling/707.svg").read_text(encoding="utf-8")
    width, height = (
        float(v) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"', svg).groups()
    )
    assert struct.unpack(">II", png[16:24]) == (2 * width, 2 * height)  # twice, as the build's
    assert sum(1 for b in _png_pixels(png) if b < 200) > 10_000, "the chart is drawn, not blank"


def test_every_table_of_up_to_200_rows_is_on_its_page_whole(site):
    _, built = site
    checked = 0
    for folder in sorted(p for p in built.datapackage.iterdir() if p.is_dir()):
        rows = len((folder / f"{folder.name}.csv").read_text(encoding="utf-8").splitlines()) - 1
        page = (built.root / f"site/tabeller/{folder.name}/index.html").read_text(encoding="utf-8")
        [body] = re.findall(r'<table class="tal-tabel">.*?<tbody>(.*?)</tbody>', page, re.S)
        shown = body.count("<tr>")
        if rows <= 200:
            assert shown == rows, (folder.name, shown, rows)
            checked += 1
        else:
            assert 0 < shown <= 200 and "alle " in page, folder.name
    assert checked >= 20


def test_search_finds_danish_words(site, browser):
    server, built = site
    index = (built.root / "site/search/search_index.json").read_text(encoding="utf-8")
    assert json.loads(index)["config"]["lang"] == ["da"] and "afgørelsernes" not in index
    page, _, errors, requests = visit(browser, server.url)
    assert page.get_attribute('.md-search[role="dialog"]', "aria-label"), (
        "the search dialog has a name"
    )
    assert not [r for r in requests if "search_index" in r or "lunr" in r], (
        "the index waits until the reader searches"
    )
    page.click("input.md-search__input")
    page.keyboard.type("afgørelsernes")  # not on the site: found only through the Danish stemmer
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    titles = page.eval_on_selector_all(
        ".md-search-result__item", "els => els.map(e => e.textContent)"
    )
    page.close()
    assert errors == []
    assert any("afgørelse" in t.lower() for t in titles), titles
    assert [r for r in requests if r.endswith("search/search_index.json")], (
        "fetched once the reader turned to search"
    )


def test_a_search_link_finds_at_once(site, browser):
    server, _ = site
    page, _, errors, _ = visit(browser, f"{server.url}?q=omgørelsesprocent")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.close()
    assert errors == []


SIZES = {"telefon": (390, 844), "laptop": (1366, 900)}
SHOTS = {
    "forside": "",
    "danmarkskort": "tabeller/danmarkskort/",
    "bestemmelser": "tabeller/sager_efter_bestemmelse/",
    "norddjurs": "kommuner/707-norddjurs/",
}
RENDERED_FONT_SIZES = """() => {
  const sizes = [];
  for (const svg of document.querySelectorAll('.graf-svg svg')) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0) continue;  // the drawing for the other screen size
    const scale = box.width / svg.width.baseVal.value;
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim()) continue;
      sizes.push(parseFloat(getComputedStyle(t).fontSize) * scale);
    }
  }
  return sizes;
}"""


def readability(page) -> dict:
    """What a reader at the page's present width would see wrong: a sideways scroll, chart text
    under 11 px as shown, "null" in the text; and the chart text sizes measured."""
    wide = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    sizes = page.evaluate(RENDERED_FONT_SIZES)
    text = page.evaluate("document.body.innerText")
    found = {
        "scrolls sideways by": wide if wide > 0 else None,
        "smallest chart text": round(min(sizes), 1) if sizes and min(sizes) < 11 else None,
        "null": [w for w in ("null", "undefined", "NaN") if re.search(rf"\b{w}\b", text)] or None,
    }
    return {"problems": {k: v for k, v in found.items() if v}, "charted": bool(sizes)}


@pytest.mark.parametrize("part", range(PARTS))
def test_every_page_loads_cleanly_passes_axe_and_reads_at_phone_and_laptop_width(
    site, browser, part
):
    """Each page is loaded once, at laptop width: status 200, no console error, no request to
    another host, no axe violation (WCAG 2.1 A and AA). Then at both widths: no sideways scroll,
    every chart text at least 11 px as shown, no "null" anywhere. The charts switch drawing by CSS
    alone, so the page is narrowed to a phone's width in place rather than loaded again. The
    pages readers start from are kept as screenshots at both widths, for a person to look at."""
    server, built = site
    axe = ensure_axe().read_text(encoding="utf-8")
    urls = pages(built.root / "site")
    assert len(urls) >= 30  # home, 7 pages and a page per table
    mine = urls[part::PARTS]
    with_charts = [  # the pages whose chart text must be measured, so the check is never empty
        path
        for path in mine
        if 'class="graf-svg'
        in (built.root / "site" / path / "index.html").read_text(encoding="utf-8")
    ]
    width, height = SIZES["laptop"]
    context = browser.new_context(viewport={"width": width, "height": height})
    problems, charted = {}, {size: 0 for size in SIZES}
    for path in mine:
        page, response, errors, requests = visit(context, server.url + path, init_script=axe)
        foreign = [
            r for r in requests if not r.startswith(server.url) and not r.startswith("data:")
        ]
        result = page.evaluate(f"axe.run(document, {AXE_RULES})")
        violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
        found = {"status": response.status, "errors": errors, "foreign": foreign, "axe": violations}
        found = {k: v for k, v in found.items() if v and v != 200}
        for size in ("laptop", "telefon"):
            width, height = SIZES[size]
            page.set_viewport_size({"width": width, "height": height})
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")  # laid out
            read = readability(page)
            charted[size] += read["charted"]
            shot = next((name for name, start in SHOTS.items() if start == path), None)
            if shot:  # the pages readers start from, kept for a person to look at
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"{shot}-{width}.png"), full_page=True)
            found.update({f"{size}: {k}": v for k, v in read["problems"].items()})
        if found:
            problems[path] = found
        page.close()
    context.close()
    assert problems == {}
    assert charted == {size: len(with_charts) for size in SIZES} and with_charts
    for name in (name for name, start in SHOTS.items() if start in mine):
        assert all(
            (ARTIFACTS / f"{name}-{w}.png").stat().st_size > 10_000 for w, _ in SIZES.values()
        )


@pytest.mark.parametrize(
    "query,wanted",
    [
        ("hjemvisning", "begreber/"),
        ("§ 41", "tabeller/kortbestemmelser/"),  # among the first pages: "41" is in many tables
        ("Norddjurs", "kommuner/707-norddjurs/"),
    ],
)
def test_search_finds_what_readers_type_first(site, browser, query, wanted):
    server, built = site
    index = json.loads((built.root / "site/search/search_index.json").read_text(encoding="utf-8"))
    assert not [
        d["location"] for d in index["docs"] if re.search(r"0\s*20\s*40\s*60\s*80\s*100", d["text"])
    ], "no chart text in the index"
    page, _, errors, _ = visit(browser, server.url)
    page.click("input.md-search__input")
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    first = page.eval_on_selector_all(
        ".md-search-result__link", "els => els.map(e => e.getAttribute('href'))"
    )
    page.close()
    assert errors == []
    distinct = list(
        dict.fromkeys(h.split("?")[0].split("#")[0].removeprefix(server.url) for h in first)
    )
    assert distinct and (
        distinct[0] == wanted or (query.startswith("§") and wanted in distinct[:3])
    ), distinct[:5]


def test_the_english_page_is_marked_english(site):
    _, built = site
    assert '<html lang="en"' in (built.root / "site/english/index.html").read_text(encoding="utf-8")
    assert '<html lang="da"' in (built.root / "site/index.html").read_text(encoding="utf-8")


def _datasets(spec: dict):
    """Every inline dataset of a Vega-Lite spec, wherever Altair put it."""
    if isinstance(spec.get("data"), dict) and "values" in spec["data"]:
        yield spec["data"]["values"]
    for layer in spec.get("layer", []):
        yield from _datasets(layer)
    yield from spec.get("datasets", {}).values()


def _danish(text: str) -> float:
    """A number as the page prints it (1.234,5) back to a float."""
    return round(float(text.replace(".", "").replace(",", ".")), 2)


def test_every_page_has_a_content_security_policy_that_the_browser_enforces(site, browser):
    server, built = site
    from omgoerelse.site.csp import script_hashes

    pages_ = sorted((built.root / "site").rglob("*.html"))
    assert len(pages_) >= 30
    for path in pages_:
        html_ = path.read_text(encoding="utf-8")
        [policy] = re.findall(
            r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html_
        )
        script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, path
        assert all(h in script_src for h in script_hashes(html_)), path
    page, _, _, _ = visit(browser, server.url)
    with pytest.raises(Exception, match="Content Security Policy"):
        page.add_script_tag(content="window.__injected = 1")
    assert page.evaluate("window.__injected") is None
    page.close()
