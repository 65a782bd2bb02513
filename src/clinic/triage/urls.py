from __future__ import annotations

from django.urls import path

from clinic.triage import views

app_name = "triage"

urlpatterns = [
    path("", views.start, name="start"),
    path("restart/", views.restart, name="restart"),
    path("q/<slug:page_id>/", views.page, name="page"),
    path("result/<uuid:public_id>/", views.result, name="result"),
    path("result/<uuid:public_id>/correct/", views.correct, name="correct"),
    path("result/<uuid:public_id>/fhir.json", views.result_fhir, name="result-fhir"),
]
