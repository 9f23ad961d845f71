"""The descriptors against the official Data Package v2 profile (the JSON Schema the frictionless
team ships in dplib-py, read offline), every resource of every descriptor; Frictionless reading a
package's Parquet and Excel copies as the tables they are; and the provenance every resource
carries: a description, and sources each with a title and a path or URL."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

TABLE = "sager_efter_udfald"  # a table with code lists, an Excel copy and a column empty at first


@pytest.fixture(scope="module")
def profile():
    path = resources.files("dplib").joinpath("profiles/2.0/datapackage.json")
    return jsonschema.Draft7Validator(json.loads(path.read_text(encoding="utf-8")))


def descriptors(built) -> dict[str, dict]:
    found = {
        path.relative_to(built.datapackage).as_posix(): json.loads(path.read_text("utf-8"))
        for path in sorted(built.datapackage.glob("**/datapackage.json"))
    }
    assert len(found) >= 23
    return found


def test_every_descriptor_passes_the_data_package_v2_profile(built, profile):
    problems = {}
    for name, descriptor in descriptors(built).items():
        errors = [
            f"{'/'.join(map(str, e.path))}: {e.message}" for e in profile.iter_errors(descriptor)
        ]
        if errors:
            problems[name] = errors[:3]
    assert problems == {}


def test_the_profile_refuses_a_file_resource(profile):
    bad = {"name": "x", "resources": [{"name": "r", "path": "r.xlsx", "type": "file"}]}
    assert any("'file' is not one of" in e.message for e in profile.iter_errors(bad))


def test_frictionless_validates_a_package_with_its_parquet_and_excel_copies_as_tables(built):
    import frictionless

    folder = built.datapackage / TABLE
    report = frictionless.Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourceName", "message"])[:5]
    kinds = {task.name: task.type for task in report.tasks}
    assert kinds[f"{TABLE}_parquet"] == kinds[f"{TABLE}_xlsx"] == kinds[TABLE] == "table"
    # rows read, not only bytes: the copies hold the CSV's rows
    rows = {task.name: task.stats.get("rows") for task in report.tasks}
    assert rows[f"{TABLE}_parquet"] == rows[f"{TABLE}_xlsx"] == rows[TABLE] > 100


def test_every_resource_has_a_description_and_sources_with_title_and_path(built):
    missing, bare = [], []
    for name, descriptor in descriptors(built).items():
        entries = [("package", descriptor)] + [(r["name"], r) for r in descriptor["resources"]]
        for what, item in entries:
            if what != "package" and not item.get("description", "").strip():
                missing.append(f"{name}: {what}")
            bare += [
                f"{name}: {what}: {source}"
                for source in item.get("sources", [])
                if not source.get("title") or not source.get("path")
            ]
    assert missing == []
    assert bare == []


def test_every_table_and_code_list_names_its_sources(built):
    no_sources = []
    for name, descriptor in descriptors(built).items():
        tables = [r for r in descriptor["resources"] if r.get("format") == "csv"]
        if "/" in name and not descriptor.get("sources"):
            no_sources.append(f"{name}: package")
        no_sources += [f"{name}: {r['name']}" for r in tables if not r.get("sources")]
    assert no_sources == []
    found = descriptors(built)
    udfald = {
        "title": "Projektets kodeliste: Udfald",
        "path": "build/registry/codelists/udfald.yaml",
    }
    assert found["udfald/datapackage.json"]["sources"] == [udfald]
    # a code list with columns from a printed table cites it, by its transcription: the document
    # has no address
    paths = [s["path"] for s in found["aarsag/datapackage.json"]["sources"]]
    assert paths == [
        "build/registry/codelists/aarsag.yaml",
        "sources/ast_aarsager_2024/tabel_1.csv",
    ]
    # a document with an address is cited by it
    paths = [s["path"] for s in found["landstal/datapackage.json"]["sources"]]
    assert any(p.startswith("https://") for p in paths)
    assert all(p.startswith("https://") or p.startswith("sources/") for p in paths)
    # the copies of the code lists in a table's package carry the same
    copies = {r["name"]: r for r in found[f"{TABLE}/datapackage.json"]["resources"]}
    assert copies["udfald"]["sources"] == [udfald]
