"""Score per-article output against hand-labelled gold pages: `banmian eval GOLD PRED`.

The metrics are those of the project's reference scorer (``shared/eval/score.py``)
and give exactly the same numbers; the tests check that they do.

Gold format
===========
One JSON file per page, named ``<page id>.gold.json`` (for example
``page-001.gold.json`` beside ``page-001.txt``)::

    {
      "page": "page-001.txt",                  # free text: where the page came from
      "articles": [                            # every article and teaser, in reading order
        {
          "id": "A1",                          # free text
          "kind": "article",                   # "article" or "teaser" (a pointer to another page)
          "kicker": null,                      # the line above the headline (引题), or null
          "headline": "…",                     # the main title, or null if the text has none
          "subtitle": null,                    # the line below it (副题), or null
          "byline": {"reporters": ["方茜"], "correspondents": []},   # or null
          "dateline": null,
          "continued_on": null,                # for a teaser: the page it points to, e.g. "第3版"
          "lead": null,
          "body": [                            # paragraphs and intertitles, in order
            {"type": "paragraph", "text": "…"},
            {"type": "subhead", "text": "一、总体要求"}
          ]
        }
      ]
    }

Label the text as a reader wants it: paragraphs whole (not one per printed line),
no byline inside the first paragraph, headlines in the kicker / headline /
subtitle fields and not in the body, captions and page furniture left out. A
teaser usually has an empty body; it is matched by its headline. Only
``articles``, ``kind``, ``headline``, ``kicker``, ``subtitle``, ``byline``,
``continued_on`` and ``body`` are read; other fields may hold anything.

Prediction format
=================
``banmian clean`` output: a JSON Lines file with one record per line (the final
record of kind "page" has no body and no headline and changes no score), a JSON
array of articles, a JSON object with an ``articles`` array, or a folder with
one JSON file per article (``banmian clean --split``).

Metrics
=======
Each is between 0 and 1, higher is better. Body text is compared after NFKC
and with all whitespace removed, except in `spacing`. A predicted first
paragraph that still begins with its byline ("本报讯（记者 方茜）…") has that
prefix ignored, so either convention scores the same.

=================  ==============================================================
para_f1            paragraph and subhead starts found, F1 over the page
article_b3_f1      B-cubed F1 of the gold body characters grouped into articles
coverage           share of gold body characters present in some predicted body
body_precision     share of predicted body characters that are gold body text
headline           gold articles whose headline (or its absence) is on the right article
headline_roles     the same, with kicker, headline and subtitle each exactly right
byline             gold articles whose reporters and correspondents are exactly right
teaser             F1 of teasers (kind "teaser", right continued_on) against gold teasers
spacing            gold paragraphs reproduced exactly, spaces included
=================  ==============================================================

>>> gold = {"articles": [{"kind": "article", "headline": "标题", "byline": None,
...          "body": [{"type": "paragraph", "text": "第一段的文字在这里。"},
...                   {"type": "paragraph", "text": "第二段的文字在这里。"}]}]}
>>> merged = [{"kind": "article", "headline": "标题",
...            "body": [{"type": "paragraph", "text": "第一段的文字在这里。第二段的文字在这里。"}]}]
>>> result = score(gold, merged)
>>> result["coverage"], result["para_f1"], result["headline"]
(1.0, 0.6667, 1.0)
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable

import click

METRICS = ("para_f1", "article_b3_f1", "coverage", "body_precision", "headline",
           "headline_roles", "byline", "teaser", "spacing")
"""The scores, in report order; `score` also returns the counts articles_gold and articles_pred."""

ANCHOR_LENGTH = 5
"""Length of the character k-grams that anchor predicted text in the gold text."""

GOLD_SUFFIX = ".gold.json"


# ---------------------------------------------------------------------------
# Text and records

def normalize_text(text: str | None) -> str:
    """NFKC with every whitespace character removed: the form in which text is compared.

    >>> normalize_text("本报讯（记者 方 茜）\\n８月２８日")
    '本报讯(记者方茜)8月28日'
    >>> normalize_text(None)
    ''
    """
    if not text:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def body_texts(article: dict) -> list[str]:
    """The texts of an article's body blocks (``body``, or else ``paragraphs``), as written."""
    body = article.get("body")
    if body is None:
        body = article.get("paragraphs", [])
    return [block["text"] if isinstance(block, dict) else str(block) for block in body or []]


