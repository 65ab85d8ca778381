"""Regenerate tests/golden/*.jsonl from the current pipeline (review the diff before committing):

    .venv/bin/python tests/update_golden.py
"""
from __future__ import annotations

from pathlib import Path

from pipeline import Config, Pipeline, __version__
from pipeline.writers.files import jsonl_text
from pipeline.writers.records import page_records

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
PAGES = {"seed-page-001": ROOT / "fixtures" / "corpus" / "seed" / "page-001.txt"}


def render(path: Path) -> str:
    config = Config()
    page = Pipeline(config).run_file(path)
    return jsonl_text(page_records(page, config, __version__))


if __name__ == "__main__":
    GOLDEN.mkdir(exist_ok=True)
    for name, path in PAGES.items():
        (GOLDEN / f"{name}.jsonl").write_text(render(path), encoding="utf-8")
        print(f"wrote tests/golden/{name}.jsonl")
