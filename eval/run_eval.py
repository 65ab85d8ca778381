#!/usr/bin/env python3
"""Measure banmian on the whole corpus, beside two baselines: `make eval`.

Every `fixtures/corpus/**/page-*.txt` with a sibling `page-*.gold.json` runs through
the pipeline in this process, and through the baselines of `eval/baselines.py`;
`pipeline.evaluate.score` (the reference metrics) scores each output. Writes
`eval/REPORT.md` (for people) and `eval/report.json` (for programs).

    .venv/bin/python eval/run_eval.py [--corpus DIR] [--family NAME …] [--no-baselines] [--no-install]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import time
import traceback
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "eval"))

from pipeline import __version__  # noqa: E402
from pipeline.config import Config  # noqa: E402
from pipeline.errors import PageError  # noqa: E402
from pipeline.evaluate import METRICS, score  # noqa: E402
from pipeline.runner import Pipeline  # noqa: E402
from pipeline.writers.records import page_records  # noqa: E402

import baselines  # noqa: E402
from diagnose import diagnose, failure_table, summary_line  # noqa: E402

FAMILY_TARGETS = {"para_f1": 0.97, "article_b3_f1": 0.95, "coverage": 0.995, "body_precision": 0.99,
                  "headline": 0.93, "byline": 0.95, "teaser": 0.95}
OCR_TARGETS = {"para_f1": 0.90, "article_b3_f1": 0.90, "coverage": 0.95}
OCR_MARKERS = ("ocr", "scan", "tesseract")  # the same rule as tests/test_quick_set.py
SYSTEM = "banmian"


def is_ocr_family(family: str) -> bool:
    return any(marker in family.lower() for marker in OCR_MARKERS)


def targets_for(family: str) -> dict[str, float]:
    return OCR_TARGETS if is_ocr_family(family) else FAMILY_TARGETS


# ---------------------------------------------------------------------------
# Running

def corpus_pages(corpus: Path, families: list[str] | None) -> list[tuple[str, Path]]:
    """(family, page) for every page with gold; the family is the first folder under the corpus."""
    pages = []
    for page in sorted(corpus.rglob("page-*.txt")):
        if not page.with_name(page.stem + ".gold.json").exists():
            continue
        relative = page.relative_to(corpus)
        family = relative.parts[0] if len(relative.parts) > 1 else "."
        if families and family not in families:
            continue
        pages.append((family, page))
    return pages


def run_pipeline(pipeline: Pipeline, page: Path) -> tuple[list[dict], str | None, float]:
    """The pipeline's records for one page, an error (scored as empty output), and seconds."""
    started = time.perf_counter()
    try:
        records = page_records(pipeline.run_file(page), pipeline.config, __version__)
        return records, None, time.perf_counter() - started
    except PageError as error:
        return [], f"PageError: {error}", time.perf_counter() - started
    except Exception as error:  # a crash on one page must not stop the measurement
        where = traceback.extract_tb(error.__traceback__)[-1]
        return [], f"{type(error).__name__}: {error} ({Path(where.filename).name}:{where.lineno})", \
            time.perf_counter() - started


def measure(pages: list[tuple[str, Path]], corpus: Path, systems: dict) -> list[dict]:
    """One row per page: {page, family, scores: {system: metrics}, errors, seconds}."""
    pipeline = Pipeline(Config())
    rows = []
    for family, page in pages:
        gold = json.loads(page.with_name(page.stem + ".gold.json").read_text(encoding="utf-8"))
        row = {"page": str(page.relative_to(corpus).with_suffix("")), "family": family,
               "path": str(page.relative_to(REPO)) if page.is_relative_to(REPO) else str(page),
               "scores": {}, "errors": {}, "seconds": {}}
        records, error, seconds = run_pipeline(pipeline, page)
        row["scores"][SYSTEM] = score(gold, records)
        row["articles_pred"] = sum(1 for record in records if record.get("kind") != "page")
        row["diagnosis"] = diagnose(gold, records)
        row["seconds"][SYSTEM] = round(seconds, 4)
        if error:
            row["errors"][SYSTEM] = error
        text = baselines.read_text(page) if systems else ""
        for name, baseline in systems.items():
            started = time.perf_counter()
            row["scores"][name] = score(gold, baseline(text))
            row["seconds"][name] = round(time.perf_counter() - started, 4)
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------
# Summaries

