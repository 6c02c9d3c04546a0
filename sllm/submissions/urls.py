from django.urls import path

from . import apis, views

app_name = "submissions"
urlpatterns = [
    path("api/v1/papers/", apis.PaperListApi.as_view(), name="api-papers"),
    path("api/v1/papers/<int:pk>/", apis.PaperDetailApi.as_view(), name="api-paper"),
    path("api/v1/papers/<int:pk>/files/", apis.PaperFilesApi.as_view(), name="api-paper-files"),
    path("author/<slug:slug>/submit/", views.paper_submit_view, name="submit"),
    path("author/<slug:slug>/papers/", views.my_papers_view, name="my-papers"),
    path("author/<slug:slug>/papers/<int:number>/edit/", views.paper_edit_view, name="edit"),
    path("author/<slug:slug>/papers/<int:number>/paper.pdf", views.author_pdf_view, name="author-pdf"),
    path("organize/<slug:slug>/papers/<int:number>/paper.pdf", views.organizer_pdf_view, name="organizer-pdf"),
]
