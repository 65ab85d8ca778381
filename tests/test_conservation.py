"""Nothing lost: every non-space character of every fixture page ends up in exactly one
place (an article field or the page record), and every record validates against the schema."""
from __future__ import annotations

import pytest

from conftest import CORPUS, SEED, corpus_pages
from pipeline import Config, Pipeline, __version__
from pipeline.writers.records import page_records, placed_characters, source_characters

PAGES = corpus_pages()


def _check(path, config):
    page = Pipeline(config).run_file(path)
    records = page_records(page, config, __version__)
    placed, source = placed_characters(records), source_characters(page)
    missing, extra = source - placed, placed - source
    assert not missing and not extra, (f"{path}: lost {sum(missing.values())} characters "
                                       f"{''.join(missing.elements())[:40]!r}, "
                                       f"duplicated {''.join(extra.elements())[:40]!r}")
    return records


@pytest.mark.parametrize("path", PAGES, ids=[str(p.relative_to(CORPUS)) for p in PAGES])
def test_every_character_is_placed_once(path, schema_validator):
    records = _check(path, Config())
    for record in records:
        errors = sorted(schema_validator.iter_errors(record), key=lambda e: e.path)
        assert not errors, f"{record['id']}: {errors[0].message}"


@pytest.mark.parametrize("convert", ["t2s", "s2t"])
def test_conservation_holds_with_conversion(convert, schema_validator):
    for path in PAGES[:: max(1, len(PAGES) // 10)]:
        for record in _check(path, Config(convert=convert)):
            assert not list(schema_validator.iter_errors(record))


def test_provenance_points_into_the_input():
    path = SEED
    page = Pipeline().run_file(path)
    records = page_records(page, Config(), __version__)
    for record in records:
        if record["kind"] == "page":
            continue
        for item in record["body"]:
            span = item["source"]
            source_text = page.source[span["start"]:span["end"]]
            kept = [c for c in item["text"] if not c.isspace()]
            # the body text comes from that span (minus a byline taken off the front)
            assert "".join(kept)[-5:] in "".join(c for c in source_text if not c.isspace()) or len(kept) < 5
