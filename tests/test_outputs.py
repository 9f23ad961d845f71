"""What users download: golden CSVs checked against the printed tables; CSV/Parquet round trips."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import REPO

GOLDEN = REPO / "tests" / "golden"
TABLES = sorted(p.stem for p in GOLDEN.glob("*.csv"))


@pytest.mark.parametrize("table", TABLES)
def test_emitted_csv_equals_reviewed_golden_file(built, table):
    emitted = (built.datapackage / table / f"{table}.csv").read_text(encoding="utf-8")
    golden = (GOLDEN / f"{table}.csv").read_text(encoding="utf-8")
    assert list(csv.reader(io.StringIO(emitted))) == list(csv.reader(io.StringIO(golden)))


def test_every_data_table_has_a_golden_file(built):
    data_tables = {p.parent.name for p in built.datapackage.glob("*/datapackage.json")}
    assert data_tables <= set(TABLES)


def typed_csv(path: Path, schema: dict) -> list[dict]:
    casts = {
        "integer": int,
        "number": Decimal,
        "boolean": lambda s: s == "true",
        "date": str,
        "string": str,
    }
    types = {f["name"]: f["type"] for f in schema["fields"]}
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            {k: (None if v == "" else casts[types[k]](v)) for k, v in row.items()}
            for row in csv.DictReader(fh)
        ]


@pytest.mark.parametrize(
    "table", ["sager_efter_udfald", "omgoerelsesaarsager", "lovomraade", "kilder"]
)
def test_csv_and_parquet_hold_the_same_typed_values(built, table):
    folder = built.datapackage / table
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    schema = descriptor["resources"][0]["schema"]
    from_csv = typed_csv(folder / f"{table}.csv", schema)
    parquet = pq.read_table(folder / f"{table}.parquet")
    assert parquet.column_names == [f["name"] for f in schema["fields"]]
    kinds = {
        "integer": "int64",
        "number": "double",
        "boolean": "bool",
        "date": "date32[day]",
        "string": "string",
    }
    assert [str(t) for t in parquet.schema.types] == [kinds[f["type"]] for f in schema["fields"]]
    from_parquet = parquet.to_pylist()
    assert len(from_parquet) == len(from_csv)
    for a, b in zip(from_csv, from_parquet, strict=True):
        for name, value in a.items():
            other = b[name]
            if isinstance(value, Decimal):
                assert other == pytest.approx(float(value))
            elif other is not None and hasattr(other, "isoformat"):
                assert other.isoformat() == value
            else:
                assert other == value, name  # missing values stay missing, in both files


def test_vintages_are_kept_apart(built):
    rows = typed_csv(
        built.datapackage / "sager_efter_udfald/sager_efter_udfald.csv",
        {
            "fields": [
                {"name": n, "type": "string"}
                for n in (built.datapackage / "sager_efter_udfald/sager_efter_udfald.csv")
                .read_text()
                .splitlines()[0]
                .split(",")
            ]
        },
    )
    totals = {
        (r["kilde_tabel"], r["data_trukket"]): r["antal_sager"]
        for r in rows
        if r["aar"] == "2024"
        and r["lovomraade"] == "alle"
        and r["udfald"] == "i_alt"
        and r["sagsgruppe"] == "kommunale_sager"
    }
    assert totals[("Tabel 3", "2025-09-11")] == "17307"
    assert totals[("Tabel 4.4", "2025-04-11")] == "17305"


def test_markers_are_kept_not_turned_into_zero(built):
    text = (built.datapackage / "omgoerelsesaarsager/omgoerelsesaarsager.csv").read_text(
        encoding="utf-8"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    marked = {r["markoer"] for r in rows if r["markoer"]}
    assert marked == {"Tom", "Ingen data"}
    assert all(r["antal_sager_med_aarsag"] == "" for r in rows if r["markoer"])
