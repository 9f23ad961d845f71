"""A chart's inline rows kept out of Altair's conversion and validation, which go value by value.

Altair converts every value of every inline row one at a time (a Protocol check each) and validates
each against the schema, once when the rows are wrapped (alt.Data) and again for each drawing
(to_dict), so a chart's cost grew with its rows: with 98 municipalities the Danmarkskort charts'
rows took most of the site's chart time. Rows of plain JSON values (charts._plain makes them so)
need neither: they are wrapped without validation and set aside while the rest of the drawing is
converted and validated, then put back as they are, which is what Altair would have written.
Rows with any other value go the whole way through Altair.
"""

from __future__ import annotations

from typing import Any

import altair as alt
from altair.utils.schemapi import debug_mode

from omgoerelse.core.tuning import plain

ASIDE = "__rows_aside__"  # a marker no field of a table is named
PLAIN = (str, int, float, bool, type(None))


def inline(rows: list[dict]) -> alt.Data:
    """alt.Data(values=rows), validated only where the rows are not plain JSON values."""
    if plain("rows_aside") or not _plain_rows(rows):
        return alt.Data(values=rows)
    with debug_mode(False):  # debug mode validates an object when it is made
        return alt.Data(values=rows)


def vega_lite(drawing: Any, validate: bool = True) -> dict:
    """drawing.to_dict(), validated unless told otherwise, with the rows of every
    alt.Data(values=rows) as given."""
    if plain("rows_aside"):
        return drawing.to_dict(validate=validate)
    aside: dict[int, list[dict]] = {}
    swapped: list[tuple[alt.Data, list[dict]]] = []
    _set_aside(drawing, aside, swapped)
    try:
        out = drawing.to_dict(validate=validate)
    finally:
        for data, rows in reversed(swapped):  # the drawing is as it was
            data._kwds["values"] = rows
    return _put_back(out, aside)


def _set_aside(node: Any, aside: dict[int, list[dict]], swapped: list) -> None:
    if isinstance(node, alt.Data):
        rows = node._kwds.get("values")
        if _plain_rows(rows) and ASIDE not in rows[0]:  # a Data two layers share: set aside once
            aside[id(rows)] = rows
            swapped.append((node, rows))
            node._kwds["values"] = [{ASIDE: id(rows)}]
        return
    if isinstance(node, alt.SchemaBase):
        node = node._kwds
    if isinstance(node, dict):
        node = list(node.values())
    if isinstance(node, (list, tuple)):
        for value in node:
            _set_aside(value, aside, swapped)


def _plain_rows(rows: Any) -> bool:
    """Rows of plain JSON values only: anything else Altair must convert itself."""
    return (
        isinstance(rows, list)
        and bool(rows)
        and all(
            isinstance(r, dict)
            and all(isinstance(k, str) and type(v) in PLAIN for k, v in r.items())
            for r in rows
        )
    )


def _put_back(node: Any, aside: dict[int, list[dict]]) -> Any:
    if isinstance(node, dict):
        values = node.get("values")
        if isinstance(values, list) and len(values) == 1 and _marker(values[0]):
            return {**node, "values": [dict(r) for r in aside[values[0][ASIDE]]]}
        return {k: _put_back(v, aside) for k, v in node.items()}
    if isinstance(node, list):
        return [_put_back(v, aside) for v in node]
    return node


def _marker(value: Any) -> bool:
    return isinstance(value, dict) and ASIDE in value
