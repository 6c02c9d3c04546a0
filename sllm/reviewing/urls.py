from django.urls import path

from . import apis, views

app_name = "reviewing"
urlpatterns = [
    path("review/<slug:slug>/", views.review_home_view, name="review-home"),
    path("review/<slug:slug>/papers/<int:number>/", views.review_paper_view, name="review-paper"),
    path(
        "review/<slug:slug>/papers/<int:number>/paper-<int:pdf_number>.pdf",
        views.review_pdf_view,
        name="review-pdf",
    ),
    path("api/v1/review/<slug:slug>/papers/", apis.ReviewPaperListApi.as_view(), name="api-review-papers"),
    path("organize/<slug:slug>/reviewing/conflicts/", views.conflicts_view, name="conflicts"),
    path("organize/<slug:slug>/reviewing/papers/<int:number>/reassign/", views.reassign_view, name="reassign"),
    path(
        "organize/<slug:slug>/reviewing/reassignments/<int:write_id>/status/",
        views.reassignment_write_status_view,
        name="reassignment-status",
    ),
    path("organize/<slug:slug>/reviewing/coverage/", views.coverage_view, name="coverage"),
]
