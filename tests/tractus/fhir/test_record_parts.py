"""The record's clinical, training and motion parts: valid FHIR R5, read back equal."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import cv2
import numpy as np
import pytest

from tractus.activities import (
    Activity,
    DistanceSource,
    ElevationSource,
    LocalDateBasis,
    SourceFormat,
    Sport,
)
from tractus.assessment import HeadToToeExam, LegExam, SquatRating, TestResult
from tractus.errors import FhirInputError
from tractus.fhir import validate_resource
from tractus.fhir.exam import (
    exam_to_observation,
    observation_to_exam,
    sent_to_runner_of,
)
from tractus.fhir.motion import (
    MotionRecord,
    document_to_motion,
    motion_to_document,
    motion_to_observation,
    picture_size,
)
from tractus.fhir.note import SoapNote, composition_to_note, note_to_composition
from tractus.fhir.training import activity_to_observation, observation_to_activity
from tractus.rehab.findings import Side


def picture(extension: str, width_px: int, height_px: int) -> bytes:
    """A real JPEG or PNG of that size (OpenCV, as the renderer writes key frames)."""
    image = np.full((height_px, width_px, 3), (30, 120, 200), dtype=np.uint8)
    ok, data = cv2.imencode(extension, image)
    assert ok
    return bytes(data.tobytes())


WHEN = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
SUBJECT = "urn:uuid:5f0c8d1e-1111-4222-8333-944455556666"
EXAM = HeadToToeExam(
    affected_side=Side.LEFT,
    body_mass_kg=70.5,
    height_m=1.75,
    left=LegExam(
        hip_abduction_n=120.0,
        ober=TestResult.POSITIVE,
        foot_posture_index=(2, 1, 0, -1, 1, 0),
        single_leg_squat=SquatRating.POOR,
    ),
    pelvic_drop=True,
    running_video="gait 2026-11-01",
)

ACTIVITY = Activity(
    file="morning.fit",
    format=SourceFormat.FIT,
    index=0,
    sport=Sport.RUNNING,
    sport_inferred=False,
    start_time=WHEN,
    local_date=date(2026, 11, 20),
    local_date_basis=LocalDateBasis.TIMEZONE,
    duration_s=3012.5,
    moving_time_s=2950.0,
    distance_m=10012.3,
    distance_source=DistanceSource.DEVICE_TOTAL,
    elevation_gain_m=None,
    elevation_loss_m=None,
    elevation_source=ElevationSource.DEVICE_TOTAL,
    downhill_distance_m=None,
    grade_adjusted_distance_m=None,
    avg_cadence_spm=171.2,
    avg_hr_bpm=None,
    n_samples=3012,
    name="Easy 10k",
)

MOTION_REPORT = {
    "camera_view": "side",
    "metrics": {
        "cadence_spm": {"value": 168.0, "uncertainty": 2.1, "unit": "spm"},
        "knee_flexion_at_contact_deg": {"value": None, "unit": "deg"},
    },
    "key_frames": [{"frame": 12, "label": "left foot contact", "angle_deg": 18.2}],
    "warnings": ["Only 6 s of running: numbers are rough."],
}
MOTION = MotionRecord(
    key="m1",
    title="Running gait",
    report=MOTION_REPORT,
    key_frames=(picture(".jpg", 64, 48),),
    created=WHEN,
    finished=WHEN,
)


def exam_observation(sent_to_runner: datetime | None = None) -> dict[str, Any]:
    """EXAM as the demo clinic's Observation."""
    return exam_to_observation(
        EXAM,
        key="a1",
        subject_reference=SUBJECT,
        effective=WHEN,
        clinic=("demo", "Demo Clinic"),
        clinician_name="Dr Ana",
        sent_to_runner=sent_to_runner,
    )


def _json(resource: dict[str, Any]) -> dict[str, Any]:
    """As a file would hold it."""
    data: dict[str, Any] = json.loads(json.dumps(resource))
    return data


def test_an_exam_is_a_valid_observation_and_reads_back_equal() -> None:
    observation = exam_observation()
    validate_resource(observation)
    paths = [c["code"]["coding"][0]["code"] for c in observation["component"]]
    assert "left.hip_abduction_n" in paths and "left.foot_posture_index.6" in paths
    assert "right.hip_abduction_n" not in paths  # not measured: no component, not 0
    assert observation_to_exam(_json(observation)) == EXAM
    assert sent_to_runner_of(observation) is None


def test_the_date_the_summary_was_sent_to_the_runner_reads_back() -> None:
    sent = WHEN.replace(hour=17)
    observation = exam_observation(sent_to_runner=sent)
    validate_resource(observation)
    assert sent_to_runner_of(_json(observation)) == sent
    observation["extension"][0]["valueDateTime"] = "yesterday"
    with pytest.raises(FhirInputError, match=r"extension\[0\]"):
        sent_to_runner_of(observation)


