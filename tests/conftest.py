from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).resolve().parent / "cases"
CORPUS = ROOT / "fixtures" / "corpus"
SHARED = ROOT.parent / "shared"
SEED = CORPUS / "seed" / "page-001.txt"


def load_cases(name: str) -> dict:
    return json.loads((CASES / name).read_text(encoding="utf-8"))


def corpus_pages() -> list[Path]:
    return sorted(CORPUS.rglob("*.txt"))


@pytest.fixture(scope="session")
def schema_validator():
    import jsonschema
    from importlib import resources

    schema = json.loads(resources.files("pipeline").joinpath("schema/article.v1.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)
