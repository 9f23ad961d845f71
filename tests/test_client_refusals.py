"""What the client refuses, one family per refusal: names that leave the version's folder, anything
unverified in the cache, a forged mirror on first use, a redirect to another host, a server that
trickles. Each against the built site (or a doctored copy) served on 127.0.0.1."""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import time
from pathlib import Path

import pytest
import requests

from conftest import LAST, copy_inputs, released_versions
from omgoerelse.cli import main
from omgoerelse.client import (
    DeadlineExceeded,
    IntegrityError,
    UnsafeRedirect,
    fetch,
    load,
    trust,
)
from omgoerelse.client.download import Download
from omgoerelse.core.checksums import parse_sums, sums_text
from omgoerelse.core.errors import BuildError
from omgoerelse.publish.releases import verify_releases
from tools import QuietHandler, Server

TABLE = "sager_efter_udfald"
PARQUET = f"{TABLE}/{TABLE}.parquet"
BAD_NAMES = [
    f"{TABLE}/../../x/evil.txt",
    "/etc/passwd",
    "..\\evil",
    f"{TABLE}//evil.txt",
    f"./{TABLE}/evil.txt",
    f"{TABLE}/../{TABLE}/evil.txt",
    "C:/evil.txt",
    f"{TABLE}/evil\x1b.txt",
    f"{TABLE}/evil.txt\r",
]


def mirror(built, to: Path, *versions: str) -> Path:
    """A copy of the site's data/ with versions.json and, of each version, SHA256SUMS and TABLE."""
    data = built.root / "site" / "data"
    (to / "data").mkdir(parents=True)
    shutil.copy(data / "versions.json", to / "data" / "versions.json")
    for version in versions:
        (to / "data" / version).mkdir()
        shutil.copy(data / version / "SHA256SUMS", to / "data" / version / "SHA256SUMS")
        shutil.copytree(data / version / TABLE, to / "data" / version / TABLE)
    return to


def files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def forge(site: Path, version: str) -> None:
    """Alter the Parquet file, and make its datapackage.json and SHA256SUMS agree with it."""
    folder = site / "data" / version
    parquet = folder / PARQUET
    old = hashlib.sha256(parquet.read_bytes()).hexdigest()
    parquet.write_bytes(parquet.read_bytes() + b"\0")
    new = hashlib.sha256(parquet.read_bytes()).hexdigest()
    descriptor = folder / TABLE / "datapackage.json"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace(old, new), "utf-8")
    sums = (folder / "SHA256SUMS").read_text(encoding="utf-8").replace(old, new)
    sums = sums.replace(
        next(d for n, d in parse_sums(sums).items() if n == f"{TABLE}/datapackage.json"),
        hashlib.sha256(descriptor.read_bytes()).hexdigest(),
    )
    (folder / "SHA256SUMS").write_text(sums, encoding="utf-8")


def vouch_for_latest(site: Path) -> None:
    """A forger who also rewrites versions.json: latest's digest names the doctored SHA256SUMS."""
    versions = site / "data" / "versions.json"
    catalogue = json.loads(versions.read_text(encoding="utf-8"))
    sums = (site / "data" / "latest" / "SHA256SUMS").read_bytes()
    catalogue["latest_sha256sums_sha256"] = hashlib.sha256(sums).hexdigest()
    versions.write_text(json.dumps(catalogue), encoding="utf-8")


class Scripted(QuietHandler):
    """Serves the folder, except paths the server's `rules` answer (path -> rule(handler))."""

    def do_GET(self):
        rule = self.server.rules.get(self.path)
        return rule(self) if rule else super().do_GET()


class ScriptedServer(Server):
    def __init__(self, folder: Path, rules: dict):
        super().__init__(folder)
        self.httpd.RequestHandlerClass = functools.partial(Scripted, directory=str(folder))
        self.httpd.rules = rules


def answer(body: bytes, status: int = 200, kind: str = "text/plain", length: int | None = None):
    def rule(handler):
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(body) if length is None else length))
        handler.end_headers()
        handler.wfile.write(body)
        handler.close_connection = True

    return rule


def redirect(to: str):
    def rule(handler):
        handler.send_response(302)
        handler.send_header("Location", to)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return rule


