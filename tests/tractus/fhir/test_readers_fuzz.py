"""Damaged record resources through every reader `import_fhir` uses.

A record Bundle is a file from elsewhere. The import checks each resource against
the R5 models first (`validate_resource`); whatever passes that, each reader either
returns a value or raises a `TractusError` naming the field (which the import turns
into a refusal naming the entry), never a `KeyError`, `TypeError` or the like that
would surface as a crash. Hypothesis takes a valid resource of each kind, made by
the matching writer, and damages it: a field removed, a value replaced by another
JSON value (of any type, nested or not), a list emptied or a value wrapped in one.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.tractus.fhir.test_fhir_triage import WHEN as TRIAGE_WHEN
from tests.tractus.fhir.test_record_bundle import PATIENT, T, _visit
from tests.tractus.fhir.test_record_parts import (
    ACTIVITY,
    MOTION,
    SUBJECT,
    WHEN,
    exam_observation,
)
from tests.tractus.fhir.test_rehab_log import REFS, REVIEW, RUN, SESSION
from tests.tractus.triage.vignettes import CLASSIC
from tractus.errors import TractusError
from tractus.fhir import triage_bundle, validate_resource
from tractus.fhir.bundle import (
    ConsentGrant,
    PrivacyAgreement,
    appointment_to_fhir,
    grant_to_consent,
    patient_to_fhir,
    privacy_to_consent,
)
from tractus.fhir.bundle_reading import (
    appointment_from_fhir,
    consent_to_grant,
    consent_to_privacy,
    is_privacy_consent,
    patient_from_fhir,
)
from tractus.fhir.exam import (
    observation_to_exam,
    sent_to_runner_of,
)
from tractus.fhir.motion import document_to_motion, motion_to_document
from tractus.fhir.note import SoapNote, composition_to_note, note_to_composition
from tractus.fhir.programme_state import (
    PlannedDose,
    ProgrammeState,
    programme_state_extension,
    read_programme_state,
)
from tractus.fhir.rehab_log import (
    care_plan_of,
    observation_to_review,
    observation_to_session,
    review_to_observation,
    session_to_observation,
)
from tractus.fhir.responses import (
    corrected_at_of,
    mark_corrected,
    response_to_answers,
)
from tractus.fhir.run_log import observation_to_run, run_to_observation
from tractus.fhir.training import activity_to_observation, observation_to_activity
from tractus.triage import assess, validate_answers

Resource = dict[str, Any]
Reader = Callable[[Resource], object]


def _triage_response() -> Resource:
    answers = validate_answers(CLASSIC)
    bundle = triage_bundle(
        answers, assess(answers), subject_reference=SUBJECT, authored=TRIAGE_WHEN
    )
    response: Resource = bundle["entry"][0]["resource"]
    mark_corrected(response, TRIAGE_WHEN)
    return response


def _care_plan() -> Resource:
    dose = PlannedDose(
        "clamshell", 3, 12, None, 60, True, False, ("weak_hip_abductors",),
        "Weak hip abductors", "clinical.md §5.3", "", False,
    )  # fmt: skip
    state = ProgrammeState(
        findings={"triage": {}}, version="1", started_on=date(2026, 11, 2), level=2,
        run_stage=1, stage_runs=2, clinician_note="Easy on hills", exercises=(dose,),
    )  # fmt: skip
    return {
        "resourceType": "CarePlan",
        "status": "active",
        "intent": "plan",
        "subject": {"reference": SUBJECT},
        "extension": [programme_state_extension(state)],
    }


def _samples() -> list[tuple[str, Resource, Reader]]:
    grant = ConsentGrant("one", "One", ("triage", "rehab"), T, None)
    exam = exam_observation(sent_to_runner=WHEN)
    note = note_to_composition(
        SoapNote("Pain at 6 km.", "Ober +", "ITBS", "Hips"),
        key="n1",
        subject_reference=SUBJECT,
        date=WHEN,
        author_name="Dr Ana",
        clinic=("demo", "Demo Clinic"),
        assessment_reference="urn:uuid:aaaa",
    )
    return [
        ("Patient", patient_to_fhir(PATIENT), patient_from_fhir),
        (
            "Consent (grant)",
            grant_to_consent(grant, subject_reference=SUBJECT),
            consent_to_grant,
        ),
        (
            "Consent (privacy)",
            privacy_to_consent(
                PrivacyAgreement("2026-06", T), subject_reference=SUBJECT
            ),
            lambda r: (is_privacy_consent(r), consent_to_privacy(r)),
        ),
        (
            "Appointment",
            appointment_to_fhir(_visit("lapsed"), subject_reference=SUBJECT),
            appointment_from_fhir,
        ),
        ("CarePlan", _care_plan(), read_programme_state),
        ("exam", exam, lambda r: (observation_to_exam(r), sent_to_runner_of(r))),
        (
            "session",
            session_to_observation(SESSION, **REFS),
            lambda r: (care_plan_of(r), observation_to_session(r)),
        ),
        ("review", review_to_observation(REVIEW, **REFS), observation_to_review),
        ("run", run_to_observation(RUN, **REFS), observation_to_run),
        (
            "activity",
            activity_to_observation(ACTIVITY, subject_reference=SUBJECT),
            observation_to_activity,
        ),
        (
            "motion",
            motion_to_document(MOTION, subject_reference=SUBJECT),
            lambda r: document_to_motion(r, title=""),
        ),
        ("note", note, composition_to_note),
        (
            "QuestionnaireResponse",
            _triage_response(),
            lambda r: (response_to_answers(r), corrected_at_of(r)),
        ),
    ]


SAMPLES = _samples()

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**40), max_value=2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["", "2026-11-20", "2026-11-20T09:30:00Z", "bm90IGpzb24="]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node: object, here: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Every place in the resource (keys of objects, indices of lists)."""
    found: list[tuple[object, ...]] = []
    if isinstance(node, dict):
        items: Any = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return found
    for key, child in items:
        found.append((*here, key))
        found += _paths(child, (*here, key))
    return found


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, Resource, Reader]:
    name, resource, reader = draw(st.sampled_from(SAMPLES))
    resource = copy.deepcopy(resource)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = _paths(resource)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = resource
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["delete", "replace", "wrap", "empty"]))
        last: Any = path[-1]
        if action == "delete":
            del parent[last]
        elif action == "replace":
            parent[last] = draw(json_values)
        elif action == "wrap":
            parent[last] = [parent[last]]
        else:
            parent[last] = [] if isinstance(parent[last], list) else {}
    return name, json.loads(json.dumps(resource)), reader


