"""Fixed expressions of the newspaper page: jumps to other pages, bylines, page
furniture, numbered intertitles, dated subtitles.

Each pattern is written for the form on the page after normalisation (ASCII
digits, full-width Chinese punctuation).
"""
from __future__ import annotations

import re

import regex

from .variants import both_scripts, to_simplified

def _compile(pattern: str):
    """Compile a pattern written in simplified characters so that it accepts the
    traditional forms too (本报讯 / 本報訊)."""
    return regex.compile(both_scripts(pattern))


_NUMBER = r"(?P<page>\d{1,3}|[一二三四五六七八九十]{1,3})"
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

# A pointer to another page, standing alone: ——详见第2版, （全文见第2版）, （下转第3版）.
JUMP_MARKER = _compile(
    r"^[\s—－-]*[（(]?\s*(?:详(?:情)?见|全文见|转|下转|上接|接|续见|见|转至)\s*(?:本报)?\s*"
    r"第?\s*" + _NUMBER + r"\s*(?:版|页|面)(?:[^）)]{0,8})?\s*[）)]?\s*$"
)
# The same at the end of a paragraph: "…下沉一线服务（下转第2版）".
TRAILING_JUMP = _compile(
    r"(?P<marker>[（(]\s*(?:下转|转|续|全文见|详见|接)\s*第?\s*" + _NUMBER
    + r"\s*(?:版|页)\s*[）)]|[—－-]{1,2}\s*详见\s*第?\s*" + _NUMBER.replace("page", "page2")
    + r"\s*版)\s*$"
)
# A jump that continues the article above it, not a teaser: （下转第3版）, （转第3版）
CONTINUATION_MARKER = _compile(r"^[（(]?\s*(?:下转|转|续|接)\s*第?\s*" + _NUMBER + r"\s*(?:版|页)\s*[）)]?$")
# "（上接第1版）" at the start of a continued article.
LEADING_CONTINUATION = _compile(r"^(?P<marker>[（(]\s*(?:上接|接)\s*第?\s*" + _NUMBER + r"\s*(?:版|页)\s*[）)])")

# Roles of people in a byline, longest first so that 本报记者 wins over 记者.
REPORTER_ROLES = ("本报特约记者", "本报见习记者", "本报记者", "特约记者", "见习记者", "实习记者",
                  "特派记者", "首席记者", "融媒体记者", "全媒体记者", "新华社记者", "记者")
CORRESPONDENT_ROLES = ("特约通讯员", "通讯员", "实习生")
PHOTO_ROLES = ("摄影记者", "摄影报道", "摄影", "图/文", "文/图", "摄")
BYLINE_BULLETS = "◆■●▲★◇□○△☆·•"

# A standalone byline line: "◆记者 刘静涛 通讯员 吴 杰 文/图", "本报记者 张三".
BYLINE_LINE = _compile(
    r"^[" + BYLINE_BULLETS + r"]?\s*(?:本报特约记者|本报见习记者|本报记者|特约记者|见习记者|实习记者|特派记者|"
    r"首席记者|融媒体记者|全媒体记者|新华社记者|记者|特约通讯员|通讯员|实习生|摄影记者|文/图|图/文|文\s*[:：]|图\s*[:：])"
    r"\s*[\p{Han}·\s]{2,}"
)
# A role word standing alone: pdftotext put the names on the following lines.
ROLE_ONLY = _compile(r"^[" + BYLINE_BULLETS + r"]?\s*(?:本报特约记者|本报见习记者|本报记者|特约记者|见习记者|实习记者|"
                     r"特派记者|首席记者|融媒体记者|全媒体记者|新华社记者|记者|特约通讯员|通讯员|实习生|摄影记者|摄影)\s*[:：]?$")
# A name standing alone (two to four characters, perhaps padded: "方 茜").
NAME_ONLY = _compile(r"^(?:\p{Han}\s?){1,4}(?:\s+(?:\p{Han}\s?){1,4}){0,3}$")
# A photo credit on its own line: "张 伟 摄", "记者 张伟 摄影报道"
PHOTO_CREDIT_LINE = _compile(r"^[" + BYLINE_BULLETS + r"]?\s*(?:(?:本报)?(?:摄影)?记者\s*)?(?:(?:\p{Han}{1,4}\s*){1,4}\s"
                             r"|(?:\p{Han}\s?){2,4})(?:摄|摄影|摄影报道)$")
