"""Which rows a chart draws, and which of their fields it sends: shared by a table's charts
(charts.py) and each municipality's own chart (own_charts.py)."""

from __future__ import annotations

import json
import re


def picked(rows: list[dict], params: dict) -> list[dict]:
    """The rows `where` picks and `exclude` does not leave out."""
    return [
        r
        for r in rows
        if all(r.get(k) == v for k, v in (params.get("where") or {}).items())
        and not any(r.get(k) == v for k, v in (params.get("exclude") or {}).items())
    ]


def with_value(row: dict, params: dict) -> dict:
    """The value the chart plots, in `vaerdi`: the first of the listed fields that has one."""
    fields = params["value"] if isinstance(params["value"], list) else [params["value"]]
    row["vaerdi_felt"] = next((f for f in fields if row.get(f) is not None), None)
    row["vaerdi"] = row[row["vaerdi_felt"]] if row["vaerdi_felt"] else None
    return row


def used_fields(vl: dict) -> set[str]:
    """The fields a Vega-Lite spec's encodings and transforms name."""
    return set(re.findall(r'"field": "([^"]+)"', json.dumps(vl)))


def only_used_fields(vl: dict) -> dict:
    """The spec with its inline rows cut to the fields an encoding uses: less to send for the
    interactive chart."""
    used = used_fields(vl)

    def cut(node):
        if isinstance(node, dict):
            return {
                k: (cut_rows(v, used) if k == "values" and are_rows(v) else cut(v))
                for k, v in node.items()
            }
        return [cut(x) for x in node] if isinstance(node, list) else node

    return cut(vl)


def are_rows(values: object) -> bool:
    """Inline rows, not an axis' tick values."""
    return isinstance(values, list) and all(isinstance(r, dict) for r in values)


def cut_rows(rows: list[dict], used: set[str]) -> list[dict]:
    return [{f: r[f] for f in r if f in used} for r in rows]
