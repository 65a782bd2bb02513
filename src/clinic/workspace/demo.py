"""The demo clinician's day and the demo runner's assessment and notes.

Physiotherapist 1 sees the demo runner for the diagnostic nine days ago (attended,
with a completed head-to-toe assessment and its SOAP note, which planned the
runner's programme) and has three appointments today, the first a follow-up with
the demo runner. Loaded once, with the rest of the demo.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q

from clinic.accounts.models import User
from clinic.bookings.models import (
    Appointment,
    AppointmentKind,
    AppointmentType,
    Location,
    Status,
)
from clinic.clinics.models import Clinic
from clinic.runners.models import Runner
from clinic.workspace.models import Assessment
from clinic.workspace.services import record_assessment, write_note
from tractus.assessment import (
    HeadToToeExam,
    LegExam,
    LumbarScreen,
    SquatRating,
    TestResult,
)
from tractus.rehab.findings import Side

DEMO_CLINICIAN = "physio1@demo.tractus.test"
P, N = TestResult.POSITIVE, TestResult.NEGATIVE
# A right-sided ITBS picture: weak right hip abductors (24% deficit), positive Ober
# and Noble, tender epicondyle, clear knee joint, a fair single-leg squat.
DEMO_EXAM = HeadToToeExam(
    affected_side=Side.RIGHT,
    body_mass_kg=61.0,
    height_m=1.68,
    hip_lever_arm_m=0.41,
    left=LegExam(
        hip_abduction_n=152.0,
        hip_external_rotation_n=88.0,
        hip_extension_n=170.0,
        ober=N,
        thomas_hip_angle_deg=-5.0,
        thomas_knee_flexion_deg=72.0,
        noble=N,
        epicondyle_tenderness=N,
        dorsiflexion_knee_straight_deg=24.0,
        dorsiflexion_knee_bent_deg=30.0,
        foot_posture_index=(1, 1, 0, 1, 1, 0),
        single_leg_squat=SquatRating.GOOD,
        side_plank_s=62.0,
    ),
    right=LegExam(
        hip_abduction_n=116.0,
        hip_external_rotation_n=80.0,
        hip_extension_n=162.0,
        ober=P,
        ober_angle_deg=4.0,
        thomas_hip_angle_deg=-3.0,
        thomas_knee_flexion_deg=64.0,
        noble=P,
        epicondyle_tenderness=P,
        joint_line_tenderness=N,
        effusion=N,
        meniscal_tests=N,
        varus_valgus_stress=N,
        patellofemoral_tests=N,
        dorsiflexion_knee_straight_deg=21.0,
        dorsiflexion_knee_bent_deg=28.0,
        foot_posture_index=(1, 1, 1, 1, 1, 0),
        single_leg_squat=SquatRating.FAIR,
        side_plank_s=48.0,
    ),
    lumbar=LumbarScreen(slump=N, straight_leg_raise=N),
    trunk_lean=True,
    shoe_distance_km=780.0,
)
DEMO_NOTE = {
    "subjective": "Right lateral knee pain from about 6 km into runs since raising "
    "weekly distance for a half marathon; worse downhill. No swelling, locking or "
    "giving way. No back pain.",
    "objective": "Tender over the right lateral epicondyle; Noble and Ober positive "
    "on the right. Joint line, McMurray and ligaments clear. Right hip abduction "
    "24% weaker than left. Fair single-leg squat on the right with trunk lean.",
    "analysis": "Presentation fits right ITBS, load-related, with hip abductor "
    "weakness. Lumbar screen clear.",
    "plan": "Hip strengthening programme from the app; run-walk within the pain "
    "limits; cadence +5%; shoes near 800 km, consider replacing. Review in 10 days.",
}
# Today's appointments, local clinic time: (hour, minute, which runner).
TODAY = [(9, 30, 0), (11, 0, 1), (14, 30, 2)]


def load_workspace_demo(
    *, clinic: Clinic, runner: Runner, patients: list[Runner], now: datetime
) -> None:
    """Once: the past diagnostic with its assessment, and today's appointments."""
    if Assessment.objects.filter(runner=runner, clinic=clinic).exists():
        return
    clinician = User.objects.get(email=DEMO_CLINICIAN)
    location = Location.objects.get(clinic=clinic, name="Main clinic")
    zone = ZoneInfo(location.time_zone)
    visit = datetime.combine(
        (now - timedelta(days=9)).astimezone(zone).date(), time(10), tzinfo=zone
    )
    _appointment(clinic, clinician, runner, location, AppointmentKind.DIAGNOSTIC,
                 visit, Status.ATTENDED, now)  # fmt: skip
    assessment, _ = record_assessment(
        runner=runner,
        clinician=clinician,
        clinic_id=clinic.pk,
        exam=DEMO_EXAM,
        note=DEMO_NOTE,
        update_programme=True,
        now=visit + timedelta(minutes=50),
    )
    write_note(
        runner=runner,
        author=clinician,
        clinic_id=clinic.pk,
        text={
            "plan": "Phoned: two sessions done, pain 2/10 during, none next morning."
        },
        now=now - timedelta(days=4),
    )
    today = now.astimezone(zone).date()
    people = [runner, *patients]
    for hour, minute, who in TODAY:
        kind = AppointmentKind.FOLLOW_UP if who == 0 else AppointmentKind.DIAGNOSTIC
        starts = datetime.combine(today, time(hour, minute), tzinfo=zone)
        _appointment(clinic, clinician, people[who % len(people)], location, kind,
                     starts, Status.BOOKED, now)  # fmt: skip


def _appointment(
    clinic: Clinic,
    clinician: User,
    runner: Runner,
    location: Location,
    kind: AppointmentKind,
    starts: datetime,
    status: Status,
    now: datetime,
) -> Appointment | None:
    """Book directly (a demo diary is history, not an online booking), unless the
    clinician's time is taken then."""
    appointment_type = AppointmentType.objects.get(clinic=clinic, kind=kind)
    length = appointment_type.length()
    visit, blocked = length.visit(starts), length.blocked(starts)
    clash = Appointment.objects.live().filter(
        Q(blocked_from__lt=blocked.ends_at) & Q(blocked_until__gt=blocked.starts_at),
        clinician=clinician,
    )
    if clash.exists():
        return None
    return Appointment.objects.create(
        clinic=clinic,
        clinician=clinician,
        runner=runner,
        appointment_type=appointment_type,
        location=location,
        starts_at=visit.starts_at,
        ends_at=visit.ends_at,
        blocked_from=blocked.starts_at,
        blocked_until=blocked.ends_at,
        status=status,
        created_at=min(now, starts) - timedelta(days=3),
    )
