"""What a release's SHA256SUMS alone cannot show: a file edited together with its SHA256SUMS, and
a release removed together with its entry in releases.yaml.

Each released file is also listed, with its size and sha256, in its table's datapackage.json (and
the version's own); the build holds every file to both. And every version the published site has
listed in data/versions.json must still be released: a release never vanishes.
"""

from __future__ import annotations

import json
from pathlib import Path

from omgoerelse.core.checksums import SUMS, read_sums
from omgoerelse.core.errors import Problem
from omgoerelse.core.project import Project

PUBLISHED_VERSIONS = Path("site/data/versions.json")


def descriptor_problems(project: Project, version: str, folder: Path) -> list[Problem]:
    """Every file a released datapackage.json lists, with the size and sha256 it gives."""
    sums = read_sums(folder / SUMS)
    problems = []
    for descriptor in sorted(folder.glob("**/datapackage.json")):
        base = descriptor.parent.relative_to(folder)
        resources = json.loads(descriptor.read_text(encoding="utf-8")).get("resources", [])
        for resource in resources:
            name = (base / resource["path"]).as_posix()
            path = folder / name
            listed = str(resource.get("hash", "")).removeprefix("sha256:")
            if sums.get(name) != listed or not path.is_file():
                problems.append(
                    Problem(
                        project.rel(path),
                        f"released in {version} with sha256 {listed[:12]}… in "
                        f"{project.rel(descriptor)}, but {SUMS} gives "
                        f"{(sums.get(name) or 'none')[:12]}…; a released version never changes",
                    )
                )
            elif "bytes" in resource and path.stat().st_size != resource["bytes"]:
                problems.append(
                    Problem(
                        project.rel(path),
                        f"released in {version} with {resource['bytes']} bytes in "
                        f"{project.rel(descriptor)}, but has {path.stat().st_size}",
                    )
                )
    return problems


def vanished_versions(project: Project, listed: set[str]) -> list[Problem]:
    """Versions the published site lists (site/data/versions.json) that releases/ no longer has."""
    path = project.root / PUBLISHED_VERSIONS
    if not path.is_file():
        return []
    try:
        published = [v["version"] for v in json.loads(path.read_text("utf-8"))["versions"]]
    except (ValueError, KeyError, TypeError):
        return [Problem(str(PUBLISHED_VERSIONS), "not the catalogue of versions the build writes")]
    return [
        Problem(
            str(PUBLISHED_VERSIONS),
            f"version {v} was published and is gone from releases/ (folder and releases.yaml "
            "entry); a released version stays on the site forever, so put it back from the "
            "repository's history",
        )
        for v in published
        if v not in listed
    ]
