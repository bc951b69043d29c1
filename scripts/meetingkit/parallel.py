"""Run independent jobs side by side on a machine with more than one core.

Reading and checking thousands of meeting files, rendering the pages and rendering the
feeds each take seconds of pure Python, and the halves of each share nothing: a forked
worker does one while this process does the other. The inputs reach the worker by fork
(no pickling of the programme), only the results come back, in order, so the outcome is the
same as a sequential run; where fork is not available, or the work is small, it runs in order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
MIN_MEETINGS = 300  # below this many meetings, starting a worker costs more than it saves

_pending: Sequence[Callable[[], Any]] = ()


def _run(index: int) -> Any:
    return _pending[index]()


def side_by_side(jobs: Sequence[Callable[[], T]], meetings: int) -> list[T]:
    """Each job's result, in order; the first runs here, the others in a worker."""
    global _pending
    cores = os.cpu_count() or 1
    if (
        len(jobs) < 2
        or cores < 2
        or meetings < MIN_MEETINGS
        or not sys.platform.startswith("linux")  # fork is unsafe with macOS system libraries
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return [job() for job in jobs]
    _pending = jobs
    # Objects that exist now are never collected in the worker: without this its garbage
    # collector would touch, and so copy, every page of the programme it inherited.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        workers = min(len(jobs) - 1, cores - 1)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(_run, i) for i in range(1, len(jobs))]
            first = jobs[0]()
            return [first, *(future.result() for future in futures)]
    finally:
        _pending = ()
        gc.unfreeze()
