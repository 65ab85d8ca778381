"""One configuration for a run: defaults, an optional TOML file, CLI overrides.

Its `fingerprint()` goes into every output and into batch resume keys, so that a
changed setting redoes the pages it affects.
"""
from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

DEFAULT_STAGE_NAMES = ["decode", "columns", "normalize", "untangle", "dewrap", "classify", "assemble", "bylines"]


@dataclass
class Config:
    stages: list[str] = field(default_factory=lambda: list(DEFAULT_STAGE_NAMES))
    convert: str | None = None          # None | "t2s" | "s2t" (OpenCC)
    max_bytes: int = 20 * 1024 * 1024   # larger inputs are refused, not read
    encoding: str | None = None         # force an input encoding instead of detecting
    max_line_chars: int = 20000         # a longer line is not page text (binary, a dump)
    layout: str = "auto"                # "auto" | "flow" (one column per line) | "columns" (side by side)
    min_headline_overlap: float = 0.25  # share of headline bigrams found in a body to attach it

    def fingerprint(self) -> str:
        blob = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def load(cls, path: str | Path | None = None, **overrides) -> "Config":
        """Defaults, then the `[banmian]` table (or top level) of a TOML file, then overrides."""
        values: dict = {}
        if path:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
            values.update(data.get("banmian", data))
        values.update({k: v for k, v in overrides.items() if v is not None})
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"unknown configuration keys: {', '.join(sorted(unknown))}")
        return cls(**values)
