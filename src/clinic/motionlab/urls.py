from __future__ import annotations

from django.urls import path

from clinic.motionlab import views

app_name = "motionlab"

urlpatterns = [
    path("motion/", views.mine, name="mine"),
    path("motion/new/", views.new, name="new"),
    path("runners/<int:runner_id>/motion/", views.analyses, name="list"),
    path("motion/<uuid:public_id>/", views.analysis, name="analysis"),
    path("motion/<uuid:public_id>/status/", views.status, name="status"),
    path("motion/<uuid:public_id>/report.json", views.report_json, name="report"),
    path(
        "motion/<uuid:public_id>/frames/<int:index>/",
        views.key_frame,
        name="key-frame",
    ),
]