def test_every_sample_reads_back_undamaged() -> None:
    """The fuzzing starts from resources each reader accepts."""
    for _name, resource, reader in SAMPLES:
        reader(json.loads(json.dumps(resource)))


@given(damaged())
def test_a_damaged_resource_is_read_or_refused_by_field(
    case: tuple[str, Resource, Reader],
) -> None:
    _name, resource, reader = case
    _read_or_refuse(resource, reader)


def _without(resource: Resource, path: tuple[object, ...]) -> Resource:
    out = copy.deepcopy(resource)
    parent: Any = out
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    return out


def _read_or_refuse(resource: Resource, reader: Reader) -> None:
    """Refused by the R5 models (the import's first check), or read, or refused by
    the reader with a message naming the field; anything else fails the test."""
    try:
        validate_resource(resource)
    except ValueError:
        return
    try:
        reader(resource)
    except TractusError as error:
        assert str(error)


@pytest.mark.parametrize(
    ("resource", "reader"),
    [pytest.param(r, f, id=name) for name, r, f in SAMPLES],
)
def test_each_part_left_out_in_turn_is_read_or_refused(
    resource: Resource, reader: Reader
) -> None:
    """Every field and list item, one at a time: what an export from an older or
    another system most often lacks."""
    for path in _paths(resource):
        _read_or_refuse(_without(resource, path), reader)


def test_a_corrected_check_keeps_when_the_runner_corrected_it() -> None:
    response = json.loads(json.dumps(_triage_response()))
    validate_resource(response)
    assert corrected_at_of(response) == TRIAGE_WHEN
    del response["extension"]
    assert corrected_at_of(response) is None
