"""Releases: frozen files, the version rule, and the changelog computed from the data."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from conftest import copy_inputs, next_patch, next_version, quiet
from html_links import citation_link, parse, resolve
from omgoerelse.core.checksums import SUMS, file_hashes, read_sums
from omgoerelse.core.errors import BuildError
from omgoerelse.declarations.registry import load_registry
from omgoerelse.pipeline import build
from omgoerelse.publish import changelog, cite
from omgoerelse.publish.releases import CHANGELOG, load_releases, verify_releases
from omgoerelse.release import make_release

REPO = Path(__file__).resolve().parents[1]
BILAG = "sources/ast_aarsredegoerelse_2024/bilag_2_4.csv"
OLD_WORD, NEW_WORD = "tilkaldevagt – rådighedsvagt", "tilkaldevagt – rådighedsvagter"


def edit(project, path: str, old: str, new: str) -> None:
    file = project.root / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path}"
    file.write_text(text.replace(old, new), encoding="utf-8")


def test_the_repository_holds_verified_releases_and_the_first_is_1_0_0():
    from omgoerelse.core.project import Project

    releases = verify_releases(Project.at(REPO))
    assert releases and releases[0].version == "1.0.0"
    for r in releases:
        assert read_sums(r.folder / SUMS) == {
            k: v for k, v in file_hashes(r.folder).items() if k != SUMS
        }


class Released:
    """The project: `base` its last release before the edit, `patch` the edit's release."""

    def __init__(self, project, release, base: str, before: list[str]):
        self.project, self.release, self.base, self.before = project, release, base, before
        self.patch, self.next_patch = release.version, next_patch(release.version)


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Released:
    """A project whose one keyword in the principle decisions was corrected, then released as the
    next patch. Where the repository's data are ahead of its last release (a contributor's change
    not yet released), that is released first, so the edit's changelog holds the edit alone."""
    project = copy_inputs(tmp_path_factory.mktemp("release"))
    build(project, say=quiet, site=False)
    if '-dev"' in (project.datapackage / "datapackage.json").read_text(encoding="utf-8"):
        last = load_releases(project)[-1]  # released with the step the pending changes need
        changes = changelog.diff_versions(
            changelog.folder_tables(last.folder), changelog.folder_tables(project.datapackage)
        )
        pending = next_version(last.version, changelog.required_bump(changes) or "patch")
        make_release(
            project,
            pending,
            "Det, som endnu ikke var udgivet.",
            dt.date(2026, 12, 1),
            quiet,
            placeholder_ok=True,
        )
    before = [r.version for r in load_releases(project)]
    base = before[-1]
    edit(project, BILAG, OLD_WORD, NEW_WORD)
    released_files = file_hashes(project.releases)
    said: list[str] = []
    build(project, say=said.append, site=False)  # a contributor's change needs no release to build
    dev = f"{next_patch(base)}-dev"
    assert any(
        f"version {base} is released" in line and f"unreleased version {dev}" in line
        for line in said
    )
    assert '"version": "' + dev + '"' in (project.datapackage / "datapackage.json").read_text(
        encoding="utf-8"
    )
    assert f"version: {base}" in (project.registry / "dataset.yaml").read_text(encoding="utf-8")
    assert file_hashes(project.releases) == released_files, "the released files stay as they were"
    release = make_release(
        project,
        next_patch(base),
        "Et emneord rettet.",
        dt.date(2026, 12, 2),
        quiet,
        placeholder_ok=True,
    )
    return Released(project, release, base, before)


def test_a_changed_value_without_a_new_version_is_refused_and_a_patch_release_freezes_it(released):
    project, release, PATCH = released.project, released.release, released.patch
    assert [r.version for r in load_releases(project)] == [*released.before, PATCH]
    assert f"version: {PATCH}" in (project.registry / "dataset.yaml").read_text(encoding="utf-8")
    assert read_sums(release.folder / SUMS) == {
        k: v for k, v in file_hashes(release.folder).items() if k != SUMS
    }
    assert (
        project.root / f"site/data/{PATCH}/principmeddelelser/principmeddelelser.csv"
    ).read_bytes() == (release.folder / "principmeddelelser/principmeddelelser.csv").read_bytes()
    assert all((project.root / f"site/data/{v}").is_dir() for v in released.before), (
        "every released version stays on the site"
    )
    versions = json.loads((project.root / "site/data/versions.json").read_text(encoding="utf-8"))
    assert [v["version"] for v in versions["versions"]] == [PATCH, *reversed(released.before)]


def test_the_changelog_lists_exactly_the_row_that_changed(released):
    project, release, PATCH = released.project, released.release, released.patch
    log = json.loads((release.folder / CHANGELOG).read_text(encoding="utf-8"))
    assert (
        log["previous"] == released.base and log["step"] == "patch" and log["required"] == "patch"
    )
    assert list(log["tables"]) == ["principmeddelelser"]
    [row] = log["tables"]["principmeddelelser"]["rows_changed"]
    assert row["key"]["principmeddelelse"] == "1-24"
    assert list(row["changes"]) == ["emneord"]
    assert row["changes"]["emneord"]["old"].endswith(OLD_WORD) and row["changes"]["emneord"][
        "new"
    ].endswith(NEW_WORD)
    page = (project.root / "site/tabeller/principmeddelelser/index.html").read_text(
        encoding="utf-8"
    )
    assert PATCH in page and "1 ændrede rækker" in page


