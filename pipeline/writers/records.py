"""Page → JSON-ready records: one per article (teasers included) and one page
record (kind "page") holding furniture, captions and whatever no article took,
so that every character of the input is somewhere a user can point to."""
from __future__ import annotations

from collections import Counter
from typing import Any

from ..config import Config
from ..model import Article, Page

SCHEMA_VERSION = "1.0"


def _span(page: Page, block_index: int, more_blocks: list[int] | None = None) -> dict[str, Any]:
    """Source lines and character offsets a block (and the blocks it continues in) came
    from: the smallest range holding them all, whatever order the stages read them in."""
    lines = [page.lines[p] for b in [block_index] + (more_blocks or []) for p in page.blocks[b].lines]
    return {"block": block_index, "role": page.blocks[block_index].role,
            "lines": [min(line.index for line in lines) + 1, max(line.index for line in lines) + 1],
            "start": min(line.start for line in lines), "end": max(line.end for line in lines)}


def article_record(page: Page, article: Article, number: int, config: Config, version: str) -> dict[str, Any]:
    body = []
    for item in article.body:
        entry: dict[str, Any] = {"type": item.type, "text": item.text,
                                 "source": _span(page, item.block, item.more_blocks)}
        if item.original is not None and config.convert:
            entry["original"] = item.original
        body.append(entry)
    record: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "id": f"{page.page_id}-{number:03d}",
        "page_id": page.page_id,
        "kind": article.kind,
        "kicker": article.kicker,
        "headline": article.headline,
        "subtitle": article.subtitle,
        "byline": article.byline.to_dict() if article.byline else None,
        "dateline": article.dateline,
        "lead": article.lead,
        "continued_on": article.continued_on,
        "continued_from": article.continued_from,
        "continuation_marker": article.continuation_marker,
        "continued_from_marker": article.continued_from_marker,
        "body": body,
        "text": "\n".join(item["text"] for item in body),
        "provenance": [_span(page, b) for b in sorted(set(article.blocks))],
        "warnings": list(article.warnings),
        "confidence": round(article.confidence, 3),
        "pipeline_version": version,
    }
    if config.convert:
        record["convert"] = config.convert
        record["original"] = {key: value for key, value in article.originals.items()}
    return record


def page_record(page: Page, config: Config, version: str) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = {"furniture": [], "captions": [], "unassigned": []}
    for b in page.unassigned:
        role = page.blocks[b].role
        key = "furniture" if role == "furniture" else "captions" if role == "caption" else "unassigned"
        entry = {"text": page.blocks[b].text, **_span(page, b)}
        if page.blocks[b].original != page.blocks[b].text:
            entry["original"] = page.blocks[b].original
        groups[key].append(entry)
    return {
        "schema_version": SCHEMA_VERSION,
        "id": f"{page.page_id}-page",
        "page_id": page.page_id,
        "kind": "page",
        "encoding": page.encoding,
        "lines": len(page.lines),
        "articles": sum(1 for a in page.articles if a.kind == "article"),
        "teasers": sum(1 for a in page.articles if a.kind == "teaser"),
        **groups,
        "warnings": list(page.warnings),
        # counts only: timings would make outputs differ between identical runs
        "stats": {stage: {k: v for k, v in values.items() if k != "seconds"}
                  for stage, values in page.stats.items()},
        "pipeline_version": version,
        "config": config.fingerprint(),
    }


def page_records(page: Page, config: Config, version: str) -> list[dict[str, Any]]:
    """All records of one page: its articles in reading order, then the page record."""
    records = [article_record(page, article, number + 1, config, version)
               for number, article in enumerate(page.articles)]
    records.append(page_record(page, config, version))
    return records


def placed_characters(records: list[dict[str, Any]]) -> Counter:
    """Non-space characters of every field that holds source text (the dateline is
    a copy of body text and does not count)."""
    counter: Counter = Counter()

    def add(text: str | None) -> None:
        if text:
            counter.update(c for c in text if not c.isspace())

    for record in records:
        if record["kind"] == "page":
            for key in ("furniture", "captions", "unassigned"):
                for entry in record[key]:
                    add(entry.get("original", entry["text"]))
            continue
        original = record.get("original") or {}
        for key in ("kicker", "headline", "subtitle", "lead", "continuation_marker", "continued_from_marker"):
            add(original.get(key, record.get(key)))
        if record.get("byline"):
            add(original.get("byline", record["byline"]["raw"]))
        for item in record["body"]:
            add(item.get("original", item["text"]))
    return counter


def source_characters(page: Page) -> Counter:
    """Non-space characters of the decoded input, line by line in file order, after
    character repair and before conversion — independent of how the stages cut,
    reordered or joined the lines."""
    from ..rules.normalize import normalize_line
    from ..stages.normalize import split_source_lines

    counter: Counter = Counter()
    for start, end in split_source_lines(page.source):
        text, _ = normalize_line(page.source[start:end])
        counter.update(c for c in text if not c.isspace())
    return counter
