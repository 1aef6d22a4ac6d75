from __future__ import annotations

from django.contrib import admin

from intranet.core.permissions import may

from .models import ExpiryNotice, LeaveBucket, LeaveRequest, LeaveRuleSet, LeaveType, LocalDayOff


class PersonalRecordsAdmin(admin.ModelAdmin):
    """A person's absences, entitlements or time: HR only (intranet.view_personal_records_in_admin), also
    against a superuser, since administrators see the system's metadata, not the content of personal records."""

    def _hr(self, request) -> bool:
        return may(request.user, "intranet.view_personal_records_in_admin")

    def has_module_permission(self, request) -> bool:
        return self._hr(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._hr(request)  # HR reads them without a Django model permission; changes need one too

    def has_change_permission(self, request, obj=None) -> bool:
        return self._hr(request) and super().has_change_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return self._hr(request) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._hr(request) and super().has_delete_permission(request, obj)



@admin.register(LeaveType)
class LeaveTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name_de", "name_en", "draws_on", "needs_approval", "is_sickness", "active", "order")
    list_editable = ("active", "order")



@admin.register(LeaveRuleSet)
class LeaveRuleSetAdmin(admin.ModelAdmin):
    list_display = ("status_group", "valid_from", "annual_days", "statutory_days", "carry_over_expires",
                    "allow_half_days")



@admin.register(LeaveBucket)
class LeaveBucketAdmin(PersonalRecordsAdmin):
    list_display = ("person", "year", "kind", "days", "expires_on", "extended")
    list_filter = ("year", "kind", "extended")
    search_fields = ("person__username", "person__last_name")
    autocomplete_fields = ("person",)



@admin.register(LeaveRequest)
class LeaveRequestAdmin(PersonalRecordsAdmin):
    list_display = ("person", "leave_type", "start", "end", "days", "state")
    list_filter = ("state", "leave_type")
    search_fields = ("person__username", "person__last_name")
    list_select_related = ("person", "leave_type")
    # Requests change only through the services (balance, approval); the admin shows them.
    readonly_fields = [f.name for f in LeaveRequest._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False



@admin.register(ExpiryNotice)
class ExpiryNoticeAdmin(PersonalRecordsAdmin):
    list_display = ("person", "year", "kind", "days", "expires_on", "sent_at")
    readonly_fields = ("person", "year", "kind", "days", "expires_on", "sent_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LocalDayOff)
class LocalDayOffAdmin(admin.ModelAdmin):
    list_display = ("date", "name", "half")
    date_hierarchy = "date"
