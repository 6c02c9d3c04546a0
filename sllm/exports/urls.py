from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("organize/<slug:slug>/exports/", views.exports_view, name="list"),
    path("organize/<slug:slug>/exports/<slug:kind>.<str:fmt>", views.export_download_view, name="download"),
]
