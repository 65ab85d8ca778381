"""Character-level repairs of one extracted line.

Each function fixes one text problem and keeps a map from every output character
back to its offset in the input line, so that provenance survives normalisation.

What is deliberately *not* done: NFKC. It would turn ，。：（ into , . : ( and so
damage every Chinese sentence. Only full-width letters and digits and the CJK
radical code points that PDF extractors emit are mapped.
"""
from __future__ import annotations

import re
import unicodedata

from .chars import CJK_PUNCTUATION, CLOSING, OPENING, is_han, is_latin_or_digit

# CJK Radicals Supplement code points that some PDF extractors emit in place of
# the ordinary character (NFKC does not map these; the Kangxi radicals
# U+2F00–U+2FD5 it does, and we use that).
RADICAL_SUPPLEMENT = {
    "\u2e8b": "㔾", "\u2e8e": "兀", "\u2e97": "冫", "\u2e9c": "日", "\u2ea0": "民",
    "\u2ea4": "爫", "\u2ea6": "丬", "\u2ea8": "犭", "\u2eab": "罒", "\u2eae": "竹",
    "\u2eb3": "罒", "\u2eb7": "羊", "\u2ebb": "聿", "\u2ec0": "艹", "\u2ec4": "西",
    "\u2ec5": "见", "\u2ec6": "角", "\u2ec8": "讠", "\u2ec9": "贝", "\u2ecb": "车",
    "\u2ecf": "阝", "\u2ed1": "长", "\u2ed3": "长", "\u2ed4": "门", "\u2ed7": "雨",
    "\u2ed8": "青", "\u2ed9": "韦", "\u2eda": "页", "\u2edb": "风", "\u2edc": "飞",
    "\u2edd": "食", "\u2edf": "食", "\u2ee0": "饣", "\u2ee2": "马", "\u2ee3": "骨",
    "\u2ee4": "鬼", "\u2ee5": "鱼", "\u2ee6": "鸟", "\u2ee7": "卤", "\u2ee8": "麦",
    "\u2ee9": "黄", "\u2eea": "黾", "\u2eeb": "斉", "\u2eec": "齐", "\u2eed": "歯",
    "\u2eee": "齿", "\u2eef": "竜", "\u2ef0": "龙", "\u2ef1": "龜", "\u2ef2": "亀",
    "\u2ef3": "龟", "\u2e9f": "母", "\u2ea9": "王",
}

# Spaces of every width become one ASCII space (the ideographic space too: it is
# layout, not text).
SPACES = frozenset(" \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                   "\u2008\u2009\u200a\u202f\u205f\u3000")
# Invisible format characters that extractors leave behind.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


# A line without any of these is already clean (most lines of most pages).
_NEEDS_REPAIR = re.compile("[\\s\u00a0\u1680\u2000-\u200d\u202f\u205f\u2060\u3000\ufeff\u00ad"
                           "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u2e80-\u2fdf,:;!?()]")


def map_char(char: str) -> str:
    """The character a reader means: full-width letters/digits → ASCII, radicals → characters.

    >>> map_char("２"), map_char("Ａ"), map_char("⼈"), map_char("⺠"), map_char("，")
    ('2', 'A', '人', '民', '，')
    """
    code = ord(char)
    if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
        return chr(code - 0xFEE0)
    if 0x2F00 <= code <= 0x2FD5:
        return unicodedata.normalize("NFKC", char)
    if char in RADICAL_SUPPLEMENT:
        return RADICAL_SUPPLEMENT[char]
    if char in SPACES:
        return " "
    return char


_ASCII_TO_FULLWIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}


def _hanlike(char: str) -> bool:
    return is_han(char) or char in CJK_PUNCTUATION


def restore_fullwidth_punctuation(chars: list[str]) -> list[str]:
    """OCR engines read Chinese punctuation as its ASCII look-alike (，→ , ；→ ;
    （→ ( ). Between Chinese characters the ASCII form is never meant: put the
    full-width form back. Numbers keep theirs (1,000 and 3:2 stay).

    >>> "".join(restore_fullwidth_punctuation(list("会议强调,要深入学习;坚持(一)原则!")))
    '会议强调，要深入学习；坚持（一）原则！'
    >>> "".join(restore_fullwidth_punctuation(list("增长1,000元 比分3:2 see (a) here")))
    '增长1,000元 比分3:2 see (a) here'
    """
    out = list(chars)
    length = len(out)

    def neighbour(index: int, step: int) -> str:
        index += step
        while 0 <= index < length and out[index] == " ":
            index += step
        return out[index] if 0 <= index < length else ""

    open_converted = 0
    for index, char in enumerate(out):
        if char not in _ASCII_TO_FULLWIDTH:
            continue
        before, after = neighbour(index, -1), neighbour(index, 1)
        if char == "(":
            if (before and _hanlike(before)) or (after and is_han(after)) or not before:
                if after and (is_han(after) or after.isdigit()) and (not before or _hanlike(before) or is_han(after)):
                    out[index] = "（"
                    open_converted += 1
            continue
        if char == ")":
            if open_converted or (before and is_han(before)):
                out[index] = "）"
                open_converted = max(0, open_converted - 1)
            continue
        if before.isdigit() and after.isdigit():
            continue  # 1,000 / 3:2
        if (before and _hanlike(before) and (not after or _hanlike(after) or after.isdigit() or after in "“‘"))\
                or (after and is_han(after) and before and (before.isdigit() or before in "”’")):
            out[index] = _ASCII_TO_FULLWIDTH[char]
    return out


