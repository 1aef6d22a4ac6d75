from django.urls import path

from . import views

app_name = "help"
urlpatterns = [
    path("", views.help_index, name="index"),
    path("leichte-sprache/", views.easy_read, name="easy_read"),
    path("gebaerdensprache/", views.sign_language, name="sign_language"),
    path("<slug:slug>/", views.help_topic, name="topic"),
]
