from django.contrib import admin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "status", "attempts"]
    list_filter = ["status", "template", "edition"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
