"""What the tests need beyond Python: Debian's chromium and R, axe-core from npm, and the site
served on 127.0.0.1.

`tests/install-tools.sh` installs them (the README's test command runs it first); a test never
installs anything, and says which step is missing instead. No browser is downloaded by a test tool.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

from omgoerelse.bench.browser import CHROMIUM, FLAGS  # noqa: F401 (the benchmark's browser is the tests')

AXE_DIR = Path(__file__).resolve().parent / ".axe"
AXE = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"


INSTALL = "run tests/install-tools.sh first (the README's test command does)"


def required(program: str) -> str:
    """The program's path; a clear failure naming the install step where it is missing."""
    path = shutil.which(program)
    if not path:
        raise RuntimeError(f"{program} is not installed: {INSTALL}")
    return path


def ensure_chromium() -> str:
    return CHROMIUM if os.path.exists(CHROMIUM) else required("chromium")


def ensure_rscript() -> str:
    return required("Rscript")


def ensure_axe() -> Path:
    if not AXE.exists():
        raise RuntimeError(f"axe-core is not installed in {AXE_DIR}: {INSTALL}")
    return AXE


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Server:
    """The built site on 127.0.0.1 at a free port, for as long as the `with` block lasts."""

    def __init__(self, folder: Path):
        handler = functools.partial(QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self) -> Server:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def inline_rows(node):
    """Every inline data row of a Vega-Lite spec."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from (v if k == "values" and isinstance(v, list) else inline_rows(v))
    elif isinstance(node, list):
        for x in node:
            yield from inline_rows(x)
