"""The descriptors against the official Data Package v2 profile (the JSON Schema the frictionless
team ships in dplib-py, read offline).

Every property passes but one: the Parquet, Excel and report resources are typed "file", which the
v2 profile does not allow (it knows only "table"). Without it Frictionless 5, the validator the
build and its users run, reads them as tables and fails on them. Until the two agree, those
resources are left out of this test, which says so; the rest of every descriptor is held to v2.
"""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest


@pytest.fixture(scope="module")
def profile():
    path = resources.files("dplib").joinpath("profiles/2.0/datapackage.json")
    return jsonschema.Draft7Validator(json.loads(path.read_text(encoding="utf-8")))


def test_every_descriptor_passes_the_data_package_v2_profile_but_for_file_resources(built, profile):
    descriptors = sorted(built.datapackage.glob("**/datapackage.json"))
    assert len(descriptors) >= 23
    problems, files = {}, 0
    for path in descriptors:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        files += sum(r.get("type") == "file" for r in descriptor["resources"])
        descriptor["resources"] = [r for r in descriptor["resources"] if r.get("type") != "file"]
        errors = [
            f"{'/'.join(map(str, e.path))}: {e.message}" for e in profile.iter_errors(descriptor)
        ]
        if errors:
            problems[path.relative_to(built.datapackage).as_posix()] = errors[:3]
    assert problems == {}
    assert files > 0, "the known exception still stands; remove it here when it goes"


def test_the_profile_refuses_a_file_resource(profile):
    bad = {"name": "x", "resources": [{"name": "r", "path": "r.xlsx", "type": "file"}]}
    assert any("'file' is not one of" in e.message for e in profile.iter_errors(bad))
