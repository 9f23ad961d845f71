"""Memory a stage freed, given back to the system before the next stage starts.

glibc and Arrow's memory pool keep freed blocks for reuse. At a million rows that held some 250 MB
that no later stage needed, and it counts against the build's peak memory like live data.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc

import pyarrow as pa

from omgoerelse.core.tuning import plain


def release_memory(collect: bool = True) -> None:
    """`collect=False` skips Python's garbage collection, which takes a tenth of a second when
    hundreds of thousands of objects (a large derived code list) are alive."""
    if plain("memory_returned"):
        return
    if collect:
        gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    pa.default_memory_pool().release_unused()
