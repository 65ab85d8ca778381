"""Write records to disk atomically: a temporary file in the target folder, then a
rename, so a killed run never leaves a half-written output behind."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def dumps(record: dict[str, Any], indent: int | None = None) -> str:
    return json.dumps(record, ensure_ascii=False, indent=indent)


def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def jsonl_text(records: Iterable[dict[str, Any]]) -> str:
    return "".join(dumps(record) + "\n" for record in records)


def safe_output_path(out_dir: Path, name: str) -> Path:
    """`out_dir / name`, refusing names that would write outside `out_dir`."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name:
        raise ValueError(f"page id {name!r} would write outside the output folder")
    target = (out_dir / name).resolve()
    if out_dir.resolve() not in target.parents:
        raise ValueError(f"page id {name!r} would write outside the output folder")
    return out_dir / name


def write_page(out_dir: Path, page_id: str, records: list[dict[str, Any]], split: bool = False) -> list[Path]:
    """`OUT/<page id>.jsonl`, or with `split` one `OUT/<page id>/<article id>.json` per record."""
    if page_id in (".", "..") or page_id.startswith(".."):
        raise ValueError(f"page id {page_id!r} would write outside the output folder")
    if not split:
        path = safe_output_path(out_dir, f"{page_id}.jsonl")
        atomic_write(path, jsonl_text(records))
        return [path]
    folder = safe_output_path(out_dir, page_id)
    written = []
    for record in records:
        name = record["id"][len(page_id) + 1:] if record["id"].startswith(page_id + "-") else record["id"]
        path = folder / f"{name}.json"
        atomic_write(path, dumps(record, indent=1) + "\n")
        written.append(path)
    return written
