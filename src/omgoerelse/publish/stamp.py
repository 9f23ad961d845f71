"""Skip a build whose inputs have not changed since the last one.

A build that succeeds records a stamp (`.build-stamp.json`, never committed): the sha256 of
everything it read (sources, the build code with its specs and registry, releases, the hand-written
site files, the versions of the libraries that shape the output, the settings) and the sha256 of
everything it wrote. The next build works both out again; if neither changed, there is nothing to
do. Any change, a source, a spec, the code, a library's version, or a file in datapackage/ or site/
touched or removed, means a full build.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

from omgoerelse.core.checksums import file_hash
from omgoerelse.core.project import INPUT_FOLDERS, Project
from omgoerelse.core.tuning import on

STAMP = ".build-stamp.json"
# the benchmark's figures are shown on the performance page
BENCHMARKS = ("benchmarks/results.json", "benchmarks/optimisations.json")
INPUTS = (*INPUT_FOLDERS, "docs/assets", "mkdocs.yml", *BENCHMARKS, "pyproject.toml")
# the package that runs (a copied project for tests has none of its own)
CODE = Path(__file__).resolve().parents[1]
# generated beside the inputs: never an input themselves
GENERATED_INPUT_PARTS = {
    "__pycache__",
    "vendor",
}
OUTPUTS = ("datapackage", "CITATION.cff")
SITE_OUTPUTS = ("site",)
LIBRARIES = (
    "frictionless",
    "pyarrow",
    "pandas",
    "numpy",
    "altair",
    "vl-convert-python",
    "mkdocs",
    "mkdocs-material",
    "mkdocs-redirects",
    "pymdown-extensions",
    "Markdown",
    "XlsxWriter",
    "python-slugify",
    "PyYAML",
)
# A build with optimisations off makes the same files, but is run to exercise the plain code: it
# must not be skipped because a tuned build made them.
SETTINGS = ("OMGOERELSE_BASE_URL", "OMGOERELSE_PLAIN")
HASHERS = 2


def tree_digest(
    root: Path, parts: tuple[str, ...], skip: frozenset[str] | set[str] = frozenset()
) -> str:
    """The sha256 of the files below `parts` (paths and contents, in a fixed order)."""
    paths = []
    for part in parts:
        top = root / part
        files = (
            [top]
            if top.is_file()
            else sorted(p for p in top.rglob("*") if p.is_file())
            if top.is_dir()
            else []
        )
        paths += [path for path in files if not skip & set(path.relative_to(root).parts)]
    digest = hashlib.sha256()
    # sha256 lets go of the GIL: two files are hashed at once
    with ThreadPoolExecutor(HASHERS if on("stamp_hashers") else 1) as pool:
        for path, sha256 in zip(paths, pool.map(file_hash, paths), strict=True):
            digest.update(f"{path.relative_to(root).as_posix()}\0{sha256}\n".encode())
    return digest.hexdigest()


def inputs_digest(project: Project, site: bool) -> str:
    versions = {name: _version(name) for name in LIBRARIES}
    settings = {name: os.environ.get(name) for name in SETTINGS}
    # the code and its page templates: a changed sentence in a template is a changed input
    code_files = sorted(
        p.relative_to(CODE.parent).as_posix()
        for p in CODE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )
    code = tree_digest(CODE.parent, tuple(code_files))
    what = {
        "files": tree_digest(project.root, INPUTS, GENERATED_INPUT_PARTS),
        "code": code,
        "python": platform.python_version(),
        "libraries": versions,
        "settings": settings,
        "site": site,
    }
    return hashlib.sha256(json.dumps(what, sort_keys=True).encode()).hexdigest()


def outputs_digest(project: Project, site: bool) -> str:
    return tree_digest(project.root, OUTPUTS + (SITE_OUTPUTS if site else ()))


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def unchanged(project: Project, inputs: str, site: bool) -> bool:
    """Whether the last build read these very inputs and its outputs are as it left them."""
    try:
        stamp = json.loads((project.root / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return stamp.get("inputs") == inputs and stamp.get("outputs") == outputs_digest(project, site)


def record(project: Project, inputs: str, site: bool) -> None:
    stamp = {"inputs": inputs, "outputs": outputs_digest(project, site)}
    (project.root / STAMP).write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")


def forget(project: Project) -> None:
    (project.root / STAMP).unlink(missing_ok=True)
