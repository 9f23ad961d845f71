"""Where each emitted table comes from, as Data Package `sources`: a title and a path or URL each.

A table made from printed tables cites each of them: the document's address where the register
gives one, else the transcription's path in the repository. A code list cites its declaration in the
registry and the printed tables its codes or extra columns are taken from; the source register and
the discrepancy register cite their files; the revisions cite the printed tables whose figures they
list.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from omgoerelse.core.project import Project
from omgoerelse.declarations.registry import Registry
from omgoerelse.declarations.specs import TableSpec
from omgoerelse.sources.transcriptions import REGISTER, SourceTable
from omgoerelse.tidy.reference import DISCREPANCY_REGISTER

REGISTER_TITLE = "Projektets kilderegister: de dokumenter og sider, tallene er afskrevet fra"
DISCREPANCY_TITLE = (
    "Projektets afvigelsesregister: trykte tal, der udgives, selv om en kontrol ikke passer, "
    "hver med sin forklaring"
)


def table_sources(
    spec: TableSpec,
    registry: Registry,
    tables: dict[str, SourceTable],
    frame: pd.DataFrame,
    project: Project,
) -> list[dict]:
    """The `sources` of one emitted table (its frame tells the revisions which tables they cite)."""
    if spec.kind == "codelist":
        cl = registry.codelists[spec.name]
        printed = [cl.source["table"]] if cl.source else []
        printed += [d["table"] for d in cl.derive if d["table"] not in printed]
        return [
            {"title": f"Projektets kodeliste: {cl.title}", "path": cl.path},
            *(printed_source(tables[t], project) for t in printed),
        ]
    if spec.kind == "register":
        return [{"title": REGISTER_TITLE, "path": _path(project, project.sources / REGISTER)}]
    if spec.kind == "discrepancies":
        path = project.sources / DISCREPANCY_REGISTER
        return [{"title": DISCREPANCY_TITLE, "path": _path(project, path)}]
    if spec.kind == "revisions":
        cited = set(zip(frame["kilde_dokument"], frame["kilde_tabel"], strict=True))
        return [
            printed_source(t, project)
            for t in tables.values()
            if (t.document.id, t.number) in cited
        ]
    return [printed_source(tables[t], project) for t in spec.source_tables]


def printed_source(table: SourceTable, project: Project) -> dict:
    """A printed table: the document, the table's number and heading, and where to read it."""
    d = table.document
    drawn = f" Data trukket {d.data_drawn.isoformat()}." if d.data_drawn else ""
    printed = f"{table.number}: {table.heading}"
    return {
        "title": f"{d.publisher}: {d.title} ({d.published}), {printed}.{drawn}",
        # the publisher's page where the register has one; else the transcription in the
        # repository (the table as printed, cell by cell), since the document has no address
        "path": d.url or _path(project, table.path),
    }


def _path(project: Project, path: Path) -> str:
    """A file's path in the repository, as the Data Package profile wants it (POSIX, relative)."""
    return Path(project.rel(path)).as_posix()
