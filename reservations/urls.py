from __future__ import annotations

from django.urls import path

from . import manage_views, public_views, views

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
    path("<int:pk>/fahrtenbuch/", views.logbook_add, name="logbook_add"),
    path("serie/<int:pk>/", views.series_detail, name="series_detail"),
    path("serie/<int:pk>/wieder-buchen/", views.series_add_back, name="series_add_back"),
    path("verwaltung/", manage_views.resources, name="manage_resources"),
    path("verwaltung/neu/", manage_views.resource_edit, name="resource_new"),
    path("verwaltung/<int:pk>/", manage_views.resource_edit, name="resource_edit"),
    path("verwaltung/<int:pk>/adressen-erneuern/", manage_views.resource_token_renew_view, name="resource_token_renew"),
    path("verwaltung/<int:pk>/sperren/", manage_views.block_add, name="block_add"),
    path("verwaltung/sperrungen/<int:pk>/aufheben/", manage_views.block_remove, name="block_remove"),
    path("verwaltung/fuehrerscheine/", manage_views.licence_checks, name="licence_checks"),
    path("verwaltung/fahrtenbuch/", manage_views.fleet_report, name="fleet_report"),
    path("tuer/<str:token>/", public_views.door_display, name="door_display"),
    path("kalender/<str:token>.ics", public_views.resource_feed, name="resource_feed"),
]
