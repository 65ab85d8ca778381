"""The seed page: its golden output (regenerate with tests/update_golden.py and review the diff)."""
from __future__ import annotations

import json

from update_golden import GOLDEN, PAGES, render


def test_seed_output_matches_golden():
    for name, path in PAGES.items():
        expected = (GOLDEN / f"{name}.jsonl").read_text(encoding="utf-8")
        actual = render(path)
        if actual != expected:
            for number, (want, got) in enumerate(zip(expected.splitlines(), actual.splitlines()), 1):
                if want != got:
                    want_record, got_record = json.loads(want), json.loads(got)
                    changed = sorted(k for k in set(want_record) | set(got_record)
                                     if want_record.get(k) != got_record.get(k))
                    raise AssertionError(f"{name}: record {number} differs in {changed}; if intended, "
                                         f"run tests/update_golden.py and review the diff")
            raise AssertionError(f"{name}: number of records differs")


def test_seed_golden_is_not_empty():
    records = [json.loads(line) for line in (GOLDEN / "seed-page-001.jsonl").read_text("utf-8").splitlines()]
    articles = [r for r in records if r["kind"] == "article"]
    assert len(articles) >= 5 and all(r["body"] for r in articles)
