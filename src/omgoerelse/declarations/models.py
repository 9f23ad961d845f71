"""The shape of every hand-written YAML file, as models that refuse what they do not know.

One model per kind of file: the source register, a transcription's metadata, a table spec (with its
source mappings, checks, chart, key figure and links), a code list, the field registry, the glossary,
the usage warnings and dataset.yaml. Every key is declared here with a description, so a typo
(`check:` for `checks:`, `lables:`) is an error that names the file and the key, with the nearest
known key, and `build/specs/README.md` is generated from these descriptions (`omgoerelse keys`).
Values are taken as they are: `optional: nej` is not a truth value, and `"5"` is not a number.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)

from omgoerelse.core.errors import BuildError, Problem

Text = Annotated[StrictStr, Field(min_length=1)]
Value = StrictStr | StrictInt | StrictBool  # a code, a year or a truth value in a selection
Where = dict[StrictStr, Value]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- sources/register.yaml ---------------------------------------------------------------------------


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
    published_note: StrictStr | None = Field(
        None,
        description="Where the publication date comes from, where the document prints none.",
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


# --- sources/<document>/<table>.meta.yaml --------------------------------------------------------------


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
        description="Rows that repeat another publisher's figure, each a {column: printed value} selection.",
    )
    then_current: list[dict[StrictStr, StrictStr]] = Field(
        [], description="Rows the document itself calls the value of that time (daværende)."
    )


# --- build/specs/<table>.yaml ----------------------------------------------------------------------------


class Mapping(Model):
    """How one printed table becomes rows of the table."""

    table: Text = Field(description="The transcription, <document id>/<file stem>.")
    fixed: Where = Field(
        {}, description="Fields with one value for every row of the printed table."
    )
    rows: dict[StrictStr, StrictStr] = Field(
        description="Field -> the column holding each row's printed label; `measure` picks the measure from a label."
    )
    columns: dict[StrictStr, dict[StrictStr, Value]] = Field(
        description="Transcription column -> {field: code, ..., measure: field}; empty for a printed list."
    )
    labels: dict[StrictStr, dict[StrictStr, Value]] = Field(
        {}, description="Field -> {printed label: code}, where a label is ambiguous or prose."
    )
    measures: dict[StrictStr, StrictStr] = Field(
        {}, description="Printed label -> measure field (with rows: {measure: column})."
    )
    row_label: StrictStr | None = Field(
        None,
        description="How kilde_raekke is written, e.g. 'linje {linje}' (default: the row's labels).",
    )
    default: dict[StrictStr, StrictStr] = Field(
        {}, description="Field -> code for labels the code list does not know."
    )


class SumToTotal(Model):
    """Parts add up to each printed total."""

    check: Literal["sum_to_total"]
    dimension: Text = Field(
        description="The field whose codes are summed (its code list says what sums what)."
    )
    measure: StrictStr | None = Field(
        None,
        description="The measure to sum (default: the count); procent_trykt allows the rounding.",
    )
    tables: list[StrictStr] | None = Field(
        None, description="Printed tables of one document that form one group."
    )


class PercentMatchesCounts(Model):
    """Each printed percentage agrees with the counts within the publication's rounding."""

    check: Literal["percent_matches_counts"]


class SameFigureAgrees(Model):
    """A figure printed in two tables of one extraction has the same value in both."""

    check: Literal["same_figure_agrees"]


class SharesHaveCommonDenominator(Model):
    """Where no denominator is printed, a row's printed shares can all come from one number of cases."""

    check: Literal["shares_have_common_denominator"]
    dimension: Text = Field(description="The field whose rows share the denominator.")


Check = Annotated[
    SumToTotal | PercentMatchesCounts | SameFigureAgrees | SharesHaveCommonDenominator,
    Field(discriminator="check"),
]


class ExternalDenominator(Model):
    """A denominator in another table."""

    table: Text = Field(description="The table whose count is the denominator.")
    match: list[StrictStr] = Field(description="Fields equal in both rows.")
    where: Where = Field({}, description="Which rows of that table hold denominators.")


