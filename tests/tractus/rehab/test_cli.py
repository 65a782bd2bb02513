"""`tractus plan` on the command line: the programme, a referral, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tractus.cli import main
from tractus.triage import assess

from ..triage.vignettes import VIGNETTES_BY_NAME


def _triage_file(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.json"
    result = assess(VIGNETTES_BY_NAME[name].answers)
    path.write_text(json.dumps(result.to_dict()), encoding="utf-8")
    return path


def _write(tmp_path: Path, data: object, name: str = "findings.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_it_prints_the_programme_as_json(tmp_path, capsys):
    triage = _triage_file(tmp_path, "classic_itbs")
    findings = _write(
        tmp_path,
        {
            "motion": {"cadence_spm": 160, "low_cadence": True},
            "preferences": {"days_per_week": 4, "equipment": ["band"]},
        },
    )
    assert (
        main(["plan", "--triage", str(triage), "--findings", str(findings), "--json"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert {g["id"] for g in data["guidance"]} >= {"raise_cadence"}
    assert sum(d["strength"] for d in data["schedule"]) == 4
    assert data["levels"][0]["prescriptions"][0]["answers"][0] == "lateral_knee_pain"


def test_it_prints_the_programme_in_words(tmp_path, capsys):
    assert main(["plan", "--triage", str(_triage_file(tmp_path, "classic_itbs"))]) == 0
    out = capsys.readouterr().out
    assert "SETTLE" in out and "Clamshell" in out and "RETURN-TO-RUN STAGES" in out


def test_a_red_flag_prints_the_referral_and_exits_zero(tmp_path, capsys):
    triage = _triage_file(tmp_path, "septic_knee")
    assert main(["plan", "--triage", str(triage), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["referral"]["red_flags"][0]["id"] == "suspected_infection"
    assert data["levels"] == [] and data["guidance"] == []


@pytest.mark.parametrize(
    ("findings", "message"),
    [
        ("not json", "findings.json: not valid JSON"),
        ([1], "findings.json: expected a JSON object"),
        ({"motion": {"crossover": 1}}, "findings.json: motion.crossover: must be true"),
        ({"triage": {}}, "findings.json: triage: give it with --triage"),
    ],
)
def test_bad_findings_exit_2_with_one_line(tmp_path, capsys, findings, message):
    triage = _triage_file(tmp_path, "classic_itbs")
    path = tmp_path / "findings.json"
    path.write_text(findings if isinstance(findings, str) else json.dumps(findings))
    assert main(["plan", "--triage", str(triage), "--findings", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_a_bad_triage_file_is_named(tmp_path, capsys):
    path = _write(tmp_path, {"urgency": "later"}, "triage.json")
    assert main(["plan", "--triage", str(path)]) == 2
    assert "triage.json: triage.urgency: must be one of" in capsys.readouterr().err
    assert main(["plan", "--triage", str(tmp_path / "missing.json")]) == 2
    assert "missing.json: file not found" in capsys.readouterr().err


def test_the_installed_command_pipes_triage_into_plan(tmp_path):
    answers = _write(tmp_path, VIGNETTES_BY_NAME["classic_itbs"].answers, "a.json")
    triage = subprocess.run(
        [sys.executable, "-m", "tractus.cli", "triage", str(answers), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    path = tmp_path / "t.json"
    path.write_text(triage.stdout)
    plan = subprocess.run(
        [sys.executable, "-m", "tractus.cli", "plan", "--triage", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Your IT band programme" in plan.stdout
