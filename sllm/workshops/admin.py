from django.contrib import admin

from .models import Track, Workshop


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "start_date", "timezone", "openreview_venue_id"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [TrackInline]
