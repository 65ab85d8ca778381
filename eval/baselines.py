"""What a user could do without banmian, scored on the same pages (see run_eval.py).

naive         blank-line-separated blocks as paragraphs, each block's lines joined with
              nothing; the whole page one article, no headline, no byline.
unstructured  `unstructured.cleaners.core.group_broken_paragraphs(text)` with its defaults,
              its output split on blank lines as its documentation shows; the whole page
              one article. `unstructured` is installed into the venv for the evaluation
              only; it is not a dependency of banmian.
"""
from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path
from typing import Callable

BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")


def read_text(page: Path) -> str:
    """The page as text: UTF-8, or else the encoding charset-normalizer finds (what a user would try)."""
    data = page.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("utf-8", errors="replace")


def one_article(paragraphs: list[str]) -> list[dict]:
    """The whole page as one article without headline or byline."""
    return [{"kind": "article", "kicker": None, "headline": None, "subtitle": None, "byline": None,
             "continued_on": None, "lead": None,
             "body": [{"type": "paragraph", "text": text} for text in paragraphs]}]


def naive(text: str) -> list[dict]:
    """Blocks between blank lines, their lines joined with nothing.

    >>> naive("第一行\\n第二行\\n\\n标题\\n")[0]["body"]
    [{'type': 'paragraph', 'text': '第一行第二行'}, {'type': 'paragraph', 'text': '标题'}]
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = (block.replace("\n", "").strip() for block in BLANK_LINE.split(text))
    return one_article([block for block in blocks if block])


def load_unstructured(install: bool = True) -> tuple[Callable[[str], list[dict]] | None, str]:
    """The unstructured baseline and a note for the report; pip-installs the library into this
    interpreter's environment if it is missing and `install` is set. None if it cannot load."""
    try:
        core = importlib.import_module("unstructured.cleaners.core")
    except ImportError as first_error:
        if not install:
            return None, f"(unstructured is not installed: {first_error}; baseline left out.)"
        print("installing unstructured into this environment for the baseline …", file=sys.stderr)
        done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "unstructured"],
                              capture_output=True, text=True)
        importlib.invalidate_caches()
        try:
            core = importlib.import_module("unstructured.cleaners.core")
        except ImportError as error:
            detail = (done.stderr.strip().splitlines() or [str(error)])[-1]
            return None, f"(unstructured could not be installed or imported: {detail}; baseline left out.)"
    try:
        version = importlib.import_module("unstructured.__version__").__version__
    except (ImportError, AttributeError):
        version = "unknown"
    group_broken_paragraphs = core.group_broken_paragraphs

    def unstructured_baseline(text: str) -> list[dict]:
        grouped = group_broken_paragraphs(text)
        return one_article([part.strip() for part in BLANK_LINE.split(grouped) if part.strip()])

    return unstructured_baseline, (f"(unstructured {version}. It keeps the lines of a block apart when every "
                                   "line has fewer than five space-separated words — always so for unspaced "
                                   "Chinese — so each printed line becomes a paragraph; blocks it does join "
                                   "get a space at every line break.)")