def scored_paragraphs(article: dict) -> list[str]:
    """The article's body texts as the metrics compare them: normalised, the byline
    taken off the front of the first one (either convention scores the same), empty
    ones dropped."""
    byline = normalize_text(byline_raw(article))
    texts = []
    for position, raw in enumerate(body_texts(article)):
        text = normalize_text(raw)
        if position == 0 and byline and text.startswith(byline):
            text = text[len(byline):]
        if text:
            texts.append(text)
    return texts


def byline_raw(article: dict) -> str:
    """The byline as printed: ``byline.raw`` for a parsed byline, or a plain byline string."""
    byline = article.get("byline")
    if isinstance(byline, dict):
        return byline.get("raw") or ""
    return byline or ""


def byline_names(article: dict, key: str) -> set[str]:
    """The normalised, non-empty names of ``byline[key]`` ("reporters" or "correspondents")."""
    byline = article.get("byline")
    if not isinstance(byline, dict):
        return set()
    return {normalize_text(name) for name in byline.get(key) or [] if normalize_text(name)}


def full_heading(article: dict) -> str:
    """Kicker, headline and subtitle, normalised and run together."""
    return "".join(normalize_text(article.get(key)) for key in ("kicker", "headline", "subtitle"))


# ---------------------------------------------------------------------------
# Loading

def load_gold(path: str | Path) -> dict:
    """Read a gold page and check its shape; raise ValueError naming the first problem."""
    path = Path(path)
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not JSON ({error})") from None
    problems = gold_problems(gold)
    if problems:
        raise ValueError(f"{path}: {problems[0]}" + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""))
    return gold


def gold_problems(gold: Any) -> list[str]:
    """What keeps `gold` from being a gold page (see the module docstring); empty if nothing.

    >>> gold_problems({"articles": [{"kind": "article", "body": [{"text": "正文"}]}]})
    []
    >>> gold_problems({"articles": [{"body": [{"type": "paragraph"}]}]})
    ['articles[0].body[0] has no "text" string']
    """
    if not isinstance(gold, dict) or not isinstance(gold.get("articles"), list):
        return ['no "articles" list at the top level']
    problems = []
    for number, article in enumerate(gold["articles"]):
        where = f"articles[{number}]"
        if not isinstance(article, dict):
            problems.append(f"{where} is not an object")
            continue
        if not isinstance(article.get("body"), list):
            problems.append(f'{where} has no "body" list (use [] for a teaser)')
            continue
        for index, block in enumerate(article["body"]):
            if not isinstance(block, dict) or not isinstance(block.get("text"), str):
                problems.append(f'{where}.body[{index}] has no "text" string')
        byline = article.get("byline")
        if byline is not None and not isinstance(byline, dict):
            problems.append(f'{where}.byline is neither null nor an object with "reporters" / "correspondents"')
    return problems


def load_prediction(path: str | Path) -> list[dict]:
    """Read predicted articles: JSON Lines, a JSON array, ``{"articles": [...]}``, or a folder
    of one JSON file per article."""
    path = Path(path)
    if path.is_dir():
        articles: list[dict] = []
        for file in sorted(path.glob("*.json")):
            articles.extend(_as_articles(json.loads(file.read_text(encoding="utf-8"))))
        return articles
    text = path.read_text(encoding="utf-8")
    stripped = text.lstrip()
    if stripped.startswith("[") or (stripped.startswith("{") and "\n{" not in stripped.strip()):
        try:
            return _as_articles(json.loads(text))
        except json.JSONDecodeError:
            pass  # JSON Lines after all
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _as_articles(data: Any) -> list[dict]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        return data["articles"]
    if isinstance(data, dict):
        return [data]
    raise ValueError("unrecognised prediction format")


