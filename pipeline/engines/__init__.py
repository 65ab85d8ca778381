"""Engines run one function over chunks of pages and give the results back in
input order, with a bounded number of chunks in flight (memory stays flat however
many pages a run has).

    engine.map(chunks)   -> iterator of (chunk, results | BaseException), in order
    engine.one(chunk)    -> results of one chunk run alone (after a failure), or raises
    engine.close(cancel) -> stop; drop what has not started when `cancel`

`InProcess` runs in the driver (``--jobs 1``), `LocalPool` in worker processes
(``--jobs N``), `DaskEngine` on a dask.distributed cluster (``--engine dask``).
An engine never writes anything: the driver does, in order.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any


class Interrupted(BaseException):
    """Raised by an engine when the driver asked it to stop (SIGINT / SIGTERM)."""


class InProcess:
    name = "local"

    def __init__(self, fn: Callable[..., list], args: tuple = (), stop: Callable[[], bool] = lambda: False):
        self.fn, self.args, self.stop = fn, args, stop
        self.jobs = 1

    def map(self, chunks: Iterable[list]) -> Iterator[tuple[list, Any]]:
        for chunk in chunks:
            if self.stop():
                raise Interrupted
            yield chunk, self.fn(chunk, *self.args)

    def one(self, chunk: list) -> list:
        return self.fn(chunk, *self.args)

    def close(self, cancel: bool = False) -> None:
        pass


def make_engine(kind: str, fn: Callable[..., list], args: tuple, jobs: int, scheduler: str | None,
                stop: Callable[[], bool], client=None):
    """`client`: an existing dask.distributed Client to use instead of connecting to `scheduler`."""
    if kind == "dask":
        from .dask_engine import DaskEngine

        return DaskEngine(fn, args, scheduler, stop=stop, client=client)
    if jobs <= 1:
        return InProcess(fn, args, stop=stop)
    from .local import LocalPool

    return LocalPool(fn, args, jobs, stop=stop)


__all__ = ["InProcess", "Interrupted", "make_engine"]
