from django.urls import path

from . import apis, views

app_name = "mentoring"
urlpatterns = [
    path("api/v1/mentoring/<slug:slug>/me/", apis.MyMentoringApi.as_view(), name="api-me"),
    path("api/v1/mentoring/<slug:slug>/runs/latest/", apis.LatestRunApi.as_view(), name="api-latest-run"),
    path("mentoring/<slug:slug>/", views.mine_view, name="mine"),
    path("mentoring/<slug:slug>/mentor/", views.mentor_signup_view, name="mentor-signup"),
    path("mentoring/<slug:slug>/mentee/", views.mentee_signup_view, name="mentee-signup"),
    path("organize/<slug:slug>/mentoring/", views.organize_view, name="organize"),
    path("organize/<slug:slug>/mentoring/setup/", views.setup_view, name="setup"),
    path("organize/<slug:slug>/mentoring/run/", views.run_view, name="run"),
    path("organize/<slug:slug>/mentoring/rules/", views.rule_add_view, name="rule-add"),
    path(
        "organize/<slug:slug>/mentoring/rules/<int:rule_id>/delete/",
        views.rule_delete_view,
        name="rule-delete",
    ),
    path("organize/<slug:slug>/mentoring/runs/<int:run_id>/publish/", views.publish_view, name="publish"),
    path(
        "organize/<slug:slug>/mentoring/runs/<int:run_id>/table-cards.pdf",
        views.table_cards_view,
        name="table-cards",
    ),
    path(
        "organize/<slug:slug>/mentoring/runs/<int:run_id>/affinity.svg",
        views.affinity_plot_view,
        name="affinity-plot",
    ),
    path("organize/<slug:slug>/mentoring/runs/<int:run_id>/pairs.csv", views.pairs_export_view, name="export"),
]
