"""assemble: group blocks into articles.

1. Walk the blocks in reading order. Titles and jump markers collect into *title
   zones*; paragraphs collect into *runs*. A byline, a news dateline (本报讯…)
   or a change of column width after a finished paragraph starts a new run.
2. Split each title zone into *items*: a jump marker claims the untargeted titles
   just above it (a teaser); the other titles are grouped by the run whose text
   they share most words with.
3. Attach each item to a run by that evidence (shared bigrams), not by position;
   an item that matches no run takes the run right after it if that run has no
   title, else stands alone. A run that matches nothing keeps no headline: it must
   not borrow a neighbour's.
4. A one-paragraph run under a title that restates another run (a lead box set
   apart from its article) becomes that article's lead, and the title moves with
   it. A run cut in mid-sentence by another item is joined to its continuation.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import regex

from ..config import Config
from ..model import Article, BodyItem, Page
from ..rules.chars import display_width, ends_sentence
from ..rules.markers import (SUBTITLE_FORM, CONTINUATION_MARKER, DATED_SUBTITLE, INLINE_BYLINE, LEADING_CONTINUATION, TRAILING_JUMP,
                             page_number)
from ..rules.overlap import bigrams, overlap
from ..rules.wrap import join_text, spaced_phrases
from .base import Stage

POSITION_BELOW = 0.5   # evidence a title gets from standing right above an untitled run
POSITION_ABOVE = 0.2   # … right below one (headline after its body)
ATTACH_THRESHOLD = 0.4
COLUMN_CHANGE = 6      # cells: a new column width after a finished paragraph starts a new run
LEAD_OVERLAP = 0.35    # share of a lead's bigrams found in the body it introduces
MAX_LEAD_CHARS = 400
TEASER_KEEPS = 0.5     # a title above a jump marker is the teaser's unless it restates a body this much


@dataclass
class Run:
    blocks: list[int] = field(default_factory=list)
    byline_block: int | None = None
    jump_block: int | None = None        # a standalone （下转第N版） after the run
    split_by_width: bool = False         # started only because the column width changed
    width: int = 0
    item: "Item | None" = None
    lead_block: int | None = None
    grams: set[str] = field(default_factory=set)
    merged_into: "Run | None" = None

    def body_blocks(self, page: Page) -> list[int]:
        return [b for b in self.blocks if page.blocks[b].role in ("body", "intertitle")]


@dataclass
class Item:
    blocks: list[int] = field(default_factory=list)   # title blocks, in order
    marker: int | None = None                         # jump marker block, for a teaser
    target: Run | None = None
    score: float = 0.0
    reason: str = ""


def _segments(page: Page) -> tuple[list[Run], list[list[int]], list[tuple[str, object]]]:
    """Runs and title zones in reading order (and the order they came in)."""
    runs: list[Run] = []
    zones: list[list[int]] = []
    order: list[tuple[str, object]] = []
    current: tuple[str, object] | None = None
    width_split = False
    for index, block in enumerate(page.blocks):
        role = block.role
        if role in ("furniture", "caption"):
            page.unassigned.append(index)
            continue
        if role in ("headline", "teaser"):
            if current is None or current[0] != "zone":
                zone: list[int] = []
                zones.append(zone)
                current = ("zone", zone)
                order.append(current)
            current[1].append(index)  # type: ignore[union-attr]
            continue
        starts_new = current is None or current[0] != "run"
        if not starts_new:
            run: Run = current[1]  # type: ignore[assignment]
            # a lone （上接第N版） belongs to the article below it, byline included
            body = [b for b in run.body_blocks(page) if not _continued_from_only(page.blocks[b].text)]
            if role == "byline":
                starts_new = bool(body) or run.byline_block is not None
                if not starts_new:
                    pass
            elif INLINE_BYLINE.match(block.text) and body:
                starts_new = True
            elif body and role == "body" and len(block.lines) > 1:
                last = page.blocks[body[-1]]
                if (abs(block.column_width - run.width) > COLUMN_CHANGE and ends_sentence(last.text)
                        and not block.continues):
                    starts_new = width_split = True
                    page.decide("assemble", "new-run", f"column width changes from {run.width} to "
                                f"{block.column_width} cells after a finished paragraph", 0.6,
                                page.lines[block.lines[0]].index)
        if starts_new:
            run = Run(split_by_width=width_split)
            width_split = False
            runs.append(run)
            current = ("run", run)
            order.append(current)
        run = current[1]  # type: ignore[assignment]
        run.blocks.append(index)
        if role == "byline" and run.byline_block is None:
            run.byline_block = index
        elif not run.width and len(block.lines) > 1:
            run.width = block.column_width
    for run in runs:
        if not run.width:
            run.width = max((page.blocks[b].column_width for b in run.blocks), default=0)
        run.grams = set().union(*(bigrams(page.blocks[b].text) for b in run.body_blocks(page))) \
            if run.body_blocks(page) else set()
    return runs, zones, order


def _best_run(page: Page, text: str, runs: list[Run], threshold: float) -> tuple[Run | None, float]:
    best, best_score = None, 0.0
    for run in runs:
        if not run.grams:
            continue
        score = overlap(text, run.grams)
        if score > best_score:
            best, best_score = run, score
    if best_score < threshold:
        return None, best_score
    return best, best_score


def _items(page: Page, zone: list[int], runs: list[Run], threshold: float) -> list[Item]:
    blocks = page.blocks
    targets: dict[int, tuple[Run | None, float]] = {}
    for b in zone:
        if blocks[b].role == "headline" and not DATED_SUBTITLE.match(blocks[b].text):
            targets[b] = _best_run(page, blocks[b].text, runs, threshold)
    # 1. jump markers claim the untargeted titles right above them. An index box can
    #    come out as all its titles, then all its markers: k markers in a row take the
    #    k title groups above them, in order.
    claimed: dict[int, Item] = {}
    items: list[Item] = []
    position = 0
    while position < len(zone):
        b = zone[position]
        if blocks[b].role != "teaser":
            position += 1
            continue
        if CONTINUATION_MARKER.match(blocks[b].text.strip()):
            item = Item(marker=b, reason="（下转第N版）: the article before it goes on there")
            items.append(item)
            claimed[b] = item
            position += 1
            continue
        markers = [b]
        while (position + len(markers) < len(zone) and blocks[zone[position + len(markers)]].role == "teaser"
               and not CONTINUATION_MARKER.match(blocks[zone[position + len(markers)]].text.strip())):
            markers.append(zone[position + len(markers)])
        # title groups above, nearest first
        groups: list[list[int]] = []
        back = position - 1
        while back >= 0 and len(groups) <= len(markers):
            candidate = zone[back]
            if candidate in claimed or blocks[candidate].role != "headline":
                break
            target, score = targets.get(candidate, (None, 0.0))
            if (target is not None and score >= TEASER_KEEPS) or (
                    DATED_SUBTITLE.match(blocks[candidate].text) and len(markers) == 1):
                break  # a dated line is the subtitle of the title above it, not of a teaser
            joins_next = groups and (not _blank_between(page, candidate, groups[-1][0])
                                     or blocks[groups[-1][0]].text.lstrip().startswith("—")
                                     or DATED_SUBTITLE.match(blocks[groups[-1][0]].text))
            if (joins_next or len(markers) == 1) and groups and sum(map(len, groups)) < 3:
                # one marker takes up to three title lines above it (headline, subtitle)
                groups[-1].insert(0, candidate)
            elif len(groups) < len(markers):
                groups.append([candidate])
            else:
                break
            back -= 1
        groups.reverse()
        # pair the last groups with the markers in order; markers left over have no title
        offset = len(markers) - len(groups)
        for number, marker in enumerate(markers):
            group = groups[number - offset] if number >= offset else []
            item = Item(blocks=list(group), marker=marker, reason="titles above a jump marker: a teaser")
            for member in group + [marker]:
                claimed[member] = item
            items.append(item)
        position += len(markers)
    # 2. the other titles group by shared target; a dated line joins the title above it
    current: Item | None = None
    previous_block: int | None = None
    for b in zone:
        if b in claimed:
            current = None
            previous_block = b
            continue
        target, score = targets.get(b, (None, 0.0))
        blank_before = previous_block is not None and _blank_between(page, previous_block, b)
        if (DATED_SUBTITLE.match(blocks[b].text) or blocks[b].text.lstrip().startswith("—")) and current is not None:
            current.blocks.append(b)
        elif (current is not None and len(current.blocks) < 3
              and (target is current.target or not blank_before
                   or (target is None and all(_kicker_like(blocks[m].text) for m in current.blocks)))):
            # lines set one under the other are one title, whatever words each shares; a
            # kicker ("精准帮扶 因地制宜", "…系列报道之五") goes with the title below it
            current.blocks.append(b)
            if current.target is None and target is not None:
                current.target, current.score = target, score
        else:
            current = Item(blocks=[b], target=target, score=score)
            items.append(current)
        if target is not None and score > current.score:
            current.score = score
        previous_block = b
    items.sort(key=lambda item: (item.blocks or [item.marker])[0])
    return items


def _blank_between(page: Page, first_block: int, second_block: int) -> bool:
    last_line = page.blocks[first_block].lines[-1]
    next_line = page.blocks[second_block].lines[0]
    return any(page.lines[p].blank for p in range(last_line + 1, next_line))


def _title_parts(page: Page, item: Item) -> dict[str, list[int]]:
    """Which of an item's title blocks are kicker, headline and subtitle.

    Blocks not separated by a blank line are one visual group. The first group
    holds the headline; a first line with an inner space or narrower than the next
    line is a kicker (引题) over it. With three groups the first is the kicker.
    Later groups, dated lines and lines that open with a dash are the subtitle."""
    blocks = page.blocks
    groups: list[list[int]] = []
    parts: dict[str, list[int]] = {"kicker": [], "headline": [], "subtitle": []}
    for number, b in enumerate(item.blocks):
        text = blocks[b].text.strip()
        if DATED_SUBTITLE.match(text) or (number and SUBTITLE_FORM.search(text)):
            parts["subtitle"].append(b)
            continue
        if groups and not _blank_between(page, groups[-1][-1], b):
            groups[-1].append(b)
        else:
            groups.append([b])
    if len(groups) >= 3:
        parts["kicker"] = groups.pop(0)
    elif (len(groups) == 2 and len(groups[0]) == 1 and spaced_phrases(blocks[groups[0][0]].text.strip())
          and not spaced_phrases(blocks[groups[1][0]].text.strip())):
        # "真抓实干 精准帮扶" over "楚雄用心做好生态保护…": phrases in a row are a kicker
        parts["kicker"] = groups.pop(0)
    if groups:
        first = list(groups[0])
        texts = [blocks[b].text.strip() for b in first]
        if len(first) >= 2 and not parts["kicker"] and (
                " " in texts[0] or display_width(texts[0]) < display_width(texts[1]) - 2):
            parts["kicker"] = [first.pop(0)]
        parts["headline"] = first
        for group in groups[1:]:
            parts["subtitle"].extend(group)
    if not parts["headline"] and parts["subtitle"]:
        parts["headline"] = [parts["subtitle"].pop(0)]
    parts["subtitle"].sort()
    return parts


def _title_roles(page: Page, item: Item, attribute: str = "text") -> dict[str, str | None]:
    """The kicker, headline and subtitle texts (see `_title_parts`)."""
    parts = _title_parts(page, item)
    texts: dict[str, str | None] = {}
    for role, members in parts.items():
        text = ""
        for number, b in enumerate(members):
            piece = getattr(page.blocks[b], attribute).strip()
            # lines of one group are one wrapped title; separate subtitle groups get a space
            if number and role == "subtitle" and _blank_between(page, members[number - 1], b):
                text += " "
            text += piece
        texts[role] = text or None
    return texts


class Assemble(Stage):
    name = "assemble"
    needs = ("roles",)
    sets = ("articles",)

    def run(self, page: Page, config: Config) -> Page:
        runs, zones, order = _segments(page)
        items: list[Item] = []
        for zone in zones:
            items.extend(_items(page, zone, runs, config.min_headline_overlap))

        # a paragraph cannot end without a final mark: a run that stops in mid-sentence
        # goes on in the next run, whatever titles or furniture the extractor put between
        for position, (kind, obj) in enumerate(order):
            if kind != "run":
                continue
            run = obj  # type: ignore[assignment]
            while run.merged_into is not None:
                run = run.merged_into
            if not _ends_open(page, run):
                continue
            later = next((o for k, o in order[position + 1:] if k == "run"), None)
            if (later is not None and later.merged_into is None and later.byline_block is None  # type: ignore[union-attr]
                    and not INLINE_BYLINE.match(page.blocks[later.blocks[0]].text)  # type: ignore[union-attr]
                    and abs(later.width - run.width) <= 6):  # type: ignore[union-attr]
                _merge_runs(page, run, later)  # type: ignore[arg-type]

        # columns of two articles alternate in the text (A, B, A, B): a run that began only
        # because the column width changed, with no byline of its own, goes on an earlier
        # run of its width
        for position, (kind, obj) in enumerate(order):
            run = obj  # type: ignore[assignment]
            if kind != "run" or not run.split_by_width or run.byline_block is not None or run.merged_into:
                continue
            if INLINE_BYLINE.match(page.blocks[run.blocks[0]].text):
                continue
            for earlier_kind, earlier in reversed(order[:position - 1]):
                if earlier_kind != "run":
                    continue
                target = earlier
                while target.merged_into is not None:  # type: ignore[union-attr]
                    target = target.merged_into  # type: ignore[union-attr]
                if target is not run and abs(target.width - run.width) <= 2:  # type: ignore[union-attr]
                    _merge_runs(page, target, run)  # type: ignore[arg-type]
                    break

        # a byline with no text under it belongs to the next article that has none
        for position, (kind, obj) in enumerate(order):
            run = obj  # type: ignore[assignment]
            if kind != "run" or run.merged_into is not None or run.byline_block is None or run.body_blocks(page):
                continue
            following = order[position + 1:position + 4]
            for later_kind, later in following:
                if later_kind != "run":
                    continue
                if later.merged_into is None and later.byline_block is None and later.body_blocks(page) \
                        and not INLINE_BYLINE.match(page.blocks[later.body_blocks(page)[0]].text):  # type: ignore[union-attr]
                    if following[0][1] is later:  # right below: one article
                        _merge_runs(page, run, later)  # type: ignore[arg-type]
                    else:  # titles in between: the byline moves, the titles stay theirs
                        later.byline_block = run.byline_block  # type: ignore[union-attr]
                        later.blocks.insert(0, run.byline_block)  # type: ignore[union-attr]
                        run.blocks.remove(run.byline_block)
                        run.byline_block = None
                        if not run.blocks:
                            run.merged_into = later  # type: ignore[assignment]
                    page.decide("assemble", "byline-moves", "a byline with no text under it goes to the "
                                "next article without one", 0.6)
                break

        self._attach_titles(page, items, runs, order)

        # a one-paragraph run under its own title that restates a titleless run is a lead box
        for run in runs:
            body = run.body_blocks(page)
            if run.item is None or run.byline_block is not None or len(body) != 1:
                continue
            text = page.blocks[body[0]].text
            if len(text) > MAX_LEAD_CHARS:
                continue
            lead_grams = bigrams(text)
            best, best_score = None, 0.0
            for other in runs:
                if (other is run or other.item is not None or other.merged_into is not None or not other.grams
                        or other.lead_block is not None):
                    continue
                score = len(lead_grams & other.grams) / max(1, len(lead_grams))
                if score > best_score:
                    best, best_score = other, score
            if best is not None and best_score >= LEAD_OVERLAP:
                best.item, run.item.target = run.item, best
                run.item.reason += f"; with its lead box, which shares {best_score:.0%} of its word pairs"
                best.lead_block = body[0]
                run.merged_into = best
                page.blocks[body[0]].role = "lead"
                page.decide("assemble", "lead", f"one paragraph under a title, {best_score:.0%} of its "
                            f"word pairs in another article's body: that article's lead", best_score,
                            page.lines[page.blocks[body[0]].lines[0]].index)

        # a lead box: one paragraph under a title, set in its own width, right above an
        # untitled run (the article's columns) — the paragraph leads that article
        for position, (kind, obj) in enumerate(order[:-1]):
            run = obj  # type: ignore[assignment]
            next_kind, below = order[position + 1]
            if kind != "run" or next_kind != "run" or run.merged_into is not None or run.item is None:
                continue
            below = below  # type: ignore[assignment]
            body = run.body_blocks(page)
            if (below.merged_into is not None or below.item is not None or len(body) != 1  # type: ignore[union-attr]
                    or page.blocks[body[0]].role != "body" or run.lead_block is not None
                    or (_has_byline(page, run) and _has_byline(page, below))  # type: ignore[arg-type]
                    or len(page.blocks[body[0]].text) > MAX_LEAD_CHARS
                    or not ends_sentence(page.blocks[body[0]].text)):
                continue
            lead = body[0]
            run.blocks.remove(lead)
            run.lead_block = lead
            page.blocks[lead].role = "lead"
            _merge_runs(page, run, below)  # type: ignore[arg-type]
            page.decide("assemble", "lead", "one paragraph of its own width between a title and the "
                        "article's columns: the article's lead", 0.6, page.lines[page.blocks[lead].lines[0]].index)

        # a jump marker with no title above it ends the article before it: （下转第3版）
        for item in items:
            if item.marker is None or item.blocks:
                continue
            zone_position = next(i for i, (kind, obj) in enumerate(order)
                                 if kind == "zone" and item.marker in obj)  # type: ignore[operator]
            previous = order[zone_position - 1] if zone_position > 0 else None
            if previous and previous[0] == "run" and previous[1].jump_block is None:  # type: ignore[union-attr]
                run = previous[1]
                while run.merged_into is not None:  # type: ignore[union-attr]
                    run = run.merged_into  # type: ignore[union-attr]
                run.jump_block = item.marker  # type: ignore[union-attr]
                item.marker = -1  # taken
                page.decide("assemble", "continued-on", "a jump marker right after an article, with no "
                            "title of its own: the article continues there", 0.8)
        items = [item for item in items if item.marker != -1]

        page.articles = []
        for item in items:
            if item.marker is not None:
                self._teaser(page, item)
        for run in runs:
            if run.merged_into is None:
                self._article(page, run)
        for item in items:
            if item.marker is None and item.target is None:
                self._title_only(page, item)
        # the safety net: a block no rule placed is kept on the page, never dropped
        placed = set(page.unassigned)
        for article in page.articles:
            placed.update(article.blocks)
        for index in range(len(page.blocks)):
            if index not in placed:
                page.unassigned.append(index)
                page.warnings.append(f"block {index} (lines {page.lines[page.blocks[index].lines[0]].index + 1}–"
                                     f"{page.lines[page.blocks[index].lines[-1]].index + 1}) was placed by no rule")
        page.articles.sort(key=lambda article: min(article.blocks) if article.blocks else 0)
        for number, article in enumerate(page.articles):
            for b in article.blocks:
                page.blocks[b].article = number
        page.stats["assemble"] = {"articles": sum(a.kind == "article" for a in page.articles),
                                  "teasers": sum(a.kind == "teaser" for a in page.articles),
                                  "unassigned_blocks": len(page.unassigned)}
        return page

    def _attach_titles(self, page: Page, items: list[Item], runs: list[Run],
                       order: list[tuple[str, object]]) -> None:
        """Give each title item the run it belongs to.

        Evidence: the share of the title's word pairs found in a run's text,
        weighted by how rare each pair is among the runs (words every article uses
        prove nothing). Position: a title right above an untitled run (the usual
        layout) or right below one (a headline set after its body in the text)."""
        for item in items:  # grouping used the plain overlap; the decision is made here
            item.target, item.score = None, 0.0
        live = [run for run in runs if run.merged_into is None and (run.grams or run.byline_block is not None)]
        document_frequency: dict[str, int] = {}
        for run in live:
            for gram in run.grams:
                document_frequency[gram] = document_frequency.get(gram, 0) + 1
        rarest = math.log(1 + len(live)) if live else 1.0

        item_grams = {id(item): set().union(*(bigrams(page.blocks[b].text) for b in item.blocks))
                      for item in items if item.blocks}

        def evidence(item: Item, run: Run) -> float:
            grams = item_grams.get(id(item), set())
            if not grams:
                return 0.0
            total = shared = 0.0
            for gram in grams:
                frequency = document_frequency.get(gram, 0)
                weight = math.log(1 + len(live) / frequency) if frequency else rarest
                total += weight
                if gram in run.grams:
                    shared += weight
            return shared / total

        def owner(run_like: object) -> Run:
            run = run_like  # type: ignore[assignment]
            while run.merged_into is not None:  # type: ignore[union-attr]
                run = run.merged_into  # type: ignore[union-attr]
            return run  # type: ignore[return-value]

        zone_index = {id(obj): i for i, (kind, obj) in enumerate(order) if kind == "zone"}
        candidates: list[tuple[float, int, Item, Run, str]] = []
        for number, item in enumerate(items):
            if item.marker is not None or not item.blocks:
                continue
            zone_position = next(zone_index[id(obj)] for kind, obj in order
                                 if kind == "zone" and item.blocks[0] in obj)  # type: ignore[operator]
            zone = order[zone_position][1]
            zone_items = [it for it in items if (it.blocks or [it.marker])[0] in zone]  # type: ignore[operator]
            below = owner(order[zone_position + 1][1]) if zone_position + 1 < len(order) and \
                order[zone_position + 1][0] == "run" else None
            above = owner(order[zone_position - 1][1]) if zone_position > 0 and \
                order[zone_position - 1][0] == "run" else None
            scores: dict[int, tuple[float, str]] = {}
            for run in live:
                if run.merged_into is not None:
                    continue
                shared = evidence(item, run)
                score, why = shared, f"shares {shared:.0%} of its (rarity-weighted) word pairs with the body"
                if run is below and zone_items and zone_items[-1] is item:
                    score += POSITION_BELOW
                    why += "; stands right above it"
                elif run is above and zone_items and zone_items[0] is item:
                    score += POSITION_ABOVE
                    why += "; stands right below it"
                scores[id(run)] = (score, why)
                candidates.append((score, number, item, run, why))
        candidates.sort(key=lambda c: (-c[0], c[1]))
        for score, _, item, run, why in candidates:
            if score < ATTACH_THRESHOLD:
                break
            if item.target is not None or run.item is not None:
                continue
            run.item, item.target, item.score, item.reason = item, run, score, why

    def _set_titles(self, page: Page, article: Article, item: Item) -> None:
        roles = _title_roles(page, item)
        article.kicker, article.headline, article.subtitle = roles["kicker"], roles["headline"], roles["subtitle"]
        if any(page.blocks[b].original != page.blocks[b].text for b in item.blocks):
            for key, value in _title_roles(page, item, "original").items():
                if value is not None and value != roles.get(key):
                    article.originals[key] = value
        article.headline_blocks = list(item.blocks)
        article.blocks.extend(item.blocks)
        for role, members in _title_parts(page, item).items():
            for b in members:
                page.blocks[b].role = role
        if item.reason:
            article.decisions.append(page.decide("assemble", "attach-title", item.reason, min(1.0, 0.5 + item.score)))

    def _teaser(self, page: Page, item: Item) -> None:
        marker = page.blocks[item.marker]  # type: ignore[index]
        article = Article(kind="teaser", continued_on=page_number(marker.text),
                          continuation_marker=marker.text.strip())
        if marker.original.strip() != article.continuation_marker:
            article.originals["continuation_marker"] = marker.original.strip()
        self._set_titles(page, article, item)
        article.blocks.append(item.marker)  # type: ignore[arg-type]
        if not item.blocks:
            article.warnings.append("jump marker without a title above it")
            article.confidence = 0.4
        page.articles.append(article)

    def _title_only(self, page: Page, item: Item) -> None:
        article = Article(kind="article")
        self._set_titles(page, article, item)
        article.warnings.append("title matched no article body on this page")
        article.confidence = 0.4
        page.articles.append(article)

    def _article(self, page: Page, run: Run) -> None:
        article = Article(kind="article")
        if run.item is not None:
            self._set_titles(page, article, run.item)
        else:
            article.warnings.append("no headline found for this article")
            article.confidence = 0.7
        article.blocks.extend(run.blocks)
        if run.lead_block is not None:
            article.lead = page.blocks[run.lead_block].text
            article.blocks.append(run.lead_block)
            if page.blocks[run.lead_block].original != page.blocks[run.lead_block].text:
                article.originals["lead"] = page.blocks[run.lead_block].original
        for b in run.blocks:
            block = page.blocks[b]
            if block.role in ("body", "intertitle"):
                text, original = block.text, block.original
                match = TRAILING_JUMP.search(text) if block is page.blocks[run.body_blocks(page)[-1]] else None
                if match:
                    marker = match.group("marker")
                    article.continued_on = page_number(marker)
                    article.continuation_marker = marker
                    if len(original) == len(text):
                        original_marker = original[match.start("marker"):match.end("marker")]
                        if original_marker != marker:
                            article.originals["continuation_marker"] = original_marker
                    text = text[:match.start()].rstrip()
                    original = original[:len(original) - (len(block.text) - len(text))].rstrip() \
                        if len(original) == len(block.text) else original
                previous = article.body[-1] if article.body else None
                if (previous is not None and previous.type == "paragraph" and block.role == "body"
                        and _open_paragraph(previous.text) and not INLINE_BYLINE.match(text)):
                    # a paragraph cannot end in mid-sentence: another item interrupted it
                    previous.text = join_text(previous.text, text)
                    if previous.original is not None or original != text:
                        previous.original = join_text(previous.original or previous.text, original)
                    previous.more_blocks.append(b)
                    continue
                article.body.append(BodyItem("subhead" if block.role == "intertitle" else "paragraph",
                                             text, b, original if original != text else None))
        if run.jump_block is not None:
            marker = page.blocks[run.jump_block]
            article.continued_on = page_number(marker.text)
            article.continuation_marker = marker.text.strip()
            if marker.original.strip() != article.continuation_marker:
                article.originals["continuation_marker"] = marker.original.strip()
            article.blocks.append(run.jump_block)
        first = next((item for item in article.body if item.type == "paragraph"), None)
        if first is not None:
            leading = LEADING_CONTINUATION.match(first.text)
            if leading:
                article.continued_from = page_number(leading.group("marker"))
                article.continued_from_marker = leading.group("marker")
                if first.original is not None and len(first.original) == len(first.text):
                    article.originals["continued_from_marker"] = first.original[:leading.end()]
                    first.original = first.original[leading.end():].lstrip()
                first.text = first.text[leading.end():].lstrip()
                if not first.text:
                    article.body.remove(first)
        if not article.body and run.byline_block is None:
            article.warnings.append("article has no body text")
        page.articles.append(article)


_SERIES = regex.compile(r"系列报道之|系列報道之|系列评论之|系列評論之")


def _kicker_like(text: str) -> bool:
    """Phrases set apart by a space, or a series label: how kickers are written."""
    return spaced_phrases(text.strip()) or _SERIES.search(text) is not None


def _continued_from_only(text: str) -> bool:
    match = LEADING_CONTINUATION.match(text.strip())
    return match is not None and match.end() == len(text.strip())


def _open_paragraph(text: str) -> bool:
    """The paragraph stops without a final mark (or a closing quote after one)."""
    stripped = text.rstrip()
    return bool(stripped) and not ends_sentence(stripped) and stripped[-1] not in "”’」』）)：:"


def _has_byline(page: Page, run: Run) -> bool:
    """A standalone byline, or a first paragraph opening with one (本报讯（记者…）)."""
    body = run.body_blocks(page)
    return run.byline_block is not None or bool(body and INLINE_BYLINE.match(page.blocks[body[0]].text))


def _ends_open(page: Page, run: Run) -> bool:
    """The run's last paragraph stops without a final mark (cut in mid-sentence)."""
    body = run.body_blocks(page)
    if not body:
        return False
    last = page.blocks[body[-1]]
    text = last.text.rstrip()
    return last.role == "body" and bool(text) and not ends_sentence(text) and text[-1] not in "”’」』）)" \
        and not TRAILING_JUMP.search(text)


def _merge_runs(page: Page, first: Run, second: Run) -> None:
    if second.lead_block is not None:
        if first.lead_block is None:
            first.lead_block = second.lead_block
        else:  # one lead per article: the second goes back to the body
            page.blocks[second.lead_block].role = "body"
            second.blocks.insert(0, second.lead_block)
    first.blocks.extend(second.blocks)
    first.grams |= second.grams
    second.merged_into = first
    page.decide("assemble", "rejoin", "a paragraph cut in mid-sentence continues after another item",
                0.6, page.lines[page.blocks[second.blocks[0]].lines[0]].index)
