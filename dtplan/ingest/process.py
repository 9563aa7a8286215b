"""How a process that imports a batch and ends (`dtplan import`) sets itself up: Arrow's allocator, and a
CPU priority below the pages'. Not for the app's long-lived server, whose memory per session is measured
with Arrow's default allocator and whose pages must not wait for anything.
"""

from __future__ import annotations

import os

# A nice value as `nice` gives by default: on a 2-core server a 1 M-row import uses both cores, and a page
# reading beside it answered at 5.8–6.2× its idle p95 at the same priority, 2.1–2.8× at this one
# (bench/bench_import.py; the import itself is as fast on an idle machine).
NICENESS = 10


def set_up_import_process() -> str:
    """Lower this process's CPU priority (NICENESS) and give Arrow the system's allocator (see below);
    returns the name of Arrow's memory pool now."""
    os.nice(NICENESS)
    return use_system_allocator()


def use_system_allocator() -> str:
    """Make the C library's malloc Arrow's default memory pool; returns the pool's name. Arrays already made
    keep the pool they came from.

    A million-row CSV passes through a few gigabytes of short-lived Arrow buffers. With Arrow's default
    allocator on Linux, mimalloc, a fresh process paid for first touching that memory: judging 1 M rows
    took 1.47–1.52 s in a new process, 0.94–1.11 s with the system's malloc or with jemalloc. Not jemalloc:
    Arrow builds it with a background purging thread, set when the library loads, and where no thread can
    start (an address-space limit) jemalloc fills stderr with warnings."""
    import pyarrow as pa

    pool = pa.system_memory_pool()
    pa.set_memory_pool(pool)
    return pool.backend_name
