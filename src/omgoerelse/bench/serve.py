"""The built site served on 127.0.0.1 with gzip, as a production host serves it, counting the
requests and bytes it sends."""

from __future__ import annotations

import gzip
import http.server
import io
import threading
from functools import partial
from pathlib import Path


class Tally:
    """Requests and bytes (headers and bodies) the server sent. Counted here, not in the browser:
    the browser's count leaves out what a web worker fetches (Material's search worker, for one)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = self.bytes = 0

    def reset(self) -> None:
        with self.lock:
            self.requests = self.bytes = 0

    def add(self, requests: int, size: int) -> None:
        with self.lock:
            self.requests += requests
            self.bytes += size


class CountingWriter:
    def __init__(self, raw, tally: Tally):
        self.raw, self.tally = raw, tally

    def write(self, data) -> int:
        self.tally.add(0, len(data))
        return self.raw.write(data)

    def __getattr__(self, name):
        return getattr(self.raw, name)


def gzipped(path: Path) -> bytes:
    return gzip.compress(path.read_bytes(), 6, mtime=0)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with gzip, as any production host or CDN would serve them."""

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        self.wfile = CountingWriter(self.wfile, self.server.tally)

    def log_request(self, code="-", size="-"):
        self.server.tally.add(1, 0)  # called once for every response sent

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


class CountingServer(http.server.ThreadingHTTPServer):
    """A threading HTTP server with a tally of what it sent."""

    tally: Tally


def serve(folder: Path) -> tuple[CountingServer, str]:
    """The folder served on a free port of 127.0.0.1, and its address."""
    httpd = CountingServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(folder)))
    httpd.tally = Tally()
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"
