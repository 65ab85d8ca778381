"""`banmian explain`: every line with the decision taken on it and why.

    line  width/column  action  role        article  text
      12    34/34       join    body        A1       会主义思想为指导…   ← sentence goes on across a column break
"""
from __future__ import annotations

from .model import Page


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def render(page: Page) -> str:
    block_of: dict[int, int] = {}
    for number, block in enumerate(page.blocks):
        for position in block.lines:
            block_of[position] = number
    out = [f"page {page.page_id}  encoding {page.encoding}  lines {len(page.lines)}  "
           f"blocks {len(page.blocks)}  articles {len(page.articles)}",
           f"{'line':>5} {'w/col':>7}  {'role':10} {'art':4} {'text':26} then (join with the next line, or break) because"]
    for position, line in enumerate(page.lines):
        if line.blank:
            out.append(f"{line.index + 1:>5} {'':>7}  {'(blank)':10}")
            continue
        number = block_of.get(position)
        block = page.blocks[number] if number is not None else None
        role = block.role if block else "-"
        article = f"A{block.article + 1}" if block is not None and block.article is not None else "-"
        column = block.column_width if block else 0
        label = f"{line.index + 1}" + (f".{line.part}" if line.part else "")
        boundary = page.boundaries.get(position)
        decision = f"{boundary.action:5} {boundary.reason}" if boundary else "end"
        out.append(f"{label:>5} {line.width:>3}/{column:<3}  {role:10} {article:4} "
                   f"{_short(line.text):26} {decision}")
    out.append("")
    out.append("articles:")
    for number, article in enumerate(page.articles):
        title = " / ".join(part for part in (article.kicker, article.headline, article.subtitle) if part) or "(no headline)"
        byline = article.byline.raw if article.byline else "-"
        out.append(f"  A{number + 1} {article.kind:7} {title}  byline: {byline}  paragraphs: {len(article.body)}"
                   + (f"  continued on {article.continued_on}" if article.continued_on else ""))
        for decision in article.decisions:
            out.append(f"      {decision.action}: {decision.reason}")
        for warning in article.warnings:
            out.append(f"      warning: {warning}")
    if page.unassigned:
        out.append("page-level:")
        for b in page.unassigned:
            out.append(f"  {page.blocks[b].role:10} {page.blocks[b].text}")
    assemble_notes = [d for d in page.decisions if d.stage in ("assemble", "dewrap") and d.action in
                      ("lead", "rejoin", "new-run", "split")]
    if assemble_notes:
        out.append("layout decisions:")
        for decision in assemble_notes:
            out.append(f"  line {decision.line + 1 if decision.line is not None else '-'}: {decision.action}: {decision.reason}")
    return "\n".join(out) + "\n"
