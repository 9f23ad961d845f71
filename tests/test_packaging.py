"""The package a Python developer installs: a source distribution with the code and its templates,
a wheel built from that sdist, and the wheel alone (the client, without the build's libraries) in a
fresh environment running the command line and load() against the served site."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import tomllib
import venv

import pytest
import yaml

from conftest import LAST, REPO
from tools import Server

TABLE = "sager_efter_udfald"


def run(args: list, succeeds: bool = True, **kwargs) -> subprocess.CompletedProcess:
    # the fresh environment sees only itself: an outer PYTHONPATH would show pip this checkout's
    # package as already installed
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env, **kwargs)
    if succeeds:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.mark.slow
def test_the_sdist_builds_a_wheel_whose_client_works_in_a_fresh_environment(built, tmp_path):
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "build", "--sdist", "--outdir", dist, REPO])
    [sdist] = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    assert {
        "src/omgoerelse/client/__init__.py",
        "src/omgoerelse/client/released.json",
        "src/omgoerelse/site/templates/tabel.md",
    } <= names
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", dist, sdist])
    [wheel] = dist.glob("*.whl")

    # every client dependency at the lowest version pyproject.toml allows, so the lower bounds
    # are known to work (the suite's own environment has the newest)
    lowest = lower_bounds()
    assert len(lowest) >= 4
    constraints = tmp_path / "lowest.txt"
    constraints.write_text("".join(f"{n}=={v}\n" for n, v in lowest.items()), encoding="utf-8")
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python, command = env / "bin/python", env / "bin/omgoerelse"
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run([*pip, "--constraint", constraints, wheel])
    installed = run([python, "-m", "pip", "list", "--format=freeze"]).stdout.lower()
    assert "vl-convert-python" not in installed and "mkdocs" not in installed, "the light install"
    assert all(f"{n.lower()}=={v}" in installed.split() for n, v in lowest.items()), installed
    assert "download" in run([command, "--help"]).stdout
    refused = run([command, "build"], succeeds=False, cwd=tmp_path)
    assert refused.returncode == 1 and "pip install 'omgoerelse[build]'" in refused.stderr

    with Server(built.root / "site") as server:
        code = (
            "from omgoerelse.client import load\n"
            f"print(len(load({TABLE!r}, version={LAST!r}, base_url={server.url!r}, "
            f"cache_dir={str(tmp_path / 'cache')!r})))"
        )
        out = run([python, "-c", code], cwd=tmp_path).stdout
    rows = (built.root / "site/data" / LAST / TABLE / f"{TABLE}.csv").read_text(encoding="utf-8")
    assert out.strip() == str(len(rows.splitlines()) - 1)


def lower_bounds() -> dict[str, str]:
    """Each client dependency's lowest allowed version (`name>=x` or a pin `name==x`)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = (
        re.match(r"([A-Za-z0-9_.-]+)\s*(?:>=|==)\s*([0-9][^,;\s]*)", d)
        for d in project["dependencies"]
    )
    return {m[1]: m[2] for m in found if m}


def test_the_package_s_addresses_are_the_site_s_one_address():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    base = yaml.safe_load((REPO / "build/registry/dataset.yaml").read_text(encoding="utf-8"))[
        "base_url"
    ]
    assert project["urls"] and all(u.startswith(base) for u in project["urls"].values())
    assert project["authors"] and project["classifiers"]


def test_no_folder_in_the_checkout_shadows_a_tool_run_with_python_m():
    # `python -m build` in the checkout once ran the project's own build/__main__.py
    assert not (REPO / "build/__main__.py").exists() and not (REPO / "build/__init__.py").exists()
