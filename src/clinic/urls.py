"""URL configuration."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from clinic import views

urlpatterns = [
    path("", views.home, name="home"),
    path("book/", views.booking, name="booking"),
    path("accounts/", include("clinic.accounts.urls")),
    path("check/", include("clinic.triage.urls")),
    path("", include("clinic.runners.urls")),
    path("", include("clinic.training.urls")),
    path("", include("clinic.clinics.urls")),
    path("", include("clinic.motionlab.urls")),
    path("", include("clinic.audit.urls")),
    path("", include("clinic.workspace.urls")),
    path("", include("clinic.programmes.urls")),
    path("admin/", admin.site.urls),
]
