"""The triage questionnaire, answers and result as FHIR R5 resources that validate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from tractus.fhir import (
    DEFAULT_BASE_URL,
    FHIR_VERSION,
    answer_code_system,
    answers_to_questionnaire_response,
    questionnaire_to_fhir,
    result_to_risk_assessment,
    triage_bundle,
    validate_resource,
)
from tractus.triage import QUESTIONNAIRE, assess, validate_answers

from ..triage.vignettes import CLASSIC, VIGNETTES, VIGNETTES_BY_NAME

WHEN = datetime(2026, 3, 1, 7, 30, tzinfo=UTC)


def _items(resource):
    """Every item of a Questionnaire or QuestionnaireResponse, depth first."""
    for item in resource.get("item", []):
        yield item
        yield from _items(item)


def test_the_version_is_r5():
    assert FHIR_VERSION == "R5"


class TestQuestionnaire:
    resource = questionnaire_to_fhir(QUESTIONNAIRE)

    def test_it_validates(self):
        validate_resource(self.resource)

    def test_it_carries_url_and_version(self):
        assert (
            self.resource["url"]
            == f"{DEFAULT_BASE_URL}Questionnaire/tractus-itbs-triage"
        )
        assert self.resource["version"] == QUESTIONNAIRE.version

    def test_pages_are_groups_holding_every_question(self):
        groups = self.resource["item"]
        assert [g["linkId"] for g in groups] == [p.id for p in QUESTIONNAIRE.pages]
        assert all(g["type"] == "group" for g in groups)
        link_ids = {i["linkId"] for i in _items(self.resource)}
        assert {q.id for q in QUESTIONNAIRE.questions} <= link_ids

    def test_types_and_options_map(self):
        items = {i["linkId"]: i for i in _items(self.resource)}
        assert items["knee_swelling"]["type"] == "boolean"
        assert items["age_years"]["type"] == "integer"
        assert items["weekly_distance_km"]["type"] == "decimal"
        assert items["pain_locations"]["type"] == "coding"
        assert items["pain_locations"]["repeats"] is True
        codes = [
            o["valueCoding"]["code"] for o in items["pain_locations"]["answerOption"]
        ]
        assert codes == list(QUESTIONNAIRE.question("pain_locations").option_codes)

    def test_skip_logic_becomes_enable_when(self):
        items = {i["linkId"]: i for i in _items(self.resource)}
        minutes = items["pain_start_minutes"]
        assert minutes["enableWhen"][0]["question"] == "pain_onset_in_run"
        assert (
            minutes["enableWhen"][0]["answerCoding"]["code"] == "after_predictable_time"
        )
        assert items["swelling_sudden"]["enableWhen"] == [
            {"question": "knee_swelling", "operator": "=", "answerBoolean": True}
        ]

    def test_ranges_use_min_and_max_value_extensions(self):
        items = {i["linkId"]: i for i in _items(self.resource)}
        extensions = {
            e["url"].rsplit("/", 1)[1]: e for e in items["age_years"]["extension"]
        }
        assert extensions["minValue"]["valueInteger"] == 10
        assert extensions["maxValue"]["valueInteger"] == 110
        assert extensions["questionnaire-unit"]["valueCoding"]["code"] == "a"

    def test_the_base_url_is_configurable(self):
        resource = questionnaire_to_fhir(
            QUESTIONNAIRE, base_url="https://clinic.test/fhir/"
        )
        validate_resource(resource)
        assert resource["url"].startswith("https://clinic.test/fhir/")


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v.name)
def test_every_vignette_gives_a_valid_bundle(vignette):
    answers = validate_answers(vignette.answers)
    bundle = triage_bundle(
        answers, assess(answers), subject_reference="Patient/42", authored=WHEN
    )
    validate_resource(bundle)
    for entry in bundle["entry"]:
        validate_resource(entry["resource"])


class TestQuestionnaireResponse:
    def test_answers_map_to_typed_values(self):
        answers = validate_answers(CLASSIC)
        response = answers_to_questionnaire_response(
            answers,
            questionnaire=QUESTIONNAIRE,
            subject_reference="Patient/1",
            authored=WHEN,
        )
        validate_resource(response)
        items = {i["linkId"]: i for i in _items(response) if "answer" in i}
        assert set(items) == set(answers)
        assert items["age_years"]["answer"] == [{"valueInteger": 34}]
        assert items["knee_swelling"]["answer"] == [{"valueBoolean": False}]
        coding = items["pain_locations"]["answer"][0]["valueCoding"]
        assert coding["system"] == answer_code_system(QUESTIONNAIRE, "pain_locations")
        assert response["questionnaire"].endswith("|2026.2")
        assert response["authored"] == "2026-03-01T07:30:00Z"

    def test_times_are_converted_to_utc(self):
        local = WHEN.astimezone(timezone(timedelta(hours=2)))
        response = answers_to_questionnaire_response(
            validate_answers(CLASSIC),
            questionnaire=QUESTIONNAIRE,
            subject_reference="Patient/1",
            authored=local,
        )
        assert response["authored"] == "2026-03-01T07:30:00Z"

    def test_naive_times_are_refused(self):
        with pytest.raises(ValueError, match="timezone-aware"):
            answers_to_questionnaire_response(
                validate_answers(CLASSIC),
                questionnaire=QUESTIONNAIRE,
                subject_reference="Patient/1",
                authored=datetime(2026, 3, 1),
            )


class TestRiskAssessment:
    def test_it_holds_the_band_red_flags_and_differentials(self):
        result = assess(
            VIGNETTES_BY_NAME["classic_itbs_with_fever_and_hot_knee"].answers
        )
        resource = result_to_risk_assessment(
            result,
            subject_reference="Patient/1",
            occurrence=WHEN,
            basis_reference="QuestionnaireResponse/9",
        )
        validate_resource(resource)
        first, *others = resource["prediction"]
        assert first["outcome"]["coding"][0]["code"] == "M76.30"
        assert first["qualitativeRisk"]["coding"][0]["code"] == "likely"
        risks = [
            p.get("qualitativeRisk", {}).get("coding", [{}])[0].get("code")
            for p in others
        ]
        assert "emergency" in risks
        outcomes = [p["outcome"]["coding"][0]["code"] for p in others]
        assert "suspected_infection" in outcomes and "serious_pathology" in outcomes
        assert resource["mitigation"] == result.next_step
        assert resource["basis"] == [{"reference": "QuestionnaireResponse/9"}]

    def test_the_bundle_links_the_assessment_to_the_response(self):
        answers = validate_answers(CLASSIC)
        bundle = triage_bundle(
            answers, assess(answers), subject_reference="Patient/1", authored=WHEN
        )
        response_entry, assessment_entry = bundle["entry"]
        assert bundle["type"] == "collection"
        assert assessment_entry["resource"]["basis"] == [
            {"reference": response_entry["fullUrl"]}
        ]

    def test_the_same_check_gives_the_same_bundle(self):
        answers = validate_answers(CLASSIC)
        result = assess(answers)
        first = triage_bundle(
            answers, result, subject_reference="Patient/1", authored=WHEN
        )
        again = triage_bundle(
            answers, result, subject_reference="Patient/1", authored=WHEN
        )
        assert first == again


class TestValidateResource:
    def test_it_rejects_an_invalid_resource(self):
        with pytest.raises(ValueError):
            validate_resource(
                {"resourceType": "RiskAssessment", "status": "not-a-status"}
            )

    def test_it_rejects_an_unknown_type(self):
        with pytest.raises(ValueError, match="unknown FHIR resourceType"):
            validate_resource({"resourceType": "Nonsense"})

    def test_it_rejects_a_dict_without_a_type(self):
        with pytest.raises(ValueError, match="no resourceType"):
            validate_resource({})
