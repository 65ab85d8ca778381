"""Why a page scores what it scores: the metrics of `pipeline.evaluate` taken apart.

`diagnose(gold, records)` follows the scorer's own alignment and says
- where the gold body text that no predicted body holds went (into headings, the
  byline, the page record's furniture / captions / unassigned, or nowhere);
- what the predicted body text that is not gold body is (gold headings, byline,
  furniture, captions, a duplicate of text already placed, or text the gold leaves out);
- how many gold paragraph starts were missed (merges) and how many predicted starts
  are not gold starts (splits);
- gold articles spread over several predicted articles, predicted articles that hold
  several gold articles;
- for each headline, byline and teaser that is wrong, in what way.
"""
from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.evaluate import (ANCHOR_LENGTH, align, anchor_index, byline_names,  # noqa: E402
                               byline_raw, full_heading, normalize_text, scored_paragraphs)

K = ANCHOR_LENGTH
HEADING_KEYS = ("kicker", "headline", "subtitle")
JUMP = re.compile(r"[下上]接|[详全]文?见第?|转第")


class TextFinder:
    """Which labelled texts hold a run of characters, by shared k-grams."""

    def __init__(self) -> None:
        self.index: dict[str, set[str]] = defaultdict(set)
        self.texts: dict[str, list[str]] = defaultdict(list)

    def add(self, label: str, text: str | None) -> None:
        text = normalize_text(text)
        if not text:
            return
        self.texts[label].append(text)
        for i in range(max(1, len(text) - K + 1)):
            self.index[text[i:i + K]].add(label)

    def find(self, run: str) -> str | None:
        """The label whose texts share most k-grams with `run` (or contain it, if short)."""
        if len(run) < K:
            for label, texts in self.texts.items():
                if any(run in text for text in texts):
                    return label
            return None
        votes: Counter = Counter()
        for i in range(len(run) - K + 1):
            for label in self.index.get(run[i:i + K], ()):
                votes[label] += 1
        return votes.most_common(1)[0][0] if votes else None