# The opening of a news paragraph that carries its source and byline:
# 本报讯（记者 方 茜）…, 本报昭通讯（…）, 新华社北京8月28日电（记者 张三）…
INLINE_BYLINE = _compile(
    r"^(?P<raw>(?P<source>本报讯|本报\p{Han}{1,6}讯|本报\p{Han}{0,6}\d{1,2}月\d{1,2}日(?:电|讯)"
    r"|(?:新华社|中新社|中新网|人民网|央视网|光明网|新华网|央广网)\p{Han}{0,10}?(?P<date>\d{1,2}月\d{1,2}日)?电)"
    r"\s*(?:[（(](?P<people>[^）)]{1,60})[）)])?)"
)
# The same opening, cut by a line break before its closing bracket: "本报讯（记者 范岚斌"
OPEN_INLINE_BYLINE = _compile(
    r"^(?:本报讯|本报\p{Han}{1,6}讯|本报\p{Han}{0,6}\d{1,2}月\d{1,2}日(?:电|讯)"
    r"|(?:新华社|中新社|中新网|人民网|央视网|光明网|新华网|央广网)\p{Han}{0,10}?(?:\d{1,2}月\d{1,2}日)?电)"
    r"\s*[（(][^）)]{0,60}$"
)
# A dateline at the very start of the text after the byline: "8月28日，"
LEADING_DATE = _compile(r"^\s*(?P<date>(?:\d{4}年)?\d{1,2}月\d{1,2}日)(?:电|讯)?[，,\s]")

# Lines of an advertisement: phone, address, web address, company, offer.
AD_LINE = _compile(r"^(?:(?:咨询|联系|订购|服务|客服|报名|预约|订餐)?(?:电话|热线)\s*[:：]\s*[\d\s\-－—]{6,}.{0,20}"
                   r"|地\s*址\s*[:：].{2,40}|(?:网\s*址|官\s*网)\s*[:：]?.{4,60}"
                   r"|.{2,20}(?:有限公司|有限责任公司|股份公司|集团公司)"
                   r"|.{0,16}(?:大酬宾|全场\s*\d+(?:\.\d)?\s*折|限时特惠|欢迎新老客户|品质保障|价格实惠|火热招商|诚聘).{0,20})$")
# Labels of a page's index box.
INDEX_LABEL = _compile(r"^(?:本期|今日|本版|要闻)?\s*导\s*读$|^(?:内容)?提要$|^目\s*录$")
# Page furniture: page labels, editors, dates with weekday, issue numbers.
FURNITURE = _compile(
    r"^(?:第\s*\d{1,3}\s*版.{0,12}|\d{1,3}\s*版.{0,10}|A\d{1,2}\s*版?.{0,10}"
    r"|(?:本版|责任|版面|版式|美术|图片)?(?:编辑|责编|美编|校对|组版|制图|设计|审读|监制|总编辑|主编)\s*[:：/].{0,30}"
    r"|.{0,20}(?:\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期|周)|星期)[一二三四五六日天].{0,20}"
    r"|.{0,16}农历.{0,20}"
    r"|.{0,20}(?:国内统一连续出版物号|统一刊号|CN\s*\d{2}\s*[-－]\s*\d{4}|邮发代号|广告许可证|定价|零售价).{0,40}"
    r"|.{0,12}(?:第\s*\d{3,6}\s*期|总第\s*\d+\s*期).{0,20}"
    r"|(?:今日|本期|共)\s*\d{1,3}\s*版.{0,10}"
    r"|.{2,16}(?:报社|日报社|杂志社|传媒集团)(?:出版|主办|编辑出版|主管)?.{0,12}"
    r"|(?:广告|启事|公告)\s*(?:热线|电话)?.{0,30}\d{3,}.*"
    r"|(?:www\.|http).{0,60}"
    r")$"
)
# A paper's name, as printed in the masthead at the top of a page.
MASTHEAD = _compile(r"^\p{Han}{2,10}(?:日报|晚报|早报|晨报|都市报|时报|商报|青年报|法治报|报)(?:\s*[A-Za-z ]{0,30})?$")
# Intertitles that number sections: 一、总体要求 / （一）… / 1. … / 第一部分
NUMBERED_INTERTITLE = _compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|\d{1,2}[.、．]\s*\D|第[一二三四五六七八九十]{1,3}[部分章节篇]"
    r"|第[一二三四五六七八九十]{1,3}[，、,])"
)
# Two short phrases joined by a comma, the way intertitles are written ("苦练成钢，锻造过硬本领").
PHRASE_PAIR_INTERTITLE = _compile(r"^[\p{Han}“”]{2,8}，[\p{Han}“”]{2,10}$")
# The forms a subtitle (副题) takes under a headline: a dash, a count of people, a genre word.
SUBTITLE_FORM = _compile(r"^(?:——|—)|^\d+位|(?:见闻|综述|侧记|纪实|巡礼|手记|速写|访谈录)$")
# A date in brackets under a headline: （2025年8月15日）
DATED_SUBTITLE = _compile(r"^[（(]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,20}[）)]$")
# Photo captions.
CAPTION = _compile(r"(?:[（(][^（()）]{0,30}摄[）)]|新华社发|(?:资料|供)图[）)]?|图为.{0,80}"
                   r"|[。！]\s*(?:本报)?(?:记者)?\s*(?:\p{Han}\s?){2,4}\s*摄(?:影)?)$|^图[:：/]")
