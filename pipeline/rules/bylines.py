"""Bylines: who wrote it, from where, when.

Forms seen on pages: "◆记者 刘静涛 通讯员 吴 杰 文/图", "本报记者 张三",
"本报讯（记者 方 茜）8月28日，…", "新华社北京8月28日电（记者 张三 李四）…",
"张三 摄". Typesetters pad two-character names to the width of three ("方 茜"),
and a name can be split across a line break (joined before this point).
"""
from __future__ import annotations

import regex

from ..model import Byline
from .variants import both_scripts, to_simplified
from .markers import (BYLINE_BULLETS, CORRESPONDENT_ROLES, INLINE_BYLINE, LEADING_DATE, PHOTO_ROLES,
                      REPORTER_ROLES)

_ROLE_WORDS = sorted(REPORTER_ROLES + CORRESPONDENT_ROLES + ("摄影记者", "摄影"), key=len, reverse=True)
_ROLE_PATTERN = regex.compile(both_scripts("|".join(_ROLE_WORDS)))
_TRAILING_CREDIT = regex.compile(both_scripts(r"\s*(?:文/图|图/文|文图|摄影报道|报道|摄|供图|整理)\s*$"))
_SEPARATORS = regex.compile(r"[\s、，,；;/]+")
_NAME = regex.compile(r"^[\p{Han}·]{1,6}$")


def join_padded_names(tokens: list[str]) -> list[str]:
    """Join names that typesetting padded into single characters.

    A Chinese personal name has two to four characters, so a lone character is
    half of a padded two-character name: pair lone characters left to right.

    >>> join_padded_names(["游", "考", "董建军", "杨", "洋"])
    ['游考', '董建军', '杨洋']
    >>> join_padded_names(["黄庆波", "单", "虹", "孙贵波"])
    ['黄庆波', '单虹', '孙贵波']

    A character left over is no name (it stays in the byline's raw text):

    >>> join_padded_names(["陆春春", "一"])
    ['陆春春']
    """
    names: list[str] = []
    pending: str | None = None
    for token in tokens:
        if len(token) == 1:
            if pending is None:
                pending = token
            else:
                names.append(pending + token)
                pending = None
            continue
        if pending is not None:
            pending = None  # a lone character with no pair is no name (a stray from the next column)
        names.append(token)
    return names


def _names(segment: str) -> list[str]:
    tokens = [t for t in _SEPARATORS.split(segment) if t]
    tokens = [t for t in tokens if _NAME.match(t)]
    return join_padded_names(tokens)


# A role word cut by a line break and joined back with a space: "通 讯员", "记 者"
_SPLIT_ROLE = regex.compile(both_scripts("|".join(
    r"\s?".join(regex.escape(char) for char in word)
    for word in sorted([*_ROLE_WORDS, "文/图", "图/文"], key=len, reverse=True) if len(word) > 1)))


def close_role_words(text: str) -> str:
    """Take out spaces that a line break put inside a role word.

    >>> close_role_words("记者 钱波莉 通讯 员 袁 宁")
    '记者 钱波莉 通讯员 袁 宁'
    """
    return _SPLIT_ROLE.sub(lambda m: regex.sub(r"\s", "", m.group(0)), text)


def _compact(segment: str) -> str:
    """The people segment as a reader writes it: padded names closed up."""
    parts = regex.split(r"(\s+)", close_role_words(segment.strip()))
    tokens = [p for p in parts if p and not p.isspace()]
    out: list[str] = []
    pending: str | None = None
    for token in tokens:
        if len(token) == 1 and regex.match(r"\p{Han}", token):
            if pending is None:
                pending = token
            else:
                out.append(pending + token)
                pending = None
            continue
        if pending is not None:
            out.append(pending)
            pending = None
        out.append(token)
    if pending is not None:
        out.append(pending)
    return " ".join(out)


