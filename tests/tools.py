"""What the tests need beyond Python: Debian's chromium and R, axe-core from npm, and the site
served on 127.0.0.1.

Installs what is missing (chromium and R with apt-get, axe-core with npm), so the README's test
command works on a fresh machine. No browser is downloaded by a test tool.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import threading
from pathlib import Path

from omgoerelse.bench.browser import CHROMIUM, FLAGS  # noqa: F401 (the benchmark's browser is the tests')

AXE_DIR = Path(__file__).resolve().parent / ".axe"
AXE = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"


def apt_install_if_missing(program: str, *packages: str, recommends: bool = True) -> str:
    """The program's path, installing its Debian packages first when it is missing."""
    if not shutil.which(program):
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        flags = [] if recommends else ["--no-install-recommends"]
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", *flags, *packages],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    return shutil.which(program) or program


def ensure_chromium() -> str:
    apt_install_if_missing(CHROMIUM, "chromium")
    return CHROMIUM


def ensure_rscript() -> str:
    # 36 packages, not 650
    return apt_install_if_missing("Rscript", "r-base-core", "r-cran-readr", recommends=False)


def ensure_axe() -> Path:
    if not AXE.exists():
        AXE_DIR.mkdir(exist_ok=True)
        subprocess.run(
            [
                shutil.which("npm") or "npm",
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(AXE_DIR),
                "axe-core@4",
            ],
            check=True,
            capture_output=True,
        )
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
