"""columns: put side-by-side columns (`pdftotext -layout`, row-wise OCR) into reading
order, so that the later stages see one column at a time, as in pdftotext's
default output. Text that is already one column per line passes untouched."""
from __future__ import annotations

from ..config import Config
from ..model import Page
from ..rules.layout import looks_laid_out, reading_order
from .base import Stage
from .normalize import split_source_lines


class Columns(Stage):
    name = "columns"
    needs = ("source",)
    sets = ("reading_order",)

    def run(self, page: Page, config: Config) -> Page:
        spans = split_source_lines(page.source)
        sample = [page.source[start:end] for start, end in spans]
        if config.layout == "flow" or (config.layout == "auto" and not looks_laid_out(sample)):
            page.layout = "flow"
            page.stats["columns"] = {"layout": "flow"}
            return page
        page.reading_spans = reading_order(page.source, spans)
        page.layout = "columns"
        regions = 1 + sum(1 for index, _, _ in page.reading_spans if index < 0)
        page.stats["columns"] = {"layout": "columns", "pieces": len(page.reading_spans), "regions": regions}
        page.decide("columns", "reorder", f"columns side by side: read as {regions} regions, column by column")
        return page