def test_an_exam_with_no_components_names_the_first_required_value() -> None:
    observation = exam_observation()
    del observation["component"]
    with pytest.raises(FhirInputError, match="component affected_side: is required"):
        observation_to_exam(observation)


def test_a_bad_exam_component_is_named() -> None:
    observation = exam_observation()
    observation["component"][1]["valueQuantity"]["value"] = 900
    with pytest.raises(FhirInputError, match="body_mass_kg: must be 20 to 250 kg"):
        observation_to_exam(observation)


def test_a_soap_note_is_a_composition_with_loinc_sections() -> None:
    note = SoapNote("Pain <6 km> & worse downhill.\nNo swelling.", "", "ITBS", "Plan")
    composition = note_to_composition(
        note,
        key="n1",
        subject_reference=SUBJECT,
        date=WHEN,
        author_name="Dr Ana",
        clinic=("demo", "Demo Clinic"),
        assessment_reference="urn:uuid:aaaa",
    )
    validate_resource(composition)
    codes = [s["code"]["coding"][0]["code"] for s in composition["section"]]
    assert codes == ["61150-9", "61149-1", "51848-0", "18776-5"]
    assert composition_to_note(_json(composition)) == (note, "urn:uuid:aaaa")


def test_a_hostile_narrative_is_refused_by_field() -> None:
    bomb = (
        '<!DOCTYPE d [<!ENTITY a "aaaa">]><div xmlns="http://www.w3.org/1999/xhtml">'
        "&a;</div>"
    )
    composition: dict[str, Any] = {
        "section": [{"code": {"coding": [{"code": "61150-9"}]}, "text": {"div": bomb}}]
    }
    note, _ = composition_to_note(composition)
    assert "aaaa" not in note.subjective  # the entity is not expanded
    composition["section"][0]["text"]["div"] = "<div>unclosed"
    with pytest.raises(FhirInputError, match=r"section\[0\].text.div: not XHTML"):
        composition_to_note(composition)


def test_an_activity_is_an_observation_that_reads_back_equal() -> None:
    observation = activity_to_observation(ACTIVITY, subject_reference=SUBJECT)
    validate_resource(observation)
    assert observation_to_activity(_json(observation)) == ACTIVITY
    del observation["component"][0]
    with pytest.raises(FhirInputError, match="component format: is missing"):
        observation_to_activity(observation)


def test_a_motion_analysis_keeps_its_report_and_key_frames() -> None:
    document = motion_to_document(MOTION, subject_reference=SUBJECT)
    observation = motion_to_observation(
        MOTION, document_reference="urn:uuid:d", subject_reference=SUBJECT
    )
    validate_resource(document)
    validate_resource(observation)
    (component,) = observation["component"]  # the unmeasured angle is left out
    assert component["valueQuantity"]["extension"][0]["valueDecimal"] == 2.1
    assert document_to_motion(_json(document), title="Running gait") == MOTION
    document["content"][1]["attachment"]["data"] = "bm90IGEgcGljdHVyZQ=="
    with pytest.raises(
        FhirInputError,
        match=r"content\[1\].attachment.data: its bytes are not image/jpeg",
    ):
        document_to_motion(document, title="Running gait")


@pytest.mark.parametrize("extension", [".jpg", ".png"])
def test_a_pictures_size_is_read_from_its_header(extension: str) -> None:
    assert picture_size(picture(extension, 640, 360)) == (640, 360)
    assert picture_size(picture(extension, 360, 640)) == (360, 640)


@pytest.mark.parametrize(
    ("extension", "width_px", "height_px", "message"),
    [
        (".png", 2000, 1, "each side must be 16 to 4096"),
        (".png", 8, 8, "each side must be 16 to 4096"),
        (".jpg", 2000, 100, "is not a video frame"),
    ],
)
def test_a_key_frame_not_shaped_like_a_video_frame_is_refused(
    extension: str, width_px: int, height_px: int, message: str
) -> None:
    document = motion_to_document(
        replace(MOTION, key_frames=(picture(extension, width_px, height_px),)),
        subject_reference=SUBJECT,
    )
    with pytest.raises(
        FhirInputError, match=rf"content\[1\].attachment.data: .*{message}"
    ):
        document_to_motion(document, title="")


def test_a_picture_claiming_gigapixels_is_refused_before_it_is_decoded() -> None:
    png = bytearray(picture(".png", 64, 48))
    png[16:24] = (100_000).to_bytes(4, "big") * 2  # the header claims 10^10 pixels
    document = motion_to_document(
        replace(MOTION, key_frames=(bytes(png),)), subject_reference=SUBJECT
    )
    with pytest.raises(FhirInputError, match="100000 x 100000 px"):
        document_to_motion(document, title="")
