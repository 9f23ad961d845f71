"""Every descriptor passes the official Data Package v2 profile (the JSON Schema the frictionless
team ships in dplib-py, read offline), for the catalogue and for every table."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest


@pytest.fixture(scope="module")
def profile():
    text = (
        resources.files("dplib")
        .joinpath("profiles/2.0/datapackage.json")
        .read_text(encoding="utf-8")
    )
    return jsonschema.Draft7Validator(json.loads(text))


def test_every_descriptor_passes_the_data_package_v2_profile(built, profile):
    descriptors = sorted(built.datapackage.glob("**/datapackage.json"))
    assert len(descriptors) >= 23
    problems = {}
    for path in descriptors:
        errors = [
            f"{'/'.join(map(str, e.path))}: {e.message}"
            for e in profile.iter_errors(json.loads(path.read_text(encoding="utf-8")))
        ]
        if errors:
            problems[path.relative_to(built.datapackage).as_posix()] = errors[:3]
    assert problems == {}


def test_the_profile_refuses_what_v2_does_not_allow(profile):
    bad = {"name": "x", "resources": [{"name": "r", "path": "r.xlsx", "type": "file"}]}
    assert any("'file' is not one of" in e.message for e in profile.iter_errors(bad))
