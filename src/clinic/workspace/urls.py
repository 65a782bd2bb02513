from __future__ import annotations

from django.urls import path

from clinic.workspace import views

app_name = "workspace"

urlpatterns = [
    path("day/", views.day, name="day"),
    path("patients/", views.patient_list, name="patients"),
    path("runners/<int:runner_id>/timeline/", views.timeline, name="timeline"),
    path(
        "runners/<int:runner_id>/record.fhir.json",
        views.record_fhir,
        name="record-fhir",
    ),
    path(
        "runners/<int:runner_id>/assessments/new/",
        views.assessment_new,
        name="assessment-new",
    ),
    path("assessments/<uuid:public_id>/", views.assessment, name="assessment"),
    path(
        "assessments/<uuid:public_id>/send/",
        views.assessment_send,
        name="assessment-send",
    ),
    path("runners/<int:runner_id>/notes/new/", views.note_new, name="note-new"),
    path("notes/<uuid:public_id>/", views.note, name="note"),
]
