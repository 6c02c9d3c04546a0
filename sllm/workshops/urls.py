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
    path("organize/<slug:slug>/", views.dashboard_view, name="dashboard"),
    path(
        "organize/<slug:slug>/tracks/<str:kind>/uncounted-sections/",
        views.track_uncounted_sections_view,
        name="track-uncounted-sections",
    ),
]
