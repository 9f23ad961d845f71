"""Read the source register and the tables transcribed as printed, strictly.

A transcription is `sources/<document id>/<table>.csv` with `<table>.meta.yaml` beside it. The CSV
holds the printed cells: counts as whole numbers, percentages as printed (dot decimals), printed
markers such as "Tom" as text (numbers.py says which forms and sizes). Every text, the metadata's
too, is taken in NFC and refused where it holds a character no reader sees (core/text.py). Anything
else is an error naming file, line and column.

A table is kept column by column (pandas): the cells as printed, their values and their markers, and
the file line of each row. The cells are read in cells.py, each distinct printed value of a column
parsed once, so a table of a million cells reads in a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from omgoerelse.core.errors import BuildError, Problem, raise_if
from omgoerelse.core.project import Project
from omgoerelse.core.yamlio import load_yaml
from omgoerelse.declarations import models, source_models
from omgoerelse.sources.cells import read_cells
from omgoerelse.sources.screen import screened_texts

REGISTER = "register.yaml"  # the source documents, in sources/
KINDS = {"label", "year", "count", "percent", "number"}
# Rows a vintage ranks lower (vintages.py): figures the document repeats from another publisher's
# publication, and figures the document itself calls the value of that time ("daværende").
ROW_SELECTIONS = ("quoted", "then_current")
PUBLISHED = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    publisher: str
    published: str
    data_drawn: dt.date | None
    url: str | None
    text_extraction: str | None
    title_note: str | None = None
    published_note: str | None = None
    url_note: str | None = None  # why there is no URL, or what the URL points at
    accessed: dt.date | None = None  # the date a web page was read; None for a text extraction

    @property
    def year(self) -> int:
        """The year of publication (published is YYYY, YYYY-MM or YYYY-MM-DD)."""
        return int(self.published[:4])


@dataclass
class SourceTable:
    id: str  # "<document id>/<file stem>"
    document: Document
    path: Path
    number: str
    heading: str
    columns: dict[str, dict]
    markers: tuple[str, ...]
    note: str | None
    text_lines: str | None
    # the cells as printed ("" for a blank)
    printed: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Int64 for counts and years; text for labels and numbers (exactly as printed); missing for a
    # blank or a marker
    value: pd.DataFrame = field(default_factory=pd.DataFrame)
    # the printed marker ("Tom", "-") where there is one
    marker: pd.DataFrame = field(default_factory=pd.DataFrame)
    # each row's line in the file
    line: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # "quoted"/"then_current" -> [{column: printed}]
    selections: dict[str, list[dict]] = field(default_factory=dict)
    # the file lines each selection picks
    selected_lines: dict[str, frozenset[int]] = field(default_factory=dict)

    @property
    def first_text_line(self) -> int:
        """Where the table starts in the document's text extraction: earlier tables come first."""
        start = str(self.text_lines or "").split("-")[0].strip()
        return int(start) if start.isdigit() else 10**9

    def without_cells(self) -> SourceTable:
        """The table without its cells; its document, columns and line numbers (all that messages
        and reading guides need) stay. A printed table of a million cells takes 70 MB."""
        return replace(self, printed=pd.DataFrame(), value=pd.DataFrame(), marker=pd.DataFrame())

    @property
    def has_figures(self) -> bool:
        """Whether the table prints figures at all (a list of principle decisions prints none)."""
        return any(c["kind"] in ("count", "percent", "number") for c in self.columns.values())

    def printed_header(self, column: str) -> str:
        return self.columns[column]["printed"]

    def __len__(self) -> int:
        return len(self.line)


