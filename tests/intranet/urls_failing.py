"""A URLconf with a view that fails, to see the 500 page as a user would."""

from django.urls import include, path


def broken(request):
    raise RuntimeError("a bug, not the user's mistake")


urlpatterns = [path("broken/", broken), path("", include("intranet.urls"))]
