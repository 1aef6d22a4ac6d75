from django.contrib import admin

from .models import SignLanguageVideo


@admin.register(SignLanguageVideo)
class SignLanguageVideoAdmin(admin.ModelAdmin):
    list_display = ["title", "video_url", "updated_at"]
