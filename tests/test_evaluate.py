"""kg.evaluate and `kg eval`: hand-computed scores on fixture files, and equality with ../shared/eval/score.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.evaluate import EvalError, evaluate, normalise_name, read_predictions
from tests.cli_runner import run_kg
from tests.conftest import SHARED

DATA = Path(__file__).parent / "data" / "eval"
GOLD = DATA / "gold"
PRED = DATA / "predictions.jsonl"
SCORER = SHARED / "eval" / "score.py"

# Counted by hand from tests/data/eval (see the comments in test_evaluate_fixture_by_relation).
HAND = {
    "entities": {"tp": 7, "fp": 1, "fn": 3, "p": 7 / 8, "r": 7 / 10, "f": 7 / 9},
    "relations": {"tp": 7, "fp": 2, "fn": 3, "p": 7 / 9, "r": 7 / 10, "f": 14 / 19},
}


def _counts(score) -> dict:
    return {"tp": score.tp, "fp": score.fp, "fn": score.fn}


@pytest.mark.parametrize("name, expected", [
    ("Meta Platforms, Inc.", "metaplatforms"),
    ("The OpenAI's", "openai"),
    ("Zeta Corp.", "zeta"),
    ("r/LocalLLaMA", "rlocalllama"),
    ("Meta\u2019s", "meta"),
])  # fmt: skip
def test_evaluate_normalise_name(name, expected):
    assert normalise_name(name) == expected


def test_evaluate_fixture_hand_numbers():
    report = evaluate(GOLD, PRED)
    assert report.articles == 3
    assert report.missing_predictions == ["003"]
    for part in ("entities", "relations"):
        score = getattr(report, part)
        assert _counts(score) == {k: HAND[part][k] for k in ("tp", "fp", "fn")}
        assert score.precision == pytest.approx(HAND[part]["p"])
        assert score.recall == pytest.approx(HAND[part]["r"])
        assert score.f1 == pytest.approx(HAND[part]["f"])


def test_evaluate_fixture_by_relation():
    per = {k: _counts(v) for k, v in evaluate(GOLD, PRED).per_relation.items()}
    assert per == {
        "ACQUIRED": {"tp": 1, "fp": 0, "fn": 0},  # "Acme" is an alias; the duplicate counts once
        "DEVELOPED": {"tp": 2, "fp": 0, "fn": 0},  # the lowercase "developed" of a second record of 002
        "OPEN_WEIGHTS": {"tp": 1, "fp": 0, "fn": 0},  # "yes" reads as "true"
        "EMPLOYED_BY": {"tp": 0, "fp": 1, "fn": 0},
        "LEADS": {"tp": 0, "fp": 0, "fn": 1},
        "PARTNERED_WITH": {"tp": 1, "fp": 0, "fn": 0},  # symmetric, given in the other order
        "OUTPERFORMS": {"tp": 1, "fp": 0, "fn": 0},
        "LICENSED_UNDER": {"tp": 1, "fp": 0, "fn": 0},  # "Apache License 2.0" == "Apache 2.0"
        "PARITY_WITH": {"tp": 0, "fp": 1, "fn": 0},
        "COMPETES_WITH": {"tp": 0, "fp": 0, "fn": 1},
        "FOUNDED_BY": {"tp": 0, "fp": 0, "fn": 1},  # article 003 has no predictions
    }


def test_evaluate_lists_errors_per_article():
    errors = {e.id: e for e in evaluate(GOLD, PRED).errors}
    assert errors["001"].entity_fp == [("Orbit-1", "Product")]
    assert errors["001"].entity_fn == [("Orbit-1", "AIModel")]
    assert errors["001"].relation_fp == [("Jane Doe", "EMPLOYED_BY", "Acme Robotics")]
    assert errors["001"].relation_fn == [("Jane Doe", "LEADS", "Acme Robotics")]
    assert errors["003"].relation_fn == [("Omega Inc", "FOUNDED_BY", "John Smith")]


def test_evaluate_accepts_records_and_ids():
    records = [json.loads(line) for line in PRED.read_text().splitlines()]
    report = evaluate(GOLD, records, ids=["002"])
    assert report.articles == 1 and report.missing_predictions == []
    assert _counts(report.relations) == {"tp": 4, "fp": 1, "fn": 1}


def test_evaluate_merges_records_of_one_article():
    preds = read_predictions(PRED)
    assert sorted(preds) == ["001", "002", "999"]
    assert [e["name"] for e in preds["002"]["entities"]] == ["Nova AI", "Zeta", "Nova-2", "Zeta-X"]


def test_evaluate_missing_gold_dir_raises(tmp_path):
    with pytest.raises(EvalError, match="KG500"):
        evaluate(tmp_path / "nowhere", PRED)
    with pytest.raises(EvalError, match="KG500"):
        evaluate(tmp_path, PRED)


def test_evaluate_bad_predictions_raise(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "001"}\n{not json\n')
    with pytest.raises(EvalError, match="KG503"):
        evaluate(GOLD, bad)


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval/score.py is not beside the project")
@pytest.mark.parametrize("ids", [None, "001,002"])
def test_evaluate_equals_reference_scorer(ids):
    args = [sys.executable, str(SCORER), str(GOLD), str(PRED), "--json"] + (["--ids", ids] if ids else [])
    reference = json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)
    ours = evaluate(GOLD, PRED, ids=ids.split(",") if ids else None).to_dict()
    assert ours["articles"] == reference["articles"]
    assert ours["missing_predictions"] == reference["missing_predictions"]
    keys = ("p", "r", "f", "tp", "fp", "fn")
    for part in ("entities", "relations"):
        assert {k: ours[part][k] for k in keys} == pytest.approx({k: reference[part].get(k, 0) for k in keys})
    assert set(ours["per_relation"]) == set(reference["per_relation"])
    for rel, score in reference["per_relation"].items():
        assert {k: ours["per_relation"][rel][k] for k in keys} == pytest.approx({k: score.get(k, 0) for k in keys})
    if ids is None:  # and the reference agrees with the numbers counted by hand
        for part in ("entities", "relations"):
            assert {k: reference[part].get(k, 0) for k in keys} == pytest.approx(HAND[part])


def test_cli_eval_pred_prints_the_scores():
    result = run_kg("eval", str(GOLD), "--pred", str(PRED))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "ACQUIRED         P=1.00 R=1.00 F1=1.00  tp=1 fp=0 fn=0" in lines
    assert lines[-3:] == [
        "missing predictions for 1 of 3 articles",
        "entities P=0.875 R=0.700 F1=0.778",
        "relations P=0.778 R=0.700 F1=0.737",
    ]


def test_cli_eval_json_and_errors():
    result = run_kg("eval", str(GOLD), "--pred", str(PRED), "--json", "--errors")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["relations"]["tp"] == 7 and out["entities"]["fp"] == 1
    by_id = {e["id"]: e for e in out["errors"]}
    assert by_id["002"]["relations"]["fp"] == [["Nova-2", "PARITY_WITH", "Zeta-X"]]


def test_cli_eval_extracts_when_no_predictions_given():
    result = run_kg("eval", str(GOLD), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["missing_predictions"] == []
    assert out["relations"]["tp"] >= 3


def test_cli_eval_missing_gold_dir_fails_cleanly(tmp_path):
    result = run_kg("eval", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: KG500")
