from __future__ import annotations

from django import forms
from django.contrib import admin

from .forms import bookable_role_field
from .models import Block, Booking, LicenceCheck, LogbookEntry, Resource


class ResourceAdminForm(forms.ModelForm):
    bookable_role = bookable_role_field()

    class Meta:
        model = Resource
        fields = ["bookable_role"]  # the admin adds the fieldsets' fields


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    form = ResourceAdminForm
    list_display = ("name", "kind", "location", "capacity", "licence_plate", "needs_approval", "active")
    list_filter = ("kind", "active", "needs_approval", "step_free")
    search_fields = ("name", "location", "licence_plate")
    filter_horizontal = ("bookable_units",)
    fieldsets = (
        (None, {"fields": ("kind", "name", "location", "floor", "description", "active")}),
        ("Raum", {"fields": ("capacity", "equipment", "step_free", "hearing_loop")}),
        ("Dienstwagen", {"fields": ("licence_plate", "car_model", "fuel", "range_km", "key_box", "next_inspection")}),
        ("Regeln", {"fields": ("bookable_units", "bookable_role", "needs_approval", "min_minutes", "max_minutes",
                               "max_days_ahead", "day_starts", "day_ends", "buffer_minutes", "max_future_bookings",
                               "show_titles", "checkin_minutes")}),
    )


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ("resource", "start", "end", "reason")
    list_filter = ("resource__kind",)


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ("resource", "start", "end", "title", "booker", "state")
    list_filter = ("state", "resource__kind")
    search_fields = ("title", "booker__last_name", "resource__name")
    list_select_related = ("resource", "booker")
    date_hierarchy = "start"
    # Bookings change only through the services (collisions, approval); the admin shows them.
    readonly_fields = [f.name for f in Booking._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(LicenceCheck)
class LicenceCheckAdmin(admin.ModelAdmin):
    list_display = ("driver", "checked_on", "classes", "checked_by")
    search_fields = ("driver__last_name",)
    autocomplete_fields = ("driver",)


@admin.register(LogbookEntry)
class LogbookEntryAdmin(admin.ModelAdmin):
    list_display = ("car", "booking", "driver", "odometer_start", "odometer_end", "gap_km")
    list_filter = ("car",)
    readonly_fields = [f.name for f in LogbookEntry._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
