"""Properties of the whole pipeline on generated newspaper-like text: no exception,
every non-space character placed somewhere, the same output twice."""
from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline import __version__
from pipeline.config import Config
from pipeline.errors import PageError
from pipeline.runner import Pipeline
from pipeline.writers.files import jsonl_text
from pipeline.writers.records import page_records, placed_characters, source_characters

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
PUNCTUATION = st.sampled_from(list("，。、；：？！“”‘’（）《》【】—…·「」『』") + ["——", "……"])
DIGITS = st.sampled_from(list("0123456789０１２３４５６７８９"))
SPACES = st.sampled_from([" ", "  ", "\u3000", "\t"])
FRAGMENTS = st.sampled_from([
    "本报讯（记者 ", "本报讯（记者 方 茜）", "新华社北京8月28日电", "——详见第2版", "（下转第3版）", "（上接第1版）",
    "◆记者 刘静涛 通讯员 吴杰", "记者 王 伟 摄", "一、总体要求", "（一）", "2025年8月28日 星期四", "第2版",
    "责任编辑：张三", "要闻", "欲 跳 楼 轻 生 。", "图为", "■", "●", "（", "）", "“", "”", "12", "A3",
])
TOKEN = st.one_of(HAN, HAN, HAN, HAN, PUNCTUATION, DIGITS, SPACES, FRAGMENTS,
                  st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")))
LINE = st.lists(TOKEN, max_size=30).map("".join)
PAGE = st.lists(st.one_of(LINE, LINE, LINE, st.just("")), max_size=40).map("\n".join)

PIPELINE = Pipeline(Config())


def clean(text: str) -> tuple[object, list[dict]] | None:
    try:
        page = PIPELINE.run_text(text, "p")
    except PageError:  # refusing a page with a reason is allowed; crashing is not
        return None
    return page, page_records(page, PIPELINE.config, __version__)


SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(PAGE)
@example("")
@example("\n\n\n")
@example("本报讯（记者 \n——详见第2版\n\n一、总体要求\n")
def test_no_exception_and_every_character_placed(text):
    outcome = clean(text)
    if outcome is None:
        return
    page, records = outcome
    assert placed_characters(records) == source_characters(page)


@SETTINGS
@given(PAGE)
def test_deterministic(text):
    first, second = clean(text), clean(text)
    if first is None:
        assert second is None
        return
    assert jsonl_text(first[1]) == jsonl_text(second[1])
    fresh = Pipeline(Config()).run_text(text, "p")
    assert jsonl_text(page_records(fresh, Config(), __version__)) == jsonl_text(first[1])


@settings(max_examples=60, deadline=None)
@given(PAGE, st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_bytes_in_any_supported_encoding_give_the_same_records_as_text(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    try:
        page = PIPELINE.run_bytes(data, "p")
    except PageError:
        return
    assert placed_characters(page_records(page, PIPELINE.config, __version__)) == source_characters(page)


T2S = Pipeline(Config(convert="t2s"))


@settings(max_examples=100, deadline=None)
@given(PAGE)
@example("\n图为Ý鶺７『谫2025年8月28日 星期四\t\u3000乬’——详见第2版  ")  # once lost the unconverted furniture
def test_every_character_placed_with_conversion(text):
    try:
        page = T2S.run_text(text, "p")
    except PageError:
        return
    assert placed_characters(page_records(page, T2S.config, __version__)) == source_characters(page)
