"""Per-rule tables (tests/cases/*.json): input → expected, text that must not change included."""
from __future__ import annotations

import pytest

from conftest import load_cases
from pipeline.rules.bylines import parse_people, split_inline_byline
from pipeline.rules.markers import is_byline_line, is_furniture, is_jump_marker, page_number
from pipeline.rules.normalize import _ASCII_TO_FULLWIDTH, map_char, normalize_line

NORMALIZE = load_cases("normalize.json")["cases"]
BYLINES = load_cases("bylines.json")
MARKERS = load_cases("markers.json")


@pytest.mark.parametrize("case", NORMALIZE, ids=[c["why"] for c in NORMALIZE])
def test_normalize_line(case):
    text, offsets = normalize_line(case["input"])
    assert text == case["expected"]
    if case.get("keep"):
        assert text == case["input"].strip()
    # every output character maps back to an input character (spaces map to a space)
    assert len(offsets) == len(text)
    for char, offset in zip(text, offsets):
        source = case["input"][offset]
        assert char == " " or char in (source, map_char(source), _ASCII_TO_FULLWIDTH.get(source))


@pytest.mark.parametrize("case", BYLINES["standalone"], ids=[c["input"] for c in BYLINES["standalone"]])
def test_standalone_byline(case):
    assert is_byline_line(case["input"])
    byline = parse_people(case["input"])
    assert byline.raw == case["raw"]
    assert byline.reporters == case["reporters"]
    assert byline.correspondents == case["correspondents"]
    assert byline.photographers == case["photographers"]


@pytest.mark.parametrize("case", BYLINES["inline"], ids=[c["input"][:12] for c in BYLINES["inline"]])
def test_inline_byline(case):
    byline, rest, dateline = split_inline_byline(case["input"])
    assert (byline.raw, byline.source) == (case["raw"], case["source"])
    assert byline.reporters == case["reporters"]
    assert byline.correspondents == case["correspondents"]
    assert dateline == case["dateline"]
    assert rest == case["rest"]


@pytest.mark.parametrize("text", BYLINES["not_bylines"])
def test_not_a_byline(text):
    assert not is_byline_line(text)
    assert split_inline_byline(text) is None


@pytest.mark.parametrize("case", MARKERS["jumps"], ids=[c["input"] for c in MARKERS["jumps"]])
def test_jump_markers(case):
    assert is_jump_marker(case["input"])
    assert page_number(case["input"]) == case["page"]


@pytest.mark.parametrize("text", MARKERS["not_jumps"])
def test_not_jump_markers(text):
    assert not is_jump_marker(text)


@pytest.mark.parametrize("text", MARKERS["furniture"])
def test_furniture(text):
    assert is_furniture(text)


@pytest.mark.parametrize("text", MARKERS["not_furniture"])
def test_not_furniture(text):
    assert not is_furniture(text)
