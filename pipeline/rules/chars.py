"""Character classes and display width — the vocabulary the other rules speak.

Widths are display widths: a Han character or a full-width punctuation mark takes
two cells, an ASCII digit or letter one. Column widths in extracted text only
make sense in cells: "到2030年，" is as wide as five Han characters, not seven.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Marks that end a sentence (a paragraph can end after them).
SENTENCE_FINAL = frozenset("。！？…!?")
# Closing marks that may follow a sentence-final mark: 。” 。） 。』
CLOSING = frozenset("”’」』）》〉】〕〗〙〛)]}\"'")
OPENING = frozenset("“‘「『（《〈【〔〖〘〚([{")
# Marks that never start a line in Chinese typesetting (禁则): a line starting
# with one of these continues the line before it.
NO_LINE_START = frozenset("，、。；：！？…）》」』】〕〗”’·%)]}.,;:!?‰℃")
# Marks after which a sentence continues.
CONTINUING = frozenset("，、；：—-‐–·")
# Chinese punctuation (full-width forms kept as they are).
CJK_PUNCTUATION = frozenset("，。、；：？！…—·“”‘’「」『』（）《》〈〉【】〔〕〖〗～")

# Characters whose East Asian width is "ambiguous" but that Chinese typesetting
# sets on a full em: curly quotes, the ellipsis, the em dash, the middle dot.
_WIDE_AMBIGUOUS = frozenset("“”‘’…—·")


def is_han(char: str) -> bool:
    """True for a CJK unified ideograph (any extension block) or 〇.

    >>> is_han("城"), is_han("〇"), is_han("A"), is_han("，")
    (True, True, False, False)
    """
    code = ord(char)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x323AF
            or 0xF900 <= code <= 0xFAFF or code == 0x3007)


def is_latin_or_digit(char: str) -> bool:
    """ASCII letters and digits (after width normalisation).

    >>> is_latin_or_digit("a"), is_latin_or_digit("7"), is_latin_or_digit("城")
    (True, True, False)
    """
    return char.isascii() and char.isalnum()


@lru_cache(maxsize=8192)
def char_width(char: str) -> int:
    """Display cells of one character: 2 for wide (Han, full-width punctuation).

    >>> char_width("城"), char_width("，"), char_width("8"), char_width("“")
    (2, 2, 1, 2)
    """
    if char in _WIDE_AMBIGUOUS:
        return 2
    east_asian = unicodedata.east_asian_width(char)
    if east_asian in ("W", "F"):
        return 2
    if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
        return 0
    return 1


# Characters two cells wide: East Asian Wide/Fullwidth ranges and the ambiguous
# marks Chinese typesetting sets on a full em. Zero-width ones are dropped earlier.
_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                   "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
                   "\U0001f300-\U0001f64f\U0001f900-\U0001f9ff\U00020000-\U0003fffd“”‘’…—·]")


def display_width(text: str) -> int:
    """Display width of a string in cells.

    >>> display_width("到2030年，"), display_width("“昭通发布”")
    (10, 12)
    """
    if text.isascii():
        return len(text)
    return len(text) + len(_WIDE.findall(text))


def ends_sentence(text: str) -> bool:
    """The text ends a sentence: a final mark, possibly followed by closing marks.

    >>> ends_sentence("现提出如下意见。"), ends_sentence("说“好。”"), ends_sentence("治理增")
    (True, True, False)
    >>> ends_sentence("（2025年8月15日）")
    False
    """
    stripped = text.rstrip()
    index = len(stripped) - 1
    while index >= 0 and stripped[index] in CLOSING:
        index -= 1
    return index >= 0 and stripped[index] in SENTENCE_FINAL


def ends_clause(text: str) -> bool:
    """The text ends with a mark after which the sentence goes on (，、；：).

    >>> ends_clause("城镇化正从快速增长期转向稳定发展期，"), ends_clause("发展")
    (True, False)
    """
    stripped = text.rstrip()
    return bool(stripped) and stripped[-1] in CONTINUING


def count_han(text: str) -> int:
    return sum(1 for c in text if is_han(c))