def trickle_headers(handler):
    """A status line, then a header a byte at a time: each read is quick, the headers never end."""
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\nX-Slow: ")
    try:
        for _ in range(100):
            handler.wfile.write(b"a")
            handler.wfile.flush()
            time.sleep(0.2)
    except OSError:
        pass
    handler.close_connection = True


def trickle(body: bytes, every: float = 0.2, stall: bool = False):
    """The body a byte at a time (or, with stall, the headers and then nothing for a minute)."""

    def rule(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        try:
            for i in range(len(body)):
                handler.wfile.write(body[i : i + 1])
                handler.wfile.flush()
                time.sleep(60 if stall else every)
        except OSError:
            pass  # the client gave up: what the test wants

    return rule


@pytest.fixture(scope="module")
def served(built):
    with Server(built.root / "site") as server:
        yield server, built


# -- names from SHA256SUMS: plain relative paths inside the version's folder ------------------


@pytest.mark.parametrize("name", BAD_NAMES, ids=repr)
def test_refuses_traversal_in_a_sums_line(name):
    """The build's reader and writer and the client's share one parser; a bad line refuses all."""
    good = f"{'0' * 64}  {TABLE}/{TABLE}.csv\n"
    with pytest.raises(BuildError, match="SHA256SUMS:2: the name"):
        parse_sums(good + f"{'1' * 64}  {name}\n" + good.replace("csv", "xlsx"))
    with pytest.raises(BuildError, match="cannot be listed"):
        sums_text({name: "1" * 64})


@pytest.mark.parametrize("name", BAD_NAMES[:3], ids=repr)
def test_refuses_traversal_in_a_released_sums(tmp_path, name):
    """The build reads a release's SHA256SUMS with the same parser: file and line named."""
    project = copy_inputs(tmp_path / "root")
    sums = project.releases / LAST / "SHA256SUMS"
    sums.write_text(sums.read_text(encoding="utf-8") + f"{'1' * 64}  {name}\n", "utf-8")
    lines = len(sums.read_text(encoding="utf-8").splitlines())
    with pytest.raises(BuildError, match=rf"releases/{LAST}/SHA256SUMS:{lines}: the name"):
        verify_releases(project)


@pytest.mark.parametrize("name", BAD_NAMES[:6], ids=repr)
def test_refuses_traversal_from_a_mirror(built, tmp_path, name):
    """Even a SHA256SUMS that versions.json vouches for: the name never becomes a path."""
    site = mirror(built, tmp_path / "site", "latest")
    sums = site / "data" / "latest" / "SHA256SUMS"
    sums.write_text(f"{'1' * 64}  {name}\n" + sums.read_text(encoding="utf-8"), encoding="utf-8")
    vouch_for_latest(site)
    cache = tmp_path / "deep" / "cache"
    with Server(site) as server, pytest.raises(IntegrityError, match="refused"):
        fetch(TABLE, base_url=server.url, cache_dir=cache)
    assert files_in(tmp_path / "deep") == [], "nothing written, inside the cache or outside it"


# -- nothing cached before it is verified ------------------------------------------------------


def sums_of(built, version: str = LAST) -> bytes:
    return (built.root / "site" / "data" / version / "SHA256SUMS").read_bytes()


UNVERIFIED = {
    "html error page": lambda b: {
        f"/data/{LAST}/SHA256SUMS": answer(
            b"<html><h1>502 Bad Gateway</h1></html>", kind="text/html"
        )
    },
    "truncated list": lambda b: {f"/data/{LAST}/SHA256SUMS": answer(sums_of(b)[:4000])},
    "list cut at a line": lambda b: {
        f"/data/{LAST}/SHA256SUMS": answer(b"".join(sums_of(b).splitlines(keepends=True)[:-3]))
    },
    "file with a wrong hash": lambda b: {f"/data/{LAST}/{PARQUET}": answer(b"PAR1 not the table")},
    "connection cut mid-file": lambda b: {f"/data/{LAST}/{PARQUET}": answer(b"PAR1", length=10**6)},
}


@pytest.mark.parametrize("fault", UNVERIFIED)
def test_refuses_unverified_into_the_cache(served, built, tmp_path, fault):
    """The bad answer fails, leaves no file for it in the cache (nor any other of the table: its
    files are cached together, once all of them and its datapackage.json agree), and a good site
    then just works with the same cache."""
    good, _ = served
    cache = tmp_path / "cache"
    with (
        ScriptedServer(built.root / "site", UNVERIFIED[fault](built)) as bad,
        pytest.raises((IntegrityError, ConnectionError, requests.RequestException)),
    ):
        load(TABLE, LAST, base_url=bad.url, cache_dir=cache)
    assert files_in(cache) == ([f"{LAST}/SHA256SUMS"] if "file" in fault else [])
    assert len(load(TABLE, LAST, base_url=good.url, cache_dir=cache)) > 0


LEFT_IN_THE_CACHE = {
    "error page": b"<html>Service Unavailable</html>\n",
    "half-written list": None,
    "empty list": b"",
}


@pytest.mark.parametrize("left", LEFT_IN_THE_CACHE)
def test_refuses_unverified_sums_left_in_the_cache(served, built, tmp_path, left):
    """A list an older client cached unchecked, or one cut short by a full disk, is fetched again
    (the shipped digest says it is not the version's), never used and never needs deleting."""
    good, _ = served
    cache = tmp_path / "cache"
    (cache / LAST).mkdir(parents=True)
    bad = LEFT_IN_THE_CACHE[left]
    (cache / LAST / "SHA256SUMS").write_bytes(sums_of(built)[:4000] if bad is None else bad)
    assert len(load(TABLE, LAST, base_url=good.url, cache_dir=cache)) > 0
    assert (cache / LAST / "SHA256SUMS").read_bytes() == sums_of(built)


# -- a forged mirror is refused on first use ----------------------------------------------------


def test_refuses_forged_unless_every_release_is_anchored(built):
    """The package ships the sha256 of every released SHA256SUMS (the trust anchor)."""
    assert trust.shipped_anchors() == {
        v: hashlib.sha256((built.root / "releases" / v / "SHA256SUMS").read_bytes()).hexdigest()
        for v in released_versions()
    }
    assert trust.ANCHORS.read_text(encoding="utf-8") == trust.anchors_text(trust.shipped_anchors())


@pytest.mark.parametrize("version", released_versions())
def test_refuses_forged_pinned_version(built, tmp_path, version):
    """Altered file, its descriptor and SHA256SUMS all agreeing, versions.json too: refused."""
    site = mirror(built, tmp_path / "site", version)
    forge(site, version)
    catalogue = json.loads((site / "data" / "versions.json").read_text(encoding="utf-8"))
    for entry in catalogue["versions"]:
        if entry["version"] == version:
            sums = (site / "data" / version / "SHA256SUMS").read_bytes()
            entry["sha256sums_sha256"] = hashlib.sha256(sums).hexdigest()
    (site / "data" / "versions.json").write_text(json.dumps(catalogue), encoding="utf-8")
    cache = tmp_path / "cache"
    with Server(site) as bad, pytest.raises(IntegrityError, match="not the one vouched for"):
        load(TABLE, version, base_url=bad.url, cache_dir=cache)
    assert files_in(cache) == []


def test_refuses_forged_latest(built, tmp_path):
    site = mirror(built, tmp_path / "site", "latest")
    forge(site, "latest")
    cache = tmp_path / "cache"
    with Server(site) as bad, pytest.raises(IntegrityError, match="not the one vouched for"):
        load(TABLE, base_url=bad.url, cache_dir=cache)
    assert files_in(cache) == []


def test_refuses_forged_latest_without_a_digest(built, tmp_path):
    """A site whose versions.json names no digest (forged, or older than the client)."""
    site = mirror(built, tmp_path / "site", "latest")
    versions = site / "data" / "versions.json"
    catalogue = json.loads(versions.read_text(encoding="utf-8"))
    del catalogue["latest_sha256sums_sha256"]
    versions.write_text(json.dumps(catalogue), encoding="utf-8")
    with Server(site) as bad, pytest.raises(IntegrityError, match="gives no sha256"):
        load(TABLE, base_url=bad.url, cache_dir=tmp_path / "cache")
    assert files_in(tmp_path / "cache") == []


def test_refuses_forged_version_newer_than_the_package(built, tmp_path, monkeypatch):
    """A version the package does not know yet is held to the site's versions.json."""
    monkeypatch.setattr(trust, "shipped_anchors", dict)
    site = mirror(built, tmp_path / "site", LAST)
    forge(site, LAST)
    with Server(site) as bad, pytest.raises(IntegrityError, match="not the one vouched for"):
        load(TABLE, LAST, base_url=bad.url, cache_dir=tmp_path / "cache")
    assert files_in(tmp_path / "cache") == []


# -- no redirect to another host ----------------------------------------------------------------


@pytest.mark.parametrize(
    "path", [f"/data/{LAST}/SHA256SUMS", f"/data/{LAST}/{PARQUET}", "/data/versions.json"]
)
def test_refuses_redirect_to_another_port(served, built, tmp_path, path):
    """Even to the genuine site on another port of 127.0.0.1: the client stays on its own host."""
    other, _ = served
    version = "latest" if path.endswith("versions.json") else LAST
    rules = {path: redirect(other.url.rstrip("/") + path)}
    with ScriptedServer(built.root / "site", rules) as first:
        with pytest.raises(UnsafeRedirect, match="never through a redirect"):
            fetch(TABLE, version, base_url=first.url, cache_dir=tmp_path / "cache")
        assert not (tmp_path / "cache" / version / PARQUET).exists()
        # a redirect within the same site is followed
        rules[path] = redirect(path + "?again")
        rules[path + "?again"] = answer((built.root / "site" / path.lstrip("/")).read_bytes())
        assert fetch(TABLE, version, base_url=first.url, cache_dir=tmp_path / "cache")


def test_refuses_redirect_to_another_host_name(built, tmp_path):
    """localhost is 127.0.0.1, but another host name all the same."""
    with ScriptedServer(built.root / "site", {}) as first:
        port = first.url.rsplit(":", 1)[1]
        first.httpd.rules[f"/data/{LAST}/SHA256SUMS"] = redirect(
            f"http://localhost:{port}data/{LAST}/SHA256SUMS"
        )
        with pytest.raises(UnsafeRedirect):
            fetch(TABLE, LAST, base_url=first.url, cache_dir=tmp_path / "cache")


@pytest.mark.parametrize(
    "to",
    [
        "http://data.example.org/x",
        "https://data.example.org:8443/x",
        "https://mirror.example.org/x",
        "ftp://data.example.org/x",
    ],
)
def test_refuses_redirect_off_an_https_site(to):
    """https to http is another scheme (and port); so is any other host or port."""
    download = Download("https://data.example.org/")
    download.same_site("https://DATA.example.org:443/data/x")
    with pytest.raises(UnsafeRedirect):
        download.same_site(to)


# -- an overall deadline per download ------------------------------------------------------------

DEADLINE = 2.0
MARGIN = 3.0  # a loaded machine; the old client took 20 s and more (or forever) here


@pytest.mark.parametrize(
    "what", ["SHA256SUMS", "versions.json", "data file", "stalled data file", "headers"]
)
def test_refuses_trickle_past_the_deadline(built, tmp_path, what):
    site = built.root / "site"
    version = "latest" if what == "versions.json" else LAST
    path = {
        "SHA256SUMS": f"/data/{LAST}/SHA256SUMS",
        "versions.json": "/data/versions.json",
    }.get(what, f"/data/{LAST}/{PARQUET}")
    body = (site / path.lstrip("/")).read_bytes()
    rules = {path: trickle_headers if what == "headers" else trickle(body, stall="stalled" in what)}
    with ScriptedServer(site, rules) as slow:
        started = time.monotonic()
        with pytest.raises((DeadlineExceeded, ConnectionError), match="deadline of 2 s"):
            fetch(
                TABLE, version, base_url=slow.url, cache_dir=tmp_path / "cache", deadline=DEADLINE
            )
        took = time.monotonic() - started
    assert took < DEADLINE + MARGIN, f"gave up after {took:.1f} s"
    assert not (tmp_path / "cache" / version / PARQUET).exists()


def test_refuses_trickle_in_the_download_command(built, tmp_path, monkeypatch, capsys):
    site = built.root / "site"
    monkeypatch.setenv("OMGOERELSE_CACHE", str(tmp_path / "cache"))
    rules = {f"/data/{LAST}/{PARQUET}": trickle((site / f"data/{LAST}/{PARQUET}").read_bytes())}
    with ScriptedServer(site, rules) as slow:
        argv = ["download", TABLE, "--version", LAST, "--to", str(tmp_path / "out")]
        started = time.monotonic()
        assert main([*argv, "--base-url", slow.url, "--deadline", str(DEADLINE)]) == 1
        took = time.monotonic() - started
    assert took < DEADLINE + MARGIN, f"gave up after {took:.1f} s"
    assert "deadline of 2 s" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
