"""Every URL, every role: each gets exactly what it should.

The matrix below lists, for each URL name, what each member of the cast gets.
A test also checks that every URL the project routes appears here, so a new
view cannot ship without its permission test.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.clinic.bookings.access_cases import (
    APPOINTMENT_OF_A,
    CHANGE_OF_A,
    CHANGE_PAGE_OF_A,
    appointment_of_a,
    clinician_a_of_clinic_a,
    feed_of_clinician_a,
    hours_of_clinician_a,
    type_of_a,
)
from tests.clinic.conftest import ROLES, Cast
from tests.clinic.triage_helpers import make_assessment

OK, LOGIN, NOT_FOUND, REDIRECT = 200, "login", 404, 302

# role order: anonymous, runner_a, runner_b, clinician_with_access,
#             clinician_without_access, clinic_admin
PUBLIC = dict.fromkeys(ROLES, OK)
OWN_PAGE = {**dict.fromkeys(ROLES, OK), "anonymous": LOGIN}
RECORD_OF_A = {
    "anonymous": LOGIN,
    "runner_a": OK,
    "runner_b": NOT_FOUND,
    "clinician_with_access": OK,
    "clinician_without_access": NOT_FOUND,
    "clinic_admin": NOT_FOUND,
}
CLINICIAN_OF_A = {**RECORD_OF_A, "runner_a": NOT_FOUND}
RESULT_OF_A = {**RECORD_OF_A, "anonymous": NOT_FOUND}
CLINICIANS_ONLY = {
    "anonymous": LOGIN,
    "runner_a": NOT_FOUND,
    "runner_b": NOT_FOUND,
    "clinician_with_access": OK,
    "clinician_without_access": OK,
    "clinic_admin": NOT_FOUND,
}
WITHDRAW_A = {**RECORD_OF_A, "runner_a": REDIRECT, "clinician_with_access": NOT_FOUND}
ADMIN_OF_A = {**dict.fromkeys(ROLES, NOT_FOUND), "anonymous": LOGIN, "clinic_admin": OK}
ANONYMOUS_ONLY = {**dict.fromkeys(ROLES, REDIRECT), "anonymous": OK}
RUNNERS_OWN = {
    **dict.fromkeys(ROLES, NOT_FOUND),
    "anonymous": LOGIN,
    "runner_a": OK,
    "runner_b": OK,
}
ONLY_A = {**dict.fromkeys(ROLES, NOT_FOUND), "anonymous": LOGIN, "runner_a": OK}
ONLY_A_POSTS = {**ONLY_A, "runner_a": REDIRECT}
TREATING_CLINICIAN = {**ONLY_A, "runner_a": NOT_FOUND, "clinician_with_access": OK}
REVIEW_OF_A = {**RECORD_OF_A, "runner_a": REDIRECT, "clinician_with_access": REDIRECT}


def _grant_of_a(cast: Cast) -> list[Any]:
    return [cast.runner_a.grants.get().pk]


def _result_of_a(cast: Cast) -> list[Any]:
    return [make_assessment(runner=cast.runner_a).public_id]


def _stopped_check_of_a(cast: Cast) -> list[Any]:
    from clinic.triage.services import stop_check
    from tests.clinic.triage_helpers import FEVER_ON_TOP

    stopped = stop_check(
        raw_answers=FEVER_ON_TOP, runner=cast.runner_a, now=timezone.now()
    )
    return [stopped.public_id]


def _record_of_a(cast: Cast) -> list[Any]:
    return [cast.runner_a.pk]


def _import_of_a(cast: Cast) -> list[Any]:
    from clinic.training.models import ImportBatch

    batch = ImportBatch.objects.create(runner=cast.runner_a, created_at=timezone.now())
    return [batch.public_id]


def _analysis_of_a(cast: Cast) -> list[Any]:
    from clinic.motionlab.models import Analysis

    analysis = Analysis.objects.create(
        runner=cast.runner_a,
        kind="gait",
        video_name="run.mp4",
        created_at=timezone.now(),
        status="done",
        report={"warnings": [], "metrics": {}, "foot_contacts": []},
        key_frames=[
            {"file": "key_0.png", "frame": 1, "label": "contact", "angle_deg": 10.0}
        ],
    )
    analysis.folder.mkdir(parents=True, exist_ok=True)
    (analysis.folder / "key_0.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return [analysis.public_id]


def _key_frame_of_a(cast: Cast) -> list[Any]:
    return [*_analysis_of_a(cast), 0]


def _assessment_of_a(cast: Cast) -> list[Any]:
    from tests.clinic.factories import AssessmentFactory

    return [AssessmentFactory(runner=cast.runner_a, clinic=cast.clinic_a).public_id]


def _note_of_a(cast: Cast) -> list[Any]:
    from tests.clinic.factories import ClinicalNoteFactory

    return [ClinicalNoteFactory(runner=cast.runner_a, clinic=cast.clinic_a).public_id]


def _clinic_a(cast: Cast) -> list[Any]:
    return [cast.clinic_a.slug]


def _clinician_a_membership(cast: Cast) -> list[Any]:
    return [cast.clinic_a.slug, cast.clinician_a.memberships.get().pk]


def _pending_clinician_of_a(cast: Cast) -> list[Any]:
    """A clinical-access request made by another admin of clinic A."""
    from clinic.clinics.models import Membership
    from tests.clinic.factories import MembershipFactory, UserFactory

    requester = MembershipFactory(
        clinic=cast.clinic_a, is_clinician=False, is_admin=True
    ).user
    pending = Membership.objects.create(
        clinic=cast.clinic_a,
        user=UserFactory(),
        is_clinician=False,
        clinician_requested_at=timezone.now(),
        clinician_requested_by=requester,
    )
    return [cast.clinic_a.slug, pending.pk]


def _invitation_of_runner_a(cast: Cast) -> list[Any]:
    from clinic.clinics.models import Invitation

    invitation = Invitation.objects.create(
        clinic=cast.clinic_a,
        email=cast.runner_a.user.email,
        as_clinician=True,
        invited_by=cast.admin_a,
        created_at=timezone.now(),
    )
    return [invitation.token]


def _first_page(cast: Cast) -> list[Any]:
    from clinic.triage.flow import first_page_id

    return [first_page_id({})]


def _programme_of_a(cast: Cast) -> list[Any]:
    from tests.clinic.rehab_helpers import make_programme

    make_programme(cast.runner_a)
    return [cast.runner_a.pk]


def _calendar_of_a(cast: Cast) -> list[Any]:
    from tests.clinic.rehab_helpers import make_programme

    return [make_programme(cast.runner_a).calendar_token]


def _exercise(cast: Cast) -> list[Any]:
    return ["clamshell"]


def _none(cast: Cast) -> list[Any]:
    return []


# url name -> (method, args builder, expected per role)
MATRIX: dict[str, tuple[str, Callable[[Cast], list[Any]], dict[str, Any]]] = {
    "home": ("get", _none, PUBLIC),
    "booking": ("get", _none, PUBLIC),
    "accounts:signup": ("get", _none, ANONYMOUS_ONLY),
    "accounts:login": ("get", _none, ANONYMOUS_ONLY),
    "accounts:logout": ("post", _none, dict.fromkeys(ROLES, REDIRECT)),
    "accounts:password-reset": ("get", _none, PUBLIC),
    "accounts:privacy": ("get", _none, PUBLIC),
    # Everyone in the cast agreed to the notice (or holds no health data): sent on.
    "accounts:consent": (
        "get",
        _none,
        {**dict.fromkeys(ROLES, REDIRECT), "anonymous": LOGIN},
    ),
    "accounts:password-change": ("get", _none, OWN_PAGE),
    "accounts:email-change": ("get", _none, OWN_PAGE),
    "accounts:email-change-cancel": (
        "post",
        _none,
        {**dict.fromkeys(ROLES, REDIRECT), "anonymous": LOGIN},
    ),
    # A forged link changes nothing, whoever opens it.
    "accounts:email-confirm": (
        "get",
        lambda cast: ["forged"],
        dict.fromkeys(ROLES, 400),
    ),
    "accounts:password-reset-done": ("get", _none, PUBLIC),
    "accounts:password-reset-complete": ("get", _none, PUBLIC),
    "triage:start": ("get", _none, PUBLIC),
    "triage:restart": ("post", _none, dict.fromkeys(ROLES, REDIRECT)),
    "triage:page": ("get", _first_page, PUBLIC),
    "triage:result": ("get", _result_of_a, RESULT_OF_A),
    "triage:result-fhir": ("get", _result_of_a, RESULT_OF_A),
    # Only the runner who took a stopped check says an answer was a mis-tap.
    "triage:correct": (
        "post",
        _stopped_check_of_a,
        {**dict.fromkeys(ROLES, NOT_FOUND), "runner_a": REDIRECT},
    ),
    "runners:record": ("get", _record_of_a, RECORD_OF_A),
    "runners:sharing": ("get", _none, OWN_PAGE),
    "runners:details": ("get", _none, OWN_PAGE),
    # Each runner downloads their own data (no id in the address); staff have none.
    "runners:data-download": ("get", _none, RUNNERS_OWN),
    # An empty confirmation: refused (400) for everyone logged in, nothing erased.
    "runners:delete": (
        "post",
        _none,
        {**dict.fromkeys(ROLES, 400), "anonymous": LOGIN},
    ),
    "runners:withdraw": ("post", _grant_of_a, WITHDRAW_A),
    "workspace:patients": ("get", _none, CLINICIANS_ONLY),
    "clinics:staff": ("get", _clinic_a, ADMIN_OF_A),
    "clinics:remove": (
        "post",
        _clinician_a_membership,
        {**ADMIN_OF_A, "clinic_admin": REDIRECT},
    ),
    "clinics:approve": (
        "post",
        _pending_clinician_of_a,
        {**ADMIN_OF_A, "clinic_admin": REDIRECT},
    ),
    # Without the password the admin's confirmation is refused (a message, no change).
    "clinics:confirm-alone": (
        "post",
        _pending_clinician_of_a,
        {**ADMIN_OF_A, "clinic_admin": REDIRECT},
    ),
    "clinics:cancel-confirmation": (
        "post",
        _pending_clinician_of_a,
        {**ADMIN_OF_A, "clinic_admin": REDIRECT},
    ),
    # Only the invited address sees its invitation.
    "clinics:invitation": (
        "get",
        _invitation_of_runner_a,
        {**dict.fromkeys(ROLES, NOT_FOUND), "anonymous": LOGIN, "runner_a": OK},
    ),
    "motionlab:mine": (
        "get",
        _none,
        {**dict.fromkeys(ROLES, REDIRECT), "anonymous": LOGIN},
    ),
    "motionlab:new": ("get", _none, OWN_PAGE),
    "motionlab:list": ("get", _record_of_a, RECORD_OF_A),
    "motionlab:analysis": ("get", _analysis_of_a, RECORD_OF_A),
    "motionlab:status": ("get", _analysis_of_a, RECORD_OF_A),
    "motionlab:report": ("get", _analysis_of_a, RECORD_OF_A),
    "motionlab:key-frame": ("get", _key_frame_of_a, RECORD_OF_A),
    "coach:rules": ("get", _none, PUBLIC),
    "coach:index": ("get", _none, OWN_PAGE),
    "coach:live": ("get", lambda cast: ["side-lying-hip-abduction"], OWN_PAGE),
    # An empty body is not a set: refused (400) for everyone logged in, nothing saved.
    "coach:save": (
        "post",
        lambda cast: ["clamshell"],
        {**dict.fromkeys(ROLES, 400), "anonymous": LOGIN},
    ),
    # An empty form is shown again with its errors; nothing is logged.
    "coach:by-hand": ("post", lambda cast: ["clamshell"], OWN_PAGE),
    "coach:sets": ("get", _record_of_a, RECORD_OF_A),
    "training:load": ("get", _record_of_a, RECORD_OF_A),
    "training:mine": (
        "get",
        _none,
        {**dict.fromkeys(ROLES, REDIRECT), "anonymous": LOGIN},
    ),
    "training:upload": ("get", _none, OWN_PAGE),
    "training:import": ("get", _import_of_a, RECORD_OF_A),
    "training:import-status": ("get", _import_of_a, RECORD_OF_A),
    "audit:mine": ("get", _none, OWN_PAGE),
    "programmes:mine": (
        "get",
        _none,
        {**dict.fromkeys(ROLES, REDIRECT), "anonymous": LOGIN},
    ),
    "programmes:start": ("get", _none, OWN_PAGE),
    "programmes:library": ("get", _none, PUBLIC),
    "programmes:exercise": ("get", _exercise, PUBLIC),
    "programmes:demo": ("get", _exercise, PUBLIC),
    "programmes:today": ("get", _programme_of_a, RECORD_OF_A),
    "programmes:plan": ("get", _programme_of_a, RECORD_OF_A),
    "programmes:runs": ("get", _programme_of_a, RECORD_OF_A),
    "programmes:outcomes": ("get", _programme_of_a, RECORD_OF_A),
    "programmes:session": ("get", _programme_of_a, ONLY_A),
    "programmes:morning": ("post", _programme_of_a, ONLY_A_POSTS),
    "programmes:pain": ("get", _programme_of_a, ONLY_A),
    "programmes:lefs": ("get", _programme_of_a, ONLY_A),
    "programmes:review": ("post", _programme_of_a, REVIEW_OF_A),
    "programmes:edit": ("get", _programme_of_a, TREATING_CLINICIAN),
    "programmes:pdf": ("get", _programme_of_a, RECORD_OF_A),
    "programmes:fhir": ("get", _programme_of_a, RECORD_OF_A),
    "programmes:calendar-new": ("post", _programme_of_a, ONLY_A_POSTS),
    # The private feed answers to its secret address alone, whoever asks.
    "programmes:calendar": ("get", _calendar_of_a, PUBLIC),
    # An empty name: the template is refused, but only the treating clinician is let
    # as far as the form (a redirect back with the message).
    "programmes:save-template": (
        "post",
        _programme_of_a,
        {**TREATING_CLINICIAN, "clinician_with_access": REDIRECT},
    ),
    "programmes:templates": (
        "get",
        _clinic_a,
        {
            **dict.fromkeys(ROLES, NOT_FOUND),
            "anonymous": LOGIN,
            "clinician_with_access": OK,
        },
    ),
    "audit:clinic-log": ("get", _clinic_a, ADMIN_OF_A),
    "workspace:day": ("get", _none, CLINICIANS_ONLY),
    "workspace:timeline": ("get", _record_of_a, RECORD_OF_A),
    "workspace:record-fhir": ("get", _record_of_a, RECORD_OF_A),
    "workspace:assessment-new": ("get", _record_of_a, CLINICIAN_OF_A),
    "workspace:assessment": ("get", _assessment_of_a, RECORD_OF_A),
    "workspace:assessment-send": (
        "post",
        _assessment_of_a,
        {**CLINICIAN_OF_A, "clinician_with_access": REDIRECT},
    ),
    "workspace:note-new": ("get", _record_of_a, CLINICIAN_OF_A),
    "workspace:note": ("get", _note_of_a, RECORD_OF_A),
    "bookings:slots": ("get", type_of_a, PUBLIC),
    # Without a chosen slot the confirmation page sends everyone back to the slots.
    "bookings:confirm": ("get", type_of_a, dict.fromkeys(ROLES, REDIRECT)),
    "bookings:appointment": ("get", appointment_of_a, APPOINTMENT_OF_A),
    "bookings:mine": ("get", _none, OWN_PAGE),
    # An empty form: sent back to the slots with what is missing.
    "bookings:waitlist": (
        "post",
        type_of_a,
        {**dict.fromkeys(ROLES, REDIRECT), "anonymous": LOGIN},
    ),
    "bookings:cancel": ("post", appointment_of_a, CHANGE_OF_A),
    "bookings:claim": ("post", appointment_of_a, CHANGE_OF_A),
    "bookings:move": ("get", appointment_of_a, CHANGE_PAGE_OF_A),
    "bookings:calendar-file": ("get", appointment_of_a, APPOINTMENT_OF_A),
    "bookings:feed-settings": ("get", _none, CLINICIANS_ONLY),
    # The secret address is the key: whoever holds it reads the feed.
    "bookings:feed": ("get", feed_of_clinician_a, PUBLIC),
    "bookings:setup": ("get", _clinic_a, ADMIN_OF_A),
    "bookings:type-new": ("get", _clinic_a, ADMIN_OF_A),
    "bookings:type-edit": ("get", type_of_a, ADMIN_OF_A),
    "bookings:clinician-hours": ("get", clinician_a_of_clinic_a, ADMIN_OF_A),
    "bookings:remove-hours": (
        "post",
        hours_of_clinician_a,
        {**ADMIN_OF_A, "clinic_admin": REDIRECT},
    ),
}
# Routed, but tested elsewhere because they need a token from an e-mail.
TESTED_ELSEWHERE = {"accounts:password-reset-confirm", "accounts:confirm"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_each_role_gets_what_it_should(cast: Cast, url_name: str, role: str) -> None:
    method, args_for, expected = MATRIX[url_name]
    url = reverse(url_name, args=args_for(cast))
    response = getattr(cast.client_for(role), method)(url)
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == want, f"{role} on {url_name}"


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            names |= _url_names(pattern, inner)
        elif pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_in_the_access_matrix() -> None:
    routed = _url_names(get_resolver())
    assert routed - set(MATRIX) - TESTED_ELSEWHERE == set()


def test_patient_list_shows_only_runners_who_shared(cast: Cast) -> None:
    with_access = cast.client_for("clinician_with_access").get(
        reverse("workspace:patients")
    )
    without = cast.client_for("clinician_without_access").get(
        reverse("workspace:patients")
    )
    assert cast.runner_a.user.email in with_access.text
    assert cast.runner_b.user.email not in with_access.text
    assert cast.runner_a.user.email not in without.text


def test_withdrawn_grant_ends_the_clinicians_access(cast: Cast) -> None:
    grant = cast.runner_a.grants.get()
    cast.client_for("runner_a").post(reverse("runners:withdraw", args=[grant.pk]))
    response = cast.client_for("clinician_with_access").get(
        reverse("runners:record", args=[cast.runner_a.pk])
    )
    assert response.status_code == 404
    grant.refresh_from_db()
    assert grant.withdrawn_at is not None  # kept as the audit trail


def test_grant_without_motion_scope_hides_the_videos(cast: Cast) -> None:
    grant = cast.runner_a.grants.get()
    grant.share_motion = False
    grant.save()
    url = reverse("motionlab:analysis", args=_analysis_of_a(cast))
    assert cast.client_for("clinician_with_access").get(url).status_code == 404
    assert cast.client_for("runner_a").get(url).status_code == 200


def test_grant_without_training_scope_hides_the_load_page(cast: Cast) -> None:
    grant = cast.runner_a.grants.get()
    grant.share_training = False
    grant.save()
    response = cast.client_for("clinician_with_access").get(
        reverse("training:load", args=[cast.runner_a.pk])
    )
    assert response.status_code == 404


def test_grant_without_rehab_scope_hides_the_programme(cast: Cast) -> None:
    grant = cast.runner_a.grants.get()
    grant.share_rehab = False
    grant.save()
    args = _programme_of_a(cast)
    for name in ("programmes:today", "programmes:outcomes", "programmes:edit"):
        response = cast.client_for("clinician_with_access").get(
            reverse(name, args=args)
        )
        assert response.status_code == 404, name
    assert (
        cast.client_for("runner_a")
        .get(reverse("programmes:today", args=args))
        .status_code
        == 200
    )


def test_grant_without_triage_scope_hides_the_checks(cast: Cast) -> None:
    grant = cast.runner_a.grants.get()
    grant.share_triage = False
    grant.save()
    result = make_assessment(runner=cast.runner_a)
    response = cast.client_for("clinician_with_access").get(
        reverse("triage:result", args=[result.public_id])
    )
    assert response.status_code == 404
