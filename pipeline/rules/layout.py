"""Reading order for text laid out in columns side by side (`pdftotext -layout`,
OCR engines that read across the page row by row).

Such text puts several columns on one line, separated by runs of spaces. We
cut each line at runs of blank cells into segments, chain the segments of
consecutive lines that stand in the same place into columns, and read the
columns one after the other. Widths are display cells (a Han character takes two), which
is how the layout text aligns its columns.
"""
from __future__ import annotations

from dataclasses import dataclass

from .chars import char_width

LAYOUT_GAP = 3          # a run of this many spaces inside a line suggests side-by-side columns


@dataclass
class Row:
    start: int                 # offset of the line in the source
    cells: list[int]           # per display cell: offset into the line of the char drawn there, or -1


def grid_row(line: str, start: int) -> Row:
    """Display cells of a line: each cell holds the offset of its character (-1 if blank).

    >>> grid_row("城 a", 0).cells
    [0, 0, -1, 2]
    """
    cells: list[int] = []
    for offset, char in enumerate(line):
        if char in " \t\u3000":
            cells.extend([-1] * (2 if char == "\u3000" else 1))
            continue
        cells.extend([offset] * max(1, char_width(char)))
    return Row(start, cells)


def looks_laid_out(lines: list[str]) -> bool:
    """True when many lines hold wide runs of spaces between text: columns side by side.

    >>> looks_laid_out(["城市发展      乡村振兴"] * 5)
    True
    >>> looks_laid_out(["城市发展 乡村振兴", "人民城市"] * 5)
    False
    """
    text_lines = [line.strip() for line in lines if line.strip()]
    if len(text_lines) < 3:
        return False
    gap = " " * LAYOUT_GAP
    wide = sum(1 for line in text_lines if gap in line)
    return wide >= max(2, 0.15 * len(text_lines))


@dataclass
class Segment:
    row: int
    left: int      # first cell
    right: int     # one past the last cell
    start: int     # offset in the source
    end: int


@dataclass
class Column:
    segments: list[Segment]
    left: int
    right: int

    @property
    def last_row(self) -> int:
        return self.segments[-1].row


def line_segments(row: int, line: str, start: int, gap: int = LAYOUT_GAP) -> list[Segment]:
    """Cut a laid-out line at runs of `gap` or more blank cells.

    >>> [(s.left, s.right) for s in line_segments(0, "城市 发展      乡村", 0)]
    [(0, 9), (15, 19)]
    """
    grid = grid_row(line, start).cells
    segments: list[Segment] = []
    x = 0
    width = len(grid)
    while x < width:
        if grid[x] < 0:
            x += 1
            continue
        first = x
        last = x
        blank_run = 0
        while x < width:
            if grid[x] < 0:
                blank_run += 1
                if blank_run >= gap:
                    break
            else:
                blank_run = 0
                last = x
            x += 1
        segments.append(Segment(row, first, last + 1, start + grid[first], start + grid[last] + 1))
    return segments


def _overlap(a_left: int, a_right: int, b_left: int, b_right: int) -> int:
    return max(0, min(a_right, b_right) - max(a_left, b_left))


def link_columns(segments_by_row: list[list[Segment]], max_skip: int = 1) -> list[Column]:
    """Chain segments of consecutive rows that stand in the same place into columns.

    A segment continues a column whose last segment was on the row above (or one
    blank row above) when their left edges are within an indent of each other or
    they overlap for most of their width."""
    columns: list[Column] = []
    open_columns: list[Column] = []
    for row, segments in enumerate(segments_by_row):
        taken: set[int] = set()
        still_open: list[Column] = []
        for segment in segments:
            best, best_score = None, 0.0
            for number, column in enumerate(open_columns):
                if number in taken or row - column.last_row > 1 + max_skip:
                    continue
                shared = _overlap(segment.left, segment.right, column.left, column.right)
                narrow = min(segment.right - segment.left, column.right - column.left) or 1
                aligned = abs(segment.left - column.left) <= 4
                score = shared / narrow + (0.5 if aligned else 0.0)
                if (aligned or shared / narrow >= 0.6) and score > best_score:
                    best, best_score = number, score
            if best is None:
                column = Column([segment], segment.left, segment.right)
                columns.append(column)
                still_open.append(column)
            else:
                taken.add(best)
                column = open_columns[best]
                column.segments.append(segment)
                column.left = min(column.left, segment.left)
                column.right = max(column.right, segment.right)
                still_open.append(column)
        # columns not continued on this row stay open for one blank row
        for number, column in enumerate(open_columns):
            if number not in taken and row - column.last_row <= max_skip:
                still_open.append(column)
        open_columns = still_open
    return columns


def reading_order(source: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Re-order a laid-out page: (line index, start, end) of each column piece,
    column by column, columns in the order they start (top to bottom, then left
    to right); (-1, 0, 0) marks the break between two columns (read as a blank line)."""
    segments_by_row = [line_segments(row, source[start:end], start) for row, (start, end) in enumerate(spans)]
    columns = link_columns(segments_by_row)
    columns.sort(key=lambda column: (column.segments[0].row, column.left))
    pieces: list[tuple[int, int, int]] = []
    for column in columns:
        if pieces:
            pieces.append((-1, 0, 0))
        previous_row = None
        for segment in column.segments:
            if previous_row is not None and segment.row - previous_row > 1:
                pieces.append((-1, 0, 0))
            pieces.append((segment.row, segment.start, segment.end))
            previous_row = segment.row
    return pieces