# ---------------------------------------------------------------------------
# Alignment

def anchor_index(gold_text: str) -> dict[str, list[int]]:
    """Every k-gram of the gold text with the positions where it starts."""
    index: dict[str, list[int]] = defaultdict(list)
    for start in range(len(gold_text) - ANCHOR_LENGTH + 1):
        index[gold_text[start:start + ANCHOR_LENGTH]].append(start)
    return index


def align(paragraph: str, gold_text: str, index: dict[str, list[int]], covered: list) -> list[int | None]:
    """Map each character of a predicted paragraph to a position in the gold text, or None.

    Every k-gram of the paragraph votes for the offset (gold position minus its own)
    at which it occurs in the gold text; the offsets with most votes claim their
    characters first, so a paragraph wrongly merged from two places maps piece by
    piece, and a phrase that repeats on the page goes where its neighbours are.
    A paragraph shorter than k goes to its first occurrence not yet covered.

    >>> gold = "甲乙丙丁戊己庚辛壬癸"
    >>> align("戊己庚辛壬癸", gold, anchor_index(gold), [None] * len(gold))
    [4, 5, 6, 7, 8, 9]
    >>> align("子丑", gold, anchor_index(gold), [None] * len(gold))
    [None, None]
    """
    where: list[int | None] = [None] * len(paragraph)
    if len(paragraph) < ANCHOR_LENGTH:
        starts = [match.start() for match in re.finditer(re.escape(paragraph), gold_text)]
        free = [start for start in starts if covered[start] is None] or starts
        if free:
            where = list(range(free[0], free[0] + len(paragraph)))
        return where
    votes: dict[int, list[int]] = defaultdict(list)
    for i in range(len(paragraph) - ANCHOR_LENGTH + 1):
        for gold_start in index.get(paragraph[i:i + ANCHOR_LENGTH], ()):
            votes[gold_start - i].append(i)
    for offset, starts in sorted(votes.items(), key=lambda item: (-len(item[1]), item[0])):
        for i in starts:
            for j in range(i, i + ANCHOR_LENGTH):
                if where[j] is None:
                    where[j] = j + offset
    return where


# ---------------------------------------------------------------------------
# Scores

def f1(precision: float, recall: float) -> float:
    """Harmonic mean; 0 when both are 0.

    >>> f1(1.0, 0.5)
    0.6666666666666666
    """
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def b_cubed(cells: Counter, total: int) -> float:
    """B-cubed F1 of a clustering given as {(gold cluster, predicted cluster): characters}."""
    if not total:
        return 1.0
    gold_sizes: Counter = Counter()
    pred_sizes: Counter = Counter()
    for (gold_cluster, pred_cluster), count in cells.items():
        gold_sizes[gold_cluster] += count
        pred_sizes[pred_cluster] += count
    precision = sum(c * c / pred_sizes[p] for (g, p), c in cells.items()) / total
    recall = sum(c * c / gold_sizes[g] for (g, p), c in cells.items()) / total
    return f1(precision, recall)


