"""The model of a table spec (build/specs/<table>.yaml), with its source mappings, checks, share,
chart, key figure and links to other tables."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr, field_validator, model_validator

from omgoerelse.declarations.models import Model, Text, Value, Where


class Mapping(Model):
    """How one printed table becomes rows of the table."""

    table: Text = Field(description="The transcription, <document id>/<file stem>.")
    fixed: Where = Field(
        {}, description="Fields with one value for every row of the printed table."
    )
    rows: dict[StrictStr, StrictStr] = Field(
        description="Field -> the column holding each row's printed label; `measure` picks the "
        "measure from a label."
    )
    columns: dict[StrictStr, dict[StrictStr, Value]] = Field(
        description="Transcription column -> {field: code, ..., measure: field}; empty for a "
        "printed list."
    )
    labels: dict[StrictStr, dict[StrictStr, Value]] = Field(
        {}, description="Field -> {printed label: code}, where a label is ambiguous or prose."
    )
    measures: dict[StrictStr, StrictStr] = Field(
        {}, description="Printed label -> measure field (with rows: {measure: column})."
    )
    row_label: StrictStr | None = Field(
        None,
        description="How kilde_raekke is written, e.g. 'linje {linje}' (default: the row's "
        "labels).",
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
    """With no printed denominator, a row's printed shares can all come from one number of cases."""

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
        description="Codes of the row holding the denominator in the same printed table, or a "
        "row of another table."
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


class Continued(Model):
    """For trend: the table's own rows carrying the one line drawn from another table on, for the
    years that table lacks (Ankestyrelsen's overall rate after the years its pages give)."""

    where: Where = Field({}, description="Rows on the line: field -> value.")
    exclude: Where = Field({}, description="Rows left out: field -> value.")
    value: StrictStr | list[StrictStr] = Field(
        description="The field(s) holding the value; the first that is given is used (the "
        "tooltip is the chart's: a field this table lacks shows as not given)."
    )


class OwnChart(Model):
    """For trend with points: the chart drawn again on the page of each point series (each
    municipality's page), with only that series' points, on the panels it has points on, and on
    one value scale for every series, so two series' charts compare at a glance."""

    title: Text = Field(description="The downloaded chart's title; {name}: the series' name.")
    description: Text = Field(
        description="The text alternative and caption; {name}: the series' name."
    )


class Points(Model):
    """For trend: the table's own rows as points with their 95 % intervals on another table's
    lines (each municipality's figures against the national series)."""

    where: Where = Field({}, description="Rows drawn as points: field -> value.")
    exclude: Where = Field({}, description="Rows left out: field -> value.")
    panel: StrictStr = Field(
        description="The field whose name picks the panel (it matches the lines' category names)."
    )
    label: StrictStr = Field(description="The field naming each point's series (kommune_navn).")
    value: StrictStr | list[StrictStr] = Field(
        description="The field(s) holding the value; the first that is given is used."
    )
    tooltip: list[StrictStr] = Field([], description="Fields shown in a point's tooltip.")
    line_name: Text = Field(description="The lines' name in the legend (Hele landet).")
    many_name: Text = Field(
        description="The points' name in the legend where they are several series (kommuner)."
    )
    own_chart: OwnChart | None = Field(
        None, description="Each series' own page draws the chart with only its own points."
    )


class Chart(Model):
    """Which chart answers the reader's question."""

    type: Literal["composition", "rate_with_interval", "bars", "lines", "trend"] = Field(
        description="The kind of chart; trend: a small panel per category, its line over the years."
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
    min_count: StrictInt | None = Field(
        None,
        description="A ranking leaves out rates on fewer cases than this (they stay in the table).",
    )
    limit: StrictInt | None = Field(
        None, description="Show at most this many categories, the highest first."
    )
    break_before: list[StrictInt] = Field(
        [],
        description="For trend: the year, or list of years, the series breaks before (a dashed "
        "line before each).",
    )
    tooltip: list[StrictStr] = Field(
        [], description="Fields shown in the tooltip (vaerdi: the value)."
    )
    table: list[StrictStr] = Field([], description="Columns of the table shown under the chart.")
    rows_from: StrictStr | None = Field(
        None,
        description="Draw another table's rows (where, category, value, tooltip: its fields).",
    )
    points: Points | None = Field(
        None, description="For trend with rows_from: this table's rows as points on the lines."
    )
    continued: Continued | None = Field(
        None,
        description="For trend with rows_from and one line: this table's rows on the same line.",
    )

    @field_validator("break_before", mode="before")
    @classmethod
    def _one_year_is_a_list_of_one(cls, value: Any) -> Any:
        return [value] if isinstance(value, int) else value


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
    trend: list[Chart] = Field(
        [], description="More charts: the figures over the years (type trend), one or a list."
    )
    key_figure: KeyFigure | None = Field(
        None, description="The sentence the table's page leads with."
    )
    same_figures: list[Link] = Field(
        [], description="Rows that are the same figure as rows of another table (vintages)."
    )

    @field_validator("trend", mode="before")
    @classmethod
    def _one_trend_is_a_list_of_one(cls, value: Any) -> Any:
        return [value] if isinstance(value, dict) else value
