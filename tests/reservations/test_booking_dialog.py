"""The grid's booking dialog posts with htmx: a mistake or a collision answers with the form alone (errors,
alternatives, what was typed), nothing booked; a booking made sends the whole page on (HX-Redirect); the
ordinary form page still redirects."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from reservations.models import Booking, Series
from reservations.services import Request, booking_create
from tests.factories import make_resource

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def tomorrow() -> datetime:
    return timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=1)


@pytest.fixture
def form(tomorrow) -> dict:
    return {"kind": "room", "title": "Teamrunde", "day": tomorrow.date().isoformat(), "start": "10:00",
            "end": "11:00", "attendees": 4}


def test_the_grid_has_the_dialog_around_the_panel_and_the_form_posts_into_it(client, cast, tomorrow) -> None:
    room = make_resource(name="Raum A")
    client.force_login(cast.ada)
    page = client.get("/buchen/belegung/", {"kind": "room", "day": tomorrow.date().isoformat()}).content.decode()
    dialog = page[page.index('<dialog class="kern-dialog booking-panel" id="booking-dialog"'):]
    dialog = dialog[:dialog.index("</dialog>")]
    assert 'aria-labelledby="booking-dialog-title"' in dialog and 'id="booking-dialog-title"' in dialog
    assert 'id="booking-panel"' in dialog and "Schließen" in dialog
    assert "js/booking-dialog.js" in page
    partial = client.get("/buchen/neu/", {"resource": room.pk}, **HTMX).content.decode()
    assert "<html" not in partial and 'hx-post="/buchen/neu/" hx-target="#booking-panel"' in partial
    whole = client.get("/buchen/neu/", {"resource": room.pk}).content.decode()
    assert "<html" in whole and "hx-post" not in whole  # without JavaScript: the form's own page


def test_a_collision_in_the_dialog_answers_with_the_form_errors_and_alternatives(client, cast, tomorrow,
                                                                                  form) -> None:
    room, other = make_resource(name="Raum A"), make_resource(name="Raum B")
    booking_create(by=cast.dan, wanted=Request(resource=room, start=tomorrow, end=tomorrow + timedelta(hours=1),
                                               title="Sitzung"))
    client.force_login(cast.carl)
    response = client.post("/buchen/neu/", {**form, "resource": room.pk, "title": "Carls Runde"}, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200 and "HX-Redirect" not in response
    assert "<html" not in page and 'id="booking-form"' in page  # the form alone, into the dialog
    assert "bereits gebucht" in page and 'value="Carls Runde"' in page
    assert "Alternativen" in page and f'data-fill-resource="{other.pk}"' in page and "frei ab" in page
    assert Booking.objects.count() == 1


def test_a_mistake_in_the_dialog_answers_with_the_form_and_books_nothing(client, cast, form) -> None:
    room = make_resource(name="Raum A")
    client.force_login(cast.carl)
    response = client.post("/buchen/neu/", {**form, "resource": room.pk, "start": "11:00", "end": "10:00",
                                            "note": "Bitte Kaffee"}, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200 and "HX-Redirect" not in response and "<html" not in page
    assert "Bitte korrigieren" in page and "Bitte Kaffee" in page and 'value="Teamrunde"' in page
    assert not Booking.objects.exists()


def test_a_booking_made_in_the_dialog_sends_the_page_to_it(client, cast, form) -> None:
    room = make_resource(name="Raum A")
    client.force_login(cast.carl)
    response = client.post("/buchen/neu/", {**form, "resource": room.pk}, **HTMX)
    booking = Booking.objects.get()
    assert response.status_code == 200 and response["HX-Redirect"] == f"/buchen/{booking.pk}/"
    assert booking.title == "Teamrunde" and booking.resource == room
    assert "Gebucht: Raum A." in client.get(response["HX-Redirect"]).content.decode()  # the message waits there


def test_the_form_page_without_htmx_still_redirects(client, cast, form) -> None:
    room = make_resource(name="Raum A")
    client.force_login(cast.carl)
    response = client.post("/buchen/neu/", {**form, "resource": room.pk})
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/buchen/{booking.pk}/"
    assert "HX-Redirect" not in response
    bad = client.post("/buchen/neu/", {**form, "resource": room.pk, "title": ""})
    assert bad.status_code == 200 and "<html" in bad.content.decode() and Booking.objects.count() == 1


def test_the_series_preview_and_booking_work_in_the_dialog(client, cast, form) -> None:
    room = make_resource(name="Raum A")
    client.force_login(cast.carl)
    series = {**form, "resource": room.pk, "series-repeat": "WEEKLY", "series-count": 3}
    preview = client.post("/buchen/neu/", {**series, "preview": "1"}, **HTMX)
    page = preview.content.decode()
    assert preview.status_code == 200 and "<html" not in page and page.count('name="dates"') == 3
    assert not Booking.objects.exists()
    dates = re.findall(r'name="dates" value="([\d-]+)"', page)
    made = client.post("/buchen/neu/", {**series, "create_series": "1", "dates": dates}, **HTMX)
    created = Series.objects.get()
    assert made["HX-Redirect"] == f"/buchen/serie/{created.pk}/" and Booking.objects.count() == 3
