"""The plumbing: run the stage list over one page, time each stage, turn errors
into `PageError`s that name the stage."""
from __future__ import annotations

import time
from pathlib import Path

from .config import Config
from .errors import PageError
from .model import Page
from .stages import Stage, resolve


class Pipeline:
    """A stage list and a configuration. `Pipeline().run_bytes(data, "p1")` → Page."""

    def __init__(self, config: Config | None = None, stages: list | None = None):
        self.config = config or Config()
        self.stages: list[Stage] = resolve(stages if stages is not None else self.config.stages)

    def run(self, page: Page) -> Page:
        for stage in self.stages:
            started = time.perf_counter()
            try:
                page = stage.run(page, self.config)
            except PageError as error:
                error.stage = error.stage or stage.name
                raise
            except Exception as error:  # a bug in a stage: fail this page, name the stage, go on
                raise PageError(f"internal error: {type(error).__name__}: {error}", stage=stage.name) from error
            page.done.append(stage.name)
            page.stats.setdefault(stage.name, {})["seconds"] = round(time.perf_counter() - started, 6)
        return page

    def run_bytes(self, data: bytes, page_id: str) -> Page:
        return self.run(Page(page_id=page_id, raw_bytes=data))

    def run_text(self, text: str, page_id: str = "page") -> Page:
        return self.run(Page(page_id=page_id, source=text))

    def run_file(self, path: str | Path, page_id: str | None = None) -> Page:
        path = Path(path)
        page_id = page_id or path.stem
        try:
            if path.is_dir():
                raise PageError("is a directory, not a page (use `banmian batch` to recurse)", stage="read")
            size = path.stat().st_size
            if size > self.config.max_bytes:
                raise PageError(f"file is {size:,} bytes, over the limit of {self.config.max_bytes:,} "
                                f"(set max_bytes to raise it)", stage="read")
            data = path.read_bytes()
        except PageError as error:
            error.path = str(path)
            raise
        except OSError as error:
            raise PageError(f"cannot read: {error.strerror or error}", stage="read", path=str(path)) from None
        try:
            return self.run_bytes(data, page_id)
        except PageError as error:
            error.path = str(path)
            raise