def summarise(rows: list[dict], system: str) -> dict[str, dict]:
    """Per metric: mean over pages, and the worst page with its value."""
    summary = {}
    for metric in METRICS:
        values = [(row["scores"][system][metric], row["page"]) for row in rows if system in row["scores"]]
        if not values:
            continue
        worst_value, worst_page = min(values)
        summary[metric] = {"mean": round(sum(v for v, _ in values) / len(values), 4),
                           "worst": worst_value, "worst_page": worst_page}
    return summary


def shortfalls(row: dict) -> list[tuple[float, str, float, float]]:
    """(target − value, metric, value, target) for each target the page misses, largest first."""
    result = row["scores"][SYSTEM]
    missed = [(round(target - result[metric], 4), metric, result[metric], target)
              for metric, target in targets_for(row["family"]).items() if result[metric] < target]
    return sorted(missed, reverse=True)


def worst_pages(rows: list[dict], count: int = 10) -> list[dict]:
    """The pages furthest below their targets: a failed page first, then by the sum of the
    shortfalls over all targeted metrics; the worst metric is the one furthest below."""
    ranked = []
    for row in rows:
        missed = shortfalls(row)
        if not missed and not row["errors"].get(SYSTEM):
            continue
        result = row["scores"][SYSTEM]
        lowest = min(METRICS, key=lambda m: result[m])
        gap, metric, value, target = missed[0] if missed else (0.0, lowest, result[lowest], None)
        ranked.append({"page": row["page"], "family": row["family"], "path": row["path"],
                       "worst_metric": metric, "value": value, "target": target, "gap": gap,
                       "total_gap": round(sum(m[0] for m in missed), 4),
                       "missed": [m for _, m, _, _ in missed], "error": row["errors"].get(SYSTEM),
                       "articles": f"{result['articles_gold']}/{row['articles_pred']}",
                       "why": summary_line(row["diagnosis"]), "examples": row["diagnosis"]["examples"]})
    ranked.sort(key=lambda r: (-(r["error"] is not None), -r["total_gap"], r["page"]))
    return ranked[:count]


def target_check(families: dict[str, list[dict]]) -> list[dict]:
    """Every family mean against its target."""
    checks = []
    for family, rows in families.items():
        if family == "seed":
            continue  # the seed page has its own bars (tests/test_quick_set.py)
        summary = summarise(rows, SYSTEM)
        for metric, target in targets_for(family).items():
            mean = summary[metric]["mean"]
            checks.append({"family": family, "metric": metric, "mean": mean, "target": target,
                           "met": mean >= target, "gap": round(max(0.0, target - mean), 4),
                           "pages_below": sum(1 for r in rows if r["scores"][SYSTEM][metric] < target),
                           "pages": len(rows)})
    return checks


def git_state() -> dict:
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=20).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    dirty = git("status", "--porcelain", "--", "pipeline")
    return {"commit": git("rev-parse", "--short", "HEAD") or "unknown",
            "subject": git("log", "-1", "--format=%s"),
            "pipeline_dirty": bool(dirty)}


# ---------------------------------------------------------------------------
# Writing

SHORT = {"para_f1": "para_f1", "article_b3_f1": "b3_f1", "coverage": "coverage", "body_precision": "precision",
         "headline": "headline", "headline_roles": "roles", "byline": "byline", "teaser": "teaser",
         "spacing": "spacing"}


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s" if not word.endswith("y") else f"{count} {word[:-1]}ies"


def fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def family_table(rows: list[dict], systems: list[str]) -> list[str]:
    ours = summarise(rows, SYSTEM)
    others = {name: summarise(rows, name) for name in systems if name != SYSTEM}
    header = "| metric | banmian mean | banmian worst (page) | " + " | ".join(f"{n} mean" for n in others) + " |"
    lines = [header, "|" + "---|" * (3 + len(others))]
    for metric in METRICS:
        worst = ours[metric]
        cells = [f"{others[n][metric]['mean']:.3f}" for n in others]
        lines.append(f"| {metric} | **{worst['mean']:.3f}** | {worst['worst']:.3f} ({worst['worst_page']}) | "
                     + " | ".join(cells) + " |")
    return lines


