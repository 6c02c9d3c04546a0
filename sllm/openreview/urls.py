from django.urls import path

from . import apis, views
from .invitations import views as invitation_views

app_name = "openreview"
urlpatterns = [
    path("organize/<slug:slug>/openreview/", views.sync_page_view, name="sync"),
    path("organize/<slug:slug>/openreview/sync/", views.sync_start_view, name="sync-start"),
    path(
        "organize/<slug:slug>/openreview/runs/<int:run_id>.json",
        views.sync_run_status_view,
        name="run-status",
    ),
    path("organize/<slug:slug>/openreview/invitations/", invitation_views.invitations_view, name="invitations"),
    path(
        "organize/<slug:slug>/openreview/invitations/run/",
        invitation_views.invitations_run_view,
        name="invitations-run",
    ),
    path(
        "organize/<slug:slug>/openreview/invitations/settings/",
        invitation_views.invitations_settings_view,
        name="invitations-settings",
    ),
    path("<slug:slug>/claim/<str:token>/", invitation_views.claim_view, name="claim"),
    path("<slug:slug>/claim/verify/<str:token>/", invitation_views.claim_verify_view, name="claim-verify"),
    # Beside the decisions pages (reviewing.decisions), whose list links here.
    path("organize/<slug:slug>/decisions/map/", views.decision_map_view, name="decision-map"),
    path("api/v1/editions/<slug:slug>/decision-map/", apis.DecisionMapApi.as_view(), name="api-decision-map"),
]
