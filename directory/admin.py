from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Employment, OrgUnit, ScheduleSource, User


class EmploymentInline(admin.TabularInline):
    model = Employment
    extra = 0
    readonly_fields = ("source",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "last_name", "first_name", "org_unit", "status_group", "is_active")
    list_filter = ("status_group", "is_active", "groups")
    list_select_related = ("org_unit",)
    search_fields = ("username", "first_name", "last_name", "email", "personnel_number")
    autocomplete_fields = ("org_unit",)
    inlines = [EmploymentInline]
    def save_formset(self, request, form, formset, change) -> None:
        """A schedule row HR saves here is HR's: no longer the default, and the directory leaves it alone."""
        rows = formset.save(commit=False)
        for row in rows:
            if isinstance(row, Employment):
                row.source = ScheduleSource.HR
            row.save()
        for row in formset.deleted_objects:
            row.delete()
        formset.save_m2m()

    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Employment"), {"fields": ("org_unit", "personnel_number", "status_group", "phone", "room", "language")}),
        (_("Directory"), {"fields": ("directory_dn", "directory_guid")}),
    )


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "head", "deputy")
    list_filter = ("kind",)
    list_select_related = ("parent", "head", "deputy")
    search_fields = ("code", "name")
    autocomplete_fields = ("parent", "head", "deputy")

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and {"name", "code"} & set(form.changed_data):  # the people's search text holds them
            from .services import unit_people_search_refresh

            unit_people_search_refresh([obj.pk])