def runs(flags: list[bool]) -> list[tuple[int, int]]:
    """(start, end) of each run of True."""
    out, start = [], None
    for i, flag in enumerate(flags + [False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            out.append((start, i))
            start = None
    return out


def diagnose(gold: dict, pred: list[dict]) -> dict:
    garts = gold["articles"]
    chars, label, starts, paragraph_of = [], [], [], []
    for number, article in enumerate(garts):
        for block in article["body"]:
            text = normalize_text(block["text"])
            if not text:
                continue
            starts.append(len(chars))
            paragraph_of.extend([len(starts) - 1] * len(text))
            chars.extend(text)
            label.extend([number] * len(text))
    gold_text = "".join(chars)
    index = anchor_index(gold_text)

    covered: list[int | None] = [None] * len(gold_text)
    pred_starts: set[int] = set()
    pred_chars = 0
    unplaced: Counter = Counter()  # predicted body characters that are not gold body, by what they are
    gold_finder = TextFinder()
    for article in garts:
        for key in HEADING_KEYS:
            gold_finder.add("gold heading", article.get(key))
        gold_finder.add("gold byline", byline_raw(article))
        gold_finder.add("gold lead", article.get("lead"))
    for text in gold.get("furniture") or []:
        gold_finder.add("gold furniture", text)
    for text in gold.get("captions") or []:
        gold_finder.add("gold caption", text if isinstance(text, str) else text.get("text"))
    bodies = [pa for pa in pred if pa.get("kind") != "page"]
    for number, article in enumerate(pred):
        for text in scored_paragraphs(article):
            pred_chars += len(text)
            where = align(text, gold_text, index, covered)
            duplicate = [False] * len(text)
            for i, pos in enumerate(where):
                if pos is not None:
                    if covered[pos] is None:
                        covered[pos] = number
                    else:
                        duplicate[i] = True
            unplaced["duplicate"] += sum(duplicate)
            for start, end in runs([pos is None for pos in where]):
                piece = text[start:end]
                kind = gold_finder.find(piece) or ("jump marker" if JUMP.search(piece) else "not in gold")
                unplaced[kind] += end - start
            if where[0] is not None:
                pred_starts.add(where[0])

    # lost gold body text: where did it go?
    pred_finder = TextFinder()
    for article in pred:
        if article.get("kind") == "page":
            for key, name in (("furniture", "page furniture"), ("captions", "page captions"),
                              ("unassigned", "page unassigned")):
                for entry in article.get(key) or []:
                    pred_finder.add(name, entry.get("text") if isinstance(entry, dict) else entry)
            continue
        for key in HEADING_KEYS:
            pred_finder.add("headings", article.get(key))
        pred_finder.add("lead", article.get("lead"))
        pred_finder.add("byline", byline_raw(article))
    lost: Counter = Counter()
    lost_flags = [c is None for c in covered]
    for start, end in runs(lost_flags):
        # a run may span paragraphs; look each piece up on its own
        piece_start = start
        for i in range(start + 1, end + 1):
            if i == end or paragraph_of[i] != paragraph_of[piece_start]:
                lost[pred_finder.find(gold_text[piece_start:i]) or "nowhere"] += i - piece_start
                piece_start = i

    gold_starts = set(starts)
    merges = len(gold_starts - pred_starts)
    splits = len(pred_starts - gold_starts)

    # articles
    holders: dict[int, Counter] = defaultdict(Counter)
    for i, holder in enumerate(covered):
        if holder is not None:
            holders[label[i]][holder] += 1
    fragmented = sum(1 for g, c in holders.items() if sum(1 for n in c.values() if n >= 20) > 1)
    held: dict[int, Counter] = defaultdict(Counter)
    for g, c in holders.items():
        for p, n in c.items():
            held[p][g] += n
    fused = sum(1 for p, c in held.items() if sum(1 for n in c.values() if n >= 20) > 1)
    best = {}
    for g in range(len(garts)):
        counts = holders.get(g)
        best[g] = counts.most_common(1)[0][0] if counts else None

    gold_headlines = [normalize_text(a.get("headline")) for a in garts]
    headline_faults: Counter = Counter()
    byline_faults: Counter = Counter()
    teaser_faults: Counter = Counter()
    examples: list[str] = []
    for g, article in enumerate(garts):
        if article["body"]:
            pi = best[g]
        else:
            h = normalize_text(article.get("headline"))
            pi = next((i for i, pa in enumerate(pred) if h and h in full_heading(pa)), None)
        pa = pred[pi] if pi is not None else {}
        gh = gold_headlines[g]
        heading = full_heading(pa)
        if not gh:
            if pi is not None and heading:
                headline_faults["heading where gold has none"] += 1
        elif pi is None:
            headline_faults["article not found" if article["body"] else "teaser not found"] += 1
        elif gh in heading:
            if len(heading) > 1.5 * len(full_heading(article)) + 4:
                headline_faults["heading too long (fused titles)"] += 1
                examples.append(f"too long: 「{heading[:40]}」 for 「{gh}」")
        elif not heading:
            headline_faults["matched article has no heading"] += 1
            where = pred_finder.find(gh)
            examples.append(f"no heading on the article of 「{gh}」" + (f" (the title went to {where})" if where else ""))
        elif any(other and other in heading for j, other in enumerate(gold_headlines) if j != g):
            headline_faults["another article's headline"] += 1
            examples.append(f"「{heading[:30]}」 on the article of 「{gh}」")
        elif heading in full_heading(article) or gh.startswith(heading) or gh.endswith(heading):
            headline_faults["part of its heading"] += 1
            examples.append(f"part: 「{heading}」 for 「{full_heading(article)}」")
        else:
            headline_faults["other text as heading"] += 1
            examples.append(f"「{heading[:30]}」 for 「{gh}」")
        if article.get("byline") or (pa.get("byline") and article["body"]):
            same = all(byline_names(article, key) == byline_names(pa, key) for key in ("reporters", "correspondents"))
            if not same:
                if not article.get("byline"):
                    byline_faults["byline where gold has none"] += 1
                elif pi is None:
                    byline_faults["article not found"] += 1
                elif not pa.get("byline"):
                    byline_faults["byline missing"] += 1
                elif byline_names(pa, "reporters") | byline_names(pa, "correspondents") == \
                        byline_names(article, "reporters") | byline_names(article, "correspondents"):
                    byline_faults["reporter / correspondent mixed up"] += 1
                else:
                    byline_faults["wrong names"] += 1
                    examples.append(f"byline {sorted(byline_names(pa, 'reporters'))}+"
                                    f"{sorted(byline_names(pa, 'correspondents'))} for {byline_raw(article)!r}")
        if article.get("kind") == "teaser":
            if pi is None:
                teaser_faults["teaser not found"] += 1
            elif pa.get("kind") != "teaser":
                teaser_faults["found, not marked teaser"] += 1
            elif pa.get("continued_on") != article.get("continued_on"):
                teaser_faults["wrong continued_on"] += 1
                examples.append(f"continued_on {pa.get('continued_on')!r} for {article.get('continued_on')!r}")
    gold_teasers = sum(1 for a in garts if a.get("kind") == "teaser")
    pred_teasers = sum(1 for a in pred if a.get("kind") == "teaser")
    found = gold_teasers - sum(teaser_faults.values())
    if pred_teasers > found:
        teaser_faults["teasers predicted beyond gold"] += pred_teasers - found

    return {
        "gold_chars": len(gold_text),
        "pred_chars": pred_chars,
        "lost": dict(lost),
        "unplaced": dict(unplaced),
        "paragraphs": {"gold": len(gold_starts), "predicted": len(pred_starts), "merged": merges, "split": splits},
        "articles": {"gold": len(garts), "predicted": len(bodies), "gold_fragmented": fragmented,
                     "predicted_fused": fused},
        "headline": dict(headline_faults),
        "byline": dict(byline_faults),
        "teaser": dict(teaser_faults),
        "examples": examples[:8],
    }


def summary_line(d: dict) -> str:
    """One line for a page: the biggest problems first."""
    parts = []
    lost = sum(d["lost"].values())
    if lost:
        top = ", ".join(f"{k} {v}" for k, v in Counter(d["lost"]).most_common(3))
        parts.append(f"{lost} of {d['gold_chars']} body chars lost ({top})")
    unplaced = sum(d["unplaced"].values())
    if unplaced:
        top = ", ".join(f"{k} {v}" for k, v in Counter(d["unplaced"]).most_common(3))
        parts.append(f"{unplaced} non-body chars in bodies ({top})")
    p = d["paragraphs"]
    if p["merged"] or p["split"]:
        parts.append(f"paragraphs: {p['merged']} of {p['gold']} gold starts missed, {p['split']} false starts")
    a = d["articles"]
    if a["gold_fragmented"] or a["predicted_fused"]:
        parts.append(f"articles: {a['gold_fragmented']} split up, {a['predicted_fused']} fused "
                     f"({a['predicted']} predicted for {a['gold']})")
    for key in ("headline", "byline", "teaser"):
        if d[key]:
            parts.append(f"{key}: " + ", ".join(f"{k} {v}" for k, v in Counter(d[key]).most_common()))
    return "; ".join(parts) or "no fault found"


def failure_table(groups: dict[str, list[dict]]) -> list[str]:
    """Markdown: each fault, summed over the pages of each group (family), as a share or a count."""
    names = list(groups)

    def total(group: list[dict], path: tuple[str, ...]) -> float:
        value = 0
        for d in group:
            node = d
            for key in path:
                node = node.get(key, 0) if isinstance(node, dict) else 0
            value += node or 0
        return value

    def keys(section: str) -> list[str]:
        found: Counter = Counter()
        for group in groups.values():
            for d in group:
                found.update(d[section])
        return [k for k, _ in found.most_common()]

    rows: list[tuple[str, list[str]]] = []
    for key in keys("lost"):
        rows.append((f"gold body text lost, found in: {key}",
                     [f"{total(g, ('lost', key)) / max(1, total(g, ('gold_chars',))):.1%}" for g in groups.values()]))
    for key in keys("unplaced"):
        rows.append((f"predicted body text that is: {key}",
                     [f"{total(g, ('unplaced', key)) / max(1, total(g, ('pred_chars',))):.1%}" for g in groups.values()]))
    rows.append(("gold paragraph starts missed (merges)",
                 [f"{total(g, ('paragraphs', 'merged')) / max(1, total(g, ('paragraphs', 'gold'))):.1%}"
                  for g in groups.values()]))
    rows.append(("predicted paragraph starts that are false (splits)",
                 [f"{total(g, ('paragraphs', 'split')) / max(1, total(g, ('paragraphs', 'predicted'))):.1%}"
                  for g in groups.values()]))
    rows.append(("gold articles split over several predicted ones",
                 [f"{total(g, ('articles', 'gold_fragmented')):.0f} / {total(g, ('articles', 'gold')):.0f}"
                  for g in groups.values()]))
    rows.append(("predicted articles holding several gold ones",
                 [f"{total(g, ('articles', 'predicted_fused')):.0f} / {total(g, ('articles', 'predicted')):.0f}"
                  for g in groups.values()]))
    for section in ("headline", "byline", "teaser"):
        for key in keys(section):
            rows.append((f"{section}: {key}", [f"{total(g, (section, key)):.0f}" for g in groups.values()]))
    lines = ["| fault | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    lines += [f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows]
    return lines
