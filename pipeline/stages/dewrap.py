"""dewrap: join the lines of a paragraph back together.

Every boundary between two consecutive text lines gets a join-or-break decision
with its evidence. Blank lines are weak evidence: pdftotext leaves them both
between paragraphs and at column breaks in mid-sentence ("中国特色社⏎⏎会主义").

Signals, in order of strength:
  * the next line starts with a mark no line may start with (，、。…): join;
  * a byline, a jump marker (——详见第2版) or furniture on either side: break;
  * the line does not end a sentence: join, unless it is far shorter than its
    column (a heading or label) or the next line sits in a column of another width
    after a blank (another article between two columns of this one);
  * the line ends a sentence: break when it is short, when the next line opens
    like a paragraph (quote, numbering, the indent that pdftotext drops shows as a
    shorter first line) or when a blank follows; join when both lines are full.
"""
from __future__ import annotations

import re

from ..config import Config
from ..model import Block, Decision, Line, Page, line_chunks
from ..rules.chars import display_width, ends_clause, ends_sentence
from ..rules.overlap import content_chars
from ..rules.markers import (MARK_BYLINE, MARK_FURNITURE, MARK_JUMP, MARK_OPENS_BYLINE, NUMBERED_INTERTITLE,
                             OPEN_INLINE_BYLINE)
from ..rules.wrap import (balanced, cannot_start_line, column_width, join_text, looks_like_heading, opens_paragraph,
                          spaced_phrases, typical_width)
from .base import Stage

LOCAL_WINDOW = 3      # lines on each side that judge a line's column width in a long chunk
SMALL_CHUNK = 4       # chunks with fewer lines borrow the column width of a neighbour
HEADING_SHORTFALL = 8  # cells short of the column: a line without final mark is a heading
FUSED_EXCESS = 10      # cells wider than the column: a headline fused with a column line


def _column_widths(lines: list[Line], chunks: list[list[int]]) -> dict[int, int]:
    """Column width per line position: a chunk's own when it is large enough, else
    the nearest preceding large chunk's (or following, at the top of the page)."""
    own = [column_width([lines[p].width for p in chunk]) for chunk in chunks]
    large = [i for i, chunk in enumerate(chunks) if len(chunk) >= SMALL_CHUNK]
    # a page of small chunks only: the page's own typical full line
    page_width = column_width([lines[p].width for chunk in chunks for p in chunk]) if not large else 0
    widths: dict[int, int] = {}
    for i, chunk in enumerate(chunks):
        width = own[i]
        if len(chunk) < SMALL_CHUNK:
            if large:
                before = [j for j in large if j < i]
                after = [j for j in large if j > i]
                width = own[before[-1] if before else after[0]]
            else:
                width = page_width
            # two or more lines that agree on a wider width are a column of their own
            agreed = typical_width([lines[p].width for p in chunk])
            if len(chunk) >= 2 and agreed > width + 6 and sum(
                    1 for p in chunk if abs(lines[p].width - agreed) <= 2) >= 2:
                width = agreed
        if len(chunk) >= 2 * LOCAL_WINDOW + 1 and sum(1 for p in chunk if lines[p].width < width - 6) >= 3:
            # a long chunk can hold columns of different widths: judge each line by its
            # neighbours' agreed width, as long as it is not a stray outlier itself
            chunk_widths = [lines[p].width for p in chunk]
            for order, position in enumerate(chunk):
                window = chunk_widths[max(0, order - LOCAL_WINDOW):order + LOCAL_WINDOW + 1]
                local = typical_width(window)
                widths[position] = local if abs(local - width) > 4 else width
        else:
            for position in chunk:
                widths[position] = width
    return widths


