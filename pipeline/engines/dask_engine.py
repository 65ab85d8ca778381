"""A dask.distributed cluster (``--engine dask --scheduler tcp://host:8786``).

The same per-chunk function as the local engine is submitted to the cluster with
at most `window` chunks in flight; the driver takes the results in input order
and writes every file itself, so workers need to read the inputs (same paths, a
shared file system) but never write. Workers need banmian installed.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from . import Interrupted

POLL_SECONDS = 0.25
MISSING = ("the dask engine needs dask.distributed; install it with "
           "`pip install 'banmian[dask]'` (or `pip install 'dask[distributed]'`)")


def import_distributed():
    try:
        import distributed
    except ImportError:
        raise RuntimeError(MISSING) from None
    return distributed


class DaskEngine:
    name = "dask"

    def __init__(self, fn: Callable[..., list], args: tuple, scheduler: str | None, window: int | None = None,
                 stop: Callable[[], bool] = lambda: False, client=None):
        distributed = import_distributed()
        self.fn, self.args, self.stop = fn, args, stop
        self._own_client = client is None
        self.client = client or distributed.Client(scheduler, timeout="30s")
        self.jobs = max(1, sum(self.client.nthreads().values()))
        self.window = window or max(4, self.jobs * 3)
        self._timeout = distributed.TimeoutError if hasattr(distributed, "TimeoutError") else TimeoutError

    def _submit(self, chunk: list):
        return self.client.submit(self.fn, chunk, *self.args, pure=False)

    def _wait(self, future) -> Any:
        while True:
            try:
                return future.result(timeout=POLL_SECONDS)
            except (TimeoutError, self._timeout):
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
                window.append((chunk, self._submit(chunk)))

        fill()
        try:
            while window:
                chunk, future = window.popleft()
                try:
                    outcome = self._wait(future)
                except Interrupted:
                    raise
                except Exception as error:  # noqa: BLE001 - KilledWorker, lost connection, …
                    outcome = error
                finally:
                    future.release()
                yield chunk, outcome
                fill()
        finally:
            for _, future in window:
                future.cancel()
        if self.stop():
            raise Interrupted

    def one(self, chunk: list) -> list:
        future = self._submit(chunk)
        try:
            return self._wait(future)
        finally:
            future.release()

    def close(self, cancel: bool = False) -> None:
        if self._own_client:
            self.client.close()
