from django.urls import path

from . import views

app_name = "live"
urlpatterns = [
    path("<slug:slug>/live/<uuid:uid>/", views.questions_view, name="questions"),
    path("<slug:slug>/live/<uuid:uid>/ask/", views.ask_view, name="ask"),
    path("<slug:slug>/live/<uuid:uid>/questions.json", views.questions_json_view, name="questions-json"),
    path("<slug:slug>/live/<uuid:uid>/questions/<int:pk>/upvote/", views.upvote_view, name="upvote"),
    path("<slug:slug>/live/<uuid:uid>/now/", views.now_view, name="now"),
    path("organize/<slug:slug>/live/", views.organize_view, name="organize"),
    path("organize/<slug:slug>/live/<uuid:uid>/", views.moderate_view, name="moderate"),
    path("organize/<slug:slug>/live/<uuid:uid>/board/", views.board_view, name="board"),
    path(
        "organize/<slug:slug>/live/<uuid:uid>/questions/<int:pk>/<str:action>/",
        views.moderate_action_view,
        name="moderate-action",
    ),
]
