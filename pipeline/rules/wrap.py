"""Line-wrap knowledge: how wide a column is, when a line is short, how to join.

Extracted newspaper text is cut at the column width. A paragraph end shows only
as a short line, a line ending a sentence followed by an indented (shorter) first
line, or a blank line that is not just a column break. These functions measure
those signals; the dewrap stage weighs them.
"""
from __future__ import annotations

import regex

from .chars import NO_LINE_START, OPENING, ends_clause, ends_sentence

# How a paragraph commonly opens: an opening quote or bracket, or numbering.
PARAGRAPH_OPENER = regex.compile(
    r"^(?:[“「『《【]|（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d{1,2}[.、．]\D)"
)


def join_text(left: str, right: str) -> str:
    """Join two wrapped pieces: nothing between Han characters or punctuation, a
    space only between two Latin words (English wraps at a space).

    >>> join_text("中国特色社", "会主义思想")
    '中国特色社会主义思想'
    >>> join_text("the new", "energy"), join_text("2023", "年"), join_text("约2", "0万")
    ('the new energy', '2023年', '约20万')
    """
    if not left:
        return right
    if not right:
        return left
    if left[-1].isascii() and left[-1].isalpha() and right[0].isascii() and right[0].isalpha():
        return f"{left} {right}"
    return left + right


def column_width(widths: list[int]) -> int:
    """The width of a full line in a column, from the widths of its lines.

    Paragraph ends are short and a few lines run long (punctuation compression,
    digits), so take the median of the lines that are at least 60 % of the widest.

    >>> column_width([28, 32, 32, 32, 33, 31, 22])
    32
    >>> column_width([])
    0
    """
    if not widths:
        return 0
    widest = max(widths)
    full = sorted(w for w in widths if w >= 0.6 * widest)
    return full[len(full) // 2]


def typical_width(widths: list[int], tolerance: int = 2) -> int:
    """The full-line width most lines agree on (within `tolerance` cells), the wider
    one on a tie: where lines of two columns share a chunk, each keeps its own.

    >>> typical_width([30, 30, 29, 76, 76, 30, 12])
    30
    >>> typical_width([32, 22, 12, 40])
    40
    """
    if not widths:
        return 0
    best, best_support = 0, -1
    for candidate in set(widths):
        support = sum(1 for w in widths if abs(w - candidate) <= tolerance)
        if support > best_support or (support == best_support and candidate > best):
            best, best_support = candidate, support
    if best_support == 1:
        return max(widths)  # no two lines agree: the widest is the column
    # the column is as wide as the widest line of that agreeing group
    return max(w for w in widths if abs(w - best) <= tolerance)


def cannot_start_line(text: str) -> bool:
    """Chinese typesetting never starts a line with these marks (禁则), so such a
    line continues the one before.

    >>> cannot_start_line("，警笛就是希望"), cannot_start_line("警笛")
    (True, False)
    """
    return bool(text) and text[0] in NO_LINE_START


def opens_paragraph(text: str) -> bool:
    """Starts like a paragraph: an opening quote, or numbering such as （一） or 一、.

    >>> opens_paragraph("“火灾救援现场"), opens_paragraph("（二）增强"), opens_paragraph("大城市")
    (True, True, False)
    """
    return bool(PARAGRAPH_OPENER.match(text))


def balanced(text: str) -> bool:
    """Brackets and Chinese quotes are closed.

    >>> balanced("诠释“无悔青春”"), balanced("诠释“无悔青")
    (True, False)
    """
    pairs = {"”": "“", "’": "‘", "）": "（", "》": "《", "」": "「", "』": "『", ")": "(", "】": "【"}
    stack: list[str] = []
    for char in text:
        if char in OPENING:
            stack.append(char)
        elif char in pairs:
            if not stack or stack[-1] != pairs[char]:
                return False
            stack.pop()
    return not stack


def looks_like_heading(text: str) -> bool:
    """A line that could be a title: it neither ends a sentence nor a clause.

    >>> looks_like_heading("苦练成钢，锻造过硬本领"), looks_like_heading("发展，现提出如下意见。")
    (True, False)
    >>> looks_like_heading("橙色先锋 诠释“无悔青春”"), looks_like_heading("城镇化正从快速增长期，")
    (True, False)
    """
    stripped = text.strip()
    return bool(stripped) and not ends_sentence(stripped) and not ends_clause(stripped)


_PHRASE_SPACE = regex.compile(r"\p{Han}[”’」』）]? [“‘「『（]?\p{Han}")


def spaced_phrases(text: str) -> bool:
    """Phrases set apart by a space and no punctuation at the end: how kickers and
    headlines are written ("补齐短板 国企改革结出新硕果"); running text has no
    such spaces once letter-spacing is collapsed.

    >>> spaced_phrases("补齐短板 国企改革结出新硕果"), spaced_phrases("坚持以习近平新时代中国特色社")
    (True, False)
    """
    return bool(_PHRASE_SPACE.search(text)) and looks_like_heading(text) and "。" not in text
