"""The Python client and the download command against the built site served on 127.0.0.1."""

from __future__ import annotations

import hashlib
import json
import shutil

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import LAST
from omgoerelse.cli import main
from omgoerelse.client import IntegrityError, fetch, load, load_arrow
from omgoerelse.core.checksums import file_hash
from tools import Server

TABLE = "sager_efter_udfald"


@pytest.fixture(scope="module")
def served(built):
    with Server(built.root / "site") as server:
        yield server, built


def test_load_a_pinned_version_and_the_latest(served, tmp_path):
    server, built = served
    pinned = load(TABLE, LAST, base_url=server.url, cache_dir=tmp_path)
    latest = load(TABLE, base_url=server.url, cache_dir=tmp_path)
    published = pq.read_table(built.root / f"releases/{LAST}" / TABLE / f"{TABLE}.parquet")
    assert len(pinned) == published.num_rows > 0 and list(pinned.columns) == published.column_names
    assert pinned["antal_sager"].dtype == "Int64", "counts with gaps stay integers"
    assert (
        17307
        in pinned.loc[
            (pinned.aar == 2024) & (pinned.udfald == "i_alt") & pinned.nyeste, "antal_sager"
        ].tolist()
    )
    assert (
        pa.Table.from_pandas(pinned, preserve_index=False).cast(published.schema).equals(published)
    )
    assert load_arrow(TABLE, "latest", base_url=server.url, cache_dir=tmp_path).equals(
        pq.read_table(built.datapackage / TABLE / f"{TABLE}.parquet")
    )
    # nothing changed since the last release in the repository's data
    pd.testing.assert_frame_equal(pinned, latest)
    assert (tmp_path / LAST / TABLE / f"{TABLE}.parquet").exists()


def test_a_tampered_file_is_rejected_and_not_cached(served, tmp_path):
    _, built = served
    site = tmp_path / "site"
    shutil.copytree(built.root / "site/data", site / "data")
    parquet = site / f"data/{LAST}" / TABLE / f"{TABLE}.parquet"
    data = bytearray(parquet.read_bytes())
    data[len(data) // 2] ^= 0xFF
    parquet.write_bytes(bytes(data))
    cache = tmp_path / "cache"
    with Server(site) as bad, pytest.raises(IntegrityError, match="do not match its sha256"):
        load(TABLE, LAST, base_url=bad.url, cache_dir=cache)
    assert not list(cache.rglob("*.parquet")), "a file that failed its check is never cached"


def test_served_from_the_cache_when_the_site_is_down(built, tmp_path):
    with Server(built.root / "site") as server:
        url = server.url
        expected = load(TABLE, LAST, base_url=url, cache_dir=tmp_path)
        load(TABLE, base_url=url, cache_dir=tmp_path)
    assert load(TABLE, LAST, base_url=url, cache_dir=tmp_path).equals(expected)
    with pytest.warns(UserWarning, match="using the cached files"):
        assert load(TABLE, base_url=url, cache_dir=tmp_path).equals(expected)
    with pytest.raises(ConnectionError, match="nothing is cached"):
        load(TABLE, LAST, base_url=url, cache_dir=tmp_path / "empty")


def test_unknown_table_or_bad_version_is_a_clear_error(served, tmp_path):
    server, _ = served
    with pytest.raises(KeyError, match="no table 'nope'"):
        fetch("nope", LAST, base_url=server.url, cache_dir=tmp_path)
    with pytest.raises(ValueError, match=r"MAJOR\.MINOR\.PATCH"):
        fetch(TABLE, "v1", base_url=server.url, cache_dir=tmp_path)


def test_download_command_writes_checked_files(served, tmp_path, monkeypatch, capsys):
    server, built = served
    monkeypatch.setenv("OMGOERELSE_CACHE", str(tmp_path / "cache"))
    assert (
        main(
            [
                "download",
                TABLE,
                "--version",
                LAST,
                "--to",
                str(tmp_path / "out"),
                "--base-url",
                server.url,
            ]
        )
        == 0
    )
    out = tmp_path / "out" / TABLE
    release = built.root / f"releases/{LAST}" / TABLE
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == sorted(
        p.relative_to(release).as_posix()
        for p in release.rglob("*")
        if p.is_file() and p.suffix != ".zip"
    )
    for name in written:
        assert (
            hashlib.sha256((out / name).read_bytes()).digest()
            == hashlib.sha256((release / name).read_bytes()).digest()
        )
    assert main(["download", "nope", "--base-url", server.url]) == 1
    assert "no table 'nope'" in capsys.readouterr().err


def test_a_descriptor_that_disagrees_with_the_checksums_is_rejected(served, tmp_path):
    """Both lists of hashes must name the same bytes: a forged SHA256SUMS alone does not pass, even
    where versions.json vouches for it (a released version's is refused before: client.trust)."""
    _, built = served
    site = tmp_path / "site"
    shutil.copytree(built.root / "site/data", site / "data")
    folder = site / "data/latest"
    parquet = folder / TABLE / f"{TABLE}.parquet"
    forged = parquet.read_bytes() + b"\0"
    parquet.write_bytes(forged)
    sums = (folder / "SHA256SUMS").read_text(encoding="utf-8")
    old = hashlib.sha256(forged[:-1]).hexdigest()
    (folder / "SHA256SUMS").write_text(
        sums.replace(old, hashlib.sha256(forged).hexdigest()), encoding="utf-8"
    )
    versions = site / "data/versions.json"
    catalogue = json.loads(versions.read_text(encoding="utf-8"))
    catalogue["latest_sha256sums_sha256"] = file_hash(folder / "SHA256SUMS")
    versions.write_text(json.dumps(catalogue), encoding="utf-8")
    cache = tmp_path / "cache"
    with Server(site) as bad, pytest.raises(IntegrityError, match=r"hash in datapackage\.json"):
        load(TABLE, base_url=bad.url, cache_dir=cache)
    assert not list(cache.rglob("*.parquet"))
