"""The layout shows the flow: sub-packages by stage, imports that only point back up the flow."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "omgoerelse"
# A module may import from its own stage and from the stages before it, never from one after it.
ORDER = [
    "core",
    "sources",
    "declarations",
    "tidy",
    "checks",
    "publish",
    "site",
    "client",
    "pipeline",
    "release",
    "bench",
    "cli",
]
# read in stage 1; the client needs only core
SAME_RANK = {
    "declarations": "sources",
    "client": "sources",
}


def stage(module: str) -> str:
    """omgoerelse.tidy.shares -> tidy; omgoerelse.cli -> cli; omgoerelse -> the package itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def rank(name: str) -> int:
    return ORDER.index(SAME_RANK.get(name, name))


def imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("omgoerelse")
        ):
            names = (
                [f"{node.module}.{a.name}" for a in node.names]
                if node.module == "omgoerelse"
                else [node.module]
            )
            found += [(node.lineno, n) for n in names if n != "omgoerelse.__version__"]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("omgoerelse")]
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__main__.py")


def module_name(path: Path) -> str:
    return ".".join(("omgoerelse", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(
        ".__init__"
    )


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_point_back_up_the_flow(path):
    mine = stage(module_name(path))
    if mine == "__init__":
        assert imports(path) == []
        return
    wrong = [
        f"line {line}: {name}" for line, name in imports(path) if rank(stage(name)) > rank(mine)
    ]
    assert not wrong, f"{mine} may not import from a later stage: {wrong}"


def test_only_the_commands_import_the_pipeline():
    importers = {
        module_name(p)
        for p in MODULES
        for _, name in imports(p)
        if name.startswith("omgoerelse.pipeline")
    }
    assert importers <= {"omgoerelse.cli", "omgoerelse.release", "omgoerelse.bench.benchmark"}, (
        importers
    )


def test_every_stage_is_a_package_and_no_package_is_named_build():
    stages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert stages == {
        "core",
        "sources",
        "declarations",
        "tidy",
        "checks",
        "publish",
        "site",
        "client",
        "bench",
    }
    root = PACKAGE.parents[1]
    assert not list((root / "build").rglob("*.py")), "build/ keeps the declarations, not code"
