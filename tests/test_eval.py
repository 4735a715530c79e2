"""`prisonwatch eval` agrees with the shared scorer and guards the dev-corpus score against regressions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from flows.evaluate import load_jsonl, score
from parsers import extract_claims
from tests.conftest import shared_file

# Just below the current dev-corpus headline F1: quality may only go up.
MIN_HEADLINE_F1 = 0.90


def test_eval_agrees_with_score_py(tmp_path: Path) -> None:
    gold_path = shared_file("corpus", "dev.jsonl")
    scorer = shared_file("corpus", "score.py")
    pred_path = tmp_path / "pred.jsonl"
    docs = load_jsonl(gold_path)
    with pred_path.open("w", encoding="utf-8") as f:
        for d in docs:
            claims = [c.to_dict() for c in extract_claims(d["text"], d.get("lang"), d.get("published"), d.get("url"))]
            f.write(json.dumps({"id": d["id"], "claims": claims}) + "\n")
    theirs = json.loads(
        subprocess.run(
            [sys.executable, str(scorer), str(gold_path), str(pred_path), "--json"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    ours = score(
        {d["id"]: d["claims"] for d in docs},
        {d["id"]: json.loads(line)["claims"] for d, line in zip(docs, pred_path.read_text().splitlines(), strict=True)},
    )
    assert json.loads(json.dumps(ours)) == theirs


def test_eval_command_guards_the_dev_score() -> None:
    gold_path = shared_file("corpus", "dev.jsonl")
    result = subprocess.run(
        [sys.executable, "-m", "flows.cli", "eval", str(gold_path), "--no-errors", "--min-f1", str(MIN_HEADLINE_F1)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "headline:" in result.stdout


def test_eval_command_fails_below_the_threshold() -> None:
    gold_path = shared_file("corpus", "dev.jsonl")
    result = subprocess.run(
        [sys.executable, "-m", "flows.cli", "eval", str(gold_path), "--no-errors", "--min-f1", "0.999"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1


def test_no_claims_on_negative_documents() -> None:
    docs = load_jsonl(shared_file("corpus", "dev.jsonl"))
    negatives = [d for d in docs if not d["claims"]]
    assert negatives
    noisy = {d["id"]: extract_claims(d["text"], d.get("lang"), d.get("published"), d.get("url")) for d in negatives}
    assert {k: v for k, v in noisy.items() if v} == {}
