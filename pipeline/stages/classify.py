"""classify: give every block a role.

First by what the block says (a jump marker, a byline, furniture, a caption),
then by where it stands: a short line without final punctuation between two
paragraphs of the same column is an intertitle; the same line next to other
titles, a byline, a column of another width or the page edge is a headline part.
Kicker / headline / subtitle are told apart later, when titles are grouped.
"""
from __future__ import annotations

import regex

from ..config import Config
from ..model import Block, Page
from ..rules.chars import ends_sentence
from ..rules.chars import display_width
from ..rules.markers import (PHRASE_PAIR_INTERTITLE, BYLINE_BULLETS, LEADING_CONTINUATION, AD_LABEL, AD_LINE, CAPTION, CONTINUATION_MARKER, DATED_SUBTITLE, SECTION_LABEL, INDEX_LABEL, INLINE_BYLINE, MASTHEAD, NAME_ONLY,
                             NUMBERED_INTERTITLE, ROLE_ONLY, is_byline_line,
                             is_furniture, is_jump_marker)
from ..rules.wrap import looks_like_heading
from .base import Stage

MAX_TITLE_CHARS = 60
# a byline line that stops at a role word: its names are on the next line
# a byline that ends with its credit ("…摄", "文/图", "报道") is complete
COMPLETE_CREDIT = regex.compile(r"(?:摄|攝|摄影|攝影|文/图|文/圖|图/文|圖/文|报道|報道)\s*$")
ROLE_AT_END = regex.compile(r"(?:记者|記者|通讯员|通訊員|通讯|通訊|实习生|實習生|实习|實習|摄影|攝影)\s*$")
HEAD_BLOCKS = 3   # blocks at the top of a page where the masthead stands


def role_by_content(block: Block) -> tuple[str, str]:
    """The role a block's own text decides, and why."""
    text = block.text.strip()
    if LEADING_CONTINUATION.match(text) and LEADING_CONTINUATION.match(text).end() == len(text):
        return "body", "（上接第N版）: the article below goes on from another page"
    if is_jump_marker(text):
        return "teaser", "a pointer to another page (详见/全文见/转第N版)"
    if len(block.lines) <= 2 and is_byline_line(text):
        return "byline", "a standalone byline (记者/通讯员 and names)"
    if len(block.lines) == 1 and INDEX_LABEL.match(text):
        return "furniture", "the label of the page's index box (导读)"
    if len(block.lines) <= 2 and AD_LINE.match(text):
        return "furniture", "a line of an advertisement (phone, address, company, offer)"
    if len(block.lines) == 1 and is_furniture(text) and not ends_sentence(text):
        return "furniture", "page furniture (page label, editor, issue, weekday date)"
    if DATED_SUBTITLE.match(text):
        return "headline", "a date in brackets under a title"
    if len(text) <= 120 and CAPTION.search(text) and not INLINE_BYLINE.match(text):
        return "caption", "a photo credit (摄 / 图为)"
    if INLINE_BYLINE.match(text):
        return "body", "a news paragraph opening with its source (本报讯…)"
    if ((len(block.lines) <= 3 or (len(text) <= 40 and not any(mark in text for mark in "，。、；：！？")))
            and len(text) <= MAX_TITLE_CHARS and looks_like_heading(text) and not block.open_end):
        return "headline", "short and without final punctuation: a title"
    return "body", "running text"


