"""normalize: split the source into lines and repair each one's characters.

Sets `Page.lines`: per line its span in the source, its repaired text, display
width and leading indent. With `convert` set, OpenCC converts the text and the
unconverted text stays in `Line.original`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..config import Config
from ..model import Line, Page
from ..rules.chars import display_width
from ..rules.markers import INLINE_BYLINE, OPEN_INLINE_BYLINE, is_byline_line, line_marks
from ..rules.normalize import leading_indent, normalize_line
from .base import Stage


@lru_cache(maxsize=4)
def _converter(direction: str):
    import opencc  # opencc-python-reimplemented; loaded only when asked for

    return opencc.OpenCC(direction)


_LINE_END = re.compile(r"\r\n|[\n\r\x0b\x0c]")


def split_source_lines(source: str) -> list[tuple[int, int]]:
    """(start, end) of every line; \\r\\n, \\r, \\n and form feeds all end a line.

    >>> split_source_lines("ab\\r\\nc\\n\\nd")
    [(0, 2), (4, 5), (6, 6), (7, 8)]
    """
    spans = []
    start = 0
    for match in _LINE_END.finditer(source):
        spans.append((start, match.start()))
        start = match.end()
    if start < len(source):
        spans.append((start, len(source)))
    return spans


class Normalize(Stage):
    name = "normalize"
    needs = ("source",)
    sets = ("lines",)

    def run(self, page: Page, config: Config) -> Page:
        converter = _converter(config.convert) if config.convert else None
        lines = []
        changed = 0
        if page.reading_spans is None:
            spans = [(index, start, end) for index, (start, end) in enumerate(split_source_lines(page.source))]
        else:
            spans = page.reading_spans
        inside_byline = False
        for index, start, end in spans:
            raw = page.source[start:end]
            # names in bylines are padded ("游 考 单 虹"), not letter-spaced: keep their spaces
            keep_spacing = " " in raw and (is_byline_line(raw) or INLINE_BYLINE.match(raw.strip()) is not None
                                           or inside_byline)
            text, offsets = normalize_line(raw, collapse_letter_spacing=not keep_spacing)
            original = text
            if converter is not None and text:
                text = converter.convert(text)
            if text != raw.strip():
                changed += 1
            line = Line(index=index, start=start, end=end, raw=raw, text=text, original=original,
                        width=display_width(text))
            line.indent = leading_indent(raw) if raw[:1].isspace() else 0
            line.visual_width = max(line.width, display_width(" ".join(raw.split()))) if " " in raw else line.width
            line.offsets = offsets
            line.marks = line_marks(text) if text else 0
            lines.append(line)
            if text:  # the next line finishes a byline whose bracket this one left open
                inside_byline = OPEN_INLINE_BYLINE.match(text) is not None or (
                    inside_byline and "）" not in text and ")" not in text and len(text) < 40)
        page.lines = lines
        page.stats["normalize"] = {"lines": len(lines), "lines_changed": changed,
                                   "convert": config.convert}
        return page
