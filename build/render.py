"""Drawing with vl-convert (each chart's SVG and PNG, and the Vega bundle the site serves), in helper
processes beside the build.

vl-convert holds the GIL and draws on one core: from an empty cache about 2.7 s for this site (the
bundle 1 s, the SVGs 0.9 s, the PNGs 0.8 s), which in the build's own process would add to the data
stages and to MkDocs. A `Renderer` hands each drawing to a helper as soon as its input is known (the
bundle when the build starts, the SVGs once the tables are assembled, a PNG once its SVG is on a
page), and the build picks the result up where it needs it. Every result goes through the
content-addressed cache, so it is the same bytes whichever process drew it, and nothing cached
starts a helper.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import vl_convert as vlc

from omgoerelse import cache

LOCALE = "da-DK"
PNG_SCALE = 2  # for reports: twice the screen resolution
HELPERS = 2  # the bundle beside the SVGs, then the PNGs beside MkDocs
BUNDLE = cache.key("javascript_bundle", vlc.__version__)

# What each kind of drawing is; by name, so a helper process is handed only the name and the input.
DRAW = {
    "svg": lambda vl: vlc.vegalite_to_svg(vl, format_locale=LOCALE, allowed_base_urls=[]).encode("utf-8"),
    "png": lambda svg: vlc.svg_to_png(svg, scale=PNG_SCALE),
    "bundle": lambda _: vlc.javascript_bundle().encode("utf-8"),  # vega, vega-lite and vega-embed in one file
}


def chart_key(vl: dict) -> str:
    """The cache key of a chart's drawings: the spec, the locale and the renderer's version."""
    return cache.key(vl, LOCALE, vlc.__version__)


def format_locale() -> dict:
    """Danish number and date formats for the interactive charts, the same the SVGs are drawn with."""
    return vlc.get_format_locale(LOCALE)


def draw(kind: str, digest: str, given: object) -> bytes:
    return cache.cached(kind, digest, lambda: DRAW[kind](given))


class Renderer:
    """Drawings under way in helper processes, by kind and cache key. With no helpers (a one-core
    machine, or a caller that wants one process) each drawing is made here when it is asked for."""

    def __init__(self, helpers: int = HELPERS):
        self.helpers = helpers if (os.cpu_count() or 1) > 1 else 0
        self._pool: ProcessPoolExecutor | None = None
        self._under_way: dict[tuple[str, str], Future] = {}

    def start(self, kind: str, digest: str, given: object = None) -> None:
        """Hand a drawing to a helper, unless it is cached or already under way."""
        if not self.helpers or (kind, digest) in self._under_way or cache.has(kind, digest):
            return
        if self._pool is None:
            # spawn, not fork: the build's process has pyarrow's threads running by now
            self._pool = ProcessPoolExecutor(self.helpers, mp_context=multiprocessing.get_context("spawn"))
        self._under_way[(kind, digest)] = self._pool.submit(draw, kind, digest, given)

    def get(self, kind: str, digest: str, given: object = None) -> bytes:
        """The drawing: from its helper if one has it under way, else from the cache or drawn here."""
        future = self._under_way.pop((kind, digest), None)
        if future is not None:
            try:
                return future.result()
            except BrokenProcessPool:  # a helper that died costs only speed
                pass
        return draw(kind, digest, given)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self._under_way.clear()

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