def parse_people(text: str) -> Byline:
    """Split a byline's people into reporters, correspondents and photographers.

    >>> b = parse_people("◆记者 刘静涛 通讯员 吴 杰 文/图")
    >>> b.raw, b.reporters, b.correspondents
    ('◆记者 刘静涛 通讯员 吴杰 文/图', ['刘静涛'], ['吴杰'])
    >>> parse_people("本报记者 张三 李 四").reporters
    ['张三', '李四']
    >>> parse_people("张 三 摄").photographers, parse_people("张 三 摄").reporters
    (['张三'], ['张三'])
    """
    text = close_role_words(text)
    raw = _compact(text)
    stripped = text.strip().lstrip(BYLINE_BULLETS).strip()
    credit = _TRAILING_CREDIT.search(stripped)
    trailing = to_simplified(credit.group(0).strip()) if credit else ""
    if credit:
        stripped = stripped[:credit.start()]
    byline = Byline(raw=raw)
    matches = list(_ROLE_PATTERN.finditer(stripped))
    if not matches:
        names = _names(stripped)
        if trailing in ("摄", "摄影报道", "供图"):
            byline.photographers.extend(names)
        else:
            byline.reporters.extend(names)
        return _credit_photographers_as_authors(byline)
    for number, match in enumerate(matches):
        end = matches[number + 1].start() if number + 1 < len(matches) else len(stripped)
        names = _names(stripped[match.end():end])
        role = to_simplified(match.group(0))
        if role in CORRESPONDENT_ROLES:
            byline.correspondents.extend(names)
        elif role in ("摄影记者", "摄影"):
            byline.photographers.extend(names)
        else:
            byline.reporters.extend(names)
    if trailing in ("摄", "摄影报道") and not byline.photographers:
        byline.photographers.extend(byline.reporters)
    return byline


def _credit_photographers_as_authors(byline: Byline) -> Byline:
    """A byline that is only a photo credit ("张伟 摄") names the item's author."""
    if byline.photographers and not byline.reporters and not byline.correspondents:
        byline.reporters.extend(byline.photographers)
    return byline


def split_inline_byline(text: str) -> tuple[Byline, str, str | None] | None:
    """Take the source-and-byline opening off a news paragraph.

    Returns (byline, the rest of the paragraph, dateline) or None.

    >>> byline, rest, date = split_inline_byline("本报讯（记者 方 茜）8月28日，公众号粉丝量突破40万人。")
    >>> byline.raw, byline.source, byline.reporters, rest[:6], date
    ('本报讯（记者 方茜）', '本报讯', ['方茜'], '8月28日，', '8月28日')
    >>> b, rest, date = split_inline_byline("新华社北京8月28日电（记者 张三）会议召开。")
    >>> b.source, b.place, date, rest
    ('新华社', '北京', '8月28日', '会议召开。')
    """
    match = INLINE_BYLINE.match(text)
    if not match:
        return None
    source_text = match.group("source")
    people = match.group("people")
    if people:
        byline = parse_people(people)
        raw_people = byline.raw
        open_bracket = text[match.start("people") - 1]
        close_bracket = text[match.end("people")]
        byline.raw = f"{source_text}{open_bracket}{raw_people}{close_bracket}"
    else:
        byline = Byline(raw=source_text)
    rest = text[match.end():].lstrip()
    agency = regex.match(both_scripts(r"^(新华社|中新社|中新网|人民网|央视网|光明网|新华网|央广网)(\p{Han}*?)"
                                      r"(\d{1,2}月\d{1,2}日)?电$"), source_text)
    dateline = None
    if agency:
        byline.source = agency.group(1)
        byline.place = agency.group(2) or None
        dateline = agency.group(3)
    else:
        byline.source = source_text
        dated = regex.match(both_scripts(r"^本报(\p{Han}*?)(\d{1,2}月\d{1,2}日)(?:电|讯)$"), source_text)
        if dated:
            byline.source = "本报"
            byline.place = dated.group(1) or None
            dateline = dated.group(2)
        elif to_simplified(source_text) != "本报讯" and to_simplified(source_text).endswith("讯"):
            byline.place = source_text[2:-1] or None
    if dateline is None:
        leading = LEADING_DATE.match(rest)
        if leading:
            dateline = leading.group("date")
    return byline, rest, dateline


__all__ = ["join_padded_names", "parse_people", "split_inline_byline", "PHOTO_ROLES"]