def _split_fused(lines: list[Line], page: Page) -> list[Line]:
    """A headline set beside a column comes out on the same line as the column's
    first line ("橙色先锋 诠释“无悔青春”他苦练本领、敢挑重担、勤奋"). When a line
    that starts a block is far wider than the steady column of lines right below
    it, cut it so that the tail is as wide as a first line of that column (indent
    dropped) and the head is a balanced title without final punctuation."""
    result: list[Line] = []
    previous_text: Line | None = None
    count = len(lines)
    for position, line in enumerate(lines):
        candidate = (not line.blank and position + 1 < count
                     and line.width >= 1.4 * lines[position + 1].width >= 1  # quick reject
                     and len(line.text) == len(line.original))
        if candidate:
            starts_block = (previous_text is None or lines[position - 1].blank
                            or ends_sentence(previous_text.text))
            below = lines[position + 1:position + 5]
            candidate = starts_block and len(below) >= 3 and not any(l.blank for l in below[:2])
        if candidate:
            widths = [l.width for l in below if not l.blank]
            width = column_width(widths)
            steady = sum(1 for w in widths if abs(w - width) <= 4)
            candidate = (steady >= 3 and line.width >= width + FUSED_EXCESS and line.width >= 1.4 * width)
        if not candidate:
            result.append(line)
            if not line.blank:
                previous_text = line
            continue
        best = None
        text = line.text
        for at in range(2, len(text) - 1):
            head, tail = text[:at].rstrip(), text[at:].lstrip()
            tail_width = display_width(tail)
            if not (width - 8 <= tail_width <= width) or cannot_start_line(tail):
                continue
            if not head or not balanced(head) or not looks_like_heading(head) or display_width(head) < 6:
                continue
            # a title ends at a closing mark or a space more often than inside a word
            bonus = 3 if text[at - 1] in "”’」』）》 " else 0
            score = abs(tail_width - (width - 4)) - bonus
            if best is None or score < best[0]:
                best = (score, at)
        if best is None:
            result.append(line)
            previous_text = line
            continue
        head, tail = line.split(best[1])
        head.width, tail.width = display_width(head.text), display_width(tail.text)
        head.visual_width, tail.visual_width = head.width, tail.width
        page.decide("dewrap", "split", f"line {line.index + 1} is {line.width} cells wide, the column "
                    f"below it {width}: headline fused with the column's first line", 0.7, line.index)
        result.extend([head, tail])
        previous_text = tail
    return result


_ASCII_ALNUM = re.compile(r"[0-9A-Za-z]")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|\d{1,2}[.、．]\s*"
                        r"|第[一二三四五六七八九十]{1,3}[，、,])")


def _ascii_alnum_count(text: str) -> int:
    return len(_ASCII_ALNUM.findall(text))


