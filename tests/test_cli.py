"""The command line: exit codes, stdin/stdout, --split, explain, schema, bad input."""
from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from conftest import SEED
from pipeline.cli import cli


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_clean_writes_jsonl_per_page(tmp_path):
    result = run("clean", str(SEED), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "page-001.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert records[-1]["kind"] == "page"
    assert records[0]["id"] == "page-001-001" and records[0]["page_id"] == "page-001"
    assert "\\u" not in lines[0]  # UTF-8, not escaped


def test_clean_stdin_to_stdout():
    text = SEED.read_text(encoding="utf-8")
    result = run("clean", "-", "-o", "-", input=text.encode("utf-8"))
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0]["page_id"] == "stdin"
    assert any(r.get("headline") for r in records)


def test_split_writes_one_file_per_article(tmp_path):
    result = run("clean", str(SEED), "-o", str(tmp_path), "--split")
    assert result.exit_code == 0
    files = sorted((tmp_path / "page-001").glob("*.json"))
    assert len(files) >= 6
    assert json.loads(files[0].read_text(encoding="utf-8"))["id"] == "page-001-001"


def test_page_id_option(tmp_path):
    result = run("clean", str(SEED), "-o", str(tmp_path), "--page-id", "zt-2025-08-29-01")
    assert result.exit_code == 0
    assert (tmp_path / "zt-2025-08-29-01.jsonl").exists()


def test_bad_pages_fail_alone_with_one_line_each(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    undecodable = tmp_path / "bad.txt"
    undecodable.write_bytes(b"\xff\xfe\xfa\x80\x81" * 20 + b"\xff")
    folder = tmp_path / "folder"
    folder.mkdir()
    out = tmp_path / "out"
    result = run("clean", str(empty), str(binary), str(SEED), str(undecodable), str(folder), "-o", str(out))
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 4
    assert "empty.txt: empty file" in errors[0]
    assert "scan.txt: binary data: a PDF document" in errors[1]
    assert "bad.txt: undecodable bytes" in errors[2]
    assert "folder: is a directory" in errors[3]
    assert (out / "page-001.jsonl").exists()  # the good page still came out
    assert sorted(p.name for p in out.iterdir()) == ["page-001.jsonl"]


def test_legacy_encodings_are_decoded(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "gb.txt").write_bytes(text.encode("gb18030"))
    result = run("clean", str(tmp_path / "gb.txt"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    page = json.loads((tmp_path / "out" / "gb.jsonl").read_text("utf-8").splitlines()[-1])
    assert page["encoding"] == "gb18030"


def test_usage_errors_exit_2(tmp_path):
    assert run("clean", str(SEED)).exit_code == 2  # no -o
    assert run("clean", str(SEED), "-o", str(tmp_path), "--stages", "decode,nonsense").exit_code == 2
    assert run("clean", str(SEED), "-o", "-", "--split").exit_code == 2


def test_explain_shows_decisions_and_reasons():
    result = run("explain", str(SEED))
    assert result.exit_code == 0
    assert "sentence goes on across a column break" in result.output
    assert "articles:" in result.output and "byline:" in result.output


def test_schema_prints_json_schema():
    result = run("schema")
    schema = json.loads(result.output)
    assert schema["$schema"].endswith("2020-12/schema")


def test_module_entry_point():
    result = subprocess.run([sys.executable, "-m", "pipeline", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and "banmian" in result.stdout
