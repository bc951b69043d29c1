"""Run independent renderers side by side on a machine with more than one core.

The feeds and the HTML pages of a large programme each take seconds of pure Python; they
share nothing, so a forked worker can render one while this process renders the other.
The inputs reach the worker by fork (no pickling of the programme), only the finished
bytes come back. The result is the same dictionary a sequential run gives, so output stays
byte-identical; where fork is not available, or the programme is small, it runs in order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
MIN_MEETINGS = 300  # below this, starting a worker costs more than it saves

_pending: Sequence[Callable[[], Any]] = ()


def _run(index: int) -> Any:
    return _pending[index]()


def render_all(renderers: Sequence[Callable[[], T]], meetings: int) -> list[T]:
    """Each renderer's result, in order; the first runs here, the others in a worker."""
    global _pending
    cores = os.cpu_count() or 1
    if (
        len(renderers) < 2
        or cores < 2
        or meetings < MIN_MEETINGS
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return [render() for render in renderers]
    _pending = renderers
    # Objects that exist now are never collected in the worker: without this its garbage
    # collector would touch, and so copy, every page of the programme it inherited.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        workers = min(len(renderers) - 1, cores - 1)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(_run, i) for i in range(1, len(renderers))]
            first = renderers[0]()
            return [first, *(future.result() for future in futures)]
    finally:
        _pending = ()
        gc.unfreeze()
