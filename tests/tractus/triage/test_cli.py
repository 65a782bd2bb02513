"""`tractus triage` on the command line: vignettes, output forms and bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tractus.cli import main
from tractus.fhir import validate_resource

from .vignettes import CLASSIC, QUIET, VIGNETTES, VIGNETTES_BY_NAME, Vignette

TRACTUS = [sys.executable, "-m", "tractus.cli"]


def _write(tmp_path: Path, answers: object, name: str = "answers.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(answers), encoding="utf-8")
    return path


def _run(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*TRACTUS, *args], capture_output=True, text=True, input=stdin, timeout=60
    )


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v.name)
def test_json_output_matches_the_vignette(vignette: Vignette, tmp_path, capsys):
    path = _write(tmp_path, vignette.answers)
    assert main(["triage", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["itbs_likelihood"] == vignette.likelihood
    assert data["urgency"] == vignette.urgency
    assert {flag["id"] for flag in data["red_flags"]} == vignette.red_flags
    if vignette.top_differentials:
        assert data["differentials"][0]["id"] in vignette.top_differentials
    else:
        assert data["differentials"] == []


@pytest.mark.parametrize(
    "name",
    [
        "classic_itbs",
        "lateral_meniscus_twist",
        "septic_knee",
        "bone_stress_hopping_pain",
        "classic_itbs_with_fever_and_hot_knee",
    ],
)
def test_a_real_subprocess_gives_the_vignette_result(name, tmp_path):
    vignette = VIGNETTES_BY_NAME[name]
    done = _run(["triage", str(_write(tmp_path, vignette.answers)), "--json"])
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["itbs_likelihood"], data["urgency"]) == (
        vignette.likelihood,
        vignette.urgency,
    )
    assert {flag["id"] for flag in data["red_flags"]} == vignette.red_flags


def test_text_output_puts_red_flags_first(tmp_path, capsys):
    path = _write(
        tmp_path, VIGNETTES_BY_NAME["classic_itbs_with_fever_and_hot_knee"].answers
    )
    assert main(["triage", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("!!!")
    assert out.index("EMERGENCY") < out.index("IT band syndrome: LIKELY")
    assert "Possible joint infection" in out and "Next step:" in out
    assert "Do not start the exercise programme" in out


def test_text_output_explains_a_likely_band(tmp_path, capsys):
    assert main(["triage", str(_write(tmp_path, CLASSIC))]) == 0
    out = capsys.readouterr().out
    assert "No red flags found." in out and "IT band syndrome: LIKELY" in out
    assert "Reasons for:" in out and "total body diagnostic" in out
    assert "not a diagnosis" in out


def test_stdin_is_read_with_a_dash():
    done = _run(["triage", "-", "--json"], stdin=json.dumps(CLASSIC))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["itbs_likelihood"] == "likely"


def test_questions_prints_the_questionnaire(capsys):
    assert main(["triage", "--questions"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["version"] == "2026.2" and len(data["pages"]) >= 10


def test_questions_fhir_prints_a_valid_questionnaire():
    done = _run(["triage", "--questions", "--fhir"])
    assert done.returncode == 0, done.stderr
    resource = json.loads(done.stdout)
    assert resource["resourceType"] == "Questionnaire"
    validate_resource(resource)


def test_fhir_prints_a_valid_bundle(tmp_path, capsys):
    path = _write(tmp_path, CLASSIC)
    args = [
        "triage",
        str(path),
        "--fhir",
        "--subject",
        "Patient/7",
        "--authored",
        "2026-03-01T08:00:00+01:00",
    ]
    assert main(args) == 0
    bundle = json.loads(capsys.readouterr().out)
    validate_resource(bundle)
    types = [entry["resource"]["resourceType"] for entry in bundle["entry"]]
    assert types == ["QuestionnaireResponse", "RiskAssessment"]
    assert bundle["entry"][0]["resource"]["authored"] == "2026-03-01T07:00:00Z"


class TestBadInput:
    def _fails(self, args: list[str], capsys) -> str:
        assert main(args) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        lines = captured.err.splitlines()
        assert len(lines) == 1, captured.err
        return lines[0]

    def test_not_json(self, tmp_path, capsys):
        path = tmp_path / "a.json"
        path.write_text("{age_years: 3", encoding="utf-8")
        line = self._fails(["triage", str(path)], capsys)
        assert line.startswith(f"{path}: not valid JSON")

    def test_json_that_is_not_an_object(self, tmp_path, capsys):
        line = self._fails(["triage", str(_write(tmp_path, [1, 2]))], capsys)
        assert line.endswith("expected a JSON object of question ids to answers")

    def test_missing_file(self, tmp_path, capsys):
        missing = tmp_path / "nope.json"
        assert (
            self._fails(["triage", str(missing)], capsys)
            == f"{missing}: file not found"
        )

    def test_unknown_question(self, tmp_path, capsys):
        path = _write(tmp_path, QUIET | {"shoe_size": 42})
        line = self._fails(["triage", str(path)], capsys)
        assert (
            line == f"{path}: shoe_size: unknown question (not in questionnaire 2026.2)"
        )

    def test_wrong_type(self, tmp_path, capsys):
        path = _write(tmp_path, QUIET | {"age_years": "forty"})
        line = self._fails(["triage", str(path), "--json"], capsys)
        assert (
            line == f"{path}: age_years: expected a whole number, got the text 'forty'"
        )

    def test_unknown_option(self, tmp_path, capsys):
        path = _write(tmp_path, QUIET | {"sex": "robot"})
        assert "sex: 'robot' is not one of" in self._fails(
            ["triage", str(path)], capsys
        )

    def test_out_of_range(self, tmp_path, capsys):
        path = _write(tmp_path, QUIET | {"age_years": 230})
        line = self._fails(["triage", str(path)], capsys)
        assert line == f"{path}: age_years: 230 is above the maximum of 110"

    def test_missing_required_answer(self, tmp_path, capsys):
        raw = dict(QUIET)
        del raw["fever_or_unwell"]
        line = self._fails(["triage", str(_write(tmp_path, raw))], capsys)
        assert (
            line
            == f"{tmp_path / 'answers.json'}: fever_or_unwell: an answer is required"
        )

    def test_no_file_and_no_questions(self, capsys):
        assert "give an answers file" in self._fails(["triage"], capsys)

    def test_not_utf8(self, tmp_path, capsys):
        path = tmp_path / "latin.json"
        path.write_bytes(b'{"sex": "\xe9"}')
        assert self._fails(["triage", str(path)], capsys).startswith(
            f"{path}: cannot be read"
        )

    def test_bad_stdin(self, monkeypatch, capsys):
        monkeypatch.setattr(sys, "stdin", io.StringIO("not json"))
        assert self._fails(["triage", "-"], capsys).startswith(
            "<stdin>: not valid JSON"
        )

    def test_a_real_subprocess_exits_2_with_one_line(self, tmp_path):
        path = _write(tmp_path, QUIET | {"weekly_distance_km": 1e9})
        done = _run(["triage", str(path), "--json"])
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.splitlines() == [
            f"{path}: weekly_distance_km: 1000000000 is above the maximum of 300"
        ]


def test_questions_and_answers_together_are_refused(tmp_path, capsys):
    assert main(["triage", "--questions", str(_write(tmp_path, CLASSIC))]) == 2
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize("authored", ["yesterday", "2026-03-01T08:00:00"])
def test_a_bad_authored_time_is_a_usage_error(authored, tmp_path, capsys):
    with pytest.raises(SystemExit) as caught:
        main(
            ["triage", str(_write(tmp_path, CLASSIC)), "--fhir", "--authored", authored]
        )
    assert caught.value.code == 2
    assert "--authored" in capsys.readouterr().err


def test_text_output_says_when_nothing_points_elsewhere(tmp_path, capsys):
    assert main(["triage", str(_write(tmp_path, QUIET))]) == 0
    out = capsys.readouterr().out
    assert "Other causes to rule out: none" in out
    assert "Training-load risks: none" in out