def score(gold: dict, pred: list[dict]) -> dict[str, float | int]:
    """All metrics of one page: `gold` as in the module docstring, `pred` a list of records."""
    gold_articles = gold["articles"]

    # the gold body as one string, each character labelled with its article
    gold_chars: list[str] = []
    gold_label: list[int] = []
    gold_starts: set[int] = set()
    gold_paragraphs: list[str] = []
    for number, article in enumerate(gold_articles):
        for block in article["body"]:
            text = normalize_text(block["text"])
            if not text:
                continue
            gold_starts.add(len(gold_chars))
            gold_chars.extend(text)
            gold_label.extend([number] * len(text))
            gold_paragraphs.append(block["text"])
    gold_text = "".join(gold_chars)
    index = anchor_index(gold_text)

    # place every predicted body character; the first article to claim a gold character holds it
    covered: list[int | None] = [None] * len(gold_text)
    pred_chars = pred_mapped = 0
    pred_starts: set[int] = set()
    for number, article in enumerate(pred):
        for text in scored_paragraphs(article):
            pred_chars += len(text)
            where = align(text, gold_text, index, covered)
            for gold_position in where:
                if gold_position is not None and covered[gold_position] is None:
                    covered[gold_position] = number
                    pred_mapped += 1
            if where[0] is not None:
                pred_starts.add(where[0])

    total = len(gold_text)
    coverage = sum(holder is not None for holder in covered) / total if total else 1.0
    body_precision = pred_mapped / pred_chars if pred_chars else (1.0 if total == 0 else 0.0)

    hits = len(pred_starts & gold_starts)
    para_f1 = f1(hits / len(pred_starts) if pred_starts else 0.0,
                 hits / len(gold_starts) if gold_starts else 1.0)

    # gold characters no predicted body holds are clusters of their own
    cells: Counter = Counter()
    for i in range(total):
        holder = covered[i] if covered[i] is not None else ("lost", i)
        cells[(gold_label[i], holder)] += 1
    article_b3 = b_cubed(cells, total)

    matched = _matched_articles(gold_articles, pred, cells)
    heading_ok = roles_ok = byline_ok = byline_count = teasers_found = teasers_gold = 0
    for number, article in enumerate(gold_articles):
        match = matched[number]
        predicted = pred[match] if match is not None else {}
        ok = _heading_ok(article, predicted, match is not None)
        heading_ok += ok
        roles_ok += ok and all(normalize_text(article.get(key)) == normalize_text(predicted.get(key))
                               for key in ("kicker", "headline", "subtitle"))
        if article.get("byline") or (predicted.get("byline") and article["body"]):
            byline_count += 1
            byline_ok += all(byline_names(article, key) == byline_names(predicted, key)
                             for key in ("reporters", "correspondents"))
        if article.get("kind") == "teaser":
            teasers_gold += 1
            teasers_found += (match is not None and predicted.get("kind") == "teaser"
                              and predicted.get("continued_on") == article.get("continued_on"))

    teasers_predicted = sum(1 for article in pred if article.get("kind") == "teaser")
    teaser = f1(teasers_found / teasers_predicted if teasers_predicted else 1.0,
                teasers_found / teasers_gold if teasers_gold else 1.0)

    exact = Counter(text for article in pred for text in body_texts(article))
    spacing = (sum(1 for text in gold_paragraphs if exact[text] > 0) / len(gold_paragraphs)
               if gold_paragraphs else 1.0)

    count = len(gold_articles)
    return {
        "para_f1": round(para_f1, 4),
        "article_b3_f1": round(article_b3, 4),
        "coverage": round(coverage, 4),
        "body_precision": round(body_precision, 4),
        "headline": round(heading_ok / count, 4) if count else 1.0,
        "headline_roles": round(roles_ok / count, 4) if count else 1.0,
        "byline": round(byline_ok / byline_count, 4) if byline_count else 1.0,
        "teaser": round(teaser, 4),
        "spacing": round(spacing, 4),
        "articles_gold": count,
        "articles_pred": len(pred),
    }


def _matched_articles(gold_articles: list[dict], pred: list[dict], cells: Counter) -> dict[int, int | None]:
    """For each gold article, the predicted article holding most of its body (ties: the one
    holding its earliest character); for a gold article without body (a teaser), the first
    predicted article whose heading contains its headline."""
    holders: dict[int, Counter] = defaultdict(Counter)
    for (gold_cluster, pred_cluster), count in cells.items():  # in gold character order
        if not isinstance(pred_cluster, tuple):
            holders[gold_cluster][pred_cluster] += count
    matched: dict[int, int | None] = {}
    for number, article in enumerate(gold_articles):
        if article["body"]:
            counts = holders.get(number)
            matched[number] = counts.most_common(1)[0][0] if counts else None
            continue
        headline = normalize_text(article.get("headline"))
        matched[number] = next((i for i, predicted in enumerate(pred)
                                if headline and headline in full_heading(predicted)), None)
    return matched


