"""The address book: search, person and unit pages, own entry, vCards, the API."""

from __future__ import annotations

import pytest
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from directory.models import PersonPhoto
from directory.presence import AWAY, register_presence_provider, unregister_presence_provider
from directory.search import fold, fold_query
from directory.vcard import Card, vcards
from directory.vcard import fold as fold_line
from tests.factories import make_unit, make_user, set_leadership

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200 + b"\xff\xd9"


@pytest.mark.parametrize(("stored", "query"), [
    ("Müller", "Müller"), ("Müller", "Mueller"), ("Müller", "muller"), ("Mueller", "Müller"),
    ("Weiß", "weiss"), ("Weiß", "Weiß"), ("Groß", "gross"), ("José", "jose"),
])
def test_umlauts_and_sharp_s_find_each_other(stored: str, query: str) -> None:
    assert all(word in fold(stored) for word in fold_query(query))


@pytest.fixture
def signed_in(client, cast):
    client.force_login(cast.ada)
    return client


def test_search_by_name_unit_extension_room_and_title(signed_in, cast) -> None:
    make_user(username="jm", first_name="Jürgen", last_name="Müller", org_unit=cast.sg_b, phone="06142 83-4711",
              room="2.107", title="Kassenleitung")
    for query in ("Mueller", "müller", "4711", "2.107", "Kassenleitung", "Sachgebiet B", "jürgen müller"):
        page = signed_in.get("/telefonbuch/", {"q": query}).content.decode()
        assert "Müller, Jürgen" in page, query
    assert "Müller, Jürgen" not in signed_in.get("/telefonbuch/", {"q": "Schmidt"}).content.decode()