class Share(Model):
    """Where a share's denominator is."""

    denominator: Where | ExternalDenominator = Field(
        description="Codes of the row holding the denominator in the same printed table, or a row of another table."
    )

    @model_validator(mode="before")
    @classmethod
    def _external_when_it_names_a_table(cls, data: Any) -> Any:
        if (
            isinstance(data, dict)
            and isinstance(data.get("denominator"), dict)
            and "table" in data["denominator"]
        ):
            return {"denominator": ExternalDenominator(**data["denominator"])}
        return data


class Chart(Model):
    """Which chart answers the reader's question."""

    type: Literal["composition", "rate_with_interval", "bars", "lines"] = Field(
        description="The kind of chart."
    )
    title: Text = Field(description="The chart's title.")
    description: Text = Field(
        description="What the chart shows, for readers of screen readers and the caption."
    )
    where: Where = Field({}, description="Rows shown: field -> value.")
    exclude: Where = Field({}, description="Rows left out: field -> value.")
    category: StrictStr | None = Field(
        None, description="The field along the category axis (a *_navn field for names)."
    )
    category_type: Literal["O", "N"] = Field(
        "O", description="O: ordered categories; N: categories without order."
    )
    sort: StrictBool = Field(False, description="Sort the categories by value, largest first.")
    series: StrictStr | None = Field(
        None, description="The field that tells series apart by colour."
    )
    offset: StrictBool = Field(True, description="Draw a series' points beside each other.")
    value: StrictStr | list[StrictStr] | None = Field(
        None, description="The field(s) holding the value; the first that is given is used."
    )
    parts: list[StrictStr] = Field(
        [], description="For composition: the outcome codes stacked, in order."
    )
    measures: list[StrictStr] = Field(
        [], description="For lines: the measure fields, one line each."
    )
    axis: StrictStr | None = Field(None, description="The value axis' title.")
    tooltip: list[StrictStr] = Field(
        [], description="Fields shown in the tooltip (vaerdi: the value)."
    )
    table: list[StrictStr] = Field([], description="Columns of the table shown under the chart.")


class KeyFigure(Model):
    """The one sentence the home page and the table's page lead with."""

    where: Where = Field(description="Selects exactly one row.")
    text: Text = Field(description="The sentence, with {field} placeholders filled from that row.")


class Link(Model):
    """Rows that are the same figure as rows of another table."""

    table: Text = Field(description="The other table.")
    match: list[StrictStr] = Field(description="Fields equal in both rows.")
    where: Where = Field({}, description="Which rows of this table.")
    other_where: Where = Field({}, description="Which rows of the other table.")


class Spec(Model):
    """A table spec: one per emitted table."""

    name: Text = Field(description="The table's name; the file is build/specs/<name>.yaml.")
    kind: Literal["observations", "register", "discrepancies", "revisions"] = Field(
        "observations",
        description="observations: built from printed tables; the others are made by the build.",
    )
    title: Text = Field(description="The table's title in Danish.")
    theme: Text = Field(description="The theme the table is listed under on the site.")
    description: Text = Field(description="What the table holds, in a sentence or two.")
    population: Text = Field(description="Which cases the figures are about.")
    period: Text = Field(description="Which years.")
    unit: Text = Field(description="What one number counts.")
    fields: list[StrictStr] = Field(
        description="The table's fields, in order; each defined in build/registry/fields.yaml."
    )
    primary_key: list[StrictStr] = Field(description="The fields that identify a row.")
    count: StrictStr | None = Field(
        None, description="The field holding the count that shares are taken of."
    )
    share: Share | None = Field(None, description="Where the denominator of a share is.")
    sources: list[Mapping] = Field(
        [], description="The printed tables the rows come from, and how."
    )
    checks: list[Check] = Field(
        [],
        description="The checks besides unique_key and field_constraints, which every table gets.",
    )
    terms: list[StrictStr] = Field([], description="Glossary terms the reading guide explains.")
    usage_warnings: list[StrictStr] = Field(
        [], description="Usage warnings (build/registry/warnings.yaml) that apply."
    )
    not_shown: list[StrictStr] = Field(
        [], description="What the table does not show, in plain Danish."
    )
    notes: list[StrictStr] = Field(
        [], description="Notes for the reading guide, in the project's own words."
    )
    chart: Chart | None = Field(None, description="The chart on the table's page.")
    key_figure: KeyFigure | None = Field(
        None, description="The sentence the table's page leads with."
    )
    same_figures: list[Link] = Field(
        [], description="Rows that are the same figure as rows of another table (vintages)."
    )


