from __future__ import annotations

from django.urls import path

from clinic.bookings import views

app_name = "bookings"

urlpatterns = [
    path("book/<slug:slug>/<int:type_id>/", views.slots, name="slots"),
    path("book/<slug:slug>/<int:type_id>/confirm/", views.confirm, name="confirm"),
    path("appointments/", views.mine, name="mine"),
    path("appointments/<uuid:public_id>/", views.appointment, name="appointment"),
]
