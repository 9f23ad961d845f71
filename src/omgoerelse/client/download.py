"""One HTTP download: same host only, an overall deadline, the body streamed through a sha256.

requests' `timeout` bounds each read, so a server sending a byte a second never trips it; here the
clock is checked after every chunk of the body that arrives (urllib3's read1 returns what has come,
however little), each read may wait at most the time left, and the headers are awaited on a thread
for at most the time left. Redirects are followed by hand, and only to
the same scheme, host and port as the site's address: a file is never taken from somewhere else.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from omgoerelse.client.errors import DeadlineExceeded, UnsafeRedirect

DEADLINE = 120.0  # seconds for one file, from the first byte asked to the last received
MAX_REDIRECTS = 5
CHUNK = 1 << 16
DEFAULT_PORTS = {"http": 80, "https": 443}


def origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or DEFAULT_PORTS.get(scheme, 0)


@dataclass(frozen=True)
class Download:
    """Where files may come from (the site's scheme, host and port) and how long each may take."""

    site: str
    deadline: float = DEADLINE

    def content(self, url: str) -> bytes:
        return b"".join(self.chunks(url))

    def into(self, url: str, out: BinaryIO) -> str:
        """Write the body to `out`; the sha256 of what was written."""
        digest = hashlib.sha256()
        for chunk in self.chunks(url):
            digest.update(chunk)
            out.write(chunk)
        return digest.hexdigest()

    def chunks(self, url: str) -> Iterator[bytes]:
        end = time.monotonic() + self.deadline
        with requests.Session() as session, self.response(session, url, end) as response:
            try:
                while chunk := self.read(response, url, end):
                    yield chunk
            except urllib3.exceptions.ReadTimeoutError as e:
                raise self.late(url) from e
            except urllib3.exceptions.HTTPError as e:
                # a connection cut mid-body: the same error as any other site that cannot be reached
                raise requests.ConnectionError(f"{url}: {e}") from e

    def read(self, response: requests.Response, url: str, end: float) -> bytes:
        """What has arrived (at least a byte, or b"" at the end), waiting at most the time left."""
        left = self.in_time(url, end)
        sock = getattr(getattr(response.raw, "connection", None), "sock", None)
        if sock is not None:
            sock.settimeout(left)  # each wait for the socket ends at the deadline, not after it
        return response.raw.read1(CHUNK, decode_content=True)

    def response(self, session: requests.Session, url: str, end: float) -> requests.Response:
        for _ in range(MAX_REDIRECTS + 1):
            self.same_site(url)
            left = self.in_time(url, end)
            try:
                response = self.headers(session, url, left)
            except requests.Timeout as e:  # the timeout was the time left
                raise self.late(url) from e
            if not response.is_redirect:
                if not response.ok:
                    response.close()
                    response.raise_for_status()
                return response
            response.close()
            url = urljoin(url, response.headers["location"])
        raise requests.TooManyRedirects(f"{url}: more than {MAX_REDIRECTS} redirects")

    def headers(self, session: requests.Session, url: str, left: float) -> requests.Response:
        """The response up to its headers, given up when the time left is over even if the
        headers trickle (each read has its timeout, the whole of them none). The request runs on a
        daemon thread; one given up ends when the server closes or stops sending."""
        got: list[requests.Response | BaseException] = []

        def ask() -> None:
            try:
                got.append(session.get(url, stream=True, allow_redirects=False, timeout=left))
            except BaseException as e:  # handed to the caller's thread
                got.append(e)

        worker = threading.Thread(target=ask, name="omgoerelse-download", daemon=True)
        worker.start()
        worker.join(left)
        if not got:
            raise self.late(url)
        if isinstance(got[0], BaseException):
            raise got[0]
        return got[0]

    def same_site(self, url: str) -> None:
        if origin(url) != origin(self.site):
            raise UnsafeRedirect(
                f"refused {url}: the client takes files only from {self.site} (the same scheme, "
                "host and port), never through a redirect to another"
            )

    def in_time(self, url: str, end: float) -> float:
        """The seconds left before the deadline; an error once there are none."""
        left = end - time.monotonic()
        if left <= 0:
            raise self.late(url)
        return left

    def late(self, url: str) -> DeadlineExceeded:
        return DeadlineExceeded(
            f"{url}: the download took more than its deadline of {self.deadline:g} s in all and "
            "was given up"
        )