# --- build/registry/ -----------------------------------------------------------------------------------------


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
        description="Table Schema type; a number is kept as the decimal text it was printed or computed as."
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


def check(model: type[Model], data: Any, shown: str) -> Any:
    """Validate `data` (read from the file `shown`) against `model`; every fault becomes a problem that
    names the file and the key, with the nearest known key for an unknown one."""
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise BuildError([Problem(shown, _message(model, error)) for error in e.errors()]) from None


def _message(model: type[Model], error: dict) -> str:
    where = ".".join(
        str(part)
        for part in error["loc"]
        if not str(part).startswith(("function-after", "tagged-union"))
    )
    if error["type"] == "extra_forbidden":
        key, known = str(error["loc"][-1]), _known_keys(model, error["loc"][:-1])
        near = difflib.get_close_matches(key, known, n=1)
        hint = f"; did you mean '{near[0]}'?" if near else f" (known: {', '.join(sorted(known))})"
        return f"{where}: unknown key '{key}'{hint}"
    if error["type"] == "missing":
        return f"{where}: missing key"
    if error["type"] == "union_tag_invalid":
        tag, expected = (
            str(error["ctx"]["tag"]),
            [t.strip(" '") for t in str(error["ctx"]["expected_tags"]).split(",")],
        )
        near = difflib.get_close_matches(tag, expected, n=1)
        hint = f"did you mean '{near[0]}'?" if near else f"known: {', '.join(expected)}"
        return f"{where}: unknown check '{tag}'; {hint}"
    return f"{where}: {error['msg']}, found {error.get('input')!r}"


def _known_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys the model at `loc` knows, following the path through lists, dicts and unions."""
    candidates: list[type[BaseModel]] = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        tagged = [m for m in candidates if _tag(m) == part]
        if tagged:  # pydantic names a tagged union's member by its tag
            candidates = tagged
            continue
        owners = [m for m in candidates if part in m.model_fields]
        if owners:
            candidates = _inner_models(owners[0].model_fields[part].annotation) or candidates
    return list(candidates[0].model_fields) if len(candidates) == 1 else []


def _inner_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _inner_models(arg)]


def _tag(model: type[BaseModel]) -> str | None:
    field = model.model_fields.get("check")
    args = getattr(field.annotation, "__args__", ()) if field is not None else ()
    return args[0] if args else None


# --- the reference of every key, generated (build/README.md) -----------------------------------------------

FILES = [
    (
        "build/specs/<table>.yaml",
        [
            Spec,
            Mapping,
            SumToTotal,
            PercentMatchesCounts,
            SameFigureAgrees,
            SharesHaveCommonDenominator,
            Share,
            ExternalDenominator,
            Chart,
            KeyFigure,
            Link,
        ],
    ),
    ("build/registry/fields.yaml (each field)", [FieldDef, Constraints]),
    ("build/registry/codelists/<list>.yaml", [CodeList, Code, CodeSource, Derive]),
    ("build/registry/glossary.yaml (each term)", [Term]),
    ("build/registry/warnings.yaml (each warning)", [UsageWarning]),
    ("build/registry/dataset.yaml", [Dataset, Licence, Contributor]),
    ("sources/register.yaml", [Register, Document]),
    ("sources/<document>/<table>.meta.yaml", [TableMeta, Column]),
]


def keys_reference() -> str:
    """Every key of every declaration file, from the models: what `omgoerelse keys` prints."""
    out = [
        "# The keys of the declaration files",
        "",
        "Generated from `src/omgoerelse/declarations/models.py` by `omgoerelse keys > build/README.md`;",
        "a test fails when the two differ. A key not listed here is an error.",
        "",
    ]
    for title, kinds in FILES:
        out += [f"## {title}", ""]
        for kind in kinds:
            out += [
                f"### {kind.__name__}",
                "",
                (kind.__doc__ or "").strip(),
                "",
                "| key | required | description |",
                "|---|---|---|",
            ]
            for name, info in kind.model_fields.items():
                described = info.description or (
                    "Which check: `" + str(_tag(kind)) + "`." if name == "check" else ""
                )
                out.append(f"| `{name}` | {'yes' if info.is_required() else 'no'} | {described} |")
            out.append("")
    return "\n".join(out).replace("\n\n\n", "\n\n")
