"""No double booking, enforced by the database on both engines.

PostgreSQL: an exclusion constraint over each clinician's blocked time range
(the visit with its buffers), so two live appointments of one clinician can
never overlap, whichever code path writes them.

SQLite has no exclusion constraints. There, triggers before INSERT and UPDATE
abort the statement when the new range overlaps a live appointment of the same
clinician. SQLite lets one writer at a time into the database (and a writer in
WAL mode always works on the newest data), so the trigger's check and the write
cannot be split by another process: the same guarantee. docs/decisions.md says
why this and not a claim table.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary
from django.db import connections, models
from django.db.models import Func

# The message both engines raise, so a service recognises a lost race.
OVERLAP_ERROR = "appointment_overlap"
LIVE_STATUSES = ("held", "booked", "attended", "no_show")


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class PostgresExclusionConstraint(ExclusionConstraint):
    """An exclusion constraint that SQLite leaves to its triggers."""

    def constraint_sql(self, model: Any, schema_editor: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().constraint_sql(model, schema_editor)

    def create_sql(self, model: Any, schema_editor: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().create_sql(model, schema_editor)

    def remove_sql(self, model: Any, schema_editor: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().remove_sql(model, schema_editor)

    def validate(self, model: Any, instance: Any, *args: Any, **kwargs: Any) -> None:
        using = kwargs.get("using", "default")
        if connections[using].vendor == "postgresql":
            super().validate(model, instance, *args, **kwargs)


def no_overlap_constraint() -> PostgresExclusionConstraint:
    return PostgresExclusionConstraint(
        name="no_overlapping_appointments",
        expressions=[
            (
                TsTzRange("blocked_from", "blocked_until", RangeBoundary()),
                "&&",
            ),
            ("clinician", "="),
        ],
        condition=models.Q(status__in=LIVE_STATUSES),
        violation_error_message=OVERLAP_ERROR,
    )


_LIVE = ", ".join(f"'{s}'" for s in LIVE_STATUSES)
_CLASH = f"""
    WHEN NEW.status IN ({_LIVE}) AND EXISTS (
        SELECT 1 FROM bookings_appointment AS other
        WHERE other.clinician_id = NEW.clinician_id
          AND other.id IS NOT NEW.id
          AND other.status IN ({_LIVE})
          AND other.blocked_from < NEW.blocked_until
          AND NEW.blocked_from < other.blocked_until)
    BEGIN SELECT RAISE(ABORT, '{OVERLAP_ERROR}'); END
"""
SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS bookings_no_overlap_insert "
    f"BEFORE INSERT ON bookings_appointment FOR EACH ROW {_CLASH}",
    "CREATE TRIGGER IF NOT EXISTS bookings_no_overlap_update BEFORE UPDATE OF "
    "clinician_id, status, blocked_from, blocked_until ON bookings_appointment "
    f"FOR EACH ROW {_CLASH}",
]


def install_sqlite_overlap_guard(using: str = "default", **kwargs: Any) -> None:
    """Create the SQLite triggers if missing (a no-op on PostgreSQL)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    if "bookings_appointment" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for statement in SQLITE_TRIGGERS:
            cursor.execute(statement)


def is_overlap_error(error: Exception) -> bool:
    return OVERLAP_ERROR in str(error) or "no_overlapping_appointments" in str(error)
