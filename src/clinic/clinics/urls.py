from __future__ import annotations

from django.urls import path

from clinic.clinics import views

app_name = "clinics"

urlpatterns = [
    path("clinics/<slug:slug>/staff/", views.staff, name="staff"),
    path(
        "clinics/<slug:slug>/staff/<int:membership_id>/remove/",
        views.remove,
        name="remove",
    ),
    path(
        "clinics/<slug:slug>/staff/<int:membership_id>/approve/",
        views.approve,
        name="approve",
    ),
    path(
        "clinics/<slug:slug>/staff/<int:membership_id>/confirm-alone/",
        views.confirm,
        name="confirm-alone",
    ),
    path(
        "clinics/<slug:slug>/staff/<int:membership_id>/cancel-confirmation/",
        views.cancel,
        name="cancel-confirmation",
    ),
    path("invitations/<uuid:token>/", views.invitation, name="invitation"),
]
