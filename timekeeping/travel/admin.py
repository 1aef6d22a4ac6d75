from __future__ import annotations

from django.contrib import admin

from .models import TrainingBudget, TravelRuleSet


@admin.register(TrainingBudget)
class TrainingBudgetAdmin(admin.ModelAdmin):
    list_display = ("unit", "year", "planned")
    list_filter = ("year",)



@admin.register(TravelRuleSet)
class TravelRuleSetAdmin(admin.ModelAdmin):
    list_display = ("valid_from", "per_diem_partial", "per_diem_full", "km_with_reason", "km_without_reason",
                    "claim_months", "second_level_from")

