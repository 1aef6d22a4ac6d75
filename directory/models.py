"""People and organisation: the user model, org units and employment terms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StatusGroup(models.TextChoices):
    # The rules differ per group (domain.md: TVöD for Tarif, HBG/HAZVO/HUrlVO for Beamte).
    TARIF = "tarif", _("Employee under collective agreement (TVöD)")
    BEAMTE = "beamte", _("Civil servant")
    AZUBI = "azubi", _("Trainee")


class OrgUnitKind(models.TextChoices):
    DEZERNAT = "dezernat", _("Department (Dezernat)")
    FACHBEREICH = "fachbereich", _("Division (Fachbereich)")
    SACHGEBIET = "sachgebiet", _("Section (Sachgebiet)")
    STABSSTELLE = "stabsstelle", _("Staff unit (Stabsstelle)")


class OrgUnit(models.Model):
    """A unit of the administration; units form a tree (Dezernat > Fachbereich > Sachgebiet)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrgUnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("head"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="headed_units",
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("deputy"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="deputized_units",
    )
    directory_dn = models.CharField(_("directory DN"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(head__isnull=True) | Q(deputy__isnull=True) | ~Q(head=models.F("deputy")),
                name="orgunit_head_is_not_deputy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        # Walk up from the new parent: meeting ourselves would make the tree a cycle.
        node = self.parent
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A unit cannot be placed below itself.")})
            node = node.parent
        if self.head_id and self.head_id == self.deputy_id:
            raise ValidationError({"deputy": _("The head cannot be their own deputy.")})


class User(AbstractUser):
    """A member of staff. Directory-managed fields are refreshed from LDAP at sign-in and sync."""

    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    # "mobile" alone marks a period of mobile work on the month sheet
    mobile = models.CharField(pgettext_lazy("phone number", "mobile"), max_length=50, blank=True)
    room = models.CharField(_("room"), max_length=50, blank=True)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    # What the person entered themselves (ADDRESSBOOK_EDITABLE_FIELDS), shown over the directory's value.
    local_mobile = models.CharField(_("mobile (own entry)"), max_length=50, blank=True)
    local_room = models.CharField(_("room (own entry)"), max_length=50, blank=True)
    about = models.CharField(_("my tasks"), max_length=500, blank=True)
    # Names, unit, title and rooms folded for search (Müller = Mueller = Muller); kept by save().
    search_text = models.TextField(_("search text"), editable=False, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("org unit"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="members",
    )
    personnel_number = models.CharField(_("personnel number"), max_length=20, blank=True)
    status_group = models.CharField(
        _("status group"), max_length=10, choices=StatusGroup.choices, default=StatusGroup.TARIF,
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True,
        help_text=_("Language of the interface and of e-mails; empty means the default."),
    )
    approval_mail = models.CharField(
        _("mails about requests to decide"), max_length=10,
        choices=[("immediate", _("one mail per request")), ("digest", _("one daily summary"))],
        default="immediate",
    )
    # Feed addresses end up in external calendar services: the own feed names an absence's type (sickness!)
    # only when the person chose so; otherwise it says "abwesend", as every other feed does.
    feed_shows_absence_type = models.BooleanField(
        _("show the type of my absences in my calendar feed"), default=False,
        help_text=_("Off, your feed says only \"absent\". Whoever knows the feed address can read it, and "
                    "calendar services keep a copy: leave this off unless you need it."),
    )
    # The directory identity: the DN can change (a move between OUs), the GUID does not.
    directory_dn = models.CharField(_("directory DN"), max_length=500, blank=True)
    directory_guid = models.CharField(_("directory GUID"), max_length=64, null=True, blank=True, unique=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.UniqueConstraint(
                fields=["personnel_number"], condition=~Q(personnel_number=""),
                name="user_personnel_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def refresh_search_text(self) -> None:
        """Set the derived column the address book searches (bulk inserts call this themselves). It holds
        the unit's name too: renaming a unit refreshes its people (services.unit_people_search_refresh)."""
        from .search import person_search_text

        self.search_text = person_search_text(self, self.org_unit if self.org_unit_id else None)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A derived column, not a rule: recomputed whenever the row is written, however it is written.
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def shown_room(self) -> str:
        return self.local_room or self.room

    @property
    def shown_mobile(self) -> str:
        return self.local_mobile or self.mobile

    @property
    def is_directory_account(self) -> bool:
        return bool(self.directory_guid or self.directory_dn)


weekdays_validator = RegexValidator(
    r"^(?!.*(.).*\1)[1-7]{1,7}$",
    _("Enter the working weekdays as digits 1 (Monday) to 7 (Sunday), each at most once, e.g. 12345."),
)


class ScheduleSource(models.TextChoices):
    HR = "hr", _("entered by HR")
    DIRECTORY = "directory", _("from the directory")
    DEFAULT = "default", _("default of the status group")


class Employment(models.Model):
    """Employment terms valid from a date until the next row's valid_from (a dated history)."""

    user = models.ForeignKey(User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="employments")
    valid_from = models.DateField(_("valid from"))
    weekly_hours = models.DecimalField(
        _("weekly hours"), max_digits=4, decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("48"))],
    )
    working_weekdays = models.CharField(
        _("working weekdays"), max_length=7, default="12345", validators=[weekdays_validator],
        help_text=_("Digits 1 (Monday) to 7 (Sunday), e.g. 12345 for Monday to Friday."),
    )
    # Where the row came from: HR's own entry, the directory, or the status group's default given to a
    # person who came from the directory without one (HR's leave page lists those to check).
    source = models.CharField(_("source"), max_length=10, choices=ScheduleSource.choices, default=ScheduleSource.HR)

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employments")
        ordering = ["user", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["user", "valid_from"], name="employment_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.valid_from}: {self.weekly_hours} h"

    @property
    def weekdays(self) -> frozenset[int]:
        """ISO weekdays worked (1 = Monday)."""
        return frozenset(int(d) for d in self.working_weekdays)


class PersonPhoto(models.Model):
    """A person's photo from the directory (jpegPhoto / thumbnailPhoto), kept apart so lists never load it."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="photo", primary_key=True)
    data = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return f"{self.user_id}"


class FeedToken(models.Model):
    """The secret part of a person's calendar-feed URLs (calendar clients send no session cookie).

    The token is an HMAC over the user and a random nonce, keyed by SECRET_KEY: the database alone
    does not reveal it, the owner can show it again, renew it (new nonce) and revoke it.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_token")
    nonce = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "intranet_feedtoken"  # kept: it was the intranet app's

    def __str__(self) -> str:
        return f"feed token of {self.user_id}"
