from django.urls import path

from . import apis, views

app_name = "decisions"
urlpatterns = [
    path("organize/<slug:slug>/decisions/", views.decisions_view, name="list"),
    path("organize/<slug:slug>/decisions.csv", views.decisions_csv_view, name="csv"),
    path("organize/<slug:slug>/decisions/<int:number>/", views.paper_decision_view, name="paper"),
    path("organize/<slug:slug>/decisions/<int:number>/eligibility/", views.paper_eligibility_view, name="eligibility"),
    path("api/v1/editions/<slug:slug>/decisions/", apis.DecisionListApi.as_view(), name="api-list"),
    path(
        "api/v1/editions/<slug:slug>/papers/<int:number>/decision/",
        apis.PaperDecisionApi.as_view(),
        name="api-decide",
    ),
    path(
        "api/v1/editions/<slug:slug>/papers/<int:number>/student-eligibility/",
        apis.PaperEligibilityApi.as_view(),
        name="api-eligibility",
    ),
]
