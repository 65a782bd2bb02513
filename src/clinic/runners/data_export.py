""" "Download all my data": the runner's whole record as one zip, streamed.

The zip holds the FHIR R5 Bundle (what clinic software reads) and the summaries
as the app keeps them (what a person or a spreadsheet reads): every activity as
CSV and JSON, each uploaded file's outcome, the symptom checks, the motion
reports, and the rehab logs and outcomes. It is written member by member into
the response (`zipfile` over a non-seekable sink: sizes go in data descriptors),
so a long history never sits in memory as one archive.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from clinic.motionlab.models import Analysis
from clinic.programmes.models import (
    OutcomeEntry,
    RunLog,
    SessionLog,
    SetLog,
    WeekReview,
)
from clinic.runners.models import Runner
from clinic.training.models import Activity, ImportItem
from clinic.triage.models import TriageAssessment
from clinic.workspace.fhir_record import record_bundle_of

ACTIVITY_FIELDS = (
    "start_time",
    "local_date",
    "sport",
    "name",
    "duration_s",
    "moving_time_s",
    "distance_m",
    "elevation_gain_m",
    "elevation_loss_m",
    "downhill_distance_m",
    "grade_adjusted_distance_m",
    "avg_cadence_spm",
    "avg_hr_bpm",
    "n_samples",
    "source_file",
    "source_format",
    "source_index",
    "sport_inferred",
    "local_date_basis",
    "distance_source",
    "elevation_source",
)
README = """\
Your Tractus record, as it was on {now}.

record.fhir.json     everything, as one FHIR R5 Bundle (HL7's standard for health
                     records): clinic software can read it.
activities.csv/json  each activity imported from your watch files (summaries: the
                     files themselves are not kept). Distances in metres, times in
                     seconds, times of day in UTC.
uploads.csv          each file you uploaded and what became of it.
symptom-checks.json  your symptom checks: your answers and the result you saw.
motion-reports.json  the reports of your video analyses (the key-frame pictures
                     are in the FHIR file).
rehab-sessions.csv, rehab-runs.csv, rehab-reviews.csv, outcomes.csv
                     your rehab logs, the weekly reviews and your outcome scores.
rehab-sets.csv       each set logged from the coach page: by hand, or counted by the
                     live coach with its numbers (range, tempo, compensations per rep).
"""
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Member = tuple[str, Callable[[], bytes]]


class _Sink:
    """A write-only stream the zip writes into; `drain` hands over what it wrote."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self._offset = 0

    def write(self, data: bytes) -> int:
        self._chunks.append(bytes(data))
        self._offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self._offset

    def flush(self) -> None:
        return None

    def drain(self) -> bytes:
        out = b"".join(self._chunks)
        self._chunks.clear()
        return out


def stream_zip(members: Iterable[Member], *, when: datetime) -> Iterator[bytes]:
    """The zip of `members`, each built only when its turn comes."""
    sink = _Sink()
    stamp = when.timetuple()[:6]
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:  # type: ignore[call-overload]
        for name, build in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w") as member:
                member.write(build())
            yield sink.drain()
    yield sink.drain()


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8")


def _json(data: Any) -> bytes:
    return json.dumps(data, indent=2, default=str).encode("utf-8")


def _activities(runner: Runner) -> list[dict[str, Any]]:
    rows = Activity.objects.filter(runner=runner).order_by("start_time", "pk")
    return list(rows.values(*ACTIVITY_FIELDS))


def _uploads(runner: Runner) -> bytes:
    items = (
        ImportItem.objects.filter(batch__runner=runner)
        .select_related("batch")
        .order_by("batch__created_at", "position", "pk")
    )
    header = (
        "uploaded_at",
        "file",
        "size_bytes",
        "status",
        "activities_added",
        "message",
    )
    rows = [
        (
            i.batch.created_at,
            i.name,
            i.size_bytes,
            i.get_status_display(),
            i.activities_added,
            i.message,
        )
        for i in items
    ]
    return _csv(header, rows)


def _checks(runner: Runner) -> bytes:
    checks = TriageAssessment.objects.filter(runner=runner).order_by("created_at")
    return _json(
        [
            {
                "created_at": c.created_at,
                "questionnaire_version": c.questionnaire_version,
                "engine_version": c.engine_version,
                "answers": c.answers,
                "result": c.result,
            }
            for c in checks
        ]
    )


