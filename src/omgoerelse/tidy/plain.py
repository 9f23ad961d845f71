"""Tidy, plainly: printed rows in, observations out, one cell at a time.

The obviously correct version that the fast, column-by-column tidy (observations.py) is held to:
the tests run both on the real sources and on generated ones and compare every observation's
dimensions, figures, marker and lines. It loops in Python over every cell, so it takes minutes where
the fast one takes seconds at a million rows (see `omgoerelse benchmark`), which is why the fast one
builds the data and this one checks it.
"""

from __future__ import annotations

from decimal import Decimal

from omgoerelse.declarations.registry import Registry
from omgoerelse.declarations.specs import TableSpec
from omgoerelse.sources.transcriptions import SourceTable
from omgoerelse.tidy.frame import dimensions, plain_value
from omgoerelse.tidy.observations import _resolve


def tidy_plainly(spec: TableSpec, tables: dict[str, SourceTable], registry: Registry) -> list[dict]:
    """Every observation of the spec's printed tables, in the order its first cell is read."""
    dims = dimensions(spec)
    observations: dict[tuple, dict] = {}
    for mapping in spec.sources:
        table = tables[mapping.table]
        for i in range(len(table)):
            cell = {
                c: (
                    str(table.printed[c].iat[i]),
                    plain_value(table.value[c].iat[i]),
                    plain_value(table.marker[c].iat[i]),
                )
                for c in table.columns
            }
            codes = dict(mapping.fixed)
            for field, column in mapping.rows.items():
                if field != "measure":
                    codes[field] = _resolve(field, *cell[column], mapping, registry)[0]
            row_measure = (
                mapping.measures.get(cell[mapping.rows["measure"]][1])
                if "measure" in mapping.rows
                else None
            )
            if not mapping.columns:  # a printed list: the row itself is the observation
                key = (table.id, *(codes.get(d) for d in dims))
                observations.setdefault(
                    key, {"_source": table.id, **codes, "_line": int(table.line[i])}
                )
                continue
            for column, props in mapping.columns.items():
                measure = props.get("measure") or row_measure
                if measure is None:
                    continue
                here = {**codes, **{k: v for k, v in props.items() if k != "measure"}}
                key = (table.id, *(here.get(d) for d in dims))
                obs = observations.setdefault(
                    key, {"_source": table.id, **here, "markoer": None, "_line": int(table.line[i])}
                )
                if (
                    measure not in obs
                ):  # a second cell for one figure is an error the fast tidy reports
                    obs[measure] = _typed(cell[column][1], registry.fields[measure]["type"])
                    obs[f"_line:{measure}"] = int(table.line[i])
                obs["markoer"] = obs["markoer"] or cell[column][2]
    return list(observations.values())


def _typed(value: object, kind: str) -> object:
    """A printed figure in its field's type: a count printed among numbers is a whole number."""
    return int(Decimal(value)) if kind == "integer" and isinstance(value, str) else value
