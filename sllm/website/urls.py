from django.urls import path

from . import views

app_name = "website"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("<slug:slug>/", views.edition_view, name="edition"),
    path("<slug:slug>/papers/", views.papers_view, name="papers"),
    path("<slug:slug>/papers/<int:number>/", views.paper_view, name="paper"),
    path("<slug:slug>/papers/<int:number>/paper.pdf", views.paper_pdf_view, name="paper-pdf"),
]
