from django.urls import path

from . import views

app_name = "openreview"
urlpatterns = [
    path("organize/<slug:slug>/openreview/", views.sync_page_view, name="sync"),
    path("organize/<slug:slug>/openreview/sync/", views.sync_start_view, name="sync-start"),
    path(
        "organize/<slug:slug>/openreview/runs/<int:run_id>.json",
        views.sync_run_status_view,
        name="run-status",
    ),
]
