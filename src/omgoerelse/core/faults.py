"""Kill points for the tests of what a cut-off build or release leaves behind.

`OMGOERELSE_FAULT=<point>` makes the process die at that point as a crash or `kill -9` would
(exit 137, no clean-up, no `finally`), so a test can show that the next run recovers from exactly
that state. Unset, as always outside the tests, a point costs one dictionary lookup.
"""

from __future__ import annotations

import os

ENV = "OMGOERELSE_FAULT"
KILLED = 137  # the exit status of a process killed by SIGKILL, as a shell reports it


def fault_point(name: str) -> None:
    if os.environ.get(ENV) == name:
        os._exit(KILLED)
