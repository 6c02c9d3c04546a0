from django.urls import path

from . import views

app_name = "ops"
urlpatterns = [
    path("healthz", views.healthz_view, name="healthz"),
    path("metrics", views.metrics_view, name="metrics"),
    path("organize/<slug:slug>/jobs/<slug:family>/<int:pk>/retry/", views.job_retry_view, name="job-retry"),
]
