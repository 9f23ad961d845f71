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

M_ARENA_MAX = -8  # glibc's mallopt parameter


def share_one_arena() -> None:
    """Let every thread allocate from one glibc arena. With an arena per thread, memory that one
    check freed could not serve the other check running beside it: peak memory at a million rows
    rose by some 100 MB. The large allocations are few, so the threads hardly wait for each other.
    """
    if plain("one_arena"):
        return
    with contextlib.suppress(OSError, AttributeError):  # not glibc: its own allocator decides
        ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, 1)


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
