from django.urls import path

from . import apis, views

app_name = "workshops"
urlpatterns = [
    path("api/v1/editions/", apis.EditionListApi.as_view(), name="api-editions"),
    path("api/v1/editions/<slug:slug>/", apis.EditionDetailApi.as_view(), name="api-edition"),
    path("api/v1/editions/<slug:slug>/tracks/", apis.TrackListApi.as_view(), name="api-tracks"),
    path("organize/new-edition/", views.edition_create_view, name="create"),
    path("organize/<slug:slug>/call/", views.call_edit_view, name="call-edit"),
    path(
        "api/v1/editions/<slug:slug>/tracks/<str:kind>/uncounted-sections/",
        apis.TrackUncountedSectionsApi.as_view(),
        name="api-track-uncounted-sections",
    ),
    path("organize/<slug:slug>/community/", views.community_organize_view, name="community"),
    path(
        "organize/<slug:slug>/community/<int:channel_id>/",
        views.community_channel_edit_view,
        name="community-channel-edit",
    ),
    path(
        "organize/<slug:slug>/community/<int:channel_id>/delete/",
        views.community_channel_delete_view,
        name="community-channel-delete",
    ),
    path("<slug:slug>/community/", views.community_public_view, name="community-public"),
    path("organize/<slug:slug>/", views.dashboard_view, name="dashboard"),
    path(
        "organize/<slug:slug>/tracks/<str:kind>/uncounted-sections/",
        views.track_uncounted_sections_view,
        name="track-uncounted-sections",
    ),
]
