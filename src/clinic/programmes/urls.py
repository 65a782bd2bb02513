from __future__ import annotations

from django.urls import path

from clinic.programmes import views

app_name = "programmes"

_R = "runners/<int:runner_id>/rehab/"

urlpatterns = [
    path("rehab/", views.mine, name="mine"),
    path("rehab/start/", views.start, name="start"),
    path("rehab/exercises/", views.library, name="library"),
    path("rehab/exercises/<slug:exercise_id>/", views.exercise, name="exercise"),
    path("rehab/exercises/<slug:exercise_id>/demo.svg", views.demo, name="demo"),
    path(_R, views.today, name="today"),
    path(f"{_R}plan/", views.plan, name="plan"),
    path(f"{_R}session/", views.session, name="session"),
    path(f"{_R}morning/", views.morning, name="morning"),
    path(f"{_R}runs/", views.runs, name="runs"),
    path(f"{_R}outcomes/", views.outcomes, name="outcomes"),
    path(f"{_R}outcomes/pain/", views.pain, name="pain"),
    path(f"{_R}outcomes/lefs/", views.lefs, name="lefs"),
    path(f"{_R}review/", views.review, name="review"),
    path(f"{_R}edit/", views.edit, name="edit"),
    path(f"{_R}plan.pdf", views.pdf, name="pdf"),
    path(f"{_R}fhir.json", views.fhir, name="fhir"),
    path(f"{_R}calendar/new/", views.new_calendar_address, name="calendar-new"),
    path("rehab/calendar/<str:token>.ics", views.calendar, name="calendar"),
    path(f"{_R}template/", views.save_as_template, name="save-template"),
    path("clinics/<slug:slug>/rehab-templates/", views.templates, name="templates"),
]
