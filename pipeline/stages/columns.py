"""columns: put side-by-side columns (`pdftotext -layout`, row-wise OCR) into reading
order, so that the later stages see one column at a time, as in pdftotext's
default output. Text that is already one column per line passes untouched."""
from __future__ import annotations

import re

from ..config import Config
from ..model import Page
from ..rules.layout import looks_laid_out, reading_order
from .base import Stage
from .normalize import split_source_lines


_WIDE_GAP = re.compile(r"\S[ \u3000]{3,}\S")


def _has_wide_gaps(source: str, line_count: int) -> bool:
    """Enough lines hold a run of spaces between text to be side-by-side columns;
    most pages have none at all, found in one scan."""
    if line_count < 3 or not _WIDE_GAP.search(source):
        return False
    return looks_laid_out(source.splitlines())


class Columns(Stage):
    name = "columns"
    needs = ("source",)
    sets = ("reading_order",)

    def run(self, page: Page, config: Config) -> Page:
        spans = split_source_lines(page.source)
        if config.layout == "flow" or (config.layout == "auto" and not _has_wide_gaps(page.source, len(spans))):
            page.layout = "flow"
            page.reading_spans = [(index, start, end) for index, (start, end) in enumerate(spans)]
            page.stats["columns"] = {"layout": "flow"}
            return page
        page.reading_spans = reading_order(page.source, spans)
        page.layout = "columns"
        regions = 1 + sum(1 for index, _, _ in page.reading_spans if index < 0)
        page.stats["columns"] = {"layout": "columns", "pieces": len(page.reading_spans), "regions": regions}
        page.decide("columns", "reorder", f"columns side by side: read as {regions} regions, column by column")
        return page
