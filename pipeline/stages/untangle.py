"""untangle: give back the column order of text that pdftotext read across columns.

When columns stand close or lines sit at slightly different heights, pdftotext
can read a page row by row: the lines of two or three columns alternate, each on
its own between blank lines ("护世界和平、促进共同⏎⏎宁敏 汤兴秀 司马俊⏎⏎发展的
重要力量…"). Such a stretch is recognised by its many one- or two-line chunks in a
row. Its chunks are then dealt out to *streams*, one per column: a chunk goes on
the stream of its width whose text it can continue (a chunk opening with ，、。
must continue a sentence; a full line continues the stream that waited longest,
which is how alternating columns come out), titles and bylines stand alone. The
streams are read one after the other, in the order they started.

Text that is not interleaved passes untouched.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..config import Config
from ..model import Line, Page, line_chunks
from ..rules.chars import ends_sentence
from ..rules.markers import MARK_BYLINE, MARK_FURNITURE, MARK_JUMP, MARK_OPENS_BYLINE
from ..rules.wrap import cannot_start_line, looks_like_heading, typical_width
from .base import Stage

MIN_RUN = 6          # small chunks in a row that make a stretch interleaved
SMALL = 2            # lines in a chunk that count as small
WIDTH_SLACK = 3      # cells by which a full line may differ from its column


@dataclass
class Stream:
    width: int
    units: list[list[int]] = field(default_factory=list)
    last_used: int = 0
    closed: bool = False


def _stands_alone(lines: list[Line], unit: list[int], column: int) -> bool:
    """Titles, bylines, markers and furniture are not part of any column's text."""
    first = lines[unit[0]]
    if first.mark(MARK_BYLINE | MARK_JUMP | MARK_FURNITURE | MARK_OPENS_BYLINE):
        return True
    text = " ".join(lines[p].text for p in unit)
    if len(unit) > 2 or len(text) > 30 or not looks_like_heading(text) or cannot_start_line(first.text):
        return False
    # phrases set apart by spaces, or a short line without any punctuation: a title
    unpunctuated = not any(mark in text for mark in "，。、；：！？")
    return column - first.width > 4 and (" " in text.strip() or unpunctuated)


def _running_text(lines: list[Line], units: list[list[int]]) -> bool:
    """Most of the stretch is running text (punctuated lines), not a box of titles
    and jump markers set one per line, which must keep its order."""
    running = sum(1 for unit in units
                  if any(mark in lines[p].text for p in unit for mark in "，。、；")
                  and not lines[unit[0]].mark(MARK_JUMP | MARK_BYLINE))
    return running >= max(4, 0.6 * len(units))


def untangle_region(lines: list[Line], units: list[list[int]]) -> list[list[int]]:
    """Deal the units (chunks) of an interleaved stretch out to column streams;
    return the streams' units in reading order."""
    widths = [max(lines[p].width for p in unit) for unit in units]
    column = typical_width(widths)
    streams: list[Stream] = []
    for step, (unit, width) in enumerate(zip(units, widths)):
        first, last = lines[unit[0]], lines[unit[-1]]
        if _stands_alone(lines, unit, column):
            streams.append(Stream(width, [unit], step, closed=True))
            continue
        best: Stream | None = None
        best_score = None
        for stream in streams:
            if stream.closed:
                continue
            tail = lines[stream.units[-1][-1]]
            open_sentence = not ends_sentence(tail.text)
            if abs(width - stream.width) <= WIDTH_SLACK:
                fits = True
            elif width < stream.width - WIDTH_SLACK:
                # a paragraph's last line, or a first line shortened by its indent
                fits = (open_sentence and ends_sentence(last.text)) or (not open_sentence and len(unit) == 1
                                                                       and stream.width - width <= 6)
            else:
                fits = False
            if not fits:
                continue
            if cannot_start_line(first.text) and not open_sentence:
                continue
            # the stream that waited longest gets the line: alternating columns
            score = (2 if cannot_start_line(first.text) and open_sentence else 0, step - stream.last_used)
            if best_score is None or score > best_score:
                best, best_score = stream, score
        if best is None:
            streams.append(Stream(width, [unit], step))
        else:
            best.units.append(unit)
            best.last_used = step
            if width > best.width:
                best.width = width
    return [[p for unit in stream.units for p in unit] for stream in streams]


class Untangle(Stage):
    name = "untangle"
    needs = ("lines",)
    sets = ("column_order",)

    def run(self, page: Page, config: Config) -> Page:
        lines = page.lines
        chunks = line_chunks(lines)
        regions: list[tuple[int, int]] = []  # [first chunk, last chunk] of interleaved stretches
        start = None
        for number, chunk in enumerate(chunks + [[-1] * (SMALL + 1)]):
            if len(chunk) <= SMALL:
                if start is None:
                    start = number
                continue
            if start is not None and number - start >= MIN_RUN and _running_text(lines, chunks[start:number]):
                regions.append((start, number - 1))
            start = None
        if not regions:
            page.stats["untangle"] = {"regions": 0}
            return page
        new_lines: list[Line] = []
        taken_until = 0

        def blank() -> Line:
            line = Line(index=-1, start=0, end=0, raw="", text="", original="")
            line.marks = 0
            return line

        for first_chunk, last_chunk in regions:
            region_start = chunks[first_chunk][0]
            region_end = chunks[last_chunk][-1]
            new_lines.extend(lines[taken_until:region_start])
            streams = untangle_region(lines, chunks[first_chunk:last_chunk + 1])
            for stream in streams:
                new_lines.extend(lines[p] for p in stream)
                new_lines.append(blank())
            taken_until = region_end + 1
            page.decide("untangle", "reorder", f"lines {lines[region_start].index + 1}–{lines[region_end].index + 1}: "
                        f"{last_chunk - first_chunk + 1} short chunks in a row, read across columns; dealt out "
                        f"to {len(streams)} columns", 0.5, lines[region_start].index)
        new_lines.extend(lines[taken_until:])
        page.lines = new_lines
        page.stats["untangle"] = {"regions": len(regions)}
        return page
