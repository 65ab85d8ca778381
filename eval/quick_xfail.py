#!/usr/bin/env python3
"""Which quick-set pages miss their family targets now: the content of tests/cases/quick_xfail.json.

    .venv/bin/python eval/quick_xfail.py            # print what fails and what passes
    .venv/bin/python eval/quick_xfail.py --shrink   # drop entries whose page now passes
    .venv/bin/python eval/quick_xfail.py --write    # rewrite the file from this run

The rules (quick list, targets, keys) are those of tests/test_quick_set.py, imported from
it; the scores come from the in-process pipeline and `pipeline.evaluate` (the same numbers
as score.py on `banmian clean` output).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline import __version__  # noqa: E402
from pipeline.config import Config  # noqa: E402
from pipeline.errors import PageError  # noqa: E402
from pipeline.evaluate import score  # noqa: E402
from pipeline.runner import Pipeline  # noqa: E402
from pipeline.writers.records import page_records  # noqa: E402


def load_rules():
    spec = importlib.util.spec_from_file_location("quick_rules", REPO / "tests" / "test_quick_set.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--shrink", action="store_true", help="remove entries of pages that now pass")
    group.add_argument("--write", action="store_true", help="rewrite the file with every failing page")
    args = parser.parse_args(argv)

    rules = load_rules()
    pipeline = Pipeline(Config())
    failing: dict[str, str] = {}
    for page in rules.quick_pages():
        if not (page.is_file() and rules.gold_for(page).is_file()):
            failing[rules.key(page)] = "page or gold file missing"
            continue
        gold = json.loads(rules.gold_for(page).read_text(encoding="utf-8"))
        try:
            result = score(gold, page_records(pipeline.run_file(page), pipeline.config, __version__))
        except PageError as error:
            failing[rules.key(page)] = f"pipeline error: {error}"
            continue
        missed = rules.shortfalls(result, rules.targets_for(page))
        if missed:
            failing[rules.key(page)] = "; ".join(missed)
        print(f"{'FAIL' if missed else 'ok  '} {rules.key(page)}  {'; '.join(missed)}")

    current = rules.expected_failures()
    if args.shrink:
        kept = {page: reason for page, reason in current.items() if page in failing}
        rules.XFAIL_FILE.write_text(json.dumps(kept, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{rules.XFAIL_FILE.relative_to(REPO)}: {len(current)} → {len(kept)} entries")
    elif args.write:
        rules.XFAIL_FILE.write_text(json.dumps(failing, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{rules.XFAIL_FILE.relative_to(REPO)}: {len(failing)} entries")
    else:
        print(f"{len(failing)} quick-set pages miss a target; {len(current)} listed as expected failures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
