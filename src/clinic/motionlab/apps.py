from __future__ import annotations

from django.apps import AppConfig


class MotionlabConfig(AppConfig):
    name = "clinic.motionlab"
    label = "motionlab"
    verbose_name = "Motion lab"
