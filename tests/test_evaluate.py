"""`pipeline.evaluate` gives exactly the numbers of the reference scorer
(`../shared/eval/score.py`), on real pipeline output and on deliberately damaged
predictions, and `banmian eval` pairs gold and predictions as documented."""
from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import __version__
from pipeline import evaluate
from pipeline.cli import cli
from pipeline.config import Config
from pipeline.runner import Pipeline
from pipeline.writers.records import page_records

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SCORER = SHARED / "eval" / "score.py"
CORPUS = REPO / "fixtures" / "corpus"
SEED = CORPUS / "seed" / "page-001.txt"
CORPUS_SAMPLE = 2  # corpus pages per family checked against the reference scorer


def load_reference():
    if not SCORER.exists():
        pytest.skip(f"reference scorer not found at {SCORER} (the shared folder beside the repo)")
    spec = importlib.util.spec_from_file_location("reference_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def reference():
    return load_reference()


def sample_pages() -> list[Path]:
    """The seed page and the first few pages of every corpus family that has gold."""
    pages = [SEED]
    if CORPUS.is_dir():
        for family in sorted(p for p in CORPUS.iterdir() if p.is_dir() and p.name != "seed"):
            with_gold = [t for t in sorted(family.glob("page-*.txt"))
                         if t.with_name(t.stem + ".gold.json").exists()]
            pages.extend(with_gold[:CORPUS_SAMPLE])
    return pages


def gold_of(page: Path) -> dict:
    return json.loads(page.with_name(page.stem + ".gold.json").read_text(encoding="utf-8"))


_predictions: dict[Path, list[dict]] = {}


def predict(page: Path) -> list[dict]:
    """The pipeline's records for a page; [] if the pipeline fails on it (that is not what is
    tested here: any prediction must score the same by both scorers)."""
    if page not in _predictions:
        config = Config()
        try:
            _predictions[page] = page_records(Pipeline(config).run_file(page), config, __version__)
        except Exception:  # noqa: BLE001
            if page == SEED:
                raise
            _predictions[page] = []
    return copy.deepcopy(_predictions[page])


def page_name(page: Path) -> str:
    return f"{page.parent.name}/{page.stem}"


# --- damaged predictions -------------------------------------------------------------

def body_articles(pred: list[dict]) -> list[int]:
    return [i for i, a in enumerate(pred) if a.get("kind") != "page" and a.get("body")]


def merge_paragraphs(pred: list[dict]) -> list[dict]:
    """Every second paragraph glued onto the one before it."""
    for article in pred:
        body = article.get("body") or []
        merged = []
        for i, block in enumerate(body):
            if i % 2 == 1 and merged:
                merged[-1] = {**merged[-1], "text": merged[-1]["text"] + block["text"]}
            else:
                merged.append(dict(block))
        article["body"] = merged
    return pred


def drop_article(pred: list[dict]) -> list[dict]:
    """The article with the longest body left out."""
    longest = max(body_articles(pred), key=lambda i: sum(len(b["text"]) for b in pred[i]["body"]))
    return pred[:longest] + pred[longest + 1:]


def swap_headlines(pred: list[dict]) -> list[dict]:
    """Kicker, headline and subtitle of the first two articles that have a body exchanged."""
    first, second = body_articles(pred)[:2]
    for key in ("kicker", "headline", "subtitle"):
        pred[first][key], pred[second][key] = pred[second][key], pred[first][key]
    return pred


def join_articles(pred: list[dict]) -> list[dict]:
    """The bodies of the first two articles run into one article."""
    first, second = body_articles(pred)[:2]
    pred[first]["body"] = pred[first]["body"] + pred[second]["body"]
    del pred[second]
    return pred


def lose_bylines_and_teasers(pred: list[dict]) -> list[dict]:
    """No byline anywhere, teasers turned into articles."""
    for article in pred:
        article["byline"] = None
        if article.get("kind") == "teaser":
            article["kind"] = "article"
    return pred


def space_out(pred: list[dict]) -> list[dict]:
    """A space between the first two characters of every paragraph, and bylines put back
    at the start of first paragraphs."""
    for article in pred:
        for block in article.get("body") or []:
            block["text"] = block["text"][:1] + " " + block["text"][1:]
        if article.get("byline") and article.get("body"):
            article["body"][0]["text"] = article["byline"]["raw"] + article["body"][0]["text"]
    return pred


def add_noise(pred: list[dict]) -> list[dict]:
    """Text that is not in the gold, a short repeated phrase, and the body under `paragraphs`."""
    extra = {"kind": "article", "headline": "无关标题", "body": [{"type": "paragraph", "text": "这段话在金标准里根本没有出现过。"}]}
    pred.append(extra)
    for article in pred:
        if article.get("body"):
            article["paragraphs"] = [b["text"] for b in article.pop("body")]
            break
    for index in body_articles(pred)[:1]:
        pred[index]["body"].append({"type": "paragraph", "text": pred[index]["body"][0]["text"][:3]})
    return pred


def pad_headlines(pred: list[dict]) -> list[dict]:
    """Headlines lengthened by 0, 2, 4 … characters: some still pass, some are too long."""
    for number, article in enumerate(a for a in pred if a.get("headline")):
        article["headline"] += "附加" * number
    return pred


def chop_paragraphs(pred: list[dict]) -> list[dict]:
    """Paragraphs cut into pieces of 3 to 7 characters, shorter and longer than the anchor."""
    for article in pred:
        pieces = []
        for block in article.get("body") or []:
            text, size = block["text"], 3
            while text:
                pieces.append({"type": "paragraph", "text": text[:size]})
                text, size = text[size:], 3 + (size - 2) % 5
        article["body"] = pieces
    return pred


DAMAGE = {
    "padded headlines": (pad_headlines, "headline"),
    "chopped paragraphs": (chop_paragraphs, "para_f1"),
    "merged paragraphs": (merge_paragraphs, "para_f1"),
    "dropped article": (drop_article, "coverage"),
    "swapped headline": (swap_headlines, "headline"),
    "joined articles": (join_articles, "article_b3_f1"),
    "lost bylines and teasers": (lose_bylines_and_teasers, "byline"),
    "spaced out": (space_out, "spacing"),
    "noise": (add_noise, "body_precision"),
}


# --- the same numbers as the reference ------------------------------------------------

@pytest.mark.parametrize("page", sample_pages(), ids=page_name)
def test_same_numbers_on_pipeline_output(reference, page):
    gold, pred = gold_of(page), predict(page)
    assert evaluate.score(gold, pred) == reference.score(gold, pred)


@pytest.mark.parametrize("damage", sorted(DAMAGE))
@pytest.mark.parametrize("page", sample_pages(), ids=page_name)
def test_same_numbers_on_damaged_output(reference, page, damage):
    gold = gold_of(page)
    change, metric = DAMAGE[damage]
    pred = predict(page)
    needed = {"swapped headline": 2, "joined articles": 2, "dropped article": 1}.get(damage, 0)
    if len(body_articles(pred)) < needed:
        pytest.skip(f"needs {needed} predicted articles with a body")
    damaged = change(pred)
    ours = evaluate.score(gold, copy.deepcopy(damaged))
    assert ours == reference.score(gold, copy.deepcopy(damaged))
    if page == SEED:  # the seed output is perfect: the damage must show
        assert ours[metric] < evaluate.score(gold, predict(page))[metric], (damage, metric, ours)


def test_damage_shows_on_the_seed(reference):
    """Not vacuous: each damaged seed prediction loses on its metric, by the reference too."""
    gold, clean = gold_of(SEED), predict(SEED)
    perfect = reference.score(gold, clean)
    assert all(perfect[m] == 1.0 for m in evaluate.METRICS), perfect
    for damage, (change, metric) in DAMAGE.items():
        assert reference.score(gold, change(predict(SEED)))[metric] < 1.0, damage


def test_same_numbers_on_edge_cases(reference):
    gold = gold_of(SEED)
    empty_gold = {"articles": []}
    teaser_only = {"articles": [{"kind": "teaser", "headline": "某某新闻", "body": [], "continued_on": "第3版"}]}
    cases = [
        (gold, []),
        (gold, [{"kind": "page"}]),
        (empty_gold, []),
        (empty_gold, predict(SEED)),
        (teaser_only, [{"kind": "teaser", "headline": "某某新闻", "continued_on": "第3版", "body": []}]),
        (teaser_only, [{"kind": "teaser", "headline": "别的", "continued_on": "第3版", "body": []}]),
        (gold, [{"kind": "article", "headline": None, "byline": "记者 某某",
                 "body": ["短句", "城市是现代化建设的重要载体"]}]),
    ]
    for gold_page, pred in cases:
        assert evaluate.score(gold_page, copy.deepcopy(pred)) == reference.score(gold_page, copy.deepcopy(pred))


def test_same_loading_of_prediction_formats(reference, tmp_path):
    pred = predict(SEED)
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in pred), encoding="utf-8")
    array = tmp_path / "p.json"
    array.write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
    wrapped = tmp_path / "w.json"
    wrapped.write_text(json.dumps({"articles": pred}, ensure_ascii=False, indent=1), encoding="utf-8")
    folder = tmp_path / "split"
    folder.mkdir()
    for i, record in enumerate(pred):
        (folder / f"{i:03d}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    for path in (jsonl, array, wrapped, folder):
        assert evaluate.load_prediction(path) == reference.load_pred(path), path


# --- the command ------------------------------------------------------------------------

def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_cli_one_page(reference, tmp_path):
    gold_file = SEED.with_name("page-001.gold.json")
    pred = merge_paragraphs(predict(SEED))
    pred_file = write_jsonl(tmp_path / "page-001.jsonl", pred)
    result = CliRunner().invoke(cli, ["eval", str(gold_file), str(pred_file), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    expected = reference.score(gold_of(SEED), pred)
    assert {k: report["pages"][0][k] for k in expected} == expected
    table = CliRunner().invoke(cli, ["eval", str(gold_file), str(pred_file)])
    assert table.exit_code == 0 and "page-001" in table.output and "para" in table.output


def test_cli_folders_pair_by_relative_path(reference, tmp_path):
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    seed_gold = SEED.with_name("page-001.gold.json").read_text(encoding="utf-8")
    for family in ("a", "b"):
        (gold_dir / family).mkdir(parents=True)
        (gold_dir / family / "page-001.gold.json").write_text(seed_gold, encoding="utf-8")
    (gold_dir / "c").mkdir()
    (gold_dir / "c" / "page-009.gold.json").write_text(seed_gold, encoding="utf-8")
    good, damaged = predict(SEED), drop_article(predict(SEED))
    write_jsonl(pred_dir / "a" / "page-001.jsonl", good)
    write_jsonl(pred_dir / "b" / "page-001.jsonl", damaged)
    write_jsonl(pred_dir / "page-009.jsonl", good)  # a unique page id is found anywhere
    result = CliRunner().invoke(cli, ["eval", str(gold_dir), str(pred_dir), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    by_page = {p["page"]: p for p in report["pages"]}
    assert sorted(by_page) == ["a/page-001", "b/page-001", "c/page-009"]
    assert by_page["a/page-001"]["coverage"] == 1.0
    assert by_page["b/page-001"]["coverage"] == reference.score(gold_of(SEED), damaged)["coverage"] < 1.0
    assert report["mean"]["pages"] == 3
    assert report["mean"]["coverage"] == round((2 + by_page["b/page-001"]["coverage"]) / 3, 4)


def test_cli_missing_prediction_and_bad_gold(tmp_path):
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_dir.mkdir()
    pred_dir.mkdir()
    (gold_dir / "page-001.gold.json").write_text(SEED.with_name("page-001.gold.json").read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    (gold_dir / "page-002.gold.json").write_text(json.dumps({"articles": [{"headline": "x"}]}), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(gold_dir), str(pred_dir), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["missing"] == ["page-001"]
    assert report["pages"][0]["coverage"] == 0.0
    assert report["errors"][0]["page"] == "page-002" and '"body"' in report["errors"][0]["error"]
    text = CliRunner().invoke(cli, ["eval", str(gold_dir), str(pred_dir)])
    assert "missing prediction: page-001" in text.output


def test_cli_split_folder(reference, tmp_path):
    pred = predict(SEED)
    folder = tmp_path / "page-001"
    folder.mkdir()
    for i, record in enumerate(pred):
        (folder / f"{i:03d}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    gold_file = SEED.with_name("page-001.gold.json")
    for target in (folder, tmp_path):  # the split folder itself, or the folder holding it
        result = CliRunner().invoke(cli, ["eval", str(gold_file), str(target), "--json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["pages"][0]["spacing"] == 1.0


def test_help_documents_the_gold_format():
    result = CliRunner().invoke(cli, ["eval", "--help"])
    assert result.exit_code == 0
    for word in ("gold.json", "headline", "reporters", "continued_on", "subhead", "teaser"):
        assert word in result.output
    for word in ("Gold format", "reporters", "continued_on", "subhead"):
        assert word in evaluate.__doc__


# --- the corpus report ------------------------------------------------------------------

def test_run_eval_writes_the_report(tmp_path):
    """eval/run_eval.py on a tiny corpus: a typeset family of two pages (one with a damaged gold)."""
    spec = importlib.util.spec_from_file_location("run_eval", REPO / "eval" / "run_eval.py")
    run_eval = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_eval)
    family = tmp_path / "corpus" / "typeset"
    family.mkdir(parents=True)
    gold = gold_of(SEED)
    for number in (1, 2):
        (family / f"page-00{number}.txt").write_bytes(SEED.read_bytes())
    (family / "page-001.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    gold["articles"][0]["headline"] = "一个不对的标题"
    (family / "page-002.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    assert run_eval.main(["--corpus", str(tmp_path / "corpus"), "--out", str(out), "--no-install"]) == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["pages"] == 2 and "naive" in report["systems"]
    assert report["families"]["typeset"]["banmian"]["headline"]["worst_page"] == "typeset/page-002"
    assert [w["page"] for w in report["worst_pages"]] == ["typeset/page-002"]
    text = (out / "REPORT.md").read_text(encoding="utf-8")
    for section in ("## Targets", "## Ten worst pages", "## Family `typeset`", "naive mean"):
        assert section in text
    assert "headline | 0.938 | 0.93 | met" in text
