"""Where things are: one object knows the folders of a project checkout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from omgoerelse.core.errors import BuildError, Problem

# Folders the build reads (besides docs/ and mkdocs.yml):
# copied for tests and benchmarks, hashed by the stamp.
INPUT_FOLDERS = ("sources", "build/specs", "build/registry", "releases", "overrides")


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def at(cls, root: Path | str) -> Project:
        root = Path(root).resolve()
        if not (root / "sources" / "register.yaml").is_file():
            raise BuildError(
                Problem(
                    str(root),
                    "not a project checkout (no sources/register.yaml); "
                    "run from the repository root or pass --root",
                )
            )
        return cls(root)

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def specs(self) -> Path:
        return self.root / "build" / "specs"

    @property
    def registry(self) -> Path:
        return self.root / "build" / "registry"

    @property
    def datapackage(self) -> Path:
        return self.root / "datapackage"

    @property
    def releases(self) -> Path:
        return self.root / "releases"

    def copy_inputs(self, dest: Path) -> Project:
        """A new project root with copies of everything the build reads (sources, specs, registry,
        releases, theme files, mkdocs.yml) and none of its output: for tests and benchmarks."""
        import shutil

        for part in (*INPUT_FOLDERS, "benchmarks"):
            if (self.root / part).exists():
                shutil.copytree(self.root / part, dest / part)
        shutil.copytree(
            self.root / "docs",
            dest / "docs",
            ignore=shutil.ignore_patterns("*.md", "tabeller", "grafer", "vendor"),
        )
        shutil.copy(self.root / "mkdocs.yml", dest / "mkdocs.yml")
        return Project.at(dest)

    def rel(self, path: Path) -> str:
        """A path as a person reads it in a message: relative to the root where possible."""
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except ValueError:
            return str(path)
