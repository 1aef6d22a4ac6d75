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


def test_the_admin_names_every_field_of_the_intranets_records_in_german() -> None:
    """A field without a translated verbose_name shows its English attribute name in the German admin."""
    from django.contrib import admin
    from django.utils import translation
    from django.utils.functional import Promise

    models = set(admin.site._registry)
    models |= {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}
    ours = [m for m in models if m.__module__.split(".")[0] in {"intranet", "timekeeping", "reservations", "directory"}]
    untranslated = []
    with translation.override("de"):
        for model in ours:
            for field in model._meta.get_fields():
                if not getattr(field, "concrete", False) or field.auto_created:
                    continue
                name = field.verbose_name
                if not isinstance(name, Promise) or str(name) == name.__reduce__()[1][1][0]:
                    untranslated.append(f"{model._meta.label}.{field.name}")
    assert ours and untranslated == []


def test_a_request_is_closed_by_its_decision_and_a_room_is_closed_by_a_block() -> None:
    """One English word, two German ones: the request's closed_at is "abgeschlossen", a closed room "gesperrt"."""
    from django.utils import translation
    from django.utils.translation import gettext

    from intranet.approvals.models import ApprovalRequest

    with translation.override("de"):
        assert str(ApprovalRequest._meta.get_field("closed_at").verbose_name) == "abgeschlossen"
        assert gettext("closed") == "gesperrt"  # the timeline's blocked rooms and cars keep their word
