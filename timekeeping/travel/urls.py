from __future__ import annotations

from django.urls import path

from . import training_views, views

app_name = "trips"

# /dienstreisen/
urlpatterns = [
    path("", views.trip_list, name="trip_list"),
    path("neu/", views.trip_new, name="trip_new"),
    path("<int:pk>/", views.trip_detail, name="trip_detail"),
    path("<int:pk>/absagen/", views.trip_cancel_view, name="trip_cancel"),
    path("<int:pk>/abrechnung/", views.claim_new, name="claim_new"),
    path("belege/<int:pk>/", views.receipt, name="receipt"),
    path("fortbildungen/", training_views.trainings, name="trainings"),
    path("fortbildungen/<int:pk>/", training_views.training_detail, name="training_detail"),
    path("fortbildungen/<int:pk>/nachweis/", training_views.training_certificate, name="training_certificate"),
    path("fortbildungen/<int:pk>/nachweis.pdf", training_views.training_certificate_download,
         name="training_certificate_download"),
    path("fortbildungen/uebersicht/", training_views.training_report, name="training_report"),
    path("fortbildungen/budgets/", training_views.training_budgets, name="training_budgets"),
]
