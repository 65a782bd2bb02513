"""The time zone workspace pages write times in.

A clinician reads a record in their own clinic's time, as on their day page (the
location they work at: `clinic.workspace.day.clinician_zone`); a runner reads
their own record in their own zone. The server's zone (UTC) is nobody's.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from clinic.accounts.models import User
from clinic.runners.models import Runner
from clinic.workspace.day import clinician_zone


def viewer_zone(viewer: User, runner: Runner) -> ZoneInfo:
    if runner.user_id == viewer.pk:
        return ZoneInfo(runner.timezone)
    return clinician_zone(viewer)
