from __future__ import annotations

from django.urls import path

from clinic.bookings import views

app_name = "bookings"

urlpatterns = [
    path("book/<slug:slug>/<int:type_id>/", views.slots, name="slots"),
    path("book/<slug:slug>/<int:type_id>/confirm/", views.confirm, name="confirm"),
    path("book/<slug:slug>/<int:type_id>/waitlist/", views.waitlist, name="waitlist"),
    path("appointments/", views.mine, name="mine"),
    path("appointments/<uuid:public_id>/", views.appointment, name="appointment"),
    path("appointments/<uuid:public_id>/cancel/", views.cancel, name="cancel"),
    path("appointments/<uuid:public_id>/move/", views.move, name="move"),
    path("appointments/<uuid:public_id>/claim/", views.claim, name="claim"),
    path(
        "appointments/<uuid:public_id>/appointment.ics",
        views.calendar_file,
        name="calendar-file",
    ),
    path("me/calendar-feed/", views.feed_settings, name="feed-settings"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("clinics/<slug:slug>/booking/", views.setup, name="setup"),
    path("clinics/<slug:slug>/booking/types/new/", views.type_edit, name="type-new"),
    path(
        "clinics/<slug:slug>/booking/types/<int:type_id>/",
        views.type_edit,
        name="type-edit",
    ),
    path(
        "clinics/<slug:slug>/booking/clinicians/<int:user_id>/",
        views.clinician_hours,
        name="clinician-hours",
    ),
    path(
        "clinics/<slug:slug>/booking/clinicians/<int:user_id>/<int:item_id>/remove/",
        views.remove_hours,
        name="remove-hours",
    ),
]
