from __future__ import annotations

from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.person_search, name="person_search"),
    path("personen/<int:pk>/", views.person_detail, name="person_detail"),
    path("personen/<int:pk>/foto/", views.person_photo, name="person_photo"),
    path("personen/<int:pk>/vcard/", views.person_vcard, name="person_vcard"),
    path("einheiten/", views.unit_list, name="unit_list"),
    path("einheiten/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("einheiten/<int:pk>/vcard/", views.unit_vcard, name="unit_vcard"),
    path("mein-eintrag/", views.own_entry, name="own_entry"),
]
