from django.contrib import admin

from .models import Edition, Track


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "start_date", "timezone", "openreview_venue_id"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [TrackInline]
