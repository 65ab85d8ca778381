"""Bad inputs and killed runs: every bad page gets one line naming the file and the
reason (stderr and errors.jsonl) and the other pages still come out; a run killed
mid-batch resumes to the output of an uninterrupted one."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SEED

from pipeline.batch import Batch
from pipeline.cli import cli
from pipeline.config import Config

SEED_LINES = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
GOOD = {"good-1": "".join(SEED_LINES[:40]), "good-2": "".join(SEED_LINES[200:260])}


def good_pages(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in GOOD.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")


def batch(*args, input=None):
    return CliRunner().invoke(cli, ["batch", *map(str, args)], input=input, catch_exceptions=False)


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("banmian: ") and "pages:" not in line]


def check_one_failure(result, out: Path, path: Path | str, *reason_parts: str, stage: str | None = None) -> dict:
    assert result.exit_code == 1, result.output
    lines = error_lines(result)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"banmian: {path}: ")
    for part in reason_parts:
        assert part in lines[0], (part, lines[0])
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(errors) == 1 and errors[0]["path"] == str(path)
    assert lines[0] == f"banmian: {errors[0]['message']}"
    if stage:
        assert errors[0]["stage"] == stage
    for name in GOOD:  # the other pages still come out
        records = (out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        assert json.loads(records[-1])["kind"] == "page"
    return errors[0]


BAD_BYTES = {
    "empty": (b"", ["empty file"], "decode"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", ["binary data", "PDF"], "decode"),
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + bytes(range(256)) * 4, ["binary data", "JPEG"], "decode"),
    "undecodable": (b"\x80\x80\x80\xff\xfe\x81" * 50, ["undecodable bytes"], "decode"),
    "nul": ("城市是现代化建设的重要载体\n".encode() * 3 + b"\x00\x00abc\n", ["NUL byte"], "decode"),
    "long-line": ("中文".encode() * (10 * 1024 * 1024 // 6), ["a line of", "characters"], "decode"),
}


@pytest.mark.parametrize("kind", sorted(BAD_BYTES))
def test_bad_bytes_fail_alone(kind, tmp_path):
    data, reason, stage = BAD_BYTES[kind]
    good_pages(tmp_path / "in")
    bad = tmp_path / "in" / f"bad-{kind}.txt"
    bad.write_bytes(data)
    check_one_failure(batch(tmp_path / "in", "-o", tmp_path / "out", "-j", 1), tmp_path / "out", bad, *reason,
                      stage=stage)
    assert not (tmp_path / "out" / f"bad-{kind}.jsonl").exists()


def test_file_over_the_default_size_limit_is_not_read(tmp_path):
    good_pages(tmp_path / "in")
    huge = tmp_path / "in" / "huge.txt"
    with open(huge, "wb") as stream:  # sparse: 21 MB that take no disk
        stream.truncate(21 * 1024 * 1024)
    result = batch(tmp_path / "in", "-o", tmp_path / "out", "-j", 2)
    check_one_failure(result, tmp_path / "out", huge, "22,020,096 bytes", "over the limit of 20,971,520", stage="read")


def test_size_limit_is_configurable(tmp_path):
    good_pages(tmp_path / "in")
    big = tmp_path / "big.txt"
    big.write_text("".join(SEED_LINES[:120]), encoding="utf-8")
    limit = max(len(t.encode()) for t in GOOD.values()) + 10
    result = batch(tmp_path / "in", big, "-o", tmp_path / "out", "--max-bytes", limit)
    check_one_failure(result, tmp_path / "out", big, f"over the limit of {limit:,}")
    toml = tmp_path / "limit.toml"
    toml.write_text(f"[banmian]\nmax_bytes = {limit}\n", encoding="utf-8")
    result = batch(tmp_path / "in", big, "-o", tmp_path / "out2", "--config", toml)
    check_one_failure(result, tmp_path / "out2", big, f"over the limit of {limit:,}")


def test_directory_given_to_clean(tmp_path):
    good_pages(tmp_path / "in")
    result = CliRunner().invoke(cli, ["clean", str(tmp_path / "in"), str(tmp_path / "in" / "good-1.txt"),
                                      "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("banmian: ")]
    assert len(lines) == 1 and lines[0].startswith(f"banmian: {tmp_path / 'in'}: ") and "is a directory" in lines[0]
    assert (tmp_path / "out" / "good-1.jsonl").exists()


def test_dangling_symlink_is_unreadable(tmp_path):
    good_pages(tmp_path / "in")
    link = tmp_path / "in" / "gone.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    check_one_failure(batch(tmp_path / "in", "-o", tmp_path / "out"), tmp_path / "out", link,
                      "cannot read", "No such file", stage="read")


def test_permission_denied_is_reported(tmp_path, monkeypatch):
    # Tests run as root, for whom chmod 000 changes nothing: refuse the open instead.
    import builtins

    good_pages(tmp_path / "in")
    locked = tmp_path / "in" / "locked.txt"
    locked.write_text(GOOD["good-1"], encoding="utf-8")
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and os.fspath(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    out = tmp_path / "out"
    result = batch(tmp_path / "in", "-o", out, "-j", 1)
    monkeypatch.undo()
    assert result.exit_code == 1
    assert error_lines(result) == [f"banmian: {locked}: cannot read: Permission denied (stage read)"]
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert [(e["path"], e["stage"]) for e in errors] == [(str(locked), "read")]
    assert "cannot read: Permission denied" in errors[0]["reason"]
    assert (out / "good-1.jsonl").exists() and (out / "good-2.jsonl").exists()


@pytest.mark.parametrize("page_id", ["../evil", "a/b", "../../x", "/etc/evil"])
def test_page_id_outside_the_output_folder_is_refused(page_id, tmp_path):
    good_pages(tmp_path / "in")
    target = tmp_path / "in" / "good-1.txt"
    manifest = f"{tmp_path / 'in' / 'good-2.txt'}\n{target}\t{page_id}\n{tmp_path / 'in' / 'good-1.txt'}\n"
    out = tmp_path / "out" / "inner"
    result = batch("-", "-o", out, input=manifest)
    check_one_failure(result, out, target, "would write outside the output folder", stage="output")
    assert sorted(p.name for p in tmp_path.rglob("*.jsonl") if p.name != "errors.jsonl") == ["good-1.jsonl",
                                                                                          "good-2.jsonl"]


def test_a_crashing_stage_is_named_and_the_batch_goes_on(tmp_path, monkeypatch):
    from pipeline.stages.classify import Classify

    real = Classify.run

    def crash(self, page, config):
        if page.page_id == "bad":
            return {}["boom"]
        return real(self, page, config)

    monkeypatch.setattr(Classify, "run", crash)
    good_pages(tmp_path / "in")
    bad = tmp_path / "in" / "bad.txt"
    bad.write_text(GOOD["good-1"], encoding="utf-8")
    check_one_failure(batch(tmp_path / "in", "-o", tmp_path / "out", "-j", 1), tmp_path / "out", bad,
                      "internal error: KeyError", stage="classify")


# ---------------------------------------------------------------- killed runs

def many_pages(folder: Path, count: int = 200) -> Path:
    folder.mkdir(parents=True)
    for number in range(count):
        start = (number * 7) % (len(SEED_LINES) - 120)
        (folder / f"page-{number:03d}.txt").write_text("".join(SEED_LINES[start:start + 120]), encoding="utf-8")
    return folder


def contents(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.suffix == ".jsonl"}


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("many")
    pages = many_pages(root / "in")
    reference = root / "reference"
    code = Batch(reference, Config(), jobs=2, quiet=True).run([str(pages)])
    assert code == 0
    return pages, contents(reference)


def start_batch(pages: Path, out: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "pipeline", "batch", str(pages), "-o", str(out), "-j", "2", "-q"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill_midway(process: subprocess.Popen, out: Path, signum: int, after: int = 15) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if sum(1 for p in out.glob("page-*.jsonl")) >= after if out.exists() else False:
            break
        assert process.poll() is None, "the run ended before it could be killed"
        time.sleep(0.005)
    process.send_signal(signum)
    process.wait(timeout=60)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_killed_run_resumes_to_the_uninterrupted_output(signum, big_corpus, tmp_path):
    pages, reference = big_corpus
    out = tmp_path / "out"
    process = start_batch(pages, out)
    kill_midway(process, out, signum)
    done = contents(out)
    assert 0 < len(done) - ("errors.jsonl" in done) < 200, "killed after the end"
    for name, data in done.items():  # nothing half-written: every output is whole and final
        assert data == reference[name], name
    if signum == signal.SIGTERM:  # a graceful stop: reports written, exit 128+15
        assert process.returncode == 128 + signal.SIGTERM
        report = json.loads((out / "run.json").read_text())
        assert report["complete"] is False and report["interrupted_by"] == "SIGTERM"
    else:
        assert process.returncode == -signal.SIGKILL
        assert not (out / "run.json").exists()  # no report passes for the killed run's
    resumed = Batch(out, Config(), jobs=2, quiet=True)
    assert resumed.run([str(pages)]) == 0
    assert contents(out) == reference
    # a page killed between its output and its resume key is redone (same bytes); a few
    # writer threads can each be at that point
    assert resumed.report["skipped"] >= len(done) - 4 - ("errors.jsonl" in done)
    assert resumed.report["processed"] + resumed.report["skipped"] == 200
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert not [p.name for p in (out / ".banmian").iterdir() if p.name.endswith(".tmp")]
