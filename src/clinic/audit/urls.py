from __future__ import annotations

from django.urls import path

from clinic.audit import views

app_name = "audit"

urlpatterns = [
    path("me/record-log/", views.mine, name="mine"),
    path("clinics/<slug:slug>/audit/", views.clinic_log, name="clinic-log"),
]
