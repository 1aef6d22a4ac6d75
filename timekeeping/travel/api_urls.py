from __future__ import annotations

from django.urls import path

from . import api

app_name = "travel"

urlpatterns = [
    path("trips/", api.TripListApi.as_view(), name="trip_list"),
    path("trips/<int:pk>/cancel/", api.TripCancelApi.as_view(), name="trip_cancel"),
    path("trips/<int:pk>/claim/", api.TripClaimApi.as_view(), name="trip_claim"),
    path("trainings/", api.TrainingListApi.as_view(), name="training_list"),
]
