from __future__ import annotations

from django.urls import path

from .api import MeApi, PersonDetailApi, PersonListApi, UnitListApi

app_name = "directory"

urlpatterns = [
    path("me/", MeApi.as_view(), name="me"),
    path("people/", PersonListApi.as_view(), name="person_list"),
    path("people/<int:pk>/", PersonDetailApi.as_view(), name="person_detail"),
    path("units/", UnitListApi.as_view(), name="unit_list"),
]