# A page section's label standing alone at the page head (栏目 / 版名).
SECTION_LABEL = _compile(r"^(?:要闻|综合|国内|国际|财经|经济|体育|文化|社会|专题|县区|时政|评论|理论|副刊|民生|教育|科技|"
                         r"健康|法治|视点|特刊|地方|城事|本地|读者|文体|农村|深度|观察|声音|周刊|文旅|生活|广告)$")
# The label of an advertisement; the short lines after it are the advertisement.
AD_LABEL = _compile(r"^(?:广告|广\s*告|分类广告|公益广告|启事|公告)$")


# Cheap gates (the stdlib `re`, one scan in C) before the full patterns: most
# lines of a page are running text and match none of them.
_JUMP_HINT = re.compile("[版页頁面]")
_BYLINE_HINT = re.compile("^[" + "◆■●▲★◇□○△☆·•" + "]?\\s*(?:本报|本報|特约|特約|见习|見習|实习|實習|特派|首席|融媒|全媒|新华|新華|"
                          "记者|記者|通讯|通訊|摄影|攝影|文/|图/|圖/|文\\s*[:：]|图\\s*[:：]|圖\\s*[:：])|[摄攝影道]$")
_FURNITURE_HINT = re.compile("编|編|辑|輯|版|期|星|农|農|刊|号|號|报社|報社|集团|集團|导读|導讀|校对|校對|美编|美編|"
                             "广告|廣告|启事|啟事|公告|定价|定價|邮发|郵發|CN|www|http|主编|主編|总编|總編|审读|審讀|"
                             "监制|監製|设计|設計|制图|製圖|组版|組版")


MARK_JUMP, MARK_BYLINE, MARK_FURNITURE, MARK_OPENS_BYLINE = 1, 2, 4, 8


def line_marks(text: str) -> int:
    """The fixed expressions a line is, as flags (computed once per line).

    >>> line_marks("——详见第2版") == MARK_JUMP, line_marks("本报讯（记者 方茜）8月28日，") == MARK_OPENS_BYLINE
    (True, True)
    """
    marks = 0
    if is_jump_marker(text):
        marks |= MARK_JUMP
    if is_byline_line(text):
        marks |= MARK_BYLINE
    if is_furniture(text):
        marks |= MARK_FURNITURE
    if text[:1] in "本新中人央光" and INLINE_BYLINE.match(text):
        marks |= MARK_OPENS_BYLINE
    return marks


def page_number(text: str) -> int | None:
    """The page a jump marker points to (Arabic or Chinese numerals).

    >>> page_number("——详见第2版"), page_number("（全文见第十二版）"), page_number("城市")
    (2, 12, None)
    """
    if len(text) > 40 or not _JUMP_HINT.search(text):
        return None
    match = JUMP_MARKER.match(text.strip())
    if not match:
        return None
    return parse_number(match.group("page"))


def parse_number(token: str) -> int:
    """Arabic or simple Chinese numerals up to 999.

    >>> parse_number("12"), parse_number("十二"), parse_number("二十"), parse_number("十")
    (12, 12, 20, 10)
    """
    if token.isdigit():
        return int(token)
    if "十" in token:
        tens, _, ones = token.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS.get(token, 0)


def is_jump_marker(text: str) -> bool:
    """A standalone pointer to another page.

    >>> is_jump_marker("——详见第4版"), is_jump_marker("（全文见第2版）"), is_jump_marker("（下转第3版）")
    (True, True, True)
    >>> is_jump_marker("第5版")
    False
    """
    return page_number(text) is not None


def is_byline_line(text: str) -> bool:
    """A standalone byline.

    >>> is_byline_line("◆记者 刘静涛 通讯员 吴 杰 文/图"), is_byline_line("本报记者 张 三")
    (True, True)
    >>> is_byline_line("记者招待会在京举行。"), is_byline_line("张 伟 摄")
    (False, True)
    """
    stripped = text.strip()
    if len(stripped) > 60 or stripped.endswith(("。", "！", "？")) or not _BYLINE_HINT.search(stripped):
        return False
    if PHOTO_CREDIT_LINE.match(stripped):
        return True
    if not BYLINE_LINE.match(stripped):
        return False
    # "记者招待会": the role word must be followed by a space or a name, not a compound
    after = to_simplified(regex.sub(r"^[" + BYLINE_BULLETS + r"]?\s*", "", stripped))
    for role in REPORTER_ROLES + CORRESPONDENT_ROLES + ("摄影记者", "文/图", "图/文"):
        if after.startswith(role):
            rest = after[len(role):]
            return rest[:1] in (" ", "：", ":") or len(rest.replace(" ", "")) <= 12 and " " in rest
    return True


def is_furniture(text: str) -> bool:
    """Masthead lines, page labels, editor credits, issue numbers.

    >>> is_furniture("责任编辑：王五"), is_furniture("2025年8月29日 星期五"), is_furniture("第3版")
    (True, True, True)
    >>> is_furniture("城市是现代化建设的重要载体。")
    False
    """
    stripped = text.strip()
    return len(stripped) <= 80 and _FURNITURE_HINT.search(stripped) is not None and bool(FURNITURE.match(stripped))
