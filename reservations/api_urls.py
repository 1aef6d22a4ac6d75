from __future__ import annotations

from django.urls import path

from . import api

app_name = "reservations"

urlpatterns = [
    path("resources/", api.ResourceListApi.as_view(), name="resource_list"),
    path("bookings/", api.BookingListApi.as_view(), name="booking_list"),
    path("bookings/<int:pk>/", api.BookingDetailApi.as_view(), name="booking_detail"),
    path("series/", api.SeriesListApi.as_view(), name="series_list"),
    path("cars/<int:pk>/logbook/", api.CarLogbookApi.as_view(), name="car_logbook"),
]