def write_report(rows: list[dict], systems: list[str], notes: dict, elapsed: float, out: Path) -> dict:
    families: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        families[row["family"]].append(row)
    state = git_state()
    today = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    checks = target_check(families)
    worst = worst_pages(rows)
    errors = [(row["page"], row["errors"][SYSTEM]) for row in rows if row["errors"].get(SYSTEM)]
    pipeline_seconds = sum(row["seconds"][SYSTEM] for row in rows)

    md = ["# banmian on its corpus", ""]
    md.append(f"- Date: {today}")
    md.append(f"- Commit: `{state['commit']}` ({state['subject']})"
              + (" — **with uncommitted changes under pipeline/**" if state["pipeline_dirty"] else ""))
    md.append(f"- Pages: {len(rows)} in {plural(len(families), 'family')} "
              f"({', '.join(f'{f} {len(r)}' for f, r in sorted(families.items()))})")
    md.append(f"- Pipeline time: {pipeline_seconds:.1f} s in all ({pipeline_seconds / max(1, len(rows)) * 1000:.0f} ms a page); "
              f"whole run {elapsed:.0f} s")
    md.append("- Scores: `pipeline.evaluate` (the same numbers as `shared/eval/score.py`); 0..1, higher is better. "
              "Means are over pages; *worst* is the lowest page.")
    md.append("- Baselines, on the same pages in the same run (`eval/baselines.py`): "
              "**naive** — blank-line-separated blocks as paragraphs, lines joined with nothing, one article "
              "a page, no headline; **unstructured** — `group_broken_paragraphs` from the `unstructured` "
              "library with its defaults, its output split on blank lines, one article a page. "
              + notes.get("unstructured", ""))
    if errors:
        md.append(f"- **{len(errors)} pages failed in the pipeline** (scored as empty output): "
                  + "; ".join(f"`{p}`: {e}" for p, e in errors[:5]) + (" …" if len(errors) > 5 else ""))
    md.append("")

    md += ["## Targets", ""]
    missed = [c for c in checks if not c["met"]]
    if not checks:
        md.append("No family besides the seed page yet.")
    elif not missed:
        md.append("Every family mean meets its target.")
    else:
        md.append(f"{len(missed)} of {len(checks)} family targets are missed "
                  "(typeset families: para_f1 ≥ 0.97, article_b3_f1 ≥ 0.95, coverage ≥ 0.995, body_precision ≥ 0.99, "
                  "headline ≥ 0.93, byline ≥ 0.95, teaser ≥ 0.95; OCR families: para_f1 ≥ 0.90, "
                  "article_b3_f1 ≥ 0.90, coverage ≥ 0.95).")
    if checks:
        md += ["", "| family | metric | mean | target | status | pages below target |", "|---|---|---|---|---|---|"]
        for c in checks:
            status = "met" if c["met"] else f"**missed by {c['gap']:.3f}**"
            md.append(f"| {c['family']}{' (OCR)' if is_ocr_family(c['family']) else ''} | {c['metric']} | "
                      f"{c['mean']:.3f} | {c['target']} | {status} | {c['pages_below']} of {c['pages']} |")
    md.append("")

    why = Path(__file__).with_name("WHY.md")
    if why.exists():  # the hand-written reading of the numbers, kept beside the generator of this report
        md += [why.read_text(encoding="utf-8").rstrip(), ""]
    md += ["## Ten worst pages", "",
           "Ranked by the sum of their shortfalls from the family targets (a failed page first); "
           "*why* is `eval/diagnose.py`'s reading of the page.", "",
           "| page | worst metric | value | target | also missed | articles gold/pred | why |",
           "|---|---|---|---|---|---|---|"]
    for w in worst:
        also = ", ".join(m for m in w["missed"] if m != w["worst_metric"]) or "—"
        value = f"error: {w['error']}" if w["error"] else fmt(w["value"])
        md.append(f"| `{w['path']}` | {w['worst_metric']} | {value} | {w['target'] if w['target'] is not None else '—'} "
                  f"| {also} | {w['articles']} | {w['why']} |")
    if not worst:
        md.append("| (no page misses a target) | | | | | | |")
    md.append("")

    md += ["## Failure modes", "",
           "What the scores are made of (`eval/diagnose.py`, on banmian's output): where the gold body text "
           "that no predicted body holds went (share of gold body characters), what the predicted body text "
           "that is not gold body is (share of predicted body characters), paragraph starts, article "
           "grouping, and headline / byline / teaser faults (counts of gold items).", ""]
    groups = {family: [r["diagnosis"] for r in family_rows] for family, family_rows in sorted(families.items())}
    groups["all"] = [r["diagnosis"] for r in rows]
    md += failure_table(groups)
    md.append("")

    md += ["## Overall", "", f"All {plural(len(rows), 'page')}.", ""]
    md += family_table(rows, systems)
    md.append("")
    for family, family_rows in sorted(families.items()):
        kind = " (OCR)" if is_ocr_family(family) else ""
        md += [f"## Family `{family}`{kind}", "", f"{plural(len(family_rows), 'page')}.", ""]
        md += family_table(family_rows, systems)
        md.append("")

    md += ["## Reproduce", "", "    make eval            # or: .venv/bin/python eval/run_eval.py", "",
           "`eval/report.json` holds every page's scores for every system.", ""]
    (out / "REPORT.md").write_text("\n".join(md), encoding="utf-8")

    report = {
        "date": today, "git": state, "pipeline_version": __version__, "pages": len(rows),
        "elapsed_seconds": round(elapsed, 1), "pipeline_seconds": round(pipeline_seconds, 2),
        "systems": systems, "notes": notes,
        "overall": {name: summarise(rows, name) for name in systems},
        "families": {family: {"pages": len(r), "ocr": is_ocr_family(family),
                              **{name: summarise(r, name) for name in systems}}
                     for family, r in sorted(families.items())},
        "targets": checks, "worst_pages": worst, "page_scores": rows,
    }
    (out / "report.json").write_text(dump_report(report), encoding="utf-8")
    return report