def test_live_search_returns_only_the_results(signed_in, cast) -> None:
    response = signed_in.get("/telefonbuch/", {"q": "Bauer"}, headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert 'id="results"' in fragment and "<html" not in fragment
    assert "Bauer, Ben" in fragment and "1 Person gefunden" in fragment


def test_inactive_people_and_private_data_are_not_shown(signed_in, cast) -> None:
    gone = make_user(username="gone", last_name="Ausgeschieden", is_active=False, personnel_number="99999")
    page = signed_in.get("/telefonbuch/", {"q": "Ausgeschieden"}).content.decode()
    assert "Ausgeschieden, Vorname" not in page and "0 Personen gefunden" in page
    assert signed_in.get(f"/telefonbuch/personen/{gone.pk}/").status_code == 404
    cast.ben.personnel_number = "12345"
    cast.ben.save()
    assert "12345" not in signed_in.get(f"/telefonbuch/personen/{cast.ben.pk}/").content.decode()


def test_search_queries_do_not_grow_with_the_people(signed_in, cast) -> None:
    with CaptureQueriesContext(connection) as few:
        signed_in.get("/telefonbuch/", {"q": "a"})
    unit = make_unit()
    for n in range(60):
        make_user(last_name=f"Amann{n}", org_unit=unit, weekly_hours=None)
    with CaptureQueriesContext(connection) as many:
        page = signed_in.get("/telefonbuch/", {"q": "a"}).content.decode()
    assert "Seite 1 von" in page  # paginated
    assert len(many.captured_queries) == len(few.captured_queries)


def test_person_page_shows_contact_unit_supervisor_deputy_and_presence(signed_in, cast) -> None:
    cast.ben.phone, cast.ben.mobile, cast.ben.room = "06142 83-1234", "0170 555", "1.23"
    cast.ben.save()

    def provider(ids, day):
        return {cast.ben.pk: AWAY}

    register_presence_provider(provider)
    try:
        page = signed_in.get(f"/telefonbuch/personen/{cast.ada.pk}/").content.decode()
        assert "Ben Bauer" in page and "Bea Busch" in page  # supervisor and deputy
        ben = signed_in.get(f"/telefonbuch/personen/{cast.ben.pk}/").content.decode()
    finally:
        unregister_presence_provider(provider)
    assert 'href="tel:0614283-1234"' in ben and 'href="mailto:ben@stadt.example"' in ben
    assert "Heute: abwesend" in ben


def test_unit_page_lists_head_and_deputy_first(signed_in, cast) -> None:
    page = signed_in.get(f"/telefonbuch/einheiten/{cast.sg_a.pk}/").content.decode()
    assert page.index("Bauer, Ben") < page.index("Busch, Bea") < page.index("Arendt, Ada")
    assert "Sachgebiet A" in signed_in.get("/telefonbuch/einheiten/").content.decode()


def test_a_unit_without_people_says_so(signed_in, cast) -> None:
    page = signed_in.get(f"/telefonbuch/einheiten/{make_unit(name='Leere Einheit').pk}/").content.decode()
    assert "Dieser Einheit gehört niemand direkt an." in page and 'class="people"' not in page


def test_own_entry_is_shown_over_the_directory_value(signed_in, cast) -> None:
    cast.ada.room = "1.01"
    cast.ada.save()
    response = signed_in.post("/telefonbuch/mein-eintrag/", {"local_room": "3.33", "local_mobile": "0171 1",
                                                               "about": "Bauanträge A–K"})
    assert response.status_code == 302
    cast.ada.refresh_from_db()
    assert (cast.ada.room, cast.ada.shown_room, cast.ada.about) == ("1.01", "3.33", "Bauanträge A–K")
    assert "Arendt, Ada" in signed_in.get("/telefonbuch/", {"q": "bauantraege"}).content.decode()


def test_own_entry_only_offers_the_allowed_fields(signed_in, cast, settings) -> None:
    settings.ADDRESSBOOK_EDITABLE_FIELDS = ["room"]
    signed_in.post("/telefonbuch/mein-eintrag/", {"local_room": "4.4", "about": "nicht erlaubt"})
    cast.ada.refresh_from_db()
    assert (cast.ada.local_room, cast.ada.about) == ("4.4", "")


def test_vcard_parses_with_an_independent_parser(signed_in, cast) -> None:
    cast.ben.phone, cast.ben.title = "06142 83-1234", "Leitung; Bürgerbüro, Standesamt"
    cast.ben.save()
    PersonPhoto.objects.create(user=cast.ben, data=JPEG)
    response = signed_in.get(f"/telefonbuch/personen/{cast.ben.pk}/vcard/")
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    text = response.content.decode("utf-8")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    card = vobject.readOne(text)
    assert card.fn.value == "Ben Bauer"
    assert card.n.value.family == "Bauer" and card.n.value.given == "Ben"
    assert card.title.value == "Leitung; Bürgerbüro, Standesamt"
    assert card.tel.value == "06142 83-1234"
    assert card.photo.value == JPEG


def test_unit_vcard_has_everyone(signed_in, cast) -> None:
    text = signed_in.get(f"/telefonbuch/einheiten/{cast.sg_a.pk}/vcard/").content.decode()
    assert sorted(c.fn.value for c in vobject.readComponents(text)) == ["Ada Arendt", "Bea Busch", "Ben Bauer"]


def test_vcard_escaping_and_folding() -> None:
    text = vcards([Card(uid="x", first_name="Änne", last_name="Groß-Ümit", organisation="Stadt; Amt, 1\\2",
                        room="ä" * 60)])
    assert "ORG:Stadt\\; Amt\\, 1\\\\2" in text
    long_line = next(line for line in text.split("\r\n") if line.startswith("NOTE"))
    assert len(long_line.encode()) <= 75
    assert fold_line("ä" * 50).count("\r\n ") == 1


def test_address_book_can_be_switched_off(signed_in, settings) -> None:
    settings.MODULES = ["time"]
    assert signed_in.get("/telefonbuch/").status_code == 404
    assert "Telefonbuch" not in signed_in.get("/").content.decode()


def test_people_api(cast) -> None:
    api = APIClient()
    assert api.get("/api/v1/people/").status_code == 401
    api.force_authenticate(cast.dan)
    data = api.get("/api/v1/people/", {"q": "bauer"}).json()
    assert data["count"] == 1
    (ben,) = data["results"]
    assert ben["display_name"] == "Ben Bauer" and ben["org_unit"]["code"] == "SG-A"
    assert "personnel_number" not in ben
    assert api.get("/api/v1/people/", {"unit": cast.sg_a.pk}).json()["count"] == 3
    assert api.get("/api/v1/people/", {"unit": "abc"}).status_code == 400
    assert api.get(f"/api/v1/people/{cast.ben.pk}/").json()["username"] == "ben"
    units = api.get("/api/v1/units/").json()["results"]
    sg_a = next(u for u in units if u["code"] == "SG-A")
    assert sg_a["head"]["username"] == "ben" and sg_a["deputy"]["username"] == "bea"


def test_directory_test_page_is_for_administrators(client, cast) -> None:
    client.force_login(cast.hanna)
    assert client.get("/verwaltung/verzeichnis/").status_code == 403
    client.force_login(cast.ali)
    assert "kein Verzeichnisdienst eingerichtet" in client.get("/verwaltung/verzeichnis/").content.decode()


@pytest.mark.ldap
def test_directory_test_page_shows_entry_groups_and_roles(client, cast, ldap_settings) -> None:
    client.force_login(cast.ali)
    page = client.post("/verwaltung/verzeichnis/", {"username": "petra.hoffmann"}).content.decode()
    assert "uid=petra.hoffmann,ou=SG111" in page
    assert "cn=personal,ou=groups,dc=stadt,dc=example" in page  # the nested group
    assert "D1 › FB11 › SG111" in page
    assert "Rollen im Intranet</dt><dd>hr</dd>" in page.replace("\n", "")
    page = client.post("/verwaltung/verzeichnis/", {"username": "*"}).content.decode()
    assert "kein (eindeutiger) Eintrag" in page


def test_unit_members_put_a_new_head_first(cast) -> None:
    set_leadership(cast.sg_b, head=cast.carl)
    from directory.selectors import unit_members

    assert unit_members(cast.sg_b)[0] == cast.carl


@pytest.mark.parametrize(("unit_name", "queries"), [
    ("Bürgerbüro", ("Bürgerbüro", "Buergerbuero", "burgerburo", "BÜRGERBÜRO", "bürger")),
    ("Kämmerei", ("Kämmerei", "Kaemmerei", "kammerei")),
    ("Sachgebiet Kindertagesstätten", ("Kindertagesstätten", "Kindertagesstaetten", "kindertagesstatten")),
    ("Gebäudemanagement", ("Gebäudemanagement", "Gebaeudemanagement", "gebaudemanagement")),
])
def test_units_fold_like_names(signed_in, unit_name, queries) -> None:
    unit = make_unit(name=unit_name)
    make_user(username="kk", first_name="Karla", last_name="Krüger", org_unit=unit)
    api = APIClient()
    api.force_authenticate(make_user(username="reader"))
    for query in queries:
        page = signed_in.get("/telefonbuch/", {"q": query}).content.decode()
        assert "Krüger, Karla" in page and "1 Person gefunden" in page, query
        assert [p["last_name"] for p in api.get("/api/v1/people/", {"q": query}).json()["results"]] == ["Krüger"]
    # with the name: the person of that unit, not everyone called Krüger
    assert "Krüger, Karla" in signed_in.get("/telefonbuch/", {"q": f"Krueger {queries[0]}"}).content.decode()


def test_titles_and_rooms_fold_like_names(signed_in) -> None:
    make_user(username="tt", first_name="Timo", last_name="Thal", title="Sachbearbeitung Gebäudemanagement",
              room="Süd 2.07")
    for query in ("Gebaeudemanagement", "gebäudemanagement", "sued", "Süd 2.07", "sud"):
        assert "Thal, Timo" in signed_in.get("/telefonbuch/", {"q": query}).content.decode(), query


def test_a_renamed_unit_is_found_by_its_new_name(client, cast) -> None:
    from directory.services import unit_people_search_refresh

    unit = make_unit(code="FB 3", name="Ordnungsamt")
    make_user(username="oo", first_name="Olga", last_name="Öztürk", org_unit=unit)
    admin = make_user(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    changed = client.post(f"/admin/directory/orgunit/{unit.pk}/change/", {
        "code": "FB 3", "name": "Bürgerbüro und Ordnung", "kind": "sachgebiet", "parent": "", "head": "",
        "deputy": "", "directory_dn": ""})
    assert changed.status_code == 302
    client.force_login(cast.ada)
    assert "Öztürk, Olga" in client.get("/telefonbuch/", {"q": "Buergerbuero"}).content.decode()
    assert "Öztürk, Olga" not in client.get("/telefonbuch/", {"q": "Ordnungsamt"}).content.decode()
    # A rename written some other way: the service refreshes the people of the units named.
    type(unit).objects.filter(pk=unit.pk).update(name="Kämmerei")
    assert unit_people_search_refresh([unit.pk]) == 1
    assert "Öztürk, Olga" in client.get("/telefonbuch/", {"q": "kaemmerei"}).content.decode()


def test_a_room_is_named_raum_once() -> None:
    """Some directories keep "Raum 1.01", others "1.01"; a room called "Raumpflege 2" is still a room."""
    from directory.vcard import card_lines

    def note(room: str) -> str:
        return next(line for line in card_lines(Card(uid="x", first_name="A", last_name="B", organisation="S",
                                                     room=room)) if line.startswith("NOTE:"))

    assert [note(room) for room in ("Raum 1.01", "2.14", "Raumpflege 2")] == [
        "NOTE:Raum 1.01", "NOTE:Raum 2.14", "NOTE:Raum Raumpflege 2"]


def test_a_mobile_number_and_a_period_of_mobile_work_have_their_own_german_words() -> None:
    from django.contrib.auth import get_user_model
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("de"):
        assert str(get_user_model()._meta.get_field("mobile").verbose_name) == "Mobilnummer"
        assert gettext("mobile") == "mobil"  # the month sheet's "(mobile)" after a period of mobile work


def test_the_search_is_answered_from_a_trigram_index_on_postgresql(db) -> None:
    """Migration 0009: `LIKE '%word%'` over the search text from pg_trgm's index, not by reading all staff."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no trigram index: the scan serves there")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a small test table would be scanned anyway
        cursor.execute("EXPLAIN SELECT id FROM directory_user WHERE search_text LIKE %s", ["%dora%"])
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "user_search_trigrams" in plan
