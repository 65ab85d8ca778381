"""banmian batch: clean many pages unattended, in parallel, resumably.

    banmian batch fixtures/corpus -o out --jobs 2
    banmian batch @pages.lst -o out            # a manifest, one path a line
    find archive -name '*.txt' | banmian batch - -o out
    banmian batch archive -o out --engine dask --scheduler tcp://head:8786

What it guarantees (docs/batch.md says more):
- pages stream: inputs are read lazily and at most a few chunks are in flight, so
  memory does not grow with the number of pages;
- `OUT/<page id>.jsonl` is byte for byte what `banmian clean` writes, whatever
  `--jobs` or engine; every file is written atomically (temporary file + rename);
- a page that fails is named with its reason on stderr and in `OUT/errors.jsonl`,
  and the run goes on; exit 1 if any page failed, 0 otherwise, 2 on usage errors;
- a second run skips the pages whose output was made from the same input bytes,
  configuration and pipeline version (`OUT/.banmian/<page id>.key`); `--force`
  redoes them;
- `OUT/run.json` sums the run up.

Page ids: a file named on the command line or in a manifest gives its stem
(`a/page-001.txt` → `page-001`); a manifest line may name the id after a tab. A
file found under a directory input gives its path below that directory, folders
joined by `__` (`corpus/seed/page-001.txt` under `corpus` → `seed__page-001`), so
that same-named pages of different folders never meet. Two inputs that still get
the same id: the second one fails with a reason naming the first.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import stat
import sys
import threading
import time
import traceback
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import click

from . import __version__

try:  # POSIX only: without them there is no output-folder lock and no peak RSS
    import fcntl
    import resource
except ImportError:  # pragma: no cover - Windows
    fcntl = resource = None  # type: ignore[assignment]
from .config import Config
from .engines import Interrupted, make_engine
from .errors import PageError
from .runner import Pipeline
from .writers.files import atomic_write, jsonl_text, safe_output_path
from .writers.records import page_records

STATE_DIR = ".banmian"              # OUT/.banmian: resume keys, the lock, errors in progress
PAGE_SUFFIX = ".txt"
MANIFEST_SUFFIXES = (".lst", ".manifest")
FOLDER_JOIN = "__"                  # joins the folders of a page found under a directory input
ERRORS_NAME = "errors.jsonl"
RUN_NAME = "run.json"
WRITE_THREADS = 4                   # threads writing outputs (fsync waits in parallel)
MAX_PENDING_WRITES = 64             # results waiting for their write to finish, at most


# --------------------------------------------------------------------------- inputs

@dataclass(frozen=True)
class Source:
    path: str
    page_id: str


def is_manifest(argument: str) -> bool:
    """`-` (stdin), `@FILE`, or a file ending in .lst / .manifest."""
    return argument == "-" or argument.startswith("@") or argument.endswith(MANIFEST_SUFFIXES)


def _manifest_path(argument: str) -> str:
    return argument.removeprefix("@")


def _walk(folder: Path) -> Iterator[Path]:
    """Page files under `folder` in sorted order; hidden names skipped, symlinked
    folders not followed (no loops), one folder listing in memory at a time."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(Path(entry.path))
            elif entry.name.endswith(PAGE_SUFFIX):
                yield Path(entry.path)
        except OSError:
            continue


def page_id_under(folder: Path, path: Path, prefix: str | None = None) -> str:
    """The page id of `path` found under directory input `folder`.

    >>> page_id_under(Path("corpus"), Path("corpus/seed/page-001.txt"))
    'seed__page-001'
    >>> page_id_under(Path("corpus"), Path("corpus/page-001.txt"), prefix="copy2")
    'copy2__page-001'
    """
    relative = path.relative_to(folder)
    parts = list(relative.parent.parts) + [relative.name[: -len(PAGE_SUFFIX)] if relative.name.endswith(PAGE_SUFFIX)
                                           else relative.stem]
    if prefix:
        parts.insert(0, prefix)
    return FOLDER_JOIN.join(parts)


