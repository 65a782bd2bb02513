from __future__ import annotations

from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "clinic.training"
    label = "training"
    verbose_name = "Training load"
