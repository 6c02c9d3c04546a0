from django.urls import path

from . import views

app_name = "ops"
urlpatterns = [
    path("healthz", views.healthz_view, name="healthz"),
    path("metrics", views.metrics_view, name="metrics"),
]