def test_a_released_tables_permanent_link_opens_its_versions_page_at_the_table(released):
    project, PATCH = released.project, released.patch
    site, table = project.root / "site", "principmeddelelser"
    base = cite.base_url(load_registry(project))
    link = citation_link(site / f"tabeller/{table}/index.html")
    assert link == f"{base}versioner/{PATCH}/#{table}"
    page, fragment = resolve(site, base, link)
    assert fragment == table and table in parse(page).ids
    assert PATCH in page.read_text(encoding="utf-8")
    frozen = (released.release.folder / table / "LAESEVEJLEDNING.md").read_text(encoding="utf-8")
    assert link in frozen, "the released reading guide cites the same page"


def test_a_released_file_that_was_altered_stops_the_build(released, tmp_path):
    project, release, PATCH = released.project, released.release, released.patch
    target = release.folder / "aarsag" / "aarsag.csv"
    original = target.read_bytes()
    target.write_bytes(original.replace(b"\r\n", b"\n"))
    try:
        with pytest.raises(BuildError, match=rf"released in {re.escape(PATCH)} and has changed"):
            build(project, say=quiet, write=False)
    finally:
        target.write_bytes(original)


def test_a_release_refuses_the_same_version_an_older_one_or_a_step_too_small(released):
    project, PATCH, NEXT_PATCH = released.project, released.patch, released.next_patch
    with pytest.raises(BuildError, match="already released"):
        make_release(project, PATCH, "igen", dt.date(2026, 12, 2), quiet, placeholder_ok=True)
    with pytest.raises(BuildError, match="not after the last release"):
        make_release(project, "0.9.0", "ældre", dt.date(2026, 12, 2), quiet, placeholder_ok=True)
    dataset = (project.registry / "dataset.yaml").read_text(encoding="utf-8")
    bilag = project.root / BILAG
    text = bilag.read_text(encoding="utf-8")
    bilag.write_text(
        text + "Bilag 4,det kommunale børneområde,99-24,Et tilføjet emneord\n", encoding="utf-8"
    )
    try:
        with pytest.raises(
            BuildError, match=f"need a minor release, but {re.escape(NEXT_PATCH)} is a patch step"
        ):
            make_release(
                project,
                NEXT_PATCH,
                "en række mere",
                dt.date(2026, 12, 2),
                quiet,
                placeholder_ok=True,
            )
        assert (project.registry / "dataset.yaml").read_text(encoding="utf-8") == dataset, (
            "a refused release changes nothing"
        )
        assert not (project.releases / NEXT_PATCH).exists()
    finally:
        bilag.write_text(text, encoding="utf-8")


def _tables(rows: dict[str, list[dict]], key=("id",)) -> dict:
    out = {}
    for name, items in rows.items():
        fields = list(items[0])
        text = (
            ",".join(fields)
            + "\r\n"
            + "".join(",".join(str(r[f]) for f in fields) + "\r\n" for r in items)
        )
        out[name] = changelog.table_contents(fields, list(key), text)
    return out


def test_changelog_and_bump_rule_on_fixture_versions():
    old = _tables(
        {
            "t": [{"id": 1, "v": 10}, {"id": 2, "v": 20}, {"id": 3, "v": 30}],
            "gone": [{"id": 1, "v": 1}],
        }
    )
    new = _tables(
        {
            "t": [{"id": 1, "v": 10}, {"id": 2, "v": 21}, {"id": 4, "v": 40}],
            "fresh": [{"id": 1, "v": 1}],
        }
    )
    changes = changelog.diff_versions(old, new)
    assert changes["t"] == {
        "status": "changed",
        "rows_added": [{"id": "4"}],
        "rows_removed": [{"id": "3"}],
        "rows_changed": [{"key": {"id": "2"}, "changes": {"v": {"old": "20", "new": "21"}}}],
    }
    assert changes["gone"]["status"] == "removed" and changes["fresh"]["status"] == "added"
    assert changelog.required_bump(changes) == "major"
    only_value = changelog.diff_versions(
        old,
        _tables(
            {
                **{"gone": [{"id": 1, "v": 1}]},
                "t": [{"id": 1, "v": 11}, {"id": 2, "v": 20}, {"id": 3, "v": 30}],
            }
        ),
    )
    assert changelog.required_bump(only_value) == "patch"
    with_field = _tables(
        {
            "gone": [{"id": 1, "v": 1}],
            "t": [{"id": i, "v": v, "w": 0} for i, v in ((1, 10), (2, 20), (3, 30))],
        }
    )
    assert changelog.diff_versions(old, with_field)["t"] == {
        "status": "changed",
        "fields_added": ["w"],
    }
    assert changelog.required_bump(changelog.diff_versions(old, with_field)) == "minor"
    assert changelog.required_bump(changelog.diff_versions(old, old)) is None
    assert (
        changelog.bump_of((1, 2, 3), (2, 0, 0)) == "major"
        and changelog.bump_of((1, 2, 3), (1, 3, 0)) == "minor"
    )
    assert changelog.bump_of((1, 2, 3), (1, 2, 4)) == "patch"


def test_a_release_with_a_placeholder_address_is_refused_unless_a_test(tmp_path):
    from omgoerelse.release import placeholder_address

    assert placeholder_address("https://omgoerelsesprocenter.example/")
    assert placeholder_address("http://localhost:8000/") and placeholder_address(
        "https://x.invalid"
    )
    assert not placeholder_address("https://omgoerelsesprocenter.dk/")
    project = copy_inputs(tmp_path)
    before = (project.registry / "dataset.yaml").read_text(encoding="utf-8")
    with pytest.raises(BuildError, match="is a placeholder"):
        make_release(project, "99.0.0", "prøve", dt.date(2026, 12, 3), quiet)
    assert (project.registry / "dataset.yaml").read_text(encoding="utf-8") == before
    assert not (project.releases / "99.0.0").exists()
