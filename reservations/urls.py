from __future__ import annotations

from django.urls import path

from . import views

app_name = "reservations"

# /buchen/
urlpatterns = [
    path("", views.overview, name="overview"),
    path("belegung/", views.grid, name="grid"),
    path("neu/", views.booking_new, name="booking_new"),
    path("meine/", views.my_bookings, name="my_bookings"),
    path("<int:pk>/", views.booking_detail, name="booking_detail"),
    path("<int:pk>/aendern/", views.booking_edit, name="booking_edit"),
    path("<int:pk>/stornieren/", views.booking_cancel_view, name="booking_cancel"),
    path("<int:pk>/einchecken/", views.booking_check_in_view, name="booking_check_in"),
    path("<int:pk>/kalender.ics", views.booking_download, name="booking_download"),
]
