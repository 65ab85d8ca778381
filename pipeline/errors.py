"""Errors that stop one page (never the batch)."""
from __future__ import annotations


class PageError(Exception):
    """A page could not be processed; `stage` names where and `reason` says why in one line."""

    def __init__(self, reason: str, stage: str = "read", path: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.stage = stage
        self.path = path

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.reason} (stage {self.stage})"
