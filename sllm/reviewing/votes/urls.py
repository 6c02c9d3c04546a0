from django.urls import path

from . import apis, views

app_name = "votes"
urlpatterns = [
    path("api/v1/editions/<slug:slug>/votes/<str:kind>/", apis.VoteApi.as_view(), name="api-vote"),
    path("api/v1/editions/<slug:slug>/votes/<str:kind>/close/", apis.VoteCloseApi.as_view(), name="api-close"),
    path("api/v1/editions/<slug:slug>/votes/<str:kind>/ballot/", apis.BallotApi.as_view(), name="api-ballot"),
    path(
        "api/v1/editions/<slug:slug>/votes/<str:kind>/ballots/",
        apis.PublishedBallotsApi.as_view(),
        name="api-ballots",
    ),
    path("organize/<slug:slug>/votes/", views.dashboard_view, name="dashboard"),
    path("organize/<slug:slug>/votes/committee/", views.committee_view, name="committee"),
    path("organize/<slug:slug>/votes/<str:kind>/open/", views.open_view, name="open"),
    path("organize/<slug:slug>/votes/<str:kind>/close/", views.close_view, name="close"),
    path("organize/<slug:slug>/votes/<str:kind>/decide/", views.decide_view, name="decide"),
    path("votes/<slug:slug>/award/nominations/", views.award_nominations_view, name="award-nominations"),
    path("votes/<slug:slug>/<str:kind>/", views.ballot_view, name="ballot"),
    path("votes/<slug:slug>/<str:kind>/ballots/", views.ballots_view, name="ballots"),
    path("votes/<slug:slug>/<str:kind>/ballots.json", views.ballots_json_view, name="ballots-json"),
]
