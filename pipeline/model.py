"""The page model: one `Page` travels through the stages, each stage reads what the
earlier ones set and adds one thing more.

    Page.source        the decoded input, never changed (offsets point into it)
    Page.lines         one `Line` per input line: its span in `source`, its text
                       after normalisation, display width, role
    Page.blocks        `Block`s: lines joined into paragraphs, headlines, bylines…
                       with every join/break `Decision` and its reason
    Page.articles      `Article`s: blocks grouped, headline parts attached
    Page.unassigned    block indexes no article took (furniture, fragments)

Every judgement is a `Decision` with the signals that made it, so that
`banmian explain` can print it and a low-confidence one can become a warning.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Roles a block can take (see stages/classify.py for how each is recognised).
ROLES = (
    "body",        # a paragraph of article text
    "intertitle",  # a heading inside an article (一、总体要求)
    "headline",    # headline parts before grouping: kicker / headline / subtitle
    "kicker",
    "subtitle",
    "byline",      # ◆记者 刘静涛 通讯员 吴杰
    "lead",        # the lead box (导语) beside a headline
    "teaser",      # a pointer to another page: ——详见第2版
    "caption",     # a photo caption
    "furniture",   # masthead, date line, page number, editor
    "unassigned",
)


@dataclass
class Decision:
    """One judgement a stage made, with the evidence it rested on."""
    stage: str
    action: str          # e.g. "join", "break", "role=headline", "attach"
    reason: str          # human-readable evidence
    confidence: float = 1.0
    line: int | None = None   # line index it concerns, when it concerns one

    def to_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "action": self.action, "reason": self.reason,
                "confidence": round(self.confidence, 3), "line": self.line}


@dataclass(slots=True)
class Line:
    index: int              # 0-based line number in the decoded source
    start: int              # offset of the line's first character in Page.source
    end: int                # offset just past its last character (newline excluded)
    raw: str                # the source text of the line, untouched
    text: str = ""          # after normalisation (letter-spacing collapsed, widths fixed)
    original: str = ""      # after normalisation but before Traditional/Simplified conversion
    width: int = 0          # display width of `text` (a Han character is 2 cells)
    role: str | None = None
    indent: int = 0         # display cells of leading white space in `raw`
    offsets: list[int] = field(default_factory=list)  # per char of `original`: offset in `raw`
    part: int = 0           # >0 when a fused source line was split into parts
    visual_width: int = 0   # width the line takes on the page, letter-spacing included
    marks: int = -1         # fixed expressions the line is (rules.markers.line_marks); -1: not computed
    blank: bool = field(default=False, init=False)  # holds no text

    def mark(self, flag: int) -> bool:
        if self.marks < 0:
            from .rules.markers import line_marks

            self.marks = line_marks(self.text)
        return bool(self.marks & flag)

    def __post_init__(self) -> None:
        self.blank = not self.text.strip()

    def split(self, at: int) -> tuple["Line", "Line"]:
        """Cut the line before character `at` of its text (a headline fused with the
        next column's line); both parts keep exact source offsets."""
        same_length = len(self.text) == len(self.original)
        left_offsets, right_offsets = self.offsets[:at], self.offsets[at:]
        cut = self.start + (right_offsets[0] if right_offsets else len(self.raw))
        left = Line(self.index, self.start, cut, self.source_slice(0, cut - self.start),
                    self.text[:at].rstrip(), self.original[:at].rstrip() if same_length else self.original,
                    0, None, self.indent, left_offsets, 1)
        shift = cut - self.start
        right = Line(self.index, cut, self.end, self.source_slice(shift, len(self.raw)),
                     self.text[at:].lstrip(), self.original[at:].lstrip() if same_length else self.original,
                     0, None, 0, [o - shift for o in right_offsets], 2)
        return left, right

    def source_slice(self, start: int, end: int) -> str:
        return self.raw[start:end]


def line_chunks(lines: list[Line]) -> list[list[int]]:
    """Positions of the runs of text lines between blank lines (pdftotext's blocks)."""
    chunks: list[list[int]] = []
    current: list[int] = []
    for position, line in enumerate(lines):
        if line.blank:
            if current:
                chunks.append(current)
                current = []
        else:
            current.append(position)
    if current:
        chunks.append(current)
    return chunks


@dataclass
class Block:
    """Consecutive lines that read as one unit: a paragraph, a headline, a byline."""
    lines: list[int]                    # indexes into Page.lines, in reading order
    text: str                           # the joined text
    original: str = ""                  # joined text before t2s/s2t conversion
    role: str = "body"
    column_width: int = 0               # display width of a full line of its column
    decisions: list[Decision] = field(default_factory=list)
    article: int | None = None          # index into Page.articles once assembled
    continues: bool = False             # starts mid-sentence: continues an earlier block
    open_end: bool = False              # ends mid-sentence: continued by a later block

    def span(self, page: "Page") -> tuple[int, int]:
        return page.lines[self.lines[0]].start, page.lines[self.lines[-1]].end


@dataclass
class Byline:
    raw: str
    source: str | None = None           # 本报讯, 新华社北京8月28日电 …
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    place: str | None = None            # 北京 in 新华社北京8月28日电

    def to_dict(self) -> dict[str, Any]:
        return {"raw": self.raw, "source": self.source, "reporters": list(self.reporters),
                "correspondents": list(self.correspondents),
                "photographers": list(self.photographers), "place": self.place}


@dataclass
class BodyItem:
    type: str                 # "paragraph" | "subhead"
    text: str
    block: int                # index into Page.blocks
    original: str | None = None
    more_blocks: list[int] = field(default_factory=list)  # a paragraph another item interrupted


@dataclass
class Article:
    kind: str = "article"                 # "article" | "teaser"
    kicker: str | None = None
    headline: str | None = None
    subtitle: str | None = None
    byline: Byline | None = None
    dateline: str | None = None
    lead: str | None = None
    continued_on: int | None = None       # page number this article continues on
    continued_from: int | None = None     # page number it is continued from
    continuation_marker: str | None = None  # the marker text (——详见第2版, （下转第3版）) kept verbatim
    continued_from_marker: str | None = None  # （上接第1版）, kept verbatim
    body: list[BodyItem] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)     # every block it holds, any role
    headline_blocks: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    confidence: float = 1.0
    decisions: list[Decision] = field(default_factory=list)
    originals: dict[str, str] = field(default_factory=dict)  # field -> unconverted text

    @property
    def text(self) -> str:
        return "\n".join(item.text for item in self.body)


@dataclass
class Page:
    page_id: str
    source: str = ""                      # decoded input text
    raw_bytes: bytes | None = None        # the input before decoding (None if given text)
    encoding: str | None = None
    # (source line index, start, end) of each line in reading order; index -1 is a
    # region break. None: the source's own line order (set by the columns stage)
    reading_spans: list[tuple[int, int, int]] | None = None
    layout: str = "flow"                  # "flow" (one column per line) or "columns" (side by side)
    lines: list[Line] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    unassigned: list[int] = field(default_factory=list)   # block indexes
    decisions: list[Decision] = field(default_factory=list)
    # the join/break decision taken at the end of each text line (by position in `lines`)
    boundaries: dict[int, Decision] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    stats: dict[str, dict[str, Any]] = field(default_factory=dict)  # per stage
    done: list[str] = field(default_factory=list)         # names of stages run

    def decide(self, stage: str, action: str, reason: str, confidence: float = 1.0,
               line: int | None = None) -> Decision:
        decision = Decision(stage, action, reason, confidence, line)
        self.decisions.append(decision)
        return decision
