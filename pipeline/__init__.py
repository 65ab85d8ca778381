"""banmian (版面): extracted text of Chinese newspaper pages → clean per-article JSON.

    >>> from pipeline import clean_page
    >>> articles = clean_page("本报讯（记者 方 茜）8月28日，会议召开。\\n")
    >>> articles[0].byline.reporters, articles[0].dateline
    (['方茜'], '8月28日')
"""
from __future__ import annotations

from .config import Config
from .errors import PageError
from .model import Article, Block, Byline, Line, Page
from .runner import Pipeline

__version__ = "0.1.0"
SCHEMA_VERSION = "1.0"


def clean_page(text: str | bytes, config: Config | None = None, page_id: str = "page") -> list[Article]:
    """Clean one page of extracted text; return its articles (teasers included)."""
    pipeline = Pipeline(config)
    page = pipeline.run_bytes(text, page_id) if isinstance(text, bytes) else pipeline.run_text(text, page_id)
    return page.articles


__all__ = ["Article", "Block", "Byline", "Config", "Line", "Page", "PageError", "Pipeline",
           "SCHEMA_VERSION", "__version__", "clean_page"]
