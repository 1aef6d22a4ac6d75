from __future__ import annotations

from django.contrib import admin

from timekeeping.leave.admin import PersonalRecordsAdmin

from .models import DayCredit, MonthClosing, WorkTimeRuleSet


@admin.register(WorkTimeRuleSet)
class WorkTimeRuleSetAdmin(admin.ModelAdmin):
    list_display = ("status_group", "valid_from", "max_daily_minutes", "min_rest_minutes", "frame_start", "frame_end",
                    "plus_cap_hours", "minus_cap_hours")



@admin.register(MonthClosing)
class MonthClosingAdmin(PersonalRecordsAdmin):
    list_display = ("person", "month", "state", "balance_minutes", "carried_minutes", "forfeited_minutes")
    list_filter = ("state", "month")
    search_fields = ("person__username", "person__last_name")
    list_select_related = ("person",)
    # Closings change only through the approval workflow; the admin shows them.
    readonly_fields = [f.name for f in MonthClosing._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False



@admin.register(DayCredit)
class DayCreditAdmin(admin.ModelAdmin):
    list_display = ("person", "date", "kind", "minutes", "note")
    list_filter = ("kind",)
    search_fields = ("person__username", "person__last_name")
    list_select_related = ("person",)
    # Credits come from approved travel-cost claims; the admin shows them.
    readonly_fields = [f.name for f in DayCredit._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

