"""The models of the registry (build/registry/): code lists, fields, glossary terms, usage warnings
and dataset.yaml."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr

from omgoerelse.declarations.models import Model, Text


class Code(Model):
    """One code of a code list."""

    kode: Text = Field(description="The stable code.")
    navn: Text = Field(description="The name in Danish.")
    beskrivelse: StrictStr | None = Field(None, description="The project's own description.")
    trykt: list[StrictStr] = Field([], description="The names the documents print for it.")
    medlemmer: list[StrictStr] = Field([], description="The codes it sums.")
    total: StrictBool = Field(False, description="A total of every other code of the list.")
    restgruppe: StrictBool = Field(
        False, description="A group printed as a part beside the others (Andre love)."
    )


class CodeSource(Model):
    """A printed table that supplies extra columns to a code list (e.g. the reasons' numbers)."""

    table: Text = Field(description="The printed table with the extra columns.")
    label: Text = Field(description="Its column holding the printed name.")
    columns: dict[StrictStr, StrictStr] = Field(
        description="Field -> the column holding its value."
    )


class Derive(Model):
    """A printed table whose labels become codes."""

    table: Text = Field(description="A printed table whose labels become codes.")
    label: Text = Field(description="Its column holding the labels.")


class CodeList(Model):
    """A code list in build/registry/codelists/."""

    name: Text = Field(description="The list's name; the file is codelists/<name>.yaml.")
    title: Text = Field(description="The list's title in Danish.")
    description: Text = Field(description="What the codes stand for, in the project's own words.")
    source: CodeSource | None = Field(
        None, description="A printed table that supplies extra columns."
    )
    derive: list[Derive] = Field(
        [], description="Printed tables whose labels become codes (the provisions)."
    )
    codes: list[Code] = Field(description="The codes, in the order they are listed.")


class Constraints(Model):
    """Table Schema constraints, checked for every value (field_constraints)."""

    required: StrictBool = Field(False, description="Every row has a value.")
    minimum: StrictInt | float | None = Field(None, description="The smallest value allowed.")
    maximum: StrictInt | float | None = Field(None, description="The largest value allowed.")
    pattern: StrictStr | None = Field(None, description="A regular expression every text matches.")
    enum: list[StrictStr] | None = Field(None, description="The only values allowed.")


class FieldDef(Model):
    """A field in build/registry/fields.yaml, used by every table under one meaning."""

    type: Literal["string", "integer", "number", "boolean", "date"] = Field(
        description="Table Schema type; a number is kept as the decimal text it was printed or "
        "computed as."
    )
    title: Text = Field(
        description="A short title in Danish (the column heading on pages and in Excel)."
    )
    description: Text = Field(description="What the field means, in plain Danish.")
    unit: StrictStr | None = Field(None, description="The unit, where the field is a measure.")
    format: StrictStr | None = Field(None, description="Table Schema format, e.g. uri.")
    codelist: StrictStr | None = Field(None, description="The code list its values come from.")
    constraints: Constraints | None = Field(None, description="Limits every value must keep.")


class Term(Model):
    """A term of build/registry/glossary.yaml."""

    term: Text = Field(description="The term as readers use it.")
    en: Text = Field(description="The nearest English words, for the English page.")
    text: Text = Field(description="What it means, in the project's own words.")


class UsageWarning(Model):
    """A typed usage warning of build/registry/warnings.yaml."""

    title: Text = Field(description="The warning in a few words.")
    text: Text = Field(description="What a reader must keep in mind, and why.")
    paa_siden: StrictBool = Field(
        False,
        description="Shown at the top of the page of every table that has it, besides the guide.",
    )


class Licence(Model):
    """A licence of the data."""

    name: Text = Field(description="SPDX identifier, e.g. CC-BY-4.0.")
    title: Text = Field(description="The licence's full name.")
    path: Text = Field(description="Where its text is.")


class Contributor(Model):
    """A contributor named in the packages."""

    title: Text = Field(description="The organisation.")
    roles: list[StrictStr] = Field(description="Data Package roles, e.g. author, publisher.")


class Dataset(Model):
    """build/registry/dataset.yaml."""

    name: Text = Field(description="The dataset's machine name.")
    title: Text = Field(description="The dataset's title in Danish.")
    description: Text = Field(description="What the dataset holds.")
    version: Text = Field(description="MAJOR.MINOR.PATCH; `omgoerelse release` sets it.")
    version_date: dt.date = Field(description="The version's date; `omgoerelse release` sets it.")
    base_url: Text = Field(description="Where the site is published.")
    language: Text = Field(description="The language of texts, e.g. da.")
    licenses: list[Licence] = Field(description="The data's licences.")
    code_license: Text = Field(description="The code's licence (SPDX).")
    credit: Text = Field(description="The credit line readers are asked to give.")
    contributors: list[Contributor] = Field(
        description="Who made the figures and who publishes them."
    )
