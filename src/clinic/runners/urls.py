from __future__ import annotations

from django.urls import path

from clinic.runners import views

app_name = "runners"

urlpatterns = [
    path("runners/<int:runner_id>/", views.record, name="record"),
    path("me/sharing/", views.sharing, name="sharing"),
    path("me/details/", views.details, name="details"),
    path("me/my-data.zip", views.data_download, name="data-download"),
    path("me/delete/", views.delete, name="delete"),
    path("me/sharing/<int:grant_id>/withdraw/", views.withdraw, name="withdraw"),
]
