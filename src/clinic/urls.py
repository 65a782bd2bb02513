"""URL configuration."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from clinic import views
from clinic.bookings import views as booking_views

urlpatterns = [
    path("", views.home, name="home"),
    # Linked from the home page and every symptom-check result.
    path("book/", booking_views.start, name="booking"),
    path("accounts/", include("clinic.accounts.urls")),
    path("check/", include("clinic.triage.urls")),
    path("", include("clinic.runners.urls")),
    path("", include("clinic.training.urls")),
    path("", include("clinic.clinics.urls")),
    path("", include("clinic.motionlab.urls")),
    path("", include("clinic.coach.urls")),
    path("", include("clinic.audit.urls")),
    path("", include("clinic.workspace.urls")),
    path("", include("clinic.programmes.urls")),
    path("", include("clinic.bookings.urls")),
    path("admin/", admin.site.urls),
]
