from __future__ import annotations

from django.urls import path

from clinic.training import views

app_name = "training"

urlpatterns = [
    path("runners/<int:runner_id>/training/", views.load, name="load"),
    path("training/", views.my_training, name="mine"),
    path("training/upload/", views.upload, name="upload"),
    path("training/imports/<uuid:public_id>/", views.import_progress, name="import"),
    path(
        "training/imports/<uuid:public_id>/status/",
        views.import_status,
        name="import-status",
    ),
]
