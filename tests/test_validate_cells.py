"""The build's columnar validator against Frictionless, cell form by cell form: for each kind of
field the registry declares and each form a cell may take, a CSV holding that one cell is
validated by both. Ours may refuse more (the cases are listed in publish/validate.py and
CONTRIBUTING.md, and here, so that a change is noticed), never less."""

from __future__ import annotations

import json
import warnings

import pytest

from omgoerelse.core.project import Project
from omgoerelse.declarations.registry import load_registry
from omgoerelse.publish.validate import read_checked

# every kind of field the registry declares (type, format, constraints); checked below
FIELDS = {
    "integer": {"type": "integer"},
    "count": {"type": "integer", "constraints": {"minimum": 0}},
    "rank": {"type": "integer", "constraints": {"minimum": 1}},
    "year": {"type": "integer", "constraints": {"minimum": 2000, "maximum": 2100}},
    "number": {"type": "number"},
    "amount": {"type": "number", "constraints": {"minimum": 0}},
    "percent": {"type": "number", "constraints": {"minimum": 0, "maximum": 100}},
    "boolean": {"type": "boolean"},
    "date": {"type": "date"},
    "string": {"type": "string"},
    "code": {"type": "string", "constraints": {"required": True, "pattern": "[a-z0-9_]+"}},
    "marker": {"type": "string", "constraints": {"enum": ["Tom", "Ingen data", "-"]}},
    "uri": {"type": "string", "format": "uri"},
}
# each as written in the CSV: a form with a comma is quoted
CELLS = [
    *["5", "+5", "-5", " 5", "5 ", "05", "007", "5.0", "5.", ".5", "1e3", "1E3", "-0", "0"],
    *['"1,000"', "1.000", '"44,9"', "44.9", "100", "100.0", "101", "1999", "2024", "2100", "2101"],
    *["NaN", "nan", "inf", "-inf", "Infinity", "0x10", "1_000", "٥"],
    *["True", "true", "TRUE", "False", "false", "1", "ja", "nej", "yes"],
    *["2024-01-05", "2024-1-5", "2024/01/05", "05-01-2024", "20240105", "2024-02-30"],
    *["2024-01-05T00:00:00", "2024-01-05 ", "2024-01"],
    *["", '""', '" "', "abc", "ABC", "a b", "æøå", "Tom", "tom", " Tom", "-", "Ingen data"],
    *["https://x.dk/a", "x.dk", "not a uri", "mailto:a@b.dk"],
]
# A cell alone is a whole row: empty, it is a blank row. Beside a key it is an empty cell.
LAYOUTS = {"alone": "x\n{cell}\n", "beside a key": "k,x\n1,{cell}\n"}

# What ours refuses and Frictionless 5 accepts (no file the build writes holds any of these).
STRICTER = {
    # a whole number only as digits, perhaps after a minus: not "+5", " 5", "5 ", "1_000", "٥"
    *{(f, c) for f in ("integer", "count", "rank") for c in ("+5", " 5", "5 ", "1_000", "٥")},
    # Arabic-Indic digits and "1_000" in a decimal number
    *{(f, c) for f in ("number", "amount", "percent") for c in ("٥",)},
    *{(f, "1_000") for f in ("number", "amount")},
    # truth values only as true/false
    *{("boolean", c) for c in ("True", "TRUE", "False", "1", "0")},
    # a date only as YYYY-MM-DD
    ("date", "2024-1-5"),
    # an address only as http(s)
    ("uri", "mailto:a@b.dk"),
}


CELL_ERRORS = {"type-error", "constraint-error", "blank-row"}


def _schema(field: dict, layout: str) -> dict:
    key = [{"name": "k", "type": "string"}] if layout == "beside a key" else []
    return {"fields": [*key, {"name": "x", **field}], "missingValues": [""]}


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory) -> dict[tuple[str, str, str], tuple[bool, bool]]:
    """(field, cell, layout) → (Frictionless accepts, ours accepts)."""
    import frictionless

    folder = tmp_path_factory.mktemp("cells")
    found = {}
    for name, field in FIELDS.items():
        for layout, text in LAYOUTS.items():
            schema = _schema(field, layout)
            for i, cell in enumerate(CELLS if layout == "alone" else ["", '""']):
                data = text.format(cell=cell).encode("utf-8")
                path = folder / f"{name}-{layout[0]}-{i}.csv"
                path.write_bytes(data)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    theirs = frictionless.Resource(
                        path=path.name,
                        basepath=str(folder),
                        schema=frictionless.Schema.from_descriptor(schema),
                    ).validate()
                # a verdict on the cell, never on reading the file
                assert {e.type for e in theirs.tasks[0].errors} <= CELL_ERRORS, theirs.flatten()
                table, problems = read_checked(data, schema, str(path))
                found[(name, cell, layout)] = (theirs.valid, table is not None and not problems)
    return found


def _project() -> Project:
    from conftest import REPO

    return Project.at(REPO)


def test_ours_never_accepts_a_cell_frictionless_refuses(verdicts):
    # the corpus covers every kind of field the registry declares
    registry = load_registry(_project())
    declared = {
        json.dumps({k: d[k] for k in ("type", "format", "constraints") if d.get(k)}, sort_keys=True)
        for d in registry.fields.values()
    }
    assert declared <= {json.dumps(f, sort_keys=True) for f in FIELDS.values()}
    assert len(verdicts) == len(FIELDS) * (len(CELLS) + 2)
    looser = sorted(case for case, (theirs, ours) in verdicts.items() if ours and not theirs)
    assert looser == []


def test_ours_refuses_exactly_the_listed_cells_frictionless_accepts(verdicts):
    stricter = {case for case, (theirs, ours) in verdicts.items() if theirs and not ours}
    assert {(f, c) for f, c, _ in stricter} == STRICTER
    assert all(layout == "alone" for _, _, layout in stricter)


def test_an_empty_cell_is_missing_and_a_blank_row_refused_in_both(verdicts):
    for name in FIELDS:
        for cell in ("", '""'):
            assert verdicts[(name, cell, "alone")] == (False, False)  # a blank row
            required = name == "code"
            assert verdicts[(name, cell, "beside a key")] == (not required, not required)