class Classify(Stage):
    name = "classify"
    needs = ("blocks",)
    sets = ("roles",)

    def run(self, page: Page, config: Config) -> Page:
        blocks = page.blocks
        for number, block in enumerate(blocks):
            block.role, reason = role_by_content(block)
            # the page head: the paper's name above everything else
            if number < HEAD_BLOCKS and block.role == "headline" and MASTHEAD.match(block.text.strip()):
                block.role, reason = "furniture", "the paper's name at the head of the page (masthead)"
            elif block.role == "headline" and len(block.lines) == 1 and SECTION_LABEL.match(block.text.strip()):
                block.role, reason = "furniture", "a page section's label (栏目)"
            page.decide("classify", f"role={block.role}", reason, 0.8, page.lines[block.lines[0]].index)
        blocks = page.blocks = merge_byline_fragments(page, blocks)
        # an advertisement: its label and the short lines right after it (name, offer, phone, address)
        for index, block in enumerate(blocks):
            if block.role == "furniture" and AD_LABEL.match(block.text.strip()):
                for following in blocks[index + 1:index + 8]:
                    text = following.text.strip()
                    if (len(following.lines) > 2 or len(text) > 30 or ends_sentence(text)
                            or following.role in ("byline", "teaser")):
                        break
                    following.role = "furniture"
                    page.decide("classify", "role=furniture", "a line of the advertisement below its label", 0.6,
                                page.lines[following.lines[0]].index)
        # the paper's name recurs in the furniture ("金华新闻" / "金华新闻社出版"): a title
        # standing at the page head that names the paper is the masthead
        furniture_text = [b.text for b in blocks if b.role == "furniture"]
        for number, block in enumerate(blocks[:HEAD_BLOCKS + 2]):
            name = block.text.strip()
            if (block.role == "headline" and 2 <= len(name) <= 12 and " " not in name
                    and any(text != name and text.startswith(name) for text in furniture_text)):
                block.role = "furniture"
                page.decide("classify", "role=furniture", "the paper's name, as in the publisher line",
                            0.8, page.lines[block.lines[0]].index)
        # text right above （下转第N版） is the end of an article's column, not a title
        for index, block in enumerate(blocks):
            if (block.role == "teaser" and index > 0 and blocks[index - 1].role == "headline"
                    and CONTINUATION_MARKER.match(block.text.strip())
                    and len(blocks[index - 1].text) >= 8 and index > 1 and blocks[index - 2].role == "body"):
                blocks[index - 1].role = "body"
                page.decide("classify", "role=body", "the line above a （下转） marker ends an article's column",
                            0.7, page.lines[blocks[index - 1].lines[0]].index)
        # a title standing between two paragraphs of one column is an intertitle
        for index, block in enumerate(blocks):
            if block.role != "headline" or DATED_SUBTITLE.match(block.text):
                continue
            if page.lines[block.lines[0]].part == 1:
                continue  # cut off a wider line: it stood beside a column, not in it
            before = blocks[index - 1] if index > 0 else None
            after = blocks[index + 1] if index + 1 < len(blocks) else None
            numbered = NUMBERED_INTERTITLE.match(block.text) is not None
            if not (after and (after.role == "body" or (numbered and after.role in ("headline", "intertitle")))):
                continue
            phrase_pair = len(block.lines) == 1 and PHRASE_PAIR_INTERTITLE.match(block.text.strip()) is not None
            if (numbered and len(block.text) <= 40 and len(block.lines) <= 3) or (
                    phrase_pair and before is not None and before.role == "body"):
                block.role = "intertitle"
                page.decide("classify", "role=intertitle", "a numbered section head over running text", 0.75,
                            page.lines[block.lines[0]].index)
                continue
            if not (before and before.role == "body") or len(block.lines) != 1:
                continue
            same_column = abs(before.column_width - after.column_width) <= 4
            fits = page.lines[block.lines[0]].width < after.column_width
            paragraph_ended = ends_sentence(before.text) or NUMBERED_INTERTITLE.match(before.text) is not None
            if same_column and fits and (paragraph_ended or numbered) and not INLINE_BYLINE.match(after.text):
                block.role = "intertitle"
                page.decide("classify", "role=intertitle",
                            "a title between two paragraphs of the same column", 0.75,
                            page.lines[block.lines[0]].index)
        counts: dict[str, int] = {}
        for block in blocks:
            counts[block.role] = counts.get(block.role, 0) + 1
        page.stats["classify"] = counts
        return page


def merge_byline_fragments(page: Page, blocks: list[Block]) -> list[Block]:
    """A byline that the extractor cut into pieces ("本报记者" / "石秀琴" / "通讯员" /
    "叶琴毅", one per line) becomes one byline block: a role word standing alone
    takes the short name-only and role-only blocks that follow it."""
    merged: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        # a byline whose roles went onto two lines ("本报记者 杜娜 黎鑫" / "通讯员 郝建洁"),
        # or whose last name did ("本报记者 闫敏 魏毅柏 宋蕾桂" / "卢蕾")
        text = block.text.strip()
        role_left_open = merged and ROLE_AT_END.search(merged[-1].text.strip()) is not None
        previous_complete = bool(merged) and COMPLETE_CREDIT.search(merged[-1].text.strip()) is not None
        if (merged and merged[-1].role == "byline" and len(merged[-1].lines) + len(block.lines) <= 4
                and not previous_complete and not text.startswith(tuple(BYLINE_BULLETS))
                and (block.role == "byline" or (len(block.lines) == 1 and NAME_ONLY.match(text)
                                                 and display_width(text.replace(" ", "")) <= (
                                                     24 if role_left_open else 8)))):
            previous = merged.pop()
            block = Block(lines=previous.lines + block.lines, text=f"{previous.text.strip()} {block.text.strip()}",
                          original=f"{previous.original.strip()} {block.original.strip()}", role="byline",
                          column_width=previous.column_width, decisions=list(previous.decisions))
            merged.append(block)
            index += 1
            continue
        if len(block.lines) == 1 and ROLE_ONLY.match(block.text.strip()):
            parts = [block]
            following = index + 1
            while following < len(blocks) and len(parts) < 8:
                text = blocks[following].text.strip()
                if len(blocks[following].lines) == 1 and (ROLE_ONLY.match(text) or (
                        NAME_ONLY.match(text) and display_width(text.replace(" ", "")) <= 8)):
                    parts.append(blocks[following])
                    following += 1
                else:
                    break
            if len(parts) > 1 and not ROLE_ONLY.match(parts[-1].text.strip()):
                combined = Block(lines=[p for part in parts for p in part.lines],
                                 text=" ".join(part.text.strip() for part in parts),
                                 original=" ".join(part.original.strip() for part in parts),
                                 role="byline", column_width=block.column_width,
                                 decisions=list(block.decisions))
                page.decide("classify", "role=byline", "a role word standing alone and the names on the "
                            f"{len(parts) - 1} lines after it: one byline cut into pieces", 0.7,
                            page.lines[block.lines[0]].index)
                merged.append(combined)
                index = following
                continue
        merged.append(block)
        index += 1
    return merged
