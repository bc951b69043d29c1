"""Run independent jobs side by side on a machine with more than one core.

Reading and checking thousands of meeting files, rendering the pages and rendering the
feeds each take seconds of pure Python, and the parts of each share nothing: forked
workers do them while this process does its share or uses the results. The inputs reach a
worker by fork (no pickling of the programme), only the results come back, each with its
place, so the outcome is the same as a sequential run; where fork is not available, or the
work is small, it runs in order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, TypeVar

T = TypeVar("T")
MIN_MEETINGS = 300  # below this many meetings, starting a worker costs more than it saves
# Each worker holds a copy-on-write view of the programme (~100 MB at 10,000 meetings) and
# its own output: more workers than this would cost more memory than the time they save.
MAX_WORKERS = 4


def cores() -> int:
    """The cores this process may use: its CPU affinity (a container's cpuset), or fewer
    when MEETINGKIT_PROCESSES says so (1: everything in this process, e.g. to profile it)."""
    found = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    wanted = os.environ.get("MEETINGKIT_PROCESSES", "")
    if wanted.isdigit() and int(wanted) >= 1:
        return min(found or 1, int(wanted))
    return found or 1


_pending: Sequence[Callable[[], Any]] = ()


def _run(index: int) -> Any:
    return _pending[index]()


def _forking(jobs: int, meetings: int) -> bool:
    return (
        jobs >= 2
        and cores() >= 2
        and meetings >= MIN_MEETINGS
        and sys.platform.startswith("linux")  # fork is unsafe with macOS system libraries
        and "fork" in multiprocessing.get_all_start_methods()
    )


def as_done(jobs: Sequence[Callable[[], T]], meetings: int) -> Iterator[tuple[int, T]]:
    """(index, result) of each job as it is done, run in a worker per core (MAX_WORKERS at most).

    The caller is left free to use the results meanwhile (the build writes files while
    the workers render); a worker takes the next job when it is done with one, so uneven
    jobs even out. Where fork is not available, or the work is small, the jobs run here,
    in order.
    """
    global _pending
    if not _forking(len(jobs), meetings):
        yield from ((index, job()) for index, job in enumerate(jobs))
        return
    _pending = jobs
    gc.freeze()  # as in side_by_side
    try:
        context = multiprocessing.get_context("fork")
        workers = min(len(jobs), cores(), MAX_WORKERS)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {pool.submit(_run, index): index for index in range(len(jobs))}
            try:
                for future in as_completed(futures):
                    yield futures[future], future.result()
            finally:  # the caller failed or stopped early: start no more jobs
                for future in futures:
                    future.cancel()
    finally:
        _pending = ()
        gc.unfreeze()


def side_by_side(jobs: Sequence[Callable[[], T]], meetings: int) -> list[T]:
    """Each job's result, in order; the first runs here, the others in a worker."""
    global _pending
    if not _forking(len(jobs), meetings):
        return [job() for job in jobs]
    _pending = jobs
    # Objects that exist now are never collected in the worker: without this its garbage
    # collector would touch, and so copy, every page of the programme it inherited.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        workers = min(len(jobs) - 1, cores() - 1, MAX_WORKERS)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(_run, i) for i in range(1, len(jobs))]
            first = jobs[0]()
            return [first, *(future.result() for future in futures)]
    finally:
        _pending = ()
        gc.unfreeze()
