"""The demo clinic `make run` loads: who is in it and the demo runner's check."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from clinic.accounts.models import User
from clinic.accounts.privacy import record_consent
from clinic.bookings.demo import DEMO_PATIENTS, load_booking_demo
from clinic.clinics.models import Clinic, Membership
from clinic.programmes.demo import load_demo_programme
from clinic.runners.models import Area, Runner
from clinic.runners.services import ensure_runner, grant_access
from clinic.training.selectors import runs_table
from clinic.training.services import run_import, start_import
from clinic.triage.services import complete_check
from clinic.workspace.demo import load_workspace_demo
from tractus.activities.timeparse import latest_iso_time, shift_iso_times
from tractus.triage.from_load import answers_from_runs

DEMO_PASSWORD = "tractus-demo"  # noqa: S105 - printed at start-up on purpose
DEMO_CLINIC = {"slug": "demo-clinic", "name": "Tractus Demo Physiotherapy"}
# The runner's runs are real runs in Recife, so the clinic is there too: one time
# zone for the runs, the bookings and the clinician's day (a made-up address, a
# number of zeros, an e-mail domain that cannot receive mail).
DEMO_CLINIC_DETAILS = {
    "address": "Rua da Demonstração, 100\nBoa Viagem, Recife - PE\nBrazil",
    "phone": "+55 81 0000-0000",
    "email": "bookings@demo.tractus.test",
}
DEMO_STAFF = [
    # (e-mail, name, clinician, admin, job title)
    (
        "physio1@demo.tractus.test",
        "Demo physiotherapist 1",
        True,
        False,
        "Physiotherapist",
    ),
    (
        "physio2@demo.tractus.test",
        "Demo physiotherapist 2",
        True,
        False,
        "Physiotherapist",
    ),
    ("admin@demo.tractus.test", "Demo clinic admin", False, True, "Practice manager"),
]
DEMO_RUNNER = ("runner@demo.tractus.test", "Demo runner")
# A year of one runner's real runs (68 GPX files, Recife, 2020-21; moved to end this
# week when loaded, see `history_moved_to`), shipped with
# the test data with its source and licence (tests/data/activities/SOURCES.md).
DEMO_HISTORY = (
    Path(settings.PROJECT_DIR)
    / "tests/data/activities/history/runpandas_nrc_sessions_2020-07_2021-07.zip"
)
DEMO_TIMEZONE = "America/Recife"
# The runner took the symptom check 16 days ago: before the programme it planned
# (started 15 days ago, clinic.programmes.demo) and the diagnostic (9 days ago).
DEMO_CHECK_DAYS_AGO = 16

# A classic history of IT band pain after a jump in training (clinical.md §1.1, §4.1).
# The tests use it as the textbook case; the demo runner's own check takes its
# training answers from the runs instead (`demo_check_answers`).
DEMO_ANSWERS: dict[str, object] = {
    "age_years": 29,
    "sex": "female",
    "periods_irregular": False,
    "previous_bone_stress_injury": False,
    "pain_locations": ["lateral_epicondyle", "outer_thigh"],
    "pain_side": "right",
    "pain_quality": "sharp_or_burning",
    "onset": "gradual",
    "knee_swelling": False,
    "locking_catching": False,
    "giving_way": False,
    "can_fully_straighten": True,
    "can_bear_weight": True,
    "pain_walking": False,
    "pain_on_hopping": "no",
    "pain_onset_in_run": "after_predictable_time",
    "pain_start_minutes": 20,
    "worse_downhill": True,
    "worse_stairs_down": True,
    "running_faster": "better",
    "worse_camber_or_track": True,
    "pain_sitting_bent": False,
    "pain_squatting_pivoting": False,
    "pain_at_rest": False,
    "pain_at_night": False,
    "numbness_tingling": False,
    "leg_weakness": False,
    "back_or_buttock_pain": False,
    "fever_or_unwell": False,
    "hot_red_knee": False,
    "immunocompromised": False,
    "unexplained_weight_loss": False,
    "lump_near_knee": False,
    "morning_stiffness_over_30_min": False,
    "other_swollen_joints": False,
    "weekly_distance_km": 42,
    "weekly_distance_increase_pct": 40,
    "longest_run_change": "30_to_100_pct",
    "new_hills_downhill": True,
    "new_speed_work": False,
    "new_shoes": False,
    "new_surface": False,
    "runs_camber_or_track": True,
    "low_energy_intake": False,
    "pivoting_sports": False,
    "pain_duration": "2_to_6_weeks",
    "both_legs_numb_or_weak": False,
    "saddle_numbness": False,
    "bladder_bowel_change": False,
    "calf_pain_or_swelling": False,
    "night_sweats": False,
    "history_of_cancer": False,
}


# What the demo runner told the check that the runs cannot answer, as the runs
# show it: the pain began after the long run of the week before the check (less
# than 2 weeks), and Recife's roads are flat (a few metres of descent a week).
DEMO_RUNNER_ANSWERS: dict[str, object] = {
    "pain_duration": "under_2_weeks",
    "new_hills_downhill": False,
}


def demo_check_answers(runner: Runner, *, today: date) -> dict[str, object]:
    """The demo runner's answers: the textbook case, with the training told by the runs.

    Weekly distance, its rise and the longest run's change come from the imported
    runs exactly as the symptom check itself fills them in for a runner with runs.
    """
    derived = answers_from_runs(runs_table(runner), today=today)
    return {**DEMO_ANSWERS, **DEMO_RUNNER_ANSWERS, **derived}


def _user(email: str, name: str) -> tuple[User, bool]:
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": name}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user, created


@transaction.atomic
def load_demo(*, now: datetime) -> Runner:
    """Create the demo clinic, staff and runner; safe to run again (changes nothing)."""
    clinic, _ = Clinic.objects.get_or_create(
        slug=DEMO_CLINIC["slug"],
        defaults={"name": DEMO_CLINIC["name"], **DEMO_CLINIC_DETAILS},
    )
    for email, name, clinician, admin, title in DEMO_STAFF:
        user, _ = _user(email, name)
        Membership.objects.get_or_create(
            clinic=clinic,
            user=user,
            defaults={"is_clinician": clinician, "is_admin": admin, "job_title": title},
        )
    runner_user, created = _user(*DEMO_RUNNER)
    # The demo runner signed up, ticking the consent box, when they took the check.
    record_consent(user=runner_user, now=now - timedelta(days=2))
    runner = ensure_runner(runner_user)
    if created:
        runner.timezone = DEMO_TIMEZONE
        runner.save(update_fields=["timezone"])
        _import_history(runner, now=now)
        checked_at = now - timedelta(days=DEMO_CHECK_DAYS_AGO)
        # Shared with the clinic when the runner booked, right after the check.
        grant_access(runner=runner, clinic=clinic, areas=list(Area), now=checked_at)
        complete_check(
            raw_answers=demo_check_answers(
                runner, today=runner.local_today(checked_at)
            ),
            runner=runner,
            now=checked_at,
        )
        load_demo_programme(runner, now=now)
    load_booking_demo(clinic=clinic, runner=runner, password=DEMO_PASSWORD, now=now)
    patients = Runner.objects.filter(
        user__email__in=[email for email, _ in DEMO_PATIENTS]
    ).order_by("user__email")
    load_workspace_demo(clinic=clinic, runner=runner, patients=list(patients), now=now)
    return runner


def history_moved_to(now: datetime) -> bytes:
    """The demo history zip with its times moved forward by whole weeks.

    The last run then falls in the week before `now`, so the demo shows a
    current history (flags up to today, the next-run limits, the symptom
    check's training answers) while weekdays, times of day and the gaps
    between runs stay as the runner ran them.
    """
    with zipfile.ZipFile(DEMO_HISTORY) as archive:
        entries = {
            info.filename: archive.read(info)
            for info in archive.infolist()
            if not info.is_dir()
        }
    last = max(filter(None, map(latest_iso_time, entries.values())))
    now_utc = now.astimezone(UTC).replace(tzinfo=None)
    shift = timedelta(weeks=max(0, (now_utc - last).days // 7))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, shift_iso_times(data, shift))
    return out.getvalue()


def _import_history(runner: Runner, *, now: datetime) -> None:
    """Import the demo history in this process (the worker may not run yet)."""
    upload = SimpleUploadedFile(DEMO_HISTORY.name, history_moved_to(now))
    batch = start_import(runner=runner, uploads=[upload], now=now, queue=False)
    run_import.call(batch_id=batch.pk)


def demo_logins() -> list[tuple[str, str, str]]:
    """(role, e-mail, password) for each demo account."""
    rows = [("runner", DEMO_RUNNER[0], DEMO_PASSWORD)]
    for email, _, clinician, admin, _ in DEMO_STAFF:
        role = "clinic admin" if admin and not clinician else "clinician"
        rows.append((role, email, DEMO_PASSWORD))
    return rows