def _heading_ok(article: dict, predicted: dict, found: bool) -> bool:
    """The gold headline is in the predicted heading, which is not much longer than the gold
    one; a gold article without headline wants a matched article without one."""
    headline = normalize_text(article.get("headline"))
    if not headline:
        return not full_heading(predicted) if found else True
    predicted_heading = full_heading(predicted)
    return headline in predicted_heading and len(predicted_heading) <= 1.5 * len(full_heading(article)) + 4


def mean_scores(results: Iterable[dict]) -> dict[str, float | int]:
    """Mean of each metric over pages, and the summed article counts.

    >>> mean_scores([{"para_f1": 1.0, "articles_gold": 2}, {"para_f1": 0.5, "articles_gold": 3}])
    {'para_f1': 0.75, 'articles_gold': 5, 'pages': 2}
    """
    results = list(results)
    summary: dict[str, float | int] = {}
    if not results:
        return {"pages": 0}
    for key in METRICS:
        if key in results[0]:
            summary[key] = round(sum(r[key] for r in results) / len(results), 4)
    for key in ("articles_gold", "articles_pred"):
        if key in results[0]:
            summary[key] = sum(r[key] for r in results)
    summary["pages"] = len(results)
    return summary


# ---------------------------------------------------------------------------
# Pairing gold and predictions

def gold_files(gold: Path) -> list[Path]:
    """The gold file itself, or every ``*.gold.json`` under a folder, sorted."""
    if gold.is_dir():
        return sorted(gold.rglob(f"*{GOLD_SUFFIX}"))
    return [gold]


def page_id(gold_file: Path) -> str:
    """``page-001.gold.json`` → ``page-001``."""
    name = gold_file.name
    return name[:-len(GOLD_SUFFIX)] if name.endswith(GOLD_SUFFIX) else gold_file.stem


def find_prediction(gold_file: Path, gold_root: Path, pred: Path, unique_id: bool) -> Path | None:
    """Where the prediction for one gold page is.

    `pred` may be the prediction itself (a file, or a folder of article files). In a folder
    of page outputs, try the gold's own relative folder first (``family/page-001.jsonl``, or
    a ``family/page-001/`` folder from ``--split``), then, if the page id names one gold
    page only, ``page-001.jsonl`` at the top or anywhere below."""
    if pred.is_file():
        return pred
    if not pred.is_dir():
        return None
    identifier = page_id(gold_file)
    relative = gold_file.parent.relative_to(gold_root) if gold_root.is_dir() else Path()
    folders = [pred / relative] + ([pred] if unique_id and relative != Path() else [])
    for folder in folders:
        for candidate in (folder / f"{identifier}.jsonl", folder / f"{identifier}.json", folder / identifier):
            if candidate.exists():
                return candidate
    if unique_id:
        found = sorted(pred.rglob(f"{identifier}.jsonl"))
        if len(found) == 1:
            return found[0]
    if not gold_root.is_dir() and any(pred.glob("*.json")):
        return pred  # a --split folder of article files for this one page
    return None


