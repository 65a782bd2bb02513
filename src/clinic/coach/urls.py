from __future__ import annotations

from django.urls import path

from clinic.coach import views

app_name = "coach"

urlpatterns = [
    path("coach/", views.index, name="index"),
    path("coach/rules.json", views.rules, name="rules"),
    path("coach/<slug:slug>/", views.live, name="live"),
    path("coach/<slug:slug>/sets/", views.save, name="save"),
    path("coach/<slug:slug>/by-hand/", views.by_hand, name="by-hand"),
    path("runners/<int:runner_id>/coach/", views.sets, name="sets"),
]