def load_register(project: Project) -> dict[str, Document]:
    path = project.sources / REGISTER
    shown = project.rel(path)
    data = load_yaml(path, shown)
    models.check(source_models.Register, data, shown)
    data, problems = screened_texts(data, path, shown)
    documents: dict[str, Document] = {}
    for i, entry in enumerate(data["documents"] or []):
        where = f"{shown} (document {i + 1})"
        doc_id = entry["id"]
        if doc_id in documents:
            problems.append(Problem(where, f"duplicate document id '{doc_id}'"))
        published = str(entry["published"])
        if not PUBLISHED.match(published):
            problems.append(
                Problem(
                    where, f"published must be YYYY, YYYY-MM or YYYY-MM-DD, found '{published}'"
                )
            )
        drawn = entry["data_drawn"]
        if drawn is not None and not isinstance(drawn, dt.date):
            problems.append(
                Problem(where, f"data_drawn must be an ISO date or null, found '{drawn}'")
            )
            drawn = None
        if isinstance(drawn, dt.date) and drawn > dt.date.today():
            problems.append(Problem(where, f"data_drawn {drawn} lies in the future"))
        if entry["url"] is None and not entry.get("url_note"):
            problems.append(Problem(where, "url is null: say why in url_note"))
        accessed = entry.get("accessed")
        if isinstance(accessed, dt.date) and accessed > dt.date.today():
            problems.append(Problem(where, f"accessed {accessed} lies in the future"))
        documents[doc_id] = Document(
            id=doc_id,
            title=entry["title"],
            publisher=entry["publisher"],
            published=published,
            data_drawn=drawn,
            url=entry["url"],
            text_extraction=entry.get("text_extraction"),
            title_note=entry.get("title_note"),
            published_note=entry.get("published_note"),
            url_note=entry.get("url_note"),
            accessed=accessed,
        )
    raise_if(problems)
    return documents


def load_source_table(
    project: Project, table_id: str, documents: dict[str, Document]
) -> SourceTable:
    """The transcription `table_id` ("<document>/<stem>") with its metadata, every cell checked."""
    doc_id, _, stem = table_id.partition("/")
    csv_path = project.sources / doc_id / f"{stem}.csv"
    meta_path = project.sources / doc_id / f"{stem}.meta.yaml"
    if doc_id not in documents:
        raise BuildError(
            Problem(project.rel(csv_path), f"document '{doc_id}' is not in sources/register.yaml")
        )
    table = _load_meta(project, meta_path, table_id, documents[doc_id], csv_path)
    read_cells(project.rel(csv_path), csv_path, table)
    table.selected_lines = _selected_lines(project.rel(csv_path), table)
    return table


def _load_meta(
    project: Project, path: Path, table_id: str, document: Document, csv_path: Path
) -> SourceTable:
    shown = project.rel(path)
    meta = load_yaml(path, shown)
    models.check(source_models.TableMeta, meta, shown)
    meta, problems = screened_texts(meta, path, shown)
    columns: dict[str, dict] = {}
    for col in meta["columns"]:
        if col["name"] in columns:
            problems.append(Problem(shown, f"column '{col['name']}' is listed twice"))
        columns[col["name"]] = col
    selections = {}
    for key in ROW_SELECTIONS:
        chosen = meta.get(key) or []
        for selection in chosen:
            problems += [
                Problem(shown, f"{key}: unknown column '{c}' (columns: {', '.join(columns)})")
                for c in selection
                if c not in columns
            ]
        selections[key] = [{c: str(v) for c, v in s.items()} for s in chosen]
    raise_if(problems)
    return SourceTable(
        id=table_id,
        document=document,
        path=csv_path,
        number=str(meta["number"]),
        heading=str(meta["heading"]),
        columns=columns,
        markers=tuple(meta.get("markers") or ()),
        note=meta.get("note"),
        text_lines=meta.get("text_lines"),
        selections=selections,
    )


def _selected_lines(shown: str, table: SourceTable) -> dict[str, frozenset[int]]:
    """The file lines each row selection of the metadata picks; a selection that picks no row is a
    typo, and an error."""
    picked, problems = {}, []
    for key, selections in table.selections.items():
        lines: set[int] = set()
        for selection in selections:
            rows = np.ones(len(table), dtype=bool)
            for column, printed in selection.items():
                rows &= (table.printed[column] == printed).to_numpy()
            if not rows.any():
                problems.append(
                    Problem(
                        shown.removesuffix(".csv") + ".meta.yaml",
                        f"{key}: no row has {selection} (compare the printed cells)",
                    )
                )
            lines |= {int(x) for x in table.line[rows]}
        picked[key] = frozenset(lines)
    raise_if(problems)
    return picked
