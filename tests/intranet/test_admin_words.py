"""The admin speaks of the intranet, in German, down to the names of its records."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from timekeeping.leave.models import ExpiryNotice


def test_the_admin_names_the_intranet_and_translates_its_records(client, cast) -> None:
    cast.hanna.is_staff = True  # HR: the expiry notices are personal records, theirs to read
    cast.hanna.save()
    client.force_login(cast.hanna)
    page = client.get("/admin/").content.decode()
    assert "Intranet-Verwaltung" in page and "Django-Verwaltung" not in page
    assert "Verfallshinweise" in page and "Expiry notices" not in page
    ExpiryNotice.objects.create(person=cast.ada, year=2026, kind="october", days=3, expires_on=date(2027, 3, 31),
                                sent_at=timezone.now())
    listing = client.get("/admin/leave/expirynotice/").content.decode()
    assert "Urlaubsjahr" in listing and "Sent at" not in listing


def test_the_admin_names_the_role_a_resource_is_kept_for(client, cast) -> None:
    cast.ali.is_staff = cast.ali.is_superuser = True
    cast.ali.save()
    client.force_login(cast.ali)
    page = client.get("/admin/reservations/resource/add/").content.decode()
    assert '<option value="fleet">Fuhrparkverwaltung</option>' in page and "z. B. fleet" not in page
    assert 'name="capacity"' in page  # the fieldsets' fields are all there
