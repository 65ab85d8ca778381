"""Stages over the page model: the dewrap table, the stage contract, the stage list as data."""
from __future__ import annotations

import pytest

from conftest import load_cases
from pipeline import Config, Pipeline
from pipeline.model import Page
from pipeline.stages import REGISTRY, Stage, register, resolve

DEWRAP = load_cases("dewrap.json")["cases"]


@pytest.mark.parametrize("case", DEWRAP, ids=[c["why"] for c in DEWRAP])
def test_dewrap_paragraphs(case):
    page = Pipeline(Config(stages=["decode", "normalize", "dewrap"])).run_text(case["input"])
    assert [block.text for block in page.blocks] == case["paragraphs"]
    # every boundary between two text lines carries a decision with a reason
    text_lines = [p for p, line in enumerate(page.lines) if not line.blank]
    assert set(page.boundaries) == set(text_lines[:-1])
    assert all(decision.reason for decision in page.boundaries.values())


def test_stage_order_is_data_and_contract_is_checked():
    with pytest.raises(ValueError, match="needs"):
        resolve(["decode", "normalize", "classify"])  # classify needs blocks from dewrap
    with pytest.raises(ValueError, match="unknown stage"):
        resolve(["decode", "nonsense"])


def test_user_stage_can_be_added_by_name():
    @register
    class Shout(Stage):
        name = "shout-headlines"
        needs = ("articles",)
        sets = ("shouted",)

        def run(self, page: Page, config: Config) -> Page:
            for article in page.articles:
                if article.headline:
                    article.headline = article.headline + "！"
            return page

    try:
        stages = Config().stages + ["shout-headlines"]
        page = Pipeline(Config(stages=stages)).run_text("强化动态监测 精准帮扶\n\n本报讯（记者 方 茜）8月28日，全市强化动态监测精准帮扶。\n")
        assert page.done[-1] == "shout-headlines"
    finally:
        REGISTRY.pop("shout-headlines")


def test_headline_before_and_after_body_attach_by_shared_words():
    body = ("本报讯（记者 王 芳）近日，全市稳步推进老旧小区改造，完成改造小区一百余个，\n"
            "惠及居民三万余户，老旧小区改造让居民生活更加便利。\n")
    other = ("本报讯（记者 李 明）近日，市图书馆新馆正式开馆，馆藏图书超过一百万册，\n"
             "读者可以在新馆借阅图书、参加讲座。\n")
    text = f"{body}\n老旧小区改造惠及三万户\n\n{other}\n市图书馆新馆开馆迎读者\n"
    page = Pipeline().run_text(text)
    by_headline = {a.headline: a for a in page.articles}
    assert "改造" in by_headline["老旧小区改造惠及三万户"].text
    assert "图书馆" in by_headline["市图书馆新馆开馆迎读者"].text


def test_article_without_its_headline_does_not_borrow_one():
    text = ("本报讯（记者 王 芳）近日，全市稳步推进老旧小区改造，完成改造小区一百余个。\n\n"
            "本报讯（记者 李 明）近日，市图书馆新馆正式开馆，读者可以借阅图书。\n\n"
            "老旧小区改造稳步推进\n")
    page = Pipeline().run_text(text)
    library = next(a for a in page.articles if "图书馆" in a.text)
    assert library.headline is None
    assert "no headline found for this article" in library.warnings


def test_continuation_markers_set_pages_and_leave_the_body():
    text = ("本报讯（记者 王 芳）近日，全市稳步推进老旧小区改造，完成改造小区一百余个，惠及居民\n"
            "三万余户，改造工作取得阶段性成效。\n\n（下转第6版）\n\n"
            "（上接第1版）各部门要加强协调配合，确保改造工作顺利推进。\n")
    first, second = Pipeline().run_text(text).articles
    assert (first.continued_on, first.continuation_marker) == (6, "（下转第6版）")
    assert first.kind == "article" and "下转" not in first.text
    assert (second.continued_from, second.continued_from_marker) == (1, "（上接第1版）")
    assert second.text == "各部门要加强协调配合，确保改造工作顺利推进。"


def test_standalone_continued_from_marker_belongs_to_the_article_below():
    text = "城市更新\n\n（上接第1版）\n本报记者 王 芳\n近日，全市稳步推进老旧小区改造，完成改造小区一百余个。\n"
    [article] = Pipeline().run_text(text).articles
    assert (article.headline, article.continued_from, article.kind) == ("城市更新", 1, "article")
    assert article.byline.reporters == ["王芳"]
    assert article.text == "近日，全市稳步推进老旧小区改造，完成改造小区一百余个。"
