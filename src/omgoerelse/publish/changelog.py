"""The changelog, computed from the data: what changed in each table between two versions.

Tables are compared through the catalogue datapackage.json of each version: fields by name, rows by
primary key, cells as the CSV writes them. The kind of change decides the version bump the release
needs (the rule the site explains):

- major: a table or field removed, a primary key changed, a row removed (a code or a figure that
  code may rely on is gone);
- minor: a table, field or row added;
- patch: only values corrected (or only reading guides and metadata improved).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from omgoerelse.publish.emit import is_csv_table

BUMPS = ("patch", "minor", "major")


def table_contents(fields: list[str], key: list[str], csv_text: str) -> dict:
    rows = {tuple(r[k] for k in key): r for r in csv.DictReader(io.StringIO(csv_text, newline=""))}
    return {"fields": fields, "key": key, "rows": rows}


def folder_tables(folder: Path) -> dict[str, dict]:
    """Each table of an emitted or released version, read through its catalogue datapackage.json."""
    catalogue = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return {
        r["name"]: table_contents(
            [f["name"] for f in r["schema"]["fields"]],
            r["schema"].get("primaryKey", []),
            (folder / r["path"]).read_text(encoding="utf-8"),
        )
        for r in catalogue["resources"]
        if is_csv_table(r)
    }


def diff_versions(before: dict[str, dict], after: dict[str, dict]) -> dict:
    """Per table: added, removed, or the fields and rows that changed (each cell's old and new)."""
    out = {}
    for name in sorted(set(before) | set(after)):
        if name not in before:
            out[name] = {"status": "added", "rows": len(after[name]["rows"])}
        elif name not in after:
            out[name] = {"status": "removed", "rows": len(before[name]["rows"])}
        else:
            change = diff_table(before[name], after[name])
            if change:
                out[name] = {"status": "changed", **change}
    return out


def diff_table(old: dict, new: dict) -> dict:
    change: dict = {}
    added = [f for f in new["fields"] if f not in old["fields"]]
    removed = [f for f in old["fields"] if f not in new["fields"]]
    if added:
        change["fields_added"] = added
    if removed:
        change["fields_removed"] = removed
    if old["key"] != new["key"]:
        change["key_changed"] = {"old": old["key"], "new": new["key"]}
        return change  # rows cannot be matched across different keys
    key = new["key"]
    rows_added = [_key(key, k) for k in new["rows"] if k not in old["rows"]]
    rows_removed = [_key(key, k) for k in old["rows"] if k not in new["rows"]]
    common = [f for f in new["fields"] if f in old["fields"]]
    rows_changed = []
    for k, row in new["rows"].items():
        before = old["rows"].get(k)
        if before is None:
            continue
        cells = {f: {"old": before[f], "new": row[f]} for f in common if before[f] != row[f]}
        if cells:
            rows_changed.append({"key": _key(key, k), "changes": cells})
    for label, items in (
        ("rows_added", rows_added),
        ("rows_removed", rows_removed),
        ("rows_changed", rows_changed),
    ):
        if items:
            change[label] = items
    return change


def _key(fields: list[str], values: tuple) -> dict:
    return dict(zip(fields, values, strict=True))


def required_bump(changes: dict) -> str | None:
    """The smallest bump the rule allows for these changes, or None when nothing changed."""
    needed = None
    for change in changes.values():
        if change["status"] == "removed" or any(
            k in change for k in ("fields_removed", "key_changed", "rows_removed")
        ):
            return "major"
        if change["status"] == "added" or any(k in change for k in ("fields_added", "rows_added")):
            needed = "minor"
        elif "rows_changed" in change and needed is None:
            needed = "patch"
    return needed


def bump_of(old: tuple[int, int, int], new: tuple[int, int, int]) -> str:
    """Which part of the version a step from old to new raises."""
    if new[0] > old[0]:
        return "major"
    if new[0] == old[0] and new[1] > old[1]:
        return "minor"
    return "patch"


def summary(changes: dict) -> dict[str, int]:
    """A release's headline: tables added, removed and changed; rows added, removed, changed."""
    count = {
        "tabeller_tilfoejet": 0,
        "tabeller_fjernet": 0,
        "tabeller_aendret": 0,
        "raekker_tilfoejet": 0,
        "raekker_fjernet": 0,
        "raekker_aendret": 0,
    }
    for change in changes.values():
        count[
            {
                "added": "tabeller_tilfoejet",
                "removed": "tabeller_fjernet",
                "changed": "tabeller_aendret",
            }[change["status"]]
        ] += 1
        count["raekker_tilfoejet"] += len(change.get("rows_added", []))
        count["raekker_fjernet"] += len(change.get("rows_removed", []))
        count["raekker_aendret"] += len(change.get("rows_changed", []))
    return count
