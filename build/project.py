"""Where things are: one object knows the folders of a project checkout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from omgoerelse.errors import BuildError


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def at(cls, root: Path | str) -> "Project":
        root = Path(root).resolve()
        if not (root / "sources" / "register.yaml").is_file():
            raise BuildError(
                f"{root}: not a project checkout (no sources/register.yaml); "
                "run from the repository root or pass --root"
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

    def rel(self, path: Path) -> str:
        """A path as a person reads it in a message: relative to the root where possible."""
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except ValueError:
            return str(path)