def _title_line(line: Line, column: int) -> bool:
    """Far shorter than its column, no punctuation at all, no digits run: a title's line."""
    # 二、… / （三）…: the numbering's own mark is no punctuation of the title
    text = _NUMBERING.sub("", line.text) if NUMBERED_INTERTITLE.match(line.text) else line.text
    return (column - line.visual_width >= max(HEADING_SHORTFALL, column // 4) and 2 <= len(text) <= 14
            and not any(mark in text for mark in "，。、；：！？“”（）") and looks_like_heading(text))


def decide_boundary(before: Line, after: Line, width_before: int, width_after: int,
                    blank_between: bool, first_line_of_block: bool,
                    after_stands_alone: bool = False, inside_byline: bool = False) -> tuple[str, str, float]:
    """Join or break between two text lines; returns (action, reason, confidence).

    `after_stands_alone`: a blank line (or the end of the page) follows the next line."""
    if before.part == 1 and after.part == 2:
        return "break", "a title fused with the column's first line was cut off here", 0.7
    marked = before.mark(-1) or after.mark(-1)
    if marked and (after.mark(MARK_JUMP) or before.mark(MARK_JUMP)):
        return "break", "a jump marker (详见第N版) stands on its own", 1.0
    if cannot_start_line(after.text):
        return "join", f"next line starts with {after.text[0]!r}, which never starts a line", 0.95
    if (inside_byline or (before.mark(MARK_OPENS_BYLINE) and OPEN_INLINE_BYLINE.match(before.text))) \
            and not after.mark(MARK_JUMP):
        return "join", "the byline's bracket closes on the next line", 0.9
    if (not blank_between and len(content_chars(after.text)) <= 2 and looks_like_heading(after.text)
            and looks_like_heading(before.text) and not before.mark(MARK_BYLINE) and len(before.text) <= 30):
        return "join", "a title's last characters wrapped onto a line of their own", 0.7
    if (not blank_between and _title_line(before, width_before) and _title_line(after, width_after)
            and abs(before.visual_width - after.visual_width) <= 4 and not before.mark(-1) and not after.mark(-1)
            and not spaced_phrases(before.text) and not spaced_phrases(after.text)):
        return "join", "short lines without punctuation, one under the other: a title set in a narrow column", 0.6
    if marked:
        if after.mark(MARK_BYLINE | MARK_OPENS_BYLINE):
            return "break", "next line opens a byline or a news dateline", 0.95
        if before.mark(MARK_BYLINE):
            return "break", "this line is a byline", 0.95
        if before.mark(MARK_FURNITURE) or after.mark(MARK_FURNITURE):
            return "break", "page furniture (page label, editor, date)", 0.9
    # letter-spaced lines fill the column although they hold fewer characters
    shortfall = width_before - before.visual_width
    after_shortfall = width_after - after.visual_width
    if not ends_sentence(before.text):
        heading_shortfall = max(HEADING_SHORTFALL, width_before // 4)
        if (shortfall >= heading_shortfall and not ends_clause(before.text) and "。" not in before.text
                # digits and Latin letters are set narrower than their cells: allow for them
                and shortfall >= heading_shortfall + _ascii_alnum_count(before.text) // 2):
            return "break", f"short line ({before.width} of {width_before} cells) without final mark: a title or label", 0.8
        if blank_between and (spaced_phrases(before.text) or spaced_phrases(after.text)):
            return "break", "phrases set apart by a space, standing alone: a title", 0.7
        if blank_between and (before.visual_width >= width_before + 8 or after.visual_width >= width_after + 8):
            return "break", "a line far wider than its column stands apart: a title across columns", 0.7
        if (blank_between and abs(width_before - width_after) > 4 and width_before and width_after
                and not ends_clause(before.text)):
            return "break", (f"sentence goes on, but the next line is in a column {width_after} cells wide, "
                             f"not {width_before}: another item comes between"), 0.5
        if (after_shortfall >= HEADING_SHORTFALL + 2 and looks_like_heading(after.text)
                and (blank_between or after_stands_alone) and not ends_clause(before.text)):
            return "break", "next line stands alone, short and without final mark: a title", 0.55
        return "join", "sentence goes on" + (" across a column break" if blank_between else ""), 0.9
    # the line ends a sentence: is it also the end of a paragraph?
    evidence: list[str] = []
    score = 0.0
    if shortfall >= 6:
        score += 2.0
        evidence.append(f"short line ({before.width} of {width_before} cells)")
    elif shortfall >= 4:
        score += 1.0
        evidence.append(f"shortish line ({before.width} of {width_before} cells)")
    elif shortfall >= 2:
        score += 0.5
    if blank_between:
        score += 1.0
        evidence.append("blank line follows")
    if opens_paragraph(after.text):
        score += 1.0
        evidence.append("next line opens like a paragraph")
    if 3 <= after_shortfall <= 7 and not ends_sentence(after.text):
        score += 1.0
        evidence.append("next line is shorter by an indent")
    if after.indent >= 2:
        score += 1.0
        evidence.append("next line is indented")
    if after_shortfall >= HEADING_SHORTFALL and looks_like_heading(after.text):
        score += 1.0
        evidence.append("next line is a short title")
    if shortfall <= 1 and after_shortfall <= 1:
        score -= 1.0
        evidence.append("both lines full")
    if score >= 1.0:
        return "break", "sentence ends; " + ", ".join(evidence), min(0.95, 0.5 + score / 5)
    return "join", "sentence ends mid-paragraph" + (f" ({', '.join(evidence)})" if evidence else ""), 0.6


class Dewrap(Stage):
    name = "dewrap"
    needs = ("lines",)
    sets = ("blocks",)

    def run(self, page: Page, config: Config) -> Page:
        page.lines = _split_fused(page.lines, page)
        lines = page.lines
        chunks = line_chunks(lines)
        widths = _column_widths(lines, chunks)
        text_positions = [p for p, line in enumerate(lines) if not line.blank]
        blocks: list[Block] = []
        current: Block | None = None
        joins = breaks = 0
        for order, position in enumerate(text_positions):
            line = lines[position]
            if current is None:
                current = Block(lines=[position], text=line.text, original=line.original,
                                column_width=widths[position])
                continue
            previous = text_positions[order - 1]
            blank_between = position - previous > 1
            action, reason, confidence = decide_boundary(
                lines[previous], line, widths[previous], widths[position], blank_between,
                first_line_of_block=len(current.lines) == 1,
                after_stands_alone=position + 1 >= len(lines) or lines[position + 1].blank,
                inside_byline=len(current.text) < 80 and OPEN_INLINE_BYLINE.match(current.text) is not None)
            decision = Decision("dewrap", action, reason, confidence, line.index)
            current.decisions.append(decision)
            page.boundaries[previous] = decision
            if action == "join":
                joins += 1
                current.lines.append(position)
                # names in a byline end at the line end: keep them apart ("方 波⏎唐蕾凤")
                separator = " " if OPEN_INLINE_BYLINE.match(current.text) else ""
                current.text = join_text(current.text + separator, line.text)
                current.original = join_text(current.original + separator, line.original)
            else:
                breaks += 1
                interrupted = "another item comes between" in reason
                current.open_end = interrupted
                blocks.append(current)
                current = Block(lines=[position], text=line.text, original=line.original,
                                column_width=widths[position], decisions=[decision])
                current.continues = interrupted
        if current is not None:
            blocks.append(current)
        page.blocks = blocks
        page.stats["dewrap"] = {"blocks": len(blocks), "joins": joins, "breaks": breaks}
        return page