def evaluate(gold: str | Path, pred: str | Path) -> dict[str, Any]:
    """Score every gold page under `gold` against its prediction under `pred`.

    Returns ``{"pages": [{"page", "gold", "pred", metrics…}], "mean": {…}, "missing": [...],
    "errors": [...]}``; a page without prediction is scored as an empty prediction (all its
    text lost) and also listed in "missing"."""
    gold, pred = Path(gold), Path(pred)
    files = gold_files(gold)
    ids = Counter(page_id(file) for file in files)
    pages, missing, errors = [], [], []
    for file in files:
        name = str(file.relative_to(gold)) if gold.is_dir() else file.name
        name = name[:-len(GOLD_SUFFIX)] if name.endswith(GOLD_SUFFIX) else name
        try:
            gold_page = load_gold(file)
        except (ValueError, OSError) as error:
            errors.append({"page": name, "error": str(error)})
            continue
        location = find_prediction(file, gold, pred, ids[page_id(file)] == 1)
        if location is None:
            missing.append(name)
            predicted: list[dict] = []
        else:
            try:
                predicted = load_prediction(location)
            except (ValueError, OSError) as error:
                errors.append({"page": name, "error": f"{location}: {error}"})
                continue
        result = score(gold_page, predicted)
        pages.append({"page": name, "gold": str(file), "pred": str(location) if location else None, **result})
    return {"pages": pages, "mean": mean_scores(pages), "missing": missing, "errors": errors}


# ---------------------------------------------------------------------------
# Command line

SHORT_NAMES = {"para_f1": "para", "article_b3_f1": "b3", "coverage": "cover", "body_precision": "prec",
               "headline": "head", "headline_roles": "roles", "byline": "byline", "teaser": "teaser",
               "spacing": "space"}


def format_table(report: dict[str, Any]) -> str:
    """Per-page lines and the mean, as plain aligned text."""
    pages = report["pages"]
    width = max([len(p["page"]) for p in pages] + [len("mean")])
    header = f"{'page':<{width}}  " + " ".join(f"{SHORT_NAMES[m]:>6}" for m in METRICS) + "  art(g/p)"
    lines = [header]
    for row in pages + ([{"page": "mean", **report["mean"]}] if len(pages) > 1 else []):
        counts = f"{row.get('articles_gold', '')}/{row.get('articles_pred', '')}"
        lines.append(f"{row['page']:<{width}}  " + " ".join(f"{row[m]:>6.4f}" for m in METRICS) + f"  {counts}")
    for name in report["missing"]:
        lines.append(f"missing prediction: {name} (scored as empty)")
    for error in report["errors"]:
        lines.append(f"error: {error['page']}: {error['error']}")
    return "\n".join(lines) + "\n"


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("gold", type=click.Path(exists=True))
@click.argument("pred", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (pages, mean, missing, errors).")
def command(gold: str, pred: str, as_json: bool) -> None:
    """Score predictions PRED against hand-labelled gold pages GOLD.

    \b
    GOLD  a <page id>.gold.json file, or a folder searched recursively for them.
    PRED  the output of `banmian clean`: a .jsonl file, a folder of per-article
          .json files (--split), or a folder of page outputs. In a folder, the
          prediction of family/page-001.gold.json is family/page-001.jsonl, or
          page-001.jsonl anywhere if that page id is unique.

    \b
    Gold format, one JSON object per page:
      {"articles": [{"kind": "article" | "teaser",
                     "kicker": str|null, "headline": str|null, "subtitle": str|null,
                     "byline": {"reporters": [..], "correspondents": [..]} | null,
                     "continued_on": str|null,
                     "body": [{"type": "paragraph" | "subhead", "text": str}, ...]},
                    ...]}
    Paragraphs whole, no byline in the body, headings out of the body, captions
    and furniture left out; a teaser has an empty body.

    \b
    Metrics (0..1, higher is better): para_f1 (paragraph starts), article_b3_f1
    (body characters grouped into the right articles), coverage, body_precision,
    headline, headline_roles, byline, teaser, spacing (paragraphs exact with spaces).

    Exit status 1 when a prediction is missing or a file cannot be read.
    """
    report = evaluate(gold, pred)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False))
    else:
        click.echo(format_table(report), nl=False)
    sys.exit(1 if report["missing"] or report["errors"] else 0)


__all__ = ["METRICS", "score", "evaluate", "load_gold", "load_prediction", "gold_problems",
           "normalize_text", "mean_scores", "command"]
