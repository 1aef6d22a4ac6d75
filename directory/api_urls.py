from __future__ import annotations

from django.urls import path

from .api import MeApi

app_name = "directory"

urlpatterns = [
    path("me/", MeApi.as_view(), name="me"),
]
