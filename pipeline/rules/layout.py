"""Reading order for text laid out in columns side by side (`pdftotext -layout`,
OCR engines that read across the page row by row).

Such text puts several columns on one line, separated by runs of spaces. We
recover the columns with a recursive XY-cut on the character grid: a region is
cut at a vertical gutter (cells that are blank on every row of the region) into
left-to-right parts, or else at a blank row into top and bottom parts, until
neither cut exists. Widths are display cells (a Han character takes two), which
is how the layout text aligns its columns.
"""
from __future__ import annotations

from dataclasses import dataclass

from .chars import char_width

MIN_GUTTER = 2          # blank cells that separate two columns
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


def _vertical_gutters(rows: list[Row], top: int, bottom: int, left: int, right: int) -> list[tuple[int, int]]:
    """Runs of cells in [left, right) blank on every row of [top, bottom)."""
    blank = [True] * (right - left)
    for r in range(top, bottom):
        cells = rows[r].cells
        for x in range(left, min(right, len(cells))):
            if cells[x] >= 0:
                blank[x - left] = False
    gutters: list[tuple[int, int]] = []
    x = 0
    while x < len(blank):
        if blank[x]:
            start = x
            while x < len(blank) and blank[x]:
                x += 1
            if start > 0 and x < len(blank) and x - start >= MIN_GUTTER:
                gutters.append((left + start, left + x))
        else:
            x += 1
    return gutters


def _row_blank(row: Row, left: int, right: int) -> bool:
    return all(c < 0 for c in row.cells[left:right])


def _extent(rows: list[Row], top: int, bottom: int) -> int:
    return max((len(rows[r].cells) for r in range(top, bottom)), default=0)


def xy_cut(rows: list[Row], top: int, bottom: int, left: int, right: int, depth: int = 0) -> list[tuple[int, int, int, int]]:
    """Leaf regions (top, bottom, left, right) in reading order."""
    # trim blank rows at the edges
    while top < bottom and _row_blank(rows[top], left, right):
        top += 1
    while bottom > top and _row_blank(rows[bottom - 1], left, right):
        bottom -= 1
    if top >= bottom or depth > 40:
        return [(top, bottom, left, right)] if top < bottom else []
    gutters = _vertical_gutters(rows, top, bottom, left, right)
    if gutters:
        regions = []
        edges = [left] + [x for gutter in gutters for x in gutter] + [right]
        for a, b in zip(edges[::2], edges[1::2]):
            regions.extend(xy_cut(rows, top, bottom, a, b, depth + 1))
        return regions
    blank_rows = [r for r in range(top + 1, bottom - 1) if _row_blank(rows[r], left, right)]
    if not blank_rows:
        return [(top, bottom, left, right)]
    # cut where the part below (or above) can then be split into columns
    for r in blank_rows:
        if _vertical_gutters(rows, r + 1, bottom, left, right) or _vertical_gutters(rows, top, r, left, right):
            return xy_cut(rows, top, r, left, right, depth + 1) + xy_cut(rows, r + 1, bottom, left, right, depth + 1)
    return [(top, bottom, left, right)]


def reading_order(source: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Re-order a laid-out page: (line index, start, end) of each column piece, column
    by column; (-1, 0, 0) marks the break between two regions (read as a blank line)."""
    rows = [grid_row(source[start:end], start) for start, end in spans]
    width = _extent(rows, 0, len(rows))
    pieces: list[tuple[int, int, int]] = []
    for top, bottom, left, right in xy_cut(rows, 0, len(rows), 0, width):
        if pieces:
            pieces.append((-1, 0, 0))
        for r in range(top, bottom):
            cells = rows[r].cells[left:right]
            offsets = [c for c in cells if c >= 0]
            if not offsets:
                pieces.append((-1, 0, 0))
                continue
            line_start = rows[r].start
            pieces.append((r, line_start + min(offsets), line_start + max(offsets) + 1))
    return pieces