def _sources_for(argument: str, page_id: str | None) -> Iterator[Source]:
    path = Path(argument)
    if path.is_dir():
        for found in _walk(path):
            yield Source(str(found), page_id_under(path, found, page_id))
    else:
        yield Source(argument, page_id or path.stem or path.name)


def manifest_entries(stream: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """(path, page id or None) per line; blank lines and `#` comments skipped.

    >>> list(manifest_entries(["a/p1.txt\\n", "# note\\n", "\\n", "b/p1.txt\\tb-p1\\n"]))
    [('a/p1.txt', None), ('b/p1.txt', 'b-p1')]
    """
    for line in stream:
        line = line.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        path, _, page_id = line.partition("\t")
        yield path.strip(), (page_id.strip() or None)


def iter_sources(inputs: Iterable[str], stdin: IO[str] | None = None) -> Iterator[Source]:
    """Every page of the inputs, lazily, in order."""
    for argument in inputs:
        if is_manifest(argument):
            name = _manifest_path(argument)
            if name == "-" or argument == "-":
                stream = stdin if stdin is not None else sys.stdin
                for path, page_id in manifest_entries(stream):
                    yield from _sources_for(path, page_id)
            else:
                with open(name, encoding="utf-8") as stream:
                    for path, page_id in manifest_entries(stream):
                        yield from _sources_for(path, page_id)
        else:
            yield from _sources_for(argument, None)


def count_sources(inputs: Iterable[str]) -> int | None:
    """How many pages the inputs hold (for an ETA); None when one is stdin."""
    inputs = list(inputs)
    if any(is_manifest(a) and _manifest_path(a) == "-" or a == "-" for a in inputs):
        return None
    return sum(1 for _ in iter_sources(inputs))


# --------------------------------------------------------------------------- the work (runs in workers)

_PIPELINES: dict[str, Pipeline] = {}


def _pipeline(config_values: dict) -> Pipeline:
    key = json.dumps(config_values, sort_keys=True)
    pipeline = _PIPELINES.get(key)
    if pipeline is None:
        _PIPELINES.clear()
        pipeline = _PIPELINES[key] = Pipeline(Config(**config_values))
    return pipeline


def warning_kind(warning: str) -> str:
    """A warning without its particulars, for counting.

    >>> warning_kind("low confidence join at line 12: 0.41")
    'low confidence join at line N'
    """
    return re.sub(r"\d+", "N", warning.split(":", 1)[0]).strip()


def summarize(records: list[dict[str, Any]]) -> dict[str, Any]:
    page = records[-1]
    warnings: Counter = Counter()
    paragraphs = 0
    for record in records:
        warnings.update(warning_kind(w) for w in record.get("warnings", ()))
        if record["kind"] != "page":
            paragraphs += sum(1 for item in record["body"] if item["type"] == "paragraph")
    return {"articles": page.get("articles", 0), "teasers": page.get("teasers", 0), "paragraphs": paragraphs,
            "warnings": dict(sorted(warnings.items()))}


def _failing_stage(tb) -> str:
    """The stage a non-PageError exception escaped from (the runner's loop variable)."""
    stage = "pipeline"
    for frame, _ in traceback.walk_tb(tb):
        candidate = frame.f_locals.get("stage") if frame.f_code.co_name == "run" else None
        name = getattr(candidate, "name", None)
        if isinstance(name, str) and name:
            stage = name
    return stage


def _read(pipeline: Pipeline, path: str, page_id: str) -> bytes:
    """The page's bytes, or the PageError `banmian clean` gives for it."""
    limit = pipeline.config.max_bytes
    try:
        info = os.stat(path)
    except OSError:
        info = None
    if info is not None:
        if stat.S_ISREG(info.st_mode) and info.st_size <= limit:
            try:
                with open(path, "rb") as stream:
                    data = stream.read(limit + 1)
                if len(data) <= limit:
                    return data
            except OSError:
                pass
        elif not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            raise PageError("not a regular file (a device, pipe or socket)", stage="read", path=path)
    # Let the core name the problem (missing, a directory, too big, unreadable) in its words.
    return pipeline.run_file(path, page_id).raw_bytes or b""


def process_task(pipeline: Pipeline, task: tuple, version: str) -> dict[str, Any]:
    index, path, page_id, expect, preset = task
    result: dict[str, Any] = {"index": index, "path": path, "page_id": page_id}
    if preset is not None:
        return {**result, "status": "failed", **preset}
    try:
        data = _read(pipeline, path, page_id)
        digest = hashlib.sha256(data).hexdigest()
        if expect is not None and digest == expect["input"]:
            return {**result, "status": "skipped", "input": digest, "summary": expect.get("summary")}
        page = pipeline.run_bytes(data, page_id)
        records = page_records(page, pipeline.config, version)
        return {**result, "status": "ok", "input": digest, "text": jsonl_text(records),
                "summary": summarize(records)}
    except PageError as error:
        return {**result, "status": "failed", "reason": error.reason, "stage": error.stage}
    except Exception as error:  # noqa: BLE001 - a bug in a stage must not stop the batch
        first_line = (str(error).splitlines() or [""])[0][:300]
        return {**result, "status": "failed", "stage": _failing_stage(error.__traceback__),
                "reason": f"internal error: {type(error).__name__}: {first_line}"}


def process_chunk(tasks: list[tuple], config_values: dict, version: str) -> list[dict[str, Any]]:
    """The function every engine maps: a few pages in, their results out."""
    pipeline = _pipeline(config_values)
    return [process_task(pipeline, task, version) for task in tasks]


# --------------------------------------------------------------------------- progress

class Progress:
    """tqdm on a terminal when installed, else one self-overwriting stderr line; nothing
    when stderr is not a terminal or with -q."""

    def __init__(self, enabled: bool, total: int | None):
        self.enabled, self.total = enabled, total
        self.done = 0
        self.started = time.monotonic()
        self._last = 0.0
        self._bar = None
        if enabled:
            try:
                from tqdm import tqdm
            except ImportError:
                tqdm = None
            if tqdm is not None:
                try:
                    width = os.get_terminal_size(sys.stderr.fileno()).columns
                except (OSError, ValueError):
                    width = 0
                size = {"dynamic_ncols": True} if width > 0 else {"ncols": 80, "nrows": 24}  # a pty without a size
                self._bar = tqdm(total=total, unit="page", file=sys.stderr, smoothing=0.05, **size)

    def update(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(count)
            return
        now = time.monotonic()
        if now - self._last >= 0.5 or (self.total and self.done >= self.total):
            self._last = now
            sys.stderr.write("\r" + self._line(now) + "\x1b[K")
            sys.stderr.flush()

    def _line(self, now: float) -> str:
        rate = self.done / max(now - self.started, 1e-9)
        line = f"{self.done}/{self.total} pages" if self.total else f"{self.done} pages"
        line += f"  {rate:.1f} pages/s"
        if self.total and rate > 0:
            left = int((self.total - self.done) / rate)
            line += f"  ETA {left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}"
        return line

    def write(self, line: str, err: bool = False) -> None:
        stream = sys.stderr if err else sys.stdout
        if self._bar is not None:
            self._bar.write(line, file=stream)
            return
        if self.enabled and self.done:
            sys.stderr.write("\r\x1b[K")
        stream.write(line + "\n")
        stream.flush()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        elif self.enabled and self.done:
            sys.stderr.write("\r" + self._line(time.monotonic()) + "\x1b[K\n")
            sys.stderr.flush()


# --------------------------------------------------------------------------- the driver

@dataclass
class Totals:
    pages: int = 0
    processed: int = 0
    skipped: int = 0
    failed: int = 0
    articles: int = 0
    teasers: int = 0
    paragraphs: int = 0
    warnings: Counter = field(default_factory=Counter)

    def add(self, summary: dict | None) -> None:
        if summary:
            self.articles += summary.get("articles", 0)
            self.teasers += summary.get("teasers", 0)
            self.paragraphs += summary.get("paragraphs", 0)
            self.warnings.update(summary.get("warnings", {}))


def summary_line(result: dict[str, Any]) -> str:
    if result["status"] == "failed":
        return f"{result['page_id']}\tFAILED {result['path']}: {result['reason']} (stage {result['stage']})"
    s = result.get("summary") or {}
    warnings = sum(s.get("warnings", {}).values())
    kinds = "; ".join(f"{kind} ×{n}" for kind, n in s.get("warnings", {}).items())
    line = (f"{result['page_id']}\t{s.get('articles', 0)} articles, {s.get('teasers', 0)} teasers, "
            f"{s.get('paragraphs', 0)} paragraphs, {warnings} warnings")
    if kinds:
        line += f" ({kinds})"
    if result["status"] == "skipped":
        line += "  [unchanged]"
    return line


def _write_small(path: Path, text: str) -> None:
    """Atomic, without fsync: for resume keys, which only ever save work."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, path)


def _sweep_temporaries(folder: Path) -> None:
    """Remove `.NAME.*.tmp` files a killed run left (they are never outputs)."""
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(".") and entry.name.endswith(".tmp") and entry.is_file(follow_symlinks=False):
                    try:
                        os.unlink(entry.path)
                    except OSError:
                        pass
    except OSError:
        pass


def _id_digest(page_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(page_id.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


class Batch:
    def __init__(self, out_dir: Path, config: Config, *, version: str = __version__, force: bool = False,
                 engine: str = "local", jobs: int = 1, scheduler: str | None = None, chunk_size: int | None = None,
                 progress: bool = False, summary: bool = False, quiet: bool = False, client=None):
        self.out_dir, self.config, self.version = out_dir, config, version
        self.force, self.engine_kind, self.jobs, self.scheduler = force, engine, max(1, jobs), scheduler
        self.chunk_size = chunk_size or (16 if engine == "dask" else 1 if jobs <= 1 else 4)
        self.show_progress, self.show_summary, self.quiet = progress, summary, quiet
        self.client = client
        self.fingerprint = config.fingerprint()
        self.state_dir = out_dir / STATE_DIR
        self.totals = Totals()
        # 8-byte digests of the page ids taken so far: the only memory that grows with
        # the number of pages (about 60 bytes a page), to refuse a second page with an id.
        self.seen: set[int] = set()
        self.stop_signal: int | None = None

    # -- resume keys
    def _key_path(self, page_id: str) -> Path:
        return self.state_dir / f"{page_id}.key"

    def _expectation(self, page_id: str, output: Path) -> dict | None:
        if self.force:
            return None
        try:
            key = json.loads(self._key_path(page_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if key.get("config") != self.fingerprint or key.get("version") != self.version or not output.exists():
            return None
        return {"input": key.get("input"), "summary": key.get("summary")}

    def _tasks(self, sources: Iterable[Source]) -> Iterator[tuple]:
        for index, source in enumerate(sources):
            self.totals.pages += 1
            preset = expect = None
            try:
                output = safe_output_path(self.out_dir, f"{source.page_id}.jsonl")
            except ValueError as error:
                preset = {"reason": str(error), "stage": "output"}
            else:
                taken = _id_digest(source.page_id)
                if taken in self.seen:  # the reason is completed in order, by _record
                    preset = {"reason": None, "stage": "output", "collision": True}
                else:
                    self.seen.add(taken)
                    expect = self._expectation(source.page_id, output)
            yield (index, source.path, source.page_id, expect, preset)

    def _holder(self, page_id: str, path: str) -> str:
        """Who took `page_id` first: results are recorded in input order, so the first
        page is being written or its resume key (if it succeeded) is there."""
        if page_id in self._writing:
            return self._writing[page_id]
        try:
            holder = json.loads(self._key_path(page_id).read_text(encoding="utf-8"))["path"]
        except (OSError, ValueError, KeyError):
            return "an earlier input"
        return holder if holder != path else "an earlier input"

    def _chunks(self, tasks: Iterator[tuple]) -> Iterator[list[tuple]]:
        chunk: list[tuple] = []
        for task in tasks:
            chunk.append(task)
            if len(chunk) >= self.chunk_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    # -- results
    # Outputs are written by a few threads (fsync waits, on a network file system for
    # long, and releases the GIL), but results are finished — counted, reported,
    # errors.jsonl — strictly in input order, with a bounded number pending.
    def _record(self, result: dict[str, Any]) -> None:
        if result.pop("collision", False):
            result["reason"] = (f"page id {result['page_id']!r} is already taken in this run by "
                                f"{self._holder(result['page_id'], result['path'])} "
                                f"(rename one, or give ids in a manifest)")
        write = None
        if result["status"] == "ok":
            self._writing[result["page_id"]] = result["path"]
            write = self._writer.submit(self._write_page, result)
        self._pending.append((result, write))
        while self._pending and (self._pending[0][1] is None or self._pending[0][1].done()
                                 or len(self._pending) > MAX_PENDING_WRITES):
            self._finish(*self._pending.popleft())

    def _drain(self) -> None:
        while self._pending:
            self._finish(*self._pending.popleft())

    def _write_page(self, result: dict[str, Any]) -> None:
        """The page's output, then (only then) its resume key."""
        # the page id was checked with safe_output_path when its task was made
        atomic_write(self.out_dir / f"{result['page_id']}.jsonl", result["text"])
        key = {"input": result["input"], "config": self.fingerprint, "version": self.version,
               "path": result["path"], "summary": result["summary"]}
        _write_small(self._key_path(result["page_id"]), json.dumps(key, ensure_ascii=False) + "\n")

    def _finish(self, result: dict[str, Any], write) -> None:
        status = result["status"]
        if write is not None:
            self._writing.pop(result["page_id"], None)
            try:
                write.result()
            except (OSError, ValueError) as error:
                result = {**result, "status": "failed", "stage": "output",
                          "reason": f"cannot write output: {getattr(error, 'strerror', None) or error}"}
                status = "failed"
            else:
                self.totals.processed += 1
                self.totals.add(result["summary"])
        if status == "skipped":
            self.totals.skipped += 1
            self.totals.add(result.get("summary"))
        if status == "failed":
            self.totals.failed += 1
            message = f"{result['path']}: {result['reason']} (stage {result['stage']})"
            entry = {"path": result["path"], "page_id": result["page_id"], "reason": result["reason"],
                     "stage": result["stage"], "message": message}
            # One write per line, flushed: a killed run leaves whole lines (at worst a last
            # line without its newline, which no JSON parser accepts).
            self._errors.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self._errors.flush()
            if not self.quiet:
                self.progress.write(f"banmian: {message}", err=True)
        if self.show_summary:
            self.progress.write(summary_line(result))
        self.progress.update()

    def _signal(self, signum, frame) -> None:
        self.stop_signal = signum

    def run(self, inputs: list[str], stdin: IO[str] | None = None) -> int:
        started_at = time.time()
        started = time.monotonic()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.state_dir.mkdir(exist_ok=True)
        lock = open(self.state_dir / "lock", "w")  # noqa: SIM115 - held for the run
        try:  # a POSIX lock: held by this process alone, not by the workers it forks
            if fcntl is not None:
                fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            raise click.UsageError(f"another banmian batch is writing to {self.out_dir}") from None
        _sweep_temporaries(self.out_dir)
        _sweep_temporaries(self.state_dir)
        for report in (RUN_NAME, ERRORS_NAME):  # never let an earlier run's reports pass for this one's
            try:
                os.unlink(self.out_dir / report)
            except FileNotFoundError:
                pass
        errors_partial = self.state_dir / f"{ERRORS_NAME}.partial"
        self._errors = open(errors_partial, "w", encoding="utf-8")  # noqa: SIM115 - closed in finally
        self._pending: deque = deque()
        self._writing: dict[str, str] = {}
        self._writer = ThreadPoolExecutor(WRITE_THREADS, thread_name_prefix="banmian-write")
        total = count_sources(inputs) if self.show_progress else None
        self.progress = Progress(self.show_progress, total)

        previous = {}
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                previous[signum] = signal.signal(signum, self._signal)
        engine = None
        complete = False
        try:
            engine = make_engine(self.engine_kind, process_chunk, (self.config.to_dict(), self.version),
                                 self.jobs, self.scheduler, stop=lambda: self.stop_signal is not None,
                                 client=self.client)
            chunks = self._chunks(self._tasks(iter_sources(inputs, stdin)))
            for chunk, outcome in engine.map(chunks):
                if isinstance(outcome, BaseException):
                    outcome = self._rescue(engine, chunk, outcome)
                for result in outcome:
                    self._record(result)
            complete = self.stop_signal is None
        except Interrupted:
            pass
        finally:
            if engine is not None:
                engine.close(cancel=True)
            self._drain()
            self._writer.shutdown(wait=True)
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            self.progress.close()
            self._errors.close()
            os.replace(errors_partial, self.out_dir / ERRORS_NAME)
            wall = time.monotonic() - started
            self.report = self._run_record(inputs, started_at, wall, complete,
                                           engine.jobs if engine is not None else self.jobs)
            atomic_write(self.out_dir / RUN_NAME, json.dumps(self.report, ensure_ascii=False, indent=1) + "\n")
            lock.close()
        if not self.quiet:
            t = self.totals
            state = "" if complete else f" (interrupted by {signal.Signals(self.stop_signal).name})" \
                if self.stop_signal else " (interrupted)"
            click.echo(f"banmian: {t.pages} pages{state}: {t.processed} cleaned, {t.skipped} unchanged, "
                       f"{t.failed} failed; {self.report['pages_per_second']} pages/s → {self.out_dir}", err=True)
        if self.stop_signal is not None:
            return 128 + self.stop_signal
        return 1 if self.totals.failed else 0

    def _rescue(self, engine, chunk: list[tuple], error: BaseException) -> list[dict]:
        """A chunk whose worker died (or whose cluster task failed): run its pages one
        by one so that the page at fault is the only one to fail."""
        results = []
        for task in chunk:
            if self.stop_signal is not None:
                raise Interrupted
            outcome: Any = None
            for _attempt in range(2):
                try:
                    outcome = engine.one([task])[0]
                    break
                except Interrupted:
                    raise
                except BaseException as failure:  # noqa: BLE001 - a dead worker, a lost connection
                    outcome = failure
            if isinstance(outcome, BaseException):
                index, path, page_id = task[:3]
                outcome = {"index": index, "path": path, "page_id": page_id, "status": "failed",
                           "stage": "worker",
                           "reason": f"worker died on this page ({type(outcome).__name__}: "
                                     f"{(str(outcome).splitlines() or [''])[0][:200]})"}
            results.append(outcome)
        return results

    def _run_record(self, inputs: list[str], started_at: float, wall: float, complete: bool, jobs: int) -> dict:
        t = self.totals
        return {
            "complete": complete,
            "interrupted_by": signal.Signals(self.stop_signal).name if self.stop_signal else None,
            "inputs": list(inputs),
            "output": str(self.out_dir),
            "pages": t.pages,
            "processed": t.processed,
            "skipped": t.skipped,
            "failed": t.failed,
            "articles": t.articles,
            "teasers": t.teasers,
            "paragraphs": t.paragraphs,
            "warnings": sum(t.warnings.values()),
            "warnings_by_kind": dict(sorted(t.warnings.items())),
            "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started_at)),
            "wall_seconds": round(wall, 3),
            "pages_per_second": round(t.processed / wall, 2) if wall > 0 else None,
            # largest resident set of the driver and of any worker process it waited for
            "peak_rss_mb": {"driver": _peak_rss_mb("self"), "workers": _peak_rss_mb("children")},
            "engine": self.engine_kind,
            "jobs": jobs,
            "pipeline_version": self.version,
            "config_fingerprint": self.fingerprint,
            "config": self.config.to_dict(),
            "force": self.force,
        }


def _peak_rss_mb(who: str) -> float | None:
    if resource is None:  # pragma: no cover - Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF if who == "self" else resource.RUSAGE_CHILDREN).ru_maxrss
    # KiB on Linux, bytes on macOS
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


# --------------------------------------------------------------------------- the command

@click.command("batch", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for the local engine (default: the usable cores).")
@click.option("-q", "--quiet", is_flag=True, help="No progress, no per-page error lines, no closing line.")
@click.option("--force", is_flag=True, help="Redo pages whose output is up to date.")
@click.option("--summary", is_flag=True, help="Print one line per page (id, articles, teasers, paragraphs, "
                                               "warnings, or the error) on stdout.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", metavar="ADDRESS", help="dask scheduler address, e.g. tcp://head:8786.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=None, hidden=True)
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="TOML file with a [banmian] table of settings.")
@click.option("--convert", type=click.Choice(["t2s", "s2t"]),
              help="Convert Traditional↔Simplified with OpenCC; originals are kept.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Refuse input files larger than this (default 20 MB).")
def command(inputs: tuple[str, ...], output: str, jobs: int | None, quiet: bool, force: bool, summary: bool,
            engine: str, scheduler: str | None, chunk_size: int | None, config_file: str | None,
            convert: str | None, max_bytes: int | None) -> None:
    """Clean every page of INPUTS into OUTPUT/<page id>.jsonl.

    INPUTS are page files (.txt), folders (searched for *.txt, hidden names
    skipped), or manifests of one path a line: @FILE, FILE.lst, FILE.manifest,
    or - for standard input. Pages already done with the same input, settings
    and version are skipped (see --force). Failures go to OUTPUT/errors.jsonl,
    a summary of the run to OUTPUT/run.json.
    """
    try:
        config = Config.load(config_file, convert=convert, max_bytes=max_bytes)
        Pipeline(config)
    except (ValueError, OSError) as error:
        raise click.UsageError(f"configuration: {error}") from None
    if engine == "dask":
        if not scheduler:
            raise click.UsageError("--engine dask needs --scheduler ADDRESS (e.g. tcp://head:8786)")
        from .engines.dask_engine import import_distributed

        try:
            import_distributed()
        except RuntimeError as error:
            raise click.UsageError(str(error)) from None
    elif scheduler:
        raise click.UsageError("--scheduler is for --engine dask")
    for argument in inputs:
        if is_manifest(argument) and _manifest_path(argument) not in ("-", ""):
            name = _manifest_path(argument)
            if not os.path.isfile(name) or not os.access(name, os.R_OK):
                raise click.UsageError(f"manifest {name!r} is not a readable file")
    if sum(1 for a in inputs if a in ("-", "@-")) > 1:
        raise click.UsageError("standard input can be read once")
    batch = Batch(Path(output), config, force=force, engine=engine, jobs=jobs or default_jobs(),
                  scheduler=scheduler, chunk_size=chunk_size, summary=summary, quiet=quiet,
                  progress=not quiet and sys.stderr.isatty())
    try:
        code = batch.run(list(inputs))
    except (RuntimeError, OSError) as error:  # the engine could not start (no scheduler there)
        where = f"dask scheduler {scheduler}: " if engine == "dask" else ""
        click.echo(f"banmian: {where}{error}", err=True)
        sys.exit(2)
    sys.exit(code)


__all__ = ["Batch", "Source", "command", "iter_sources", "manifest_entries", "page_id_under", "process_chunk"]