def _unit_count(segment: str) -> int:
    """How many 'units' a space-separated segment holds: Han characters count one
    each, a run of Latin letters or digits counts one, punctuation counts none."""
    units = 0
    in_word = False
    for char in segment:
        if is_latin_or_digit(char):
            if not in_word:
                units += 1
            in_word = True
        else:
            in_word = False
            if is_han(char):
                units += 1
    return units


def _is_wide_symbol(char: str) -> bool:
    """Full-width signs that are no letters or digits (％, ＋, ℃ set wide)."""
    return not char.isascii() and not char.isalnum() and unicodedata.east_asian_width(char) in ("W", "F")


def _is_wide_mark(char: str) -> bool:
    return not char.isascii() and (char in CJK_PUNCTUATION or char in OPENING or char in CLOSING)


def _keep_space(left: str, right: str, left_single: bool, right_single: bool,
                before: str = "", after: str = "") -> bool:
    """Decide one space between two non-space characters (see `normalize_line`).
    `before`/`after`: a few characters on either side, for context."""
    if _is_wide_mark(left) or _is_wide_mark(right) or _is_wide_symbol(left) or _is_wide_symbol(right):
        return False
    left_han, right_han = is_han(left), is_han(right)
    if left_han and right_han:
        # justification pads the gap after a number and its unit ("11.2万 公里")
        if any(char.isdigit() for char in before[-2:]) or any(char.isdigit() for char in after[:2]):
            return False
        return not (left_single and right_single)
    if left_han or right_han:
        # Han next to a digit or Latin letter: extraction padding ("抗战胜利 80 周年")
        return False
    return True


def normalize_line(raw: str, collapse_letter_spacing: bool = True) -> tuple[str, list[int]]:
    """Repair one extracted line; return the text and, per output character, its
    offset in `raw`.

    Letter-spaced runs collapse: justified headlines and short lines come out
    with a space between every character.

    >>> normalize_line("城 市 高 质 量 发 展 的 意 见")[0]
    '城市高质量发展的意见'
    >>> normalize_line("警 铃 就 是 命 令 ，警 笛 就 是 希")[0]
    '警铃就是命令，警笛就是希'

    Real spaces between phrases stay; padding around numbers goes.

    >>> normalize_line("以“上连党心 下接民心”为")[0]
    '以“上连党心 下接民心”为'
    >>> normalize_line("抗战胜利 80 周年  2023年 １２月")[0]
    '抗战胜利80周年2023年12月'
    >>> normalize_line(" COVID 19 疫情")[0]
    'COVID 19疫情'

    Offsets point back into the raw line:

    >>> normalize_line(" 自 2020 年")
    ('自2020年', [1, 3, 4, 5, 6, 8])

    Bylines pad names, they are not letter-spaced; the caller says when to keep them:

    >>> normalize_line("◆记者 黄庆波 游 考 单 虹", collapse_letter_spacing=False)[0]
    '◆记者 黄庆波 游 考 单 虹'
    """
    if _NEEDS_REPAIR.search(raw) is None:
        return raw, list(range(len(raw)))
    chars: list[str] = []
    offsets: list[int] = []
    for offset, char in enumerate(raw):
        if char in INVISIBLE or char in "\r\n":
            continue
        mapped = map_char(char)
        if mapped == " " and (not chars or chars[-1] == " "):
            continue  # leading spaces and runs of spaces: one at most
        chars.append(mapped)
        offsets.append(offset)
    while chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    chars = restore_fullwidth_punctuation(chars)
    if " " not in chars:
        return "".join(chars), offsets

    # Split into space-separated segments to find letter-spaced runs.
    segments: list[tuple[int, int]] = []  # [start, end) in chars
    start = 0
    for index, char in enumerate(chars):
        if char == " ":
            segments.append((start, index))
            start = index + 1
    segments.append((start, len(chars)))
    units = [_unit_count("".join(chars[s:e])) for s, e in segments]
    single = [u <= 1 for u in units]
    # a segment is letter-spaced when it is single and part of a run of >= 3
    # singles, or when every segment of the line is single
    spaced = [False] * len(segments)
    if not collapse_letter_spacing:
        pass
    elif len(segments) >= 2 and all(single):
        spaced = [True] * len(segments)
    else:
        run_start = None
        for index in range(len(segments) + 1):
            if index < len(segments) and single[index]:
                if run_start is None:
                    run_start = index
                continue
            if run_start is not None and index - run_start >= 3:
                for j in range(run_start, index):
                    spaced[j] = True
            run_start = None

    out_chars: list[str] = []
    out_offsets: list[int] = []
    for index, (s, e) in enumerate(segments):
        if index > 0 and s < e and out_chars:
            left, right = out_chars[-1], chars[s]
            if _keep_space(left, right, spaced[index - 1], spaced[index],
                           "".join(out_chars[-3:]), "".join(chars[s:s + 3])):
                out_chars.append(" ")
                out_offsets.append(offsets[s - 1])
        out_chars.extend(chars[s:e])
        out_offsets.extend(offsets[s:e])
    return "".join(out_chars), out_offsets


def leading_indent(raw: str) -> int:
    """Display cells of leading white space (an ideographic space counts two).

    >>> leading_indent("\u3000\u3000城市"), leading_indent("  a"), leading_indent("城")
    (4, 2, 0)
    """
    cells = 0
    for char in raw:
        if char == "\u3000":
            cells += 2
        elif char in SPACES:
            cells += 1
        else:
            break
    return cells