def _motion(runner: Runner) -> bytes:
    analyses = Analysis.objects.filter(runner=runner).order_by("created_at")
    return _json(
        [
            {
                "created_at": a.created_at,
                "what": a.title,
                "video": a.video_name,
                "status": a.get_status_display(),
                "error": a.error,
                "report": a.report,
            }
            for a in analyses
        ]
    )


def _sets(runner: Runner) -> bytes:
    sets = (
        SetLog.objects.filter(exercise_log__session__programme__runner=runner)
        .select_related("exercise_log__session")
        .order_by("logged_at")
    )
    header = ("day", "logged_at", "exercise", "how", "reps", "hold_s", "pain", "coach")
    rows = [
        (
            s.exercise_log.session.day,
            s.logged_at,
            s.exercise_log.exercise_id,
            s.get_method_display(),
            s.reps,
            s.hold_s,
            s.pain,
            "" if s.numbers is None else json.dumps(s.numbers),
        )
        for s in sets
    ]
    return _csv(header, rows)


def _sessions(runner: Runner) -> bytes:
    logs = (
        SessionLog.objects.filter(programme__runner=runner)
        .prefetch_related("exercises")
        .order_by("day")
    )
    header = (
        "day",
        "logged_at",
        "pain_during",
        "pain_next_morning",
        "worse_next_morning",
        "exercises",
        "notes",
    )
    rows = [
        (
            s.day,
            s.logged_at,
            s.pain_during,
            s.pain_next_morning,
            s.worse_next_morning,
            "; ".join(
                f"{e.exercise_id} {e.sets_done}x{e.reps_done or ''}".strip()
                for e in s.exercises.all()
            ),
            s.notes,
        )
        for s in logs
    ]
    return _csv(header, rows)


def _runs(runner: Runner) -> bytes:
    logs = RunLog.objects.filter(programme__runner=runner).order_by("day", "logged_at")
    header = (
        "day",
        "logged_at",
        "distance_km",
        "duration_min",
        "pain_max",
        "pain_started_km",
        "stopped_early",
    )
    rows = [
        (
            r.day,
            r.logged_at,
            r.distance_km,
            r.duration_min,
            r.pain_max,
            r.pain_started_km,
            r.stopped_early,
        )
        for r in logs
    ]
    return _csv(header, rows)


def _reviews(runner: Runner) -> bytes:
    reviews = WeekReview.objects.filter(programme__runner=runner).order_by("week_start")
    header = (
        "week_start",
        "decision",
        "level_before",
        "level_after",
        "sessions_done",
        "sessions_planned",
        "reasons",
    )
    rows = [
        (
            r.week_start,
            r.get_action_display(),
            r.level_before,
            r.level_after,
            r.sessions_done,
            r.sessions_planned,
            " ".join(r.reasons),
        )
        for r in reviews
    ]
    return _csv(header, rows)


def _outcomes(runner: Runner) -> bytes:
    entries = OutcomeEntry.objects.filter(runner=runner).order_by("recorded_on", "pk")
    header = ("recorded_on", "measure", "value", "lefs_answers")
    rows = [
        (e.recorded_on, e.measure, e.value, " ".join(map(str, e.lefs_answers or [])))
        for e in entries
    ]
    return _csv(header, rows)


def data_members(runner: Runner, *, now: datetime) -> list[Member]:
    """The zip's files, in order; each is built when the stream reaches it."""
    return [
        ("README.txt", lambda: README.format(now=now.isoformat()).encode("utf-8")),
        ("record.fhir.json", lambda: _json(record_bundle_of(runner, now=now))),
        (
            "activities.csv",
            lambda: _csv(
                ACTIVITY_FIELDS,
                [[a[f] for f in ACTIVITY_FIELDS] for a in _activities(runner)],
            ),
        ),
        ("activities.json", lambda: _json(_activities(runner))),
        ("uploads.csv", lambda: _uploads(runner)),
        ("symptom-checks.json", lambda: _checks(runner)),
        ("motion-reports.json", lambda: _motion(runner)),
        ("rehab-sessions.csv", lambda: _sessions(runner)),
        ("rehab-sets.csv", lambda: _sets(runner)),
        ("rehab-runs.csv", lambda: _runs(runner)),
        ("rehab-reviews.csv", lambda: _reviews(runner)),
        ("outcomes.csv", lambda: _outcomes(runner)),
    ]
