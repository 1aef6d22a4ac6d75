from __future__ import annotations

from django.urls import path

from . import trip_views

app_name = "trips"

# /dienstreisen/
urlpatterns = [
    path("", trip_views.trip_list, name="trip_list"),
    path("neu/", trip_views.trip_new, name="trip_new"),
    path("<int:pk>/", trip_views.trip_detail, name="trip_detail"),
    path("<int:pk>/absagen/", trip_views.trip_cancel_view, name="trip_cancel"),
    path("<int:pk>/abrechnung/", trip_views.claim_new, name="claim_new"),
    path("belege/<int:pk>/", trip_views.receipt, name="receipt"),
]
