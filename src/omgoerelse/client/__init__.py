"""Fetch a table from the published site: pinned to a version or the latest, every file checked.

    from omgoerelse.client import load
    df = load("sager_efter_udfald", version="1.0.0")     # pandas DataFrame
    table = load_arrow("sager_efter_udfald")              # pyarrow Table, latest version

Each version folder on the site has a SHA256SUMS, and every file is checked against its sha256 from
there; the list itself is checked first against a digest the client already trusts (see
`client.trust`: shipped in the package for released versions), so a damaged, altered or forged file
is refused and never cached. Nothing is cached before it is verified, and every cached file is
written whole or not at all. Downloads come only from the site's own scheme, host and port, and each
has an overall deadline. A released version never changes, so once cached it is read from disk, also
offline. The table's datapackage.json comes along, and its `hash` of each file must agree too.
"latest" asks the site for its current SHA256SUMS and falls back to the cached one when the site
cannot be reached.
"""

from __future__ import annotations

from omgoerelse.client.download import DEADLINE
from omgoerelse.client.errors import DeadlineExceeded, IntegrityError, UnsafeRedirect
from omgoerelse.client.fetch import checksums, fetch
from omgoerelse.client.source import Source, default_base_url, default_cache

__all__ = [
    "DEADLINE",
    "DeadlineExceeded",
    "IntegrityError",
    "Source",
    "UnsafeRedirect",
    "checksums",
    "default_base_url",
    "default_cache",
    "fetch",
    "load",
    "load_arrow",
]


def load_arrow(table: str, version: str = "latest", **where):
    """The table as a pyarrow Table, typed as published (from its Parquet file)."""
    import pyarrow.parquet as pq

    path = fetch(table, version, files=[f"{table}.parquet"], **where)[f"{table}.parquet"]
    return pq.read_table(path)


def load(table: str, version: str = "latest", **where):
    """The table as a pandas DataFrame; integers with gaps stay integers (nullable Int64)."""
    import pandas as pd
    import pyarrow as pa

    nullable = {
        pa.int64(): pd.Int64Dtype(),
        pa.int32(): pd.Int32Dtype(),
        pa.bool_(): pd.BooleanDtype(),
        pa.string(): pd.StringDtype(),
    }
    return load_arrow(table, version, **where).to_pandas(types_mapper=nullable.get)
