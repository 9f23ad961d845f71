"""Every recipe on the developers' page, run as printed against the built site on 127.0.0.1."""

from __future__ import annotations

import glob
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from omgoerelse.declarations.registry import load_registry
from omgoerelse.publish.cite import base_url
from tools import Server, ensure_rscript

TABLE = "sager_efter_udfald"


@pytest.fixture(scope="module")
def recipes(built):
    """The page's code blocks (language, code), the published address swapped for the local one."""
    page = (built.root / "docs/udviklere.md").read_text(encoding="utf-8")
    published = base_url(load_registry(built))
    with Server(built.root / "site") as server:
        blocks = [
            (lang, code.replace(published, server.url))
            for lang, code in re.findall(r"```(\w+)\n(.*?)```", page, re.S)
        ]
        yield {"blocks": blocks, "url": server.url, "built": built}


def rows_in(built, version: str) -> int:
    import pyarrow.parquet as pq

    return pq.read_metadata(
        built.root / "site/data" / version / TABLE / f"{TABLE}.parquet"
    ).num_rows


def blocks(recipes, lang: str, contains: str = "") -> list[str]:
    found = [code for kind, code in recipes["blocks"] if kind == lang and contains in code]
    assert found, f"the page has no {lang} recipe containing {contains!r}"
    return found


def run(args: list[str], cwd: Path, **env: str) -> str:
    done = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=300, env={**os.environ, **env}
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_block_is_covered(recipes):
    kinds = sorted({lang for lang, _ in recipes["blocks"]})
    assert kinds == ["python", "r", "sh", "sql", "text"]


@pytest.mark.parametrize("marker", ["from omgoerelse.client", "import pandas", "from frictionless"])
def test_python_recipes(recipes, marker, tmp_path):
    [code] = blocks(recipes, "python", marker)
    version = re.search(r"data/([\d.]+|latest)/|version=\"([\d.]+)\"", code)
    out = run(
        [sys.executable, "-c", code],
        tmp_path,
        OMGOERELSE_BASE_URL=recipes["url"],
        OMGOERELSE_CACHE=str(tmp_path / "cache"),
    )
    assert out.strip().splitlines()[-1] == str(
        rows_in(recipes["built"], version.group(1) or version.group(2))
    )


def test_frictionless_validates_the_package_over_http(recipes, tmp_path):
    [code] = blocks(recipes, "sh", "frictionless validate")
    out = run(["bash", "-euo", "pipefail", "-c", code], tmp_path)
    assert "valid" in out.lower() and "invalid" not in out.lower()


def test_curl_recipe_downloads_and_checks_the_file(recipes, tmp_path):
    [code] = blocks(recipes, "sh", "curl")
    out = run(["bash", "-euo", "pipefail", "-c", code], tmp_path)
    assert f"{TABLE}/{TABLE}.csv: OK" in out


def schema_types(built, version: str) -> dict[str, str]:
    import json

    descriptor = built.root / "site/data" / version / TABLE / "datapackage.json"
    [resource] = [
        r
        for r in json.loads(descriptor.read_text(encoding="utf-8"))["resources"]
        if r["name"] == TABLE
    ]
    return {f["name"]: f["type"] for f in resource["schema"]["fields"]}


@pytest.mark.parametrize("reader", ["read_parquet", "read_csv"])
def test_duckdb_reads_the_files_over_http_with_the_schema_s_types(recipes, tmp_path, reader):
    import duckdb
    import duckdb_extension_httpfs

    [code] = blocks(recipes, "sql", reader)
    con = duckdb.connect()
    # No internet here: install httpfs from its PyPI wheel, so
    # the recipe's own INSTALL finds it present.
    con.execute(f"SET extension_directory = '{tmp_path}'")
    wheel = os.path.dirname(duckdb_extension_httpfs.__file__)
    extension = glob.glob(os.path.join(wheel, "extensions/*/httpfs.duckdb_extension"))[0]
    con.execute(f"INSTALL '{extension}'")
    *setup, query = [s.strip() for s in code.split(";") if s.strip()]
    for statement in setup:
        con.execute(statement)
    [(count,)] = con.execute(query).fetchall()
    version = re.search(r"data/([\d.]+|latest)/", code).group(1)
    assert count == rows_in(recipes["built"], version)
    if reader == "read_csv":
        duckdb_types = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE"}
        duckdb_types |= {"boolean": "BOOLEAN", "date": "DATE"}
        found = {name: kind for name, kind, *_ in con.execute(f"DESCRIBE {TABLE}").fetchall()}
        expected = schema_types(recipes["built"], version)
        assert found == {f: duckdb_types[t] for f, t in expected.items()}


def test_r_reads_the_csv_with_readr_and_the_schema_s_types(recipes, tmp_path):
    rscript = ensure_rscript()
    [code] = blocks(recipes, "r")
    classes = 'cat(paste(names(df), sapply(df, function(x) class(x)[1]), sep = "="), sep = "\\n")'
    out = run([rscript, "-e", code + "\n" + classes], tmp_path)
    version = re.search(r"data/([\d.]+|latest)/", code).group(1)
    assert f"[1] {rows_in(recipes['built'], version)}" in out
    r_classes = {"string": "character", "integer": "integer", "number": "numeric"}
    r_classes |= {"boolean": "logical", "date": "Date"}
    found = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    expected = schema_types(recipes["built"], version)
    assert found == {f: r_classes[t] for f, t in expected.items()}
