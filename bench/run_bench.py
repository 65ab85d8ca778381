"""Throughput and memory benchmark of `banmian batch` over the fixture corpus
(`make bench`). Not a test: it prints a table and writes bench/RESULTS.md.

    .venv/bin/python bench/run_bench.py [--corpus fixtures/corpus] [--min-pages 300]
                                        [--scale 10] [--no-profile]

Measures
- pages/s and pages/s per core of `banmian batch --jobs 1` and `--jobs 2` (fresh
  processes, `--force`, outputs to a temporary folder), and that both wrote the
  same bytes;
- peak RSS of the driver and of the largest worker (from run.json, which takes
  them from getrusage);
- the naive baseline (blank-line blocks, lines joined) on the same pages, in
  process, as a ratio of time per page;
- memory: peak RSS of a run over `--scale`× the corpus against 1× (the corpus is
  replicated by a manifest whose lines name the corpus folder with distinct id
  prefixes, so every copy gets its own output);
- where the time goes: cProfile over the pipeline in process (per stage, and the
  functions with most time of their own), plus a pyinstrument tree when it is
  installed (`pip install pyinstrument`; not a dependency).

When the corpus has fewer than --min-pages pages it is repeated (same manifest
trick) until it has, so that start-up does not dominate.
"""
from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import math
import os
import platform
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import __version__
from pipeline.batch import iter_sources
from pipeline.config import Config
from pipeline.runner import Pipeline
from pipeline.writers.files import jsonl_text
from pipeline.writers.records import page_records

TARGET_PER_CORE = 200.0
TARGET_SPEEDUP = 1.7
MEMORY_TOLERANCE = 0.10


def manifest(folder: Path, sources: list, copies: int, name: str) -> Path:
    """The pages listed one by one (a snapshot: pages added to the corpus meanwhile are
    not picked up), `copies` times, each copy with its own id prefix."""
    path = folder / name
    with open(path, "w", encoding="utf-8") as stream:
        for copy in range(copies):
            stream.writelines(f"{source.path}\tc{copy:03d}__{source.page_id}\n" for source in sources)
    return path


