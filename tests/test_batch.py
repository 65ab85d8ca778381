"""banmian batch: inputs, page ids, identical output for every --jobs and engine,
resume, errors.jsonl / run.json, exit codes, bounded streaming."""
from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED

from pipeline import __version__
from pipeline.batch import Batch, iter_sources, manifest_entries, process_chunk
from pipeline.cli import cli
from pipeline.config import Config

SEED_LINES = SEED.read_text(encoding="utf-8").splitlines(keepends=True)


def page_text(number: int, lines: int = 50) -> str:
    """A distinct, smallish page cut from the seed (fast to clean)."""
    start = (number * 17) % max(1, len(SEED_LINES) - lines)
    return "".join(SEED_LINES[start:start + lines])


def make_corpus(root: Path, families: int = 2, pages: int = 3, lines: int = 50) -> Path:
    for family, page in itertools.product(range(families), range(pages)):
        path = root / f"family{family}" / f"page-{page + 1:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page_text(family * pages + page, lines), encoding="utf-8")
    (root / "family0" / "page-001.gold.json").write_text("{}", encoding="utf-8")
    (root / "family0" / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (root / ".trash").mkdir()
    (root / ".trash" / "page-009.txt").write_text("hidden folder", encoding="utf-8")
    return root


def invoke(*args, input=None):
    return CliRunner().invoke(cli, ["batch", *map(str, args)], input=input, catch_exceptions=False)


def outputs(folder: Path) -> dict[str, bytes]:
    """Every per-page output and errors.jsonl (what must not depend on --jobs)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.suffix == ".jsonl" and not p.name.startswith(".")}


def run_json(folder: Path) -> dict:
    return json.loads((folder / "run.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("reference")
    assert invoke(corpus, "-o", out, "--jobs", 1).exit_code == 0
    return outputs(out)


# ---------------------------------------------------------------- inputs and page ids

def test_directory_inputs_recurse_and_name_pages_by_relative_path(corpus, reference):
    assert sorted(reference) == ["errors.jsonl"] + [f"family{f}__page-00{p}.jsonl" for f in (0, 1) for p in (1, 2, 3)]
    assert reference["errors.jsonl"] == b""
    first = json.loads(reference["family0__page-001.jsonl"].splitlines()[0])
    assert first["page_id"] == "family0__page-001" and first["id"] == "family0__page-001-001"


def test_file_inputs_take_their_stem_and_collisions_fail_clearly(corpus, tmp_path):
    a, b = corpus / "family0" / "page-001.txt", corpus / "family1" / "page-001.txt"
    result = invoke(a, b, "-o", tmp_path)
    assert result.exit_code == 1
    assert (tmp_path / "page-001.jsonl").read_bytes().count(b'"page_id": "page-001"') >= 1
    errors = [json.loads(line) for line in (tmp_path / "errors.jsonl").read_text().splitlines()]
    assert len(errors) == 1 and errors[0]["path"] == str(b) and errors[0]["stage"] == "output"
    assert "already taken" in errors[0]["reason"] and str(a) in errors[0]["reason"]
    # the first page's output is the one kept
    assert json.loads((tmp_path / "page-001.jsonl").read_text().splitlines()[-1])["lines"] == len(
        a.read_text().splitlines())


def test_manifest_at_file_lst_and_stdin_with_explicit_ids(corpus, tmp_path):
    pages = [s.path for s in iter_sources([str(corpus)])]
    manifest = tmp_path / "pages.lst"
    manifest.write_text("# pages\n\n" + "".join(f"{p}\tm-{i}\n" for i, p in enumerate(pages)), encoding="utf-8")
    for argument, out, stdin in ((f"@{manifest}", "at", None), (manifest, "lst", None),
                                 ("-", "stdin", manifest.read_text())):
        result = invoke(argument, "-o", tmp_path / out, input=stdin)
        assert result.exit_code == 0, result.output
        assert sorted(outputs(tmp_path / out)) == ["errors.jsonl"] + sorted(f"m-{i}.jsonl" for i in range(len(pages)))
    assert list(manifest_entries(["x.txt\n"])) == [("x.txt", None)]


def test_manifest_line_naming_a_directory_recurses_with_its_id_as_prefix(corpus, tmp_path):
    sources = list(iter_sources(["@-"], stdin=iter([f"{corpus}\tcopy1\n", f"{corpus}\tcopy2\n"])))
    assert len(sources) == 12 and sources[0].page_id == "copy1__family0__page-001"
    assert sources[6].page_id == "copy2__family0__page-001"


def test_inputs_are_read_lazily():
    consumed = []

    def lines():
        for i in itertools.count():
            consumed.append(i)
            yield f"page-{i}.txt\n"

    first = list(itertools.islice(iter_sources(["-"], stdin=lines()), 3))
    assert [s.page_id for s in first] == ["page-0", "page-1", "page-2"] and len(consumed) == 3


# ---------------------------------------------------------------- same bytes whatever the engine

def test_output_identical_for_every_jobs_value_and_equal_to_clean(corpus, reference, tmp_path):
    for jobs in (2, 3):
        out = tmp_path / f"jobs{jobs}"
        assert invoke(corpus, "-o", out, "--jobs", jobs, "--chunk-size", 1 + jobs % 2).exit_code == 0
        assert outputs(out) == reference
    clean = tmp_path / "clean"
    page = corpus / "family1" / "page-002.txt"
    assert CliRunner().invoke(cli, ["clean", str(page), "-o", str(clean), "--page-id", "family1__page-002"]).exit_code == 0
    assert (clean / "family1__page-002.jsonl").read_bytes() == reference["family1__page-002.jsonl"]


def test_dask_engine_matches_local_run_byte_for_byte(corpus, reference, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=50) as cluster:
        result = invoke(corpus, "-o", tmp_path, "--engine", "dask", "--scheduler", cluster.scheduler_address,
                        "--chunk-size", 2)
        assert result.exit_code == 0, result.output
    assert outputs(tmp_path) == reference
    assert run_json(tmp_path)["engine"] == "dask" and run_json(tmp_path)["jobs"] == 2


def test_dask_engine_needs_a_scheduler(corpus, tmp_path):
    result = invoke(corpus, "-o", tmp_path, "--engine", "dask")
    assert result.exit_code == 2 and "--scheduler" in result.output


# ---------------------------------------------------------------- resume

def test_resume_skips_unchanged_pages_and_redoes_changed_ones(corpus, reference, tmp_path):
    work = make_corpus(tmp_path / "in")
    out = tmp_path / "out"
    assert invoke(work, "-o", out, "-j", 1).exit_code == 0
    assert run_json(out)["processed"] == 6
    assert sorted(p.name for p in (out / ".banmian").glob("*.key")) == sorted(
        n.replace(".jsonl", ".key") for n in reference if n != "errors.jsonl")
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*__*.jsonl")}

    result = invoke(work, "-o", out, "-j", 1, "--summary")
    assert result.exit_code == 0
    report = run_json(out)
    assert (report["processed"], report["skipped"], report["pages"]) == (0, 6, 6)
    assert report["articles"] > 0  # totals include the skipped pages
    assert result.stdout.count("[unchanged]") == 6
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*__*.jsonl")} == before

    changed = work / "family1" / "page-003.txt"
    changed.write_text(page_text(40), encoding="utf-8")
    assert invoke(work, "-o", out, "-j", 1).exit_code == 0
    assert (run_json(out)["processed"], run_json(out)["skipped"]) == (1, 5)

    assert invoke(work, "-o", out, "-j", 1, "--force").exit_code == 0
    assert run_json(out)["processed"] == 6

    assert invoke(work, "-o", out, "-j", 1, "--convert", "t2s").exit_code == 0  # another configuration
    assert run_json(out)["processed"] == 6

    (out / "family0__page-002.jsonl").unlink()  # an output removed by hand is made again
    assert invoke(work, "-o", out, "-j", 1, "--convert", "t2s").exit_code == 0
    assert (run_json(out)["processed"], run_json(out)["skipped"]) == (1, 5)


def test_stale_temporary_files_are_swept(corpus, tmp_path):
    tmp_path.joinpath(".family0__page-001.jsonl.abc123.tmp").write_text('{"half', encoding="utf-8")
    assert invoke(corpus, "-o", tmp_path, "-q").exit_code == 0
    assert not list(tmp_path.glob(".*.tmp"))


# ---------------------------------------------------------------- reports, exit codes, terminal output

def test_run_json_errors_jsonl_and_exit_status(corpus, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"%PDF-1.7\n")
    out = tmp_path / "out"
    result = invoke(corpus, bad, "-o", out, "-j", 2)
    assert result.exit_code == 1
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert errors == [{"path": str(bad), "page_id": "bad", "reason": errors[0]["reason"], "stage": "decode",
                       "message": f"{bad}: {errors[0]['reason']} (stage decode)"}]
    assert "PDF" in errors[0]["reason"]
    report = run_json(out)
    for key in ("pages", "skipped", "articles", "warnings_by_kind", "failed", "wall_seconds", "pages_per_second",
                "pipeline_version", "config", "config_fingerprint", "complete"):
        assert key in report
    assert (report["pages"], report["processed"], report["failed"], report["complete"]) == (7, 6, 1, True)
    assert report["pipeline_version"] == __version__ and report["config"] == Config().to_dict()
    assert sum(report["warnings_by_kind"].values()) == report["warnings"]
    assert not (out / ".banmian" / "errors.jsonl.partial").exists()


def test_usage_errors_exit_2(corpus, tmp_path):
    assert invoke(corpus).exit_code == 2                                      # no -o
    assert invoke("@" + str(tmp_path / "missing.lst"), "-o", tmp_path).exit_code == 2
    assert invoke(corpus, "-o", tmp_path, "--jobs", 0).exit_code == 2
    assert invoke(corpus, "-o", tmp_path, "--scheduler", "tcp://x:1").exit_code == 2
    bad_config = tmp_path / "bad.toml"
    bad_config.write_text("[banmian]\nno_such_setting = 1\n", encoding="utf-8")
    assert invoke(corpus, "-o", tmp_path, "--config", bad_config).exit_code == 2


def test_quiet_and_non_terminal_output(corpus, tmp_path):
    result = invoke(corpus, "-o", tmp_path / "a")
    assert result.stdout == ""                               # no per-page lines without --summary
    assert result.stderr.count("\n") == 1 and "6 pages" in result.stderr   # no progress bar off a terminal
    result = invoke(corpus, "-o", tmp_path / "b", "-q")
    assert result.stdout == "" and result.stderr == ""


def test_summary_prints_one_line_per_page(corpus, tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = invoke(corpus, bad, "-o", tmp_path / "out", "--summary", "-q")
    lines = result.stdout.splitlines()
    assert len(lines) == 7
    assert lines[0].startswith("family0__page-001\t") and " articles, " in lines[0] and " paragraphs, " in lines[0]
    assert lines[-1].startswith("empty\tFAILED ") and "empty file" in lines[-1]


def test_progress_fallback_line_without_tqdm(monkeypatch, capsys):
    import sys

    from pipeline.batch import Progress

    monkeypatch.setitem(sys.modules, "tqdm", None)
    progress = Progress(True, total=4)
    for _ in range(4):
        progress.update()
    progress.close()
    err = capsys.readouterr().err
    assert "4/4 pages" in err and "pages/s" in err and "ETA" in err


# ---------------------------------------------------------------- streaming and worker deaths

def test_local_pool_keeps_a_bounded_window_in_flight():
    from pipeline.engines.local import LocalPool

    submitted = []

    def chunks():
        for i in itertools.count():
            submitted.append(i)
            yield [(i, "missing.txt", f"p{i}", None, {"reason": "x", "stage": "read"})]

    engine = LocalPool(process_chunk, (Config().to_dict(), __version__), jobs=2, window=4)
    try:
        results = engine.map(chunks())
        taken = [next(results) for _ in range(10)]
    finally:
        engine.close(cancel=True)
    assert [chunk[0][0] for chunk, _ in taken] == list(range(10))  # in input order
    assert len(submitted) <= 10 + 4


def test_a_page_that_kills_its_worker_fails_alone(corpus, reference, tmp_path, monkeypatch):
    from pipeline import batch

    real = batch.process_task

    def deadly(pipeline, task, version):
        if task[2] == "family0__page-003":
            os._exit(9)  # as the out-of-memory killer would
        return real(pipeline, task, version)

    monkeypatch.setattr(batch, "process_task", deadly)  # forked workers inherit it
    run = Batch(tmp_path, Config(), jobs=2, chunk_size=2)
    assert run.run([str(corpus)]) == 1
    errors = [json.loads(line) for line in (tmp_path / "errors.jsonl").read_text().splitlines()]
    assert [(e["page_id"], e["stage"]) for e in errors] == [("family0__page-003", "worker")]
    expected = {k: v for k, v in reference.items() if k not in ("family0__page-003.jsonl", "errors.jsonl")}
    assert {k: v for k, v in outputs(tmp_path).items() if k != "errors.jsonl"} == expected


def test_one_run_at_a_time_per_output_folder(corpus, tmp_path):
    import fcntl
    import subprocess
    import sys

    from conftest import ROOT

    state = tmp_path / ".banmian"
    state.mkdir()
    with open(state / "lock", "w") as lock:
        fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # another run holds the folder
        done = subprocess.run([sys.executable, "-m", "pipeline", "batch", str(corpus), "-o", str(tmp_path)],
                              cwd=ROOT, capture_output=True, text=True, check=False, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2 and "another banmian batch" in done.stderr
    assert not list(tmp_path.glob("*.jsonl"))
