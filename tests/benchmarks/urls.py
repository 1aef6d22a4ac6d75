"""The intranet's addresses plus the benchmark's bare view: the same stack (middleware, session, the
signed-in user) answering a fixed page, the yardstick every page's time is divided by."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


@login_required
def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<!DOCTYPE html><html lang='de'><title>bare</title><p>bare</p></html>")


urlpatterns = [path("bench/bare/", bare), path("", include("intranet.urls"))]
