"""Drawing with vl-convert (each chart's SVG and PNG) in a helper process beside the build.

vl-convert holds the GIL and draws on one core: from an empty cache about 1 s for this site
(starting its JavaScript runtime 0.3 s, the SVGs 0.5 s, the PNGs 0.2 s), which in the build's own
process would add to the data stages and to MkDocs. A `Renderer` starts the helper and its runtime
when the build starts, hands it each drawing as soon as its input is known (the SVGs once the tables
are assembled, a PNG once its SVG is on a page), and the build picks the result up where it needs
it. Every result goes through the content-addressed cache, so it is the same bytes whichever process
drew it, and nothing cached is drawn again.

The site's Vega bundle is not drawn here: it depends on vl-convert's version alone, so it is kept in
docs/assets/vega/ (see CONTRIBUTING.md), and a test holds it to what the pinned vl-convert makes."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Final

import vl_convert as vlc

from omgoerelse.core.tuning import on
from omgoerelse.site import cache

LOCALE: Final = "da-DK"
PNG_SCALE = 2  # for reports: twice the screen resolution
HELPERS = 1  # a second helper only fought the build for the two cores (measured: 0.2 s slower)

# What each kind of drawing is; by name, so a helper process is handed only the name and the input.
DRAW = {
    "svg": lambda vl: vlc.vegalite_to_svg(vl, format_locale=LOCALE, allowed_base_urls=[]).encode(
        "utf-8"
    ),
    "png": lambda svg: vlc.svg_to_png(svg, scale=PNG_SCALE),
}


def vega_bundle() -> bytes:
    """Vega, Vega-Lite and vega-embed in one file, as vl-convert bundles them (about 1 s)."""
    # The stubs make the optional snippet required; without one, the bundle is the libraries alone.
    return vlc.javascript_bundle().encode("utf-8")  # type: ignore[call-arg]


def start_runtime() -> None:
    """vl-convert starts its JavaScript runtime on the first drawing (0.3 s); a tiny one starts
    it."""
    vlc.vegalite_to_svg({"mark": "point"}, allowed_base_urls=[])


def chart_key(vl: dict) -> str:
    """The cache key of a chart's drawings: the spec, the locale and the renderer's version."""
    # The stubs leave out the module's __version__, which it has.
    return cache.key(vl, LOCALE, vlc.__version__)  # type: ignore[attr-defined]


def format_locale() -> dict:
    """Danish number and date formats for the interactive charts, the same the SVGs are drawn
    with."""
    return vlc.get_format_locale(LOCALE)


PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends


def die_with_the_build(build: int) -> None:
    """Run in each helper as it starts: the kernel kills it when the build's process ends, however
    that ends (SIGKILL, vl-convert aborting), so no helper outlives its build; and with the helpers
    gone, the resource tracker they share with the build ends too."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != build:  # the build ended before the line above took effect
        os._exit(0)


def draw(kind: str, digest: str, given: object) -> bytes:
    return cache.cached(kind, digest, lambda: DRAW[kind](given))


class Renderer:
    """Drawings under way in helper processes, by kind and cache key. With no helpers (a one-core
    machine, or a caller that wants one process) each drawing is made here when it is asked for."""

    def __init__(self, helpers: int = HELPERS):
        self.helpers = helpers if (os.cpu_count() or 1) > 1 and on("render_helper") else 0
        self._pool: ProcessPoolExecutor | None = None
        self._under_way: dict[tuple[str, str], Future] = {}

    def warm(self) -> None:
        """Start a helper and its runtime now, while the data stages run, so the first drawing does
        not wait for them. (One job: the pool does not promise to hand a second one to a second
        helper.)"""
        if self.helpers:
            self._helpers().submit(start_runtime)

    def start(self, kind: str, digest: str, given: object = None) -> None:
        """Hand a drawing to a helper, unless it is cached or already under way."""
        if not self.helpers or (kind, digest) in self._under_way or cache.has(kind, digest):
            return
        self._under_way[(kind, digest)] = self._helpers().submit(draw, kind, digest, given)

    def _helpers(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: the build's process has pyarrow's threads running by now
            self._pool = ProcessPoolExecutor(
                self.helpers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=die_with_the_build,
                initargs=(os.getpid(),),
            )
        return self._pool

    def get(self, kind: str, digest: str, given: object = None) -> bytes:
        """The drawing: from its helper if one has it under way, else from the cache or drawn
        here."""
        future = self._under_way.pop((kind, digest), None)
        if future is not None:
            try:
                return future.result()
            except BrokenProcessPool:  # a helper that died costs only speed
                pass
        return draw(kind, digest, given)

    def close(self) -> None:
        if self._pool is not None:
            # Waited for: a pool left to shut down at interpreter exit writes to a closed pipe
            # ("OSError: [Errno 9] Bad file descriptor", CPython issue 83279) and leaves a helper
            # behind.
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._under_way.clear()

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
