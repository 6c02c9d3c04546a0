from django.urls import path

from . import apis, views

app_name = "artifacts"
urlpatterns = [
    path("api/v1/papers/<int:pk>/artifacts/", apis.PaperArtifactsApi.as_view(), name="api-artifacts"),
    path(
        "api/v1/papers/<int:pk>/artifacts/checkpoint/",
        apis.CheckpointUploadApi.as_view(),
        name="api-checkpoint",
    ),
    path(
        "api/v1/papers/<int:pk>/artifacts/checkpoint/upload/",
        apis.CheckpointResumableApi.as_view(),
        name="api-checkpoint-resumable",
    ),
    path("api/v1/runner/jobs/", apis.RunnerJobListApi.as_view(), name="api-runner-jobs"),
    path("api/v1/runner/jobs/<int:pk>/claim/", apis.RunnerClaimApi.as_view(), name="api-runner-claim"),
    path(
        "api/v1/runner/jobs/<int:pk>/checkpoint/",
        apis.RunnerCheckpointApi.as_view(),
        name="api-runner-checkpoint",
    ),
    path("api/v1/runner/jobs/<int:pk>/result/", apis.RunnerResultApi.as_view(), name="api-runner-result"),
    path("author/<slug:slug>/papers/<int:number>/artifacts/", views.author_artifacts_view, name="author"),
    path("organize/<slug:slug>/artifacts/", views.organizer_artifacts_view, name="dashboard"),
    path(
        "organize/<slug:slug>/artifacts/<int:number>/benchmark/",
        views.organizer_benchmark_view,
        name="benchmark",
    ),
    path("organize/<slug:slug>/artifacts/<int:number>/verify/", views.organizer_verify_view, name="verify"),
    path("artifacts/jobs/<int:job_id>/plot.png", views.plot_view, name="plot"),
]
