"""Strict YAML under the declarations: a slip in a hand-written file is an error with its line."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import copy_inputs
from omgoerelse.core.errors import BuildError
from omgoerelse.core.yamlio import parse_yaml
from omgoerelse.declarations.registry import load_registry


def test_plain_values_keep_their_yaml_1_2_meaning():
    data = parse_yaml(
        "kode: 0101\nsvar: nej\nja: yes\naar: 2024\npct: 44.9\nflag: true\ndato: 2025-09-11\ntid: "
        "1:30\ningen: null\n",
        "t.yaml",
    )
    assert data == {
        "kode": "0101",
        "svar": "nej",
        "ja": "yes",
        "aar": 2024,
        "pct": 44.9,
        "flag": True,
        "dato": dt.date(2025, 9, 11),
        "tid": "1:30",
        "ingen": None,
    }


@pytest.mark.parametrize(
    "text,message",
    [
        (
            "a: 1\nb: 2\na: 3\n",
            r"t.yaml:3: invalid YAML: the key 'a' is given twice in one mapping "
            r"\(first on line 1\)",
        ),
        ("x:\n  - {k: 1, k: 2}\n", r"t.yaml:2: .*the key 'k' is given twice"),
        ("x: &a [1, 2]\ny: *a\n", r"t.yaml:1: .*aliases \(\*name\) are not allowed"),
        ("x: &a [1, 2]\ny: {z: *a}\n", r"aliases \(\*name\) are not allowed"),
        # grows without bound if allowed
        (
            "a: &a [&b [1, 1], *b, *b]\nb: [*a, *a, *a, *a]\n",
            r"aliases \(\*name\) are not allowed",
        ),
        ("a: [1, 2\n", r"t.yaml:2: invalid YAML"),
    ],
)
def test_yaml_faults_are_errors_with_file_and_line(text, message):
    with pytest.raises(BuildError, match=message):
        parse_yaml(text, "t.yaml")


def test_a_field_defined_twice_in_the_registry_stops_the_build(tmp_path):
    project = copy_inputs(tmp_path)
    fields = project.registry / "fields.yaml"
    fields.write_text(
        fields.read_text(encoding="utf-8")
        + "\nnyeste:\n  type: string\n  title: Igen\n  description: En anden betydning.\n",
        encoding="utf-8",
    )
    with pytest.raises(
        BuildError,
        match=r"build/registry/fields.yaml:\d+: invalid YAML: the key 'nyeste' is given twice",
    ):
        load_registry(project)
