"""The stages, in order. The order is data: `DEFAULT_STAGES` or `Config.stages`.

    decode     bytes → text (UTF-8, GB18030/GBK, Big5 detected)          sets: source
    columns    side-by-side columns (pdftotext -layout) into reading order sets: reading_order
    normalize  lines, widths fixed, letter-spacing collapsed, t2s/s2t     sets: lines
    untangle   lines read across columns (row by row) back into columns   sets: column_order
    dewrap     lines → blocks; every join/break decided with a reason     sets: blocks
    classify   each block's role (body, headline, byline, teaser …)       sets: roles
    assemble   blocks → articles; headlines attached by shared words      sets: articles
    bylines    bylines parsed into source, reporters, correspondents …    sets: bylines
"""
from __future__ import annotations

from .assemble import Assemble
from .base import Stage
from .bylines import Bylines
from .classify import Classify
from .columns import Columns
from .decode import Decode
from .dewrap import Dewrap
from .normalize import Normalize
from .untangle import Untangle

REGISTRY: dict[str, type[Stage]] = {
    stage.name: stage for stage in (Decode, Columns, Normalize, Untangle, Dewrap, Classify, Assemble, Bylines)
}
DEFAULT_STAGES: list[str] = ["decode", "columns", "normalize", "untangle", "dewrap", "classify", "assemble", "bylines"]


def register(stage: type[Stage]) -> type[Stage]:
    """Make a user stage available by name (usable as a decorator)."""
    REGISTRY[stage.name] = stage
    return stage


def resolve(stages: list[str | Stage | type[Stage]]) -> list[Stage]:
    """Turn names, classes or instances into stage instances and check the contract."""
    resolved: list[Stage] = []
    for item in stages:
        if isinstance(item, str):
            if item not in REGISTRY:
                raise ValueError(f"unknown stage {item!r}; known: {', '.join(REGISTRY)}")
            resolved.append(REGISTRY[item]())
        elif isinstance(item, type):
            resolved.append(item())
        else:
            resolved.append(item)
    provided: set[str] = set()
    for stage in resolved:
        missing = [need for need in stage.needs if need not in provided]
        if missing:
            raise ValueError(f"stage {stage.name!r} needs {', '.join(missing)}, "
                             f"which no earlier stage sets")
        provided.update(stage.sets)
    return resolved


__all__ = ["DEFAULT_STAGES", "REGISTRY", "Stage", "register", "resolve"]
