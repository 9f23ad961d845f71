"""The models of the source files: sources/register.yaml and each transcription's .meta.yaml."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr

from omgoerelse.declarations.models import Model, Text


class Document(Model):
    """One source document."""

    id: Text = Field(description="Folder name under sources/ and the code in kilde_dokument.")
    title: Text = Field(
        description="The document's title as printed (or as formed, see title_note)."
    )
    title_note: StrictStr | None = Field(
        None, description="Why the title is formed, where the document has no title page."
    )
    publisher: Text = Field(description="Who published it, e.g. Ankestyrelsen.")
    published: StrictStr | StrictInt | dt.date = Field(
        description="Publication date: YYYY, YYYY-MM or YYYY-MM-DD."
    )
    data_drawn: dt.date | None = Field(
        description="The date the figures were drawn from the case system; null where not given."
    )
    url: StrictStr | None = Field(
        description="The publisher's page for the document; null where not known."
    )
    url_note: StrictStr | None = Field(
        None, description="Why there is no URL, or what the URL points at."
    )
    published_note: StrictStr | None = Field(
        None,
        description="Where the publication date comes from, where the document prints none.",
    )
    accessed: dt.date | None = Field(
        None,
        description="The date a web page was read and its figures transcribed; null for a file.",
    )
    text_extraction: StrictStr | None = Field(
        None, description="The text extraction the transcription was read from (shared/seeds)."
    )


class Register(Model):
    """sources/register.yaml."""

    documents: list[Document] = Field(description="The source documents, each once.")


class Column(Model):
    """One column of a transcription."""

    name: Text = Field(description="The column's name in the CSV header.")
    printed: Text = Field(
        description="The header as printed, or a description in brackets where none is printed."
    )
    kind: Literal["label", "year", "count", "percent", "number"] = Field(
        description="What the cells hold."
    )
    optional: StrictBool = Field(
        False, description="Whether a cell may be left empty (printed empty)."
    )


class TableMeta(Model):
    """A transcription's metadata."""

    number: StrictStr | StrictInt = Field(
        description="The table's number as printed, e.g. Tabel 4.4."
    )
    heading: Text = Field(description="The table's heading as printed.")
    text_lines: StrictStr | None = Field(
        None, description="The lines of the text extraction the table stands on, e.g. 61-113."
    )
    note: StrictStr | None = Field(
        None, description="Anything odd in print, in the project's own words."
    )
    markers: list[StrictStr] = Field(
        [], description="Printed markers that stand instead of a number, e.g. Tom, -."
    )
    columns: list[Column] = Field(description="Every column of the CSV, in order.")
    quoted: list[dict[StrictStr, StrictStr]] = Field(
        [],
        description="Rows that repeat another publisher's figure, each a {column: printed value} "
        "selection.",
    )
    then_current: list[dict[StrictStr, StrictStr]] = Field(
        [], description="Rows the document itself calls the value of that time (daværende)."
    )
