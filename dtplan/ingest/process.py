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
    """Lower this process's CPU priority (NICENESS) and give Arrow jemalloc (see below); returns the name
    of Arrow's memory pool now."""
    os.nice(NICENESS)
    return use_jemalloc()


def use_jemalloc() -> str:
    """Make jemalloc Arrow's default memory pool where this pyarrow has it (else the system's malloc);
    returns the pool's name. Arrays already made keep the pool they came from.

    A million-row CSV passes through a few gigabytes of short-lived Arrow buffers. With Arrow's default
    allocator on Linux, mimalloc, a fresh process paid for first touching that memory: judging 1 M rows
    took 1.41–1.58 s in a new process against 0.78–0.88 s in a warm one; with jemalloc (or the system's
    malloc) 0.99–1.03 s."""
    import pyarrow as pa

    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:
        pool = pa.system_memory_pool()
    pa.set_memory_pool(pool)
    return pool.backend_name