def dump_report(report: dict) -> str:
    """JSON with one line per page score row, so that diffs between runs stay readable."""
    head = {key: value for key, value in report.items() if key != "page_scores"}
    text = json.dumps(head, ensure_ascii=False, indent=1)
    rows = ",\n  ".join(json.dumps(row, ensure_ascii=False) for row in report["page_scores"])
    return text[:-2] + ',\n "page_scores": [\n  ' + rows + "\n ]\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "fixtures" / "corpus")
    parser.add_argument("--out", type=Path, default=REPO / "eval", help="where REPORT.md and report.json go")
    parser.add_argument("--family", action="append", help="only this family (repeatable)")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--no-install", action="store_true", help="do not pip-install unstructured if missing")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    pages = corpus_pages(args.corpus, args.family)
    if not pages:
        print(f"no pages with gold under {args.corpus}", file=sys.stderr)
        return 1
    systems, notes = {}, {}
    if not args.no_baselines:
        systems["naive"] = baselines.naive
        unstructured, note = baselines.load_unstructured(install=not args.no_install)
        notes["unstructured"] = note
        if unstructured:
            systems["unstructured"] = unstructured
    print(f"{len(pages)} pages; systems: {', '.join([SYSTEM, *systems])}", file=sys.stderr)
    rows = measure(pages, args.corpus, systems)
    args.out.mkdir(parents=True, exist_ok=True)
    report = write_report(rows, [SYSTEM, *systems], notes, time.perf_counter() - started, args.out)
    overall = report["overall"][SYSTEM]
    print(" ".join(f"{m}={overall[m]['mean']:.3f}" for m in METRICS), file=sys.stderr)
    print(f"wrote {args.out / 'REPORT.md'} and report.json in {report['elapsed_seconds']} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
