"""Worker processes on this machine (``--jobs N``).

A `ProcessPoolExecutor` rather than `multiprocessing.Pool.imap`: `imap` reads its
whole input eagerly and hangs for ever when a worker is killed (out of memory),
whereas an executor's futures raise `BrokenProcessPool`. Submission is windowed:
at most `window` chunks are in flight, and results are taken in input order.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent import futures
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from . import Interrupted

POLL_SECONDS = 0.25


def _worker_init(parent: int) -> None:
    # Ctrl-C reaches the whole process group; the driver alone decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the driver's handler, inherited by fork
    # A driver killed outright (SIGKILL, OOM killer) must not leave workers behind.
    if sys.platform == "linux":
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no prctl
            pass
    if os.getppid() != parent:  # the driver died before prctl took effect
        os._exit(1)


class LocalPool:
    name = "local"

    def __init__(self, fn: Callable[..., list], args: tuple, jobs: int, window: int | None = None,
                 stop: Callable[[], bool] = lambda: False):
        self.fn, self.args, self.jobs, self.stop = fn, args, jobs, stop
        self.window = window or jobs * 3
        self.generation = 0
        # fork: workers start at once with the pipeline already imported
        self._context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        self._start()

    def _start(self) -> None:
        self.generation += 1
        self.pool = futures.ProcessPoolExecutor(self.jobs, mp_context=self._context,
                                                initializer=_worker_init, initargs=(os.getpid(),))

    def _restart(self, generation: int) -> None:
        if generation == self.generation:  # not already restarted by an earlier failure
            self.pool.shutdown(wait=False, cancel_futures=True)
            self._start()

    def _submit(self, chunk: list) -> futures.Future:
        try:
            return self.pool.submit(self.fn, chunk, *self.args)
        except BrokenProcessPool as error:  # broke while earlier chunks ran: fail this one alike
            future: futures.Future = futures.Future()
            future.set_exception(error)
            return future

    def _wait(self, future: futures.Future) -> Any:
        while True:
            try:
                return future.result(timeout=POLL_SECONDS)
            except futures.TimeoutError:
                if self.stop():
                    raise Interrupted from None

    def map(self, chunks: Iterable[list]) -> Iterator[tuple[list, Any]]:
        window: deque = deque()
        source = iter(chunks)

        def fill() -> None:
            while len(window) < self.window and not self.stop():
                chunk = next(source, None)
                if chunk is None:
                    return
                window.append((chunk, self.generation, self._submit(chunk)))

        fill()
        while window:
            chunk, generation, future = window.popleft()
            try:
                outcome = self._wait(future)
            except BrokenProcessPool as error:
                if self.stop():
                    raise Interrupted from None
                self._restart(generation)
                outcome = error
            yield chunk, outcome
            fill()
        if self.stop():
            raise Interrupted

    def one(self, chunk: list) -> list:
        """Run one chunk alone in the pool; raises BrokenProcessPool if it kills its worker."""
        generation = self.generation
        try:
            return self._wait(self._submit(chunk))
        except BrokenProcessPool:
            self._restart(generation)
            raise

    def close(self, cancel: bool = False) -> None:
        self.pool.shutdown(wait=True, cancel_futures=cancel)
