"""What the client trusts, and why: a version's SHA256SUMS only when its own sha256 is vouched for.

Every file is checked against its sha256 in the version's SHA256SUMS, so everything rests on that
list. A list fetched from the site proves nothing by itself: a forged mirror serves an altered file
with a SHA256SUMS that matches it. So the list's own sha256 must come from somewhere else first:

- A pinned released version is checked against `released.json` beside this module, shipped in the
  package: the sha256 of each released version's SHA256SUMS, written by `omgoerelse release` when it
  freezes the version (and held to releases/ by the tests). A released version never changes, so
  the digest is known before the first download, and a forged mirror is refused even on first use.
- A version released after the installed package, and "latest", are checked against the digest the
  site publishes in data/versions.json. That catches a damaged, cut short or half-updated list, and
  a mirror that alters files without also rewriting versions.json; it cannot catch a site forged
  whole, which only the shipped digests can (pin a version to have them).

The list is parsed strictly (core.checksums.parse_sums): every name a plain relative path inside the
version's folder. Only then is it cached, and the files it lists likewise only once verified.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from omgoerelse.client.download import Download
from omgoerelse.client.errors import IntegrityError
from omgoerelse.client.source import Source
from omgoerelse.core.checksums import (
    DIGEST_KEY,
    LATEST_DIGEST_KEY,
    SUMS,
    parse_sums,
    parse_version,
)
from omgoerelse.core.errors import BuildError

ANCHORS = Path(__file__).with_name("released.json")
VERSIONS = "versions.json"


@functools.cache
def shipped_anchors() -> dict[str, str]:
    """Version -> sha256 of its SHA256SUMS, for every version released before this package."""
    return json.loads(ANCHORS.read_text(encoding="utf-8")) if ANCHORS.is_file() else {}


def anchors_text(digests: dict[str, str]) -> str:
    """released.json's bytes: oldest version first, one line per version."""
    ordered = sorted(digests, key=parse_version)
    return json.dumps({v: digests[v] for v in ordered}, indent=1) + "\n"


def published_digest(source: Source, download: Download) -> str:
    """The sha256 of the version's SHA256SUMS as the site's versions.json gives it."""
    url = f"{source.site}data/{VERSIONS}"
    data = download.content(url)
    try:
        catalogue = json.loads(data)
        if source.version == "latest":
            digest = catalogue.get(LATEST_DIGEST_KEY)
        else:
            entry = [v for v in catalogue["versions"] if v.get("version") == source.version]
            digest = entry[0].get(DIGEST_KEY) if entry else None
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise IntegrityError(f"{url} is not the site's list of versions: {e}") from e
    if not isinstance(digest, str):
        raise IntegrityError(
            f"{url} gives no sha256 for the SHA256SUMS of version {source.version}, so its files "
            "cannot be checked"
        )
    return digest


def expected_digest(source: Source, download: Download) -> str:
    return shipped_anchors().get(source.version) or published_digest(source, download)


def verified_sums(data: bytes, digest: str | None, where: str) -> dict[str, str]:
    """The list in `data`, if its sha256 is `digest` (None: read from the cache, verified when
    written there) and every line is well formed; otherwise nothing of it is used."""
    if digest is not None and hashlib.sha256(data).hexdigest() != digest:
        raise IntegrityError(
            f"{where}: its sha256 is not the one vouched for ({digest[:12]}…), so none of the "
            "files it lists can be trusted; nothing was cached"
        )
    try:
        return parse_sums(data.decode("utf-8"), where)
    except UnicodeDecodeError as e:
        raise IntegrityError(f"{where}: not a {SUMS} (not UTF-8 text); nothing was cached") from e
    except BuildError as e:
        raise IntegrityError(f"{e}\nthe whole {SUMS} is refused; nothing was cached") from e
