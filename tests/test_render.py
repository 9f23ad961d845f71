"""Drawings made in the helper processes are the same bytes as drawings made in the build's own
process, and a drawing that is cached never starts a helper."""

from pathlib import Path

import vl_convert as vlc

from omgoerelse.site import cache, render

SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "width": 200,
    "data": {
        "values": [
            {"kommune": "Norddjurs", "procent": 31.4},
            {"kommune": "Aarhus", "procent": 12.5},
        ]
    },
    "mark": "bar",
    "encoding": {
        "x": {"field": "procent", "type": "quantitative", "axis": {"format": ",.1f"}},
        "y": {"field": "kommune", "type": "nominal"},
    },
}


def drawn(renderer: render.Renderer) -> tuple[bytes, bytes]:
    key = render.chart_key(SPEC)
    renderer.start("svg", key, SPEC)
    svg = renderer.get("svg", key, SPEC)
    renderer.start("png", key, svg.decode("utf-8"))
    return svg, renderer.get("png", key, svg.decode("utf-8"))


def test_helpers_draw_the_same_bytes_and_a_cached_drawing_starts_none(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "here"))
    with render.Renderer(helpers=0) as here:
        svg, png = drawn(here)
    assert "31,4" in svg.decode("utf-8"), "Danish numbers on the axis"
    assert png.startswith(b"\x89PNG")

    monkeypatch.setenv(cache.ENV, str(tmp_path / "helpers"))
    with render.Renderer(helpers=1) as helpers:
        assert drawn(helpers) == (svg, png)
        assert (helpers._pool is not None) == (helpers.helpers > 0), (
            "an empty cache sends the drawing to a helper (given two cores)"
        )
    with render.Renderer(helpers=1) as again:
        assert drawn(again) == (svg, png)
        assert again._pool is None, "a cached drawing starts no helper"


def test_the_sites_vega_bundle_is_the_one_the_pinned_vl_convert_makes():
    # The site serves the bundle from docs/assets/vega/; the SVGs are drawn by the same vl-convert,
    # so the interactive chart runs the Vega and Vega-Lite that drew the static one.
    kept = (Path(__file__).parents[1] / "docs/assets/vega/vega-bundle.js").read_bytes()
    assert kept == render.vega_bundle(), (
        f"docs/assets/vega/vega-bundle.js is not what vl-convert {vlc.__version__} bundles; after "
        "upgrading "
        'vl-convert run: python -c "from pathlib import Path; from omgoerelse.site.render import '
        "vega_bundle; "
        "Path('docs/assets/vega/vega-bundle.js').write_bytes(vega_bundle())\""
    )
    licenses = (Path(__file__).parents[1] / "docs/assets/vega/LICENSES.txt").read_text(
        encoding="utf-8"
    )
    assert (
        f"vl-convert-python {vlc.__version__}" in licenses
        and f"Vega {vlc.get_vega_version()}," in licenses
    ), "LICENSES.txt names the versions in the bundle"
