"""bylines: parse each article's byline into source, reporters, correspondents,
photographers and dateline; take an inline byline (本报讯（记者…）) off the first
paragraph so that the paragraph holds only the news text."""
from __future__ import annotations

from ..config import Config
from ..model import Page
from ..rules.bylines import parse_people, split_inline_byline
from .base import Stage


class Bylines(Stage):
    name = "bylines"
    needs = ("articles",)
    sets = ("bylines",)

    def run(self, page: Page, config: Config) -> Page:
        parsed = 0
        for article in page.articles:
            for b in article.blocks:
                if page.blocks[b].role == "byline" and article.byline is None:
                    article.byline = parse_people(page.blocks[b].text)
                    if page.blocks[b].original != page.blocks[b].text:
                        article.originals["byline"] = parse_people(page.blocks[b].original).raw
                    parsed += 1
            if article.body and article.body[0].type == "paragraph":
                first = article.body[0]
                split = split_inline_byline(first.text)
                if split is not None:
                    byline, rest, dateline = split
                    if article.byline is None:
                        article.byline = byline
                    else:  # two bylines: keep both texts, the standalone one leads
                        article.byline.raw = f"{article.byline.raw} {byline.raw}"
                        article.byline.source = article.byline.source or byline.source
                        for name in byline.reporters:
                            if name not in article.byline.reporters:
                                article.byline.reporters.append(name)
                    article.dateline = dateline
                    if first.original is not None:
                        original_split = split_inline_byline(first.original)
                        if original_split is not None:
                            first.original = original_split[1]
                            article.originals["byline"] = original_split[0].raw
                    first.text = rest
                    parsed += 1
                    if not rest:
                        article.body.pop(0)
        page.stats["bylines"] = {"parsed": parsed}
        return page
