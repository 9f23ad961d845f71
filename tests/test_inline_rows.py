"""Rows kept out of Altair's value-by-value conversion give the very spec Altair writes."""

from __future__ import annotations

import datetime as dt

import altair as alt

from omgoerelse.site.inline_rows import inline, vega_lite

ROWS = [{"aar": 2023, "vaerdi": 40.5, "kommune_navn": "Aalborg", "lille": False, "n": None}]


def drawing(data: alt.Data) -> alt.LayerChart:
    base = alt.Chart().encode(x="aar:Q", y="vaerdi:Q")
    return alt.layer(base.mark_line(), base.mark_point(), data=data).properties(width=300)


def test_plain_rows_give_altairs_own_spec_and_leave_the_drawing_as_it_was():
    chart = drawing(inline(ROWS))
    assert vega_lite(chart) == drawing(alt.Data(values=ROWS)).to_dict()
    assert chart.data.values == ROWS, "the drawing keeps its rows"


def test_rows_altair_must_convert_go_through_altair():
    rows = [dict(ROWS[0], dato=dt.date(2024, 1, 1))]
    assert vega_lite(drawing(inline(rows))) == drawing(alt.Data(values=rows)).to_dict()
    assert vega_lite(drawing(inline(rows)))["data"]["values"][0]["dato"] != dt.date(2024, 1, 1)


def test_switched_off_altair_does_it_all(monkeypatch):
    from omgoerelse.core import tuning

    monkeypatch.setenv(tuning.ENV, "rows_aside")
    data = inline(ROWS)
    assert vega_lite(drawing(data)) == drawing(alt.Data(values=ROWS)).to_dict()
