from __future__ import annotations

from django.apps import AppConfig


class ClinicsConfig(AppConfig):
    name = "clinic.clinics"
    label = "clinics"
    verbose_name = "Clinics"