def run_batch(list_file: Path, out: Path, jobs: int) -> dict:
    command = [sys.executable, "-m", "pipeline", "batch", f"@{list_file}", "-o", str(out), "--jobs", str(jobs),
               "--force", "-q"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = json.loads((out / "run.json").read_text(encoding="utf-8"))
    report["process_wall"] = wall
    # CPU seconds of the driver and its workers: pages per CPU-second is what a core
    # does, whatever else the machine runs at the time (wall-clock rates are not).
    report["cpu_seconds"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    report["load_before"] = load
    errors = (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    report["first_errors"] = [json.loads(line)["message"] for line in errors[:3]]
    for message in report["first_errors"]:
        print(f"  failed: {message}", file=sys.stderr)
    report["exit"] = done.returncode
    return report


def digest(out: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(out.glob("*.jsonl")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def naive(data: bytes) -> str:
    """The baseline users start from: blank-line blocks, lines joined."""
    text = data.decode("utf-8", errors="replace")
    blocks, current = [], []
    for line in text.splitlines():
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append("".join(current))
            current = []
    if current:
        blocks.append("".join(current))
    return json.dumps({"paragraphs": blocks}, ensure_ascii=False)


def time_in_process(pages: list[bytes], min_seconds: float = 2.0) -> tuple[float, float]:
    """Seconds per page of the pipeline and of the naive baseline, in this process."""
    pipeline = Pipeline(Config())

    def full(data: bytes) -> None:
        try:
            page = pipeline.run_bytes(data, "p")
        except Exception:  # noqa: BLE001 - a page the pipeline refuses still costs its time
            return
        jsonl_text(page_records(page, pipeline.config, __version__))

    results = []
    for function in (full, naive):
        rounds, started = 0, time.perf_counter()
        while True:
            for data in pages:
                function(data)
            rounds += 1
            elapsed = time.perf_counter() - started
            if elapsed >= min_seconds or (function is full and rounds >= 3):
                break
        results.append(elapsed / (rounds * len(pages)))
    return results[0], results[1]


def measure_batch_overhead(sources: list) -> float:
    """CPU time of Batch (in process, --jobs 1) over the pages, against the bare
    pipeline over the same pages; the two alternate three times, best of each kept,
    so that other work on the machine weighs little."""
    from pipeline.batch import Batch

    pipeline = Pipeline(Config())
    datas = [Path(s.path).read_bytes() for s in sources]
    bare, batch = [], []
    with tempfile.TemporaryDirectory(prefix="banmian-overhead-") as tmp:
        for attempt in range(3):
            started = time.process_time()
            for data in datas:
                try:
                    jsonl_text(page_records(pipeline.run_bytes(data, "p"), pipeline.config, __version__))
                except Exception:  # noqa: BLE001, S112 - refused pages cost their time in both
                    continue
            bare.append(time.process_time() - started)
            started = time.process_time()
            listing = io.StringIO("".join(f"{s.path}\t{s.page_id}\n" for s in sources))
            Batch(Path(tmp) / f"out{attempt}", Config(), jobs=1, quiet=True).run(["-"], stdin=listing)
            batch.append(time.process_time() - started)
    return min(batch) / min(bare) - 1


def profile(pages: list[bytes], min_pages: int) -> tuple[str, list[tuple[str, float]], list[tuple[str, float]]]:
    pipeline = Pipeline(Config())
    profiler = cProfile.Profile()
    rounds = max(1, math.ceil(min_pages / len(pages)))
    profiler.enable()
    for _ in range(rounds):
        for data in pages:
            try:
                page = pipeline.run_bytes(data, "p")
            except Exception:  # noqa: BLE001, S112 - refused pages are not profiled
                continue
            jsonl_text(page_records(page, pipeline.config, __version__))
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = max(stats.total_tt, 1e-9)
    stages: dict[str, float] = defaultdict(float)
    own: list[tuple[str, float]] = []
    for (filename, line, function), (_, _, tottime, cumtime, _) in stats.stats.items():
        relative = filename.replace(str(ROOT) + os.sep, "")
        if relative.startswith("pipeline/stages/") and function == "run":
            stages[f"stage {Path(filename).stem}"] += cumtime
        elif relative == "pipeline/writers/records.py" and function == "page_records":
            stages["page_records (writers/records.py)"] += cumtime
        elif relative == "pipeline/writers/files.py" and function == "jsonl_text":
            stages["jsonl_text (JSON encoding)"] += cumtime
        own.append((f"{relative}:{line} {function}", tottime))
    stage_shares = sorted(((name, seconds / total) for name, seconds in stages.items()), key=lambda x: -x[1])
    own_shares = sorted(((name, seconds / total) for name, seconds in own), key=lambda x: -x[1])[:15]
    tree = ""
    try:
        from pyinstrument import Profiler
    except ImportError:
        tree = "(pyinstrument not installed: `.venv/bin/pip install pyinstrument` for a call tree)"
    else:
        sampler = Profiler(interval=0.0005)
        sampler.start()
        for _ in range(rounds):
            for data in pages:
                try:
                    page = pipeline.run_bytes(data, "p")
                except Exception:  # noqa: BLE001, S112 - refused pages are not profiled
                    continue
                jsonl_text(page_records(page, pipeline.config, __version__))
        sampler.stop()
        tree = sampler.output_text(unicode=False, color=False, show_all=False)
        tree = "\n".join(line for line in tree.splitlines() if line.strip())
        lines = tree.splitlines()
        tree = "\n".join(lines[:70]) + ("\n..." if len(lines) > 70 else "")
    return tree, stage_shares, own_shares


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "fixtures" / "corpus")
    parser.add_argument("--min-pages", type=int, default=300, help="repeat the corpus up to this many pages")
    parser.add_argument("--scale", type=int, default=10, help="the memory check runs this many times the corpus")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()

    corpus = args.corpus.resolve()
    sources = list(iter_sources([str(corpus)]))
    if not sources:
        print(f"no pages under {corpus}", file=sys.stderr)
        return 2
    pages = [Path(s.path).read_bytes() for s in sources]
    copies = max(1, math.ceil(args.min_pages / len(sources)))
    total_pages = copies * len(sources)
    print(f"corpus: {len(sources)} pages ({sum(map(len, pages)) / len(pages) / 1024:.1f} KiB a page on average), "
          f"run {copies}× = {total_pages} pages per measurement", file=sys.stderr)

    rows = []
    with tempfile.TemporaryDirectory(prefix="banmian-bench-") as tmp:
        tmp = Path(tmp)
        base = manifest(tmp, sources, copies, "base.lst")
        runs = {}
        for jobs in (1, 2):
            print(f"batch --jobs {jobs} …", file=sys.stderr)
            runs[jobs] = run_batch(base, tmp / f"out-j{jobs}", jobs)
            runs[jobs]["digest"] = digest(tmp / f"out-j{jobs}")
        same_bytes = runs[1]["digest"] == runs[2]["digest"]
        print(f"memory: batch --jobs 2 over {args.scale}× …", file=sys.stderr)
        scaled = run_batch(manifest(tmp, sources, copies * args.scale, "scaled.lst"), tmp / "out-scaled", 2)
    per_page, naive_per_page = time_in_process(pages)
    batch_overhead = measure_batch_overhead(sources)

    for jobs, report in runs.items():
        rate = report["pages_per_second"] or 0.0
        rows.append((f"batch --jobs {jobs}", report["pages"], report["failed"], f"{report['process_wall']:.2f}",
                     f"{rate:.1f}", f"{rate / jobs:.1f}", f"{report['pages'] / report['cpu_seconds']:.1f}",
                     f"{report['load_before']:.1f}", f"{report['peak_rss_mb']['driver']:.1f}",
                     f"{report['peak_rss_mb']['workers']:.1f}" if jobs > 1 else "-"))
    rate_scaled = scaled["pages_per_second"] or 0.0
    rows.append((f"batch --jobs 2, {args.scale}× corpus", scaled["pages"], scaled["failed"],
                 f"{scaled['process_wall']:.2f}", f"{rate_scaled:.1f}", f"{rate_scaled / 2:.1f}",
                 f"{scaled['pages'] / scaled['cpu_seconds']:.1f}", f"{scaled['load_before']:.1f}",
                 f"{scaled['peak_rss_mb']['driver']:.1f}", f"{scaled['peak_rss_mb']['workers']:.1f}"))
    header = ("run", "pages", "failed", "wall s", "pages/s", "pages/s/core", "pages/CPU-s", "load avg",
              "driver RSS MB", "worker RSS MB")

    per_core_1 = runs[1]["pages_per_second"] or 0.0
    per_cpu_1 = runs[1]["pages"] / runs[1]["cpu_seconds"]
    speedup = (runs[2]["pages_per_second"] or 0.0) / per_core_1 if per_core_1 else 0.0
    peak_1 = max(runs[2]["peak_rss_mb"].values())
    peak_scaled = max(scaled["peak_rss_mb"].values())
    growth = peak_scaled / peak_1 - 1 if peak_1 else 0.0
    checks = [
        (f"pages/s per core, --jobs 1 ≥ {TARGET_PER_CORE:.0f}", f"{per_core_1:.1f} ({per_cpu_1:.1f} per CPU-second)",
         per_core_1 >= TARGET_PER_CORE),
        (f"--jobs 2 ≥ {TARGET_SPEEDUP}× --jobs 1", f"{speedup:.2f}×", speedup >= TARGET_SPEEDUP),
        (f"peak RSS at {args.scale}× within {MEMORY_TOLERANCE:.0%} of 1× (--jobs 2)",
         f"{peak_1:.1f} → {peak_scaled:.1f} MB ({growth:+.1%})", growth <= MEMORY_TOLERANCE),
        ("--jobs 1 and --jobs 2 wrote the same bytes", "yes" if same_bytes else "NO", same_bytes),
    ]
    ratio = per_page / naive_per_page if naive_per_page else float("inf")

    table = [header] + rows
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header))]
    text_table = "\n".join("  ".join(str(cell).rjust(widths[i]) for i, cell in enumerate(row)) for row in table)
    print(text_table)
    print(f"\nin process: pipeline {per_page * 1000:.2f} ms/page ({1 / per_page:.1f} pages/s), naive baseline "
          f"{naive_per_page * 1000:.3f} ms/page — the pipeline costs {ratio:.0f}× the naive join")
    print(f"batch overhead over the bare pipeline (CPU time, in process, --jobs 1): {batch_overhead:+.1%}")
    for name, value, ok in checks:
        print(f"{'PASS' if ok else 'MISS'}  {name}: {value}")

    tree, stage_shares, own_shares = ("", [], []) if args.no_profile else profile(pages, min(args.min_pages, 200))
    if stage_shares:
        print("\nwhere the time goes (cProfile, share of pipeline time):")
        for name, share in stage_shares:
            print(f"  {share:6.1%}  {name}")

    md = io.StringIO()
    md.write("# Benchmark results\n\n")
    md.write(f"Command: `make bench` (`.venv/bin/python bench/run_bench.py`), "
             f"{time.strftime('%Y-%m-%d %H:%M')}; banmian {__version__}; Python {platform.python_version()}; "
             f"{os.cpu_count()} cores ({platform.machine()}), shared with other work, so expect noise.\n\n")
    md.write(f"Corpus: `{corpus.relative_to(ROOT) if corpus.is_relative_to(ROOT) else corpus}`, {len(sources)} pages, "
             f"{sum(map(len, pages)) / len(pages) / 1024:.1f} KiB a page on average; each batch run below covers it "
             f"{copies}× ({total_pages} pages, ids kept apart by a manifest).\n\n")
    md.write("| " + " | ".join(header) + " |\n|" + "---|" * len(header) + "\n")
    for row in rows:
        md.write("| " + " | ".join(str(c) for c in row) + " |\n")
    md.write("\n`wall s` includes interpreter start-up; `pages/s` is from run.json (the run itself); "
             "`pages/CPU-s` divides the pages by the CPU seconds of the driver and its workers (getrusage), "
             "which does not depend on what else the machine runs; `load avg` is the 1-minute load when the run "
             "started (above 2 on these 2 cores, other work competed: wall-clock rates are understated and the "
             "speed-up is distorted either way, since the two runs are not slowed alike — compare pages/CPU-s, "
             "and rerun on a quiet machine). RSS is the peak resident set (getrusage) of the driver and of the largest "
             "worker.\n\n")
    md.write("## Targets\n\n")
    for name, value, ok in checks:
        md.write(f"- {'✅' if ok else '❌'} {name}: **{value}**\n")
    md.write(f"\n## Naive baseline\n\nIn process, on the same pages: the pipeline takes {per_page * 1000:.2f} ms a page "
             f"({1 / per_page:.1f} pages/s), the naive baseline (blank-line blocks, lines joined, JSON) "
             f"{naive_per_page * 1000:.3f} ms — the pipeline costs **{ratio:.0f}×** the naive join.\n")
    md.write(f"\nWhat `banmian batch` adds to the bare pipeline (reading, hashing, summaries, resume keys, "
             f"atomic writes, errors), as CPU time of an in-process `--jobs 1` run against the same pages "
             f"through `run_bytes` + `page_records` + `jsonl_text`, alternated three times: "
             f"**{batch_overhead:+.1%}**. The rest is stage code (below).\n")
    if stage_shares:
        md.write("\n## Where the time goes\n\ncProfile over the pipeline in process (run_bytes + page_records + "
                 "jsonl_text); shares of the profiled time (cProfile inflates small calls, so read these as "
                 "proportions).\n\n| share | part |\n|---|---|\n")
        for name, share in stage_shares:
            md.write(f"| {share:.1%} | {name} |\n")
        md.write("\nFunctions with the most time of their own:\n\n| share | function |\n|---|---|\n")
        for name, share in own_shares:
            md.write(f"| {share:.1%} | `{name}` |\n")
    if tree:
        md.write(f"\npyinstrument call tree:\n\n```\n{tree}\n```\n")
    args.output.write_text(md.getvalue(), encoding="utf-8")
    print(f"\nwrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
