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
    """Lower this process's CPU priority (NICENESS), give Arrow the system's allocator and let that keep
    the memory it frees (see below); returns the name of Arrow's memory pool now."""
    os.nice(NICENESS)
    keep_freed_memory()
    return use_system_allocator()


# glibc's mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_MMAP_THRESHOLD = 32 * 1024 * 1024  # the largest glibc accepts


def keep_freed_memory() -> bool:
    """Ask glibc's malloc to keep freed memory for the next allocation instead of handing it back to the
    system; False where the C library is not glibc. A million-row check allocates and frees buffers of a
    few to tens of megabytes over and over: by default each above the (adaptive) mmap threshold is mapped
    afresh and faulted in page by page. Judging 1 M rows in a fresh process: 0.70–0.77 s against
    0.74–0.88 s (6 runs each). The process ends after one import, so what it keeps is not held for long."""
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library already loaded (find_library would run ldconfig)
    except AttributeError:
        return False
    return bool(mallopt(_M_TRIM_THRESHOLD, 2**31 - 1)) and bool(mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD))


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
