"""What a stage is: one job over the page, with a declared contract.

A stage reads what earlier stages set (`needs`) and sets one thing more (`sets`);
the pipeline checks the contract before running, so a stage list that drops a
stage another one depends on fails with a clear message, not an AttributeError.
"""
from __future__ import annotations

from typing import ClassVar

from ..config import Config
from ..model import Page


class Stage:
    """Subclass and override `run`. `name` is how config and the CLI refer to it."""

    name: ClassVar[str] = ""
    needs: ClassVar[tuple[str, ...]] = ()   # names of what must already be set
    sets: ClassVar[tuple[str, ...]] = ()    # names of what this stage provides

    def run(self, page: Page, config: Config) -> Page:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<stage {self.name}: needs {list(self.needs)} sets {list(self.sets)}>"
