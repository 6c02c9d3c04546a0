"""REST endpoints: authors' artifacts (session or token auth) and the GPU runners' (runner token only)."""

from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import authentication, exceptions, parsers, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sllm.core.errors import responses
from sllm.core.idempotency import api_run_once
from sllm.submissions.models import Paper

from . import selectors, services, uploads
from .models import ArtifactSet, BenchmarkJob, Checkpoint, Runner
from .permissions import access_job_as_runner, access_paper_by_id_as_author, runner_by_token, runner_queued_jobs


class CheckpointSerializer(serializers.ModelSerializer):
    class Meta:
        model = Checkpoint
        fields = [
            "original_name",
            "size",
            "status",
            "sha256",
            "error_code",
            "error_message",
            "claims_hold",
            "report",
            "verified_at",
        ]


class JobSerializer(serializers.ModelSerializer):
    runner = serializers.CharField(source="runner.name", default=None, allow_null=True)

    class Meta:
        model = BenchmarkJob
        fields = [
            "id",
            "status",
            "spec_sha256",
            "runner",
            "gpu",
            "gpu_class",
            "speedup_reproduced",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]


class ArtifactsSerializer(serializers.Serializer):
    code_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    code_commit = serializers.CharField(max_length=40, required=False, allow_blank=True)
    claims = serializers.JSONField(required=False, allow_null=True)
    benchmark_spec = serializers.JSONField(required=False, allow_null=True)


class ArtifactStateSerializer(serializers.Serializer):
    paper = serializers.IntegerField()
    code_url = serializers.CharField(allow_blank=True)
    code_commit = serializers.CharField(allow_blank=True)
    claims = serializers.JSONField(allow_null=True)
    benchmark_spec = serializers.JSONField(allow_null=True)
    spec_sha256 = serializers.CharField(allow_blank=True)
    checkpoint = CheckpointSerializer(allow_null=True)
    jobs = JobSerializer(many=True)
    badges = serializers.ListField(child=serializers.CharField())


class CheckpointUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The checkpoint, a .safetensors file.")


def _state(paper: Paper) -> dict:
    state = selectors.artifacts_for_paper(paper=paper)
    artifacts: ArtifactSet | None = state["artifacts"]
    return {
        "paper": paper.pk,
        "code_url": artifacts.code_url if artifacts else "",
        "code_commit": artifacts.code_commit if artifacts else "",
        "claims": artifacts.claims if artifacts else None,
        "benchmark_spec": artifacts.benchmark_spec if artifacts else None,
        "spec_sha256": artifacts.spec_sha256 if artifacts else "",
        "checkpoint": CheckpointSerializer(state["checkpoint"]).data if state["checkpoint"] else None,
        "jobs": JobSerializer(state["jobs"], many=True).data,
        "badges": state["badges"],
    }


class PaperArtifactsApi(APIView):
    """GET the paper's artifacts and badges; PATCH code_url, code_commit, claims, benchmark_spec."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [parsers.JSONParser]

    @extend_schema(responses=responses({200: ArtifactStateSerializer}))
    def get(self, request, pk):
        return Response(_state(access_paper_by_id_as_author(user=request.user, pk=pk)))

    @extend_schema(request=ArtifactsSerializer, responses=responses({200: ArtifactStateSerializer}))
    def patch(self, request, pk):
        paper = access_paper_by_id_as_author(user=request.user, pk=pk)
        data = ArtifactsSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.artifact_set_update(
            paper=paper,
            code_url=values.get("code_url"),
            code_commit=values.get("code_commit"),
            claims=values.get("claims", ...),
            benchmark_spec=values.get("benchmark_spec", ...),
        )
        return Response(_state(paper))


class CheckpointUploadApi(APIView):
    """POST multipart `file`: a safetensors checkpoint, streamed to storage; verification follows."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [parsers.MultiPartParser]

    @extend_schema(request=CheckpointUploadSerializer, responses=responses({201: ArtifactStateSerializer}))
    def post(self, request, pk):
        return api_run_once(request, lambda: self._upload(request, pk))

    def _upload(self, request, pk):
        paper = access_paper_by_id_as_author(user=request.user, pk=pk)
        uploaded = request.FILES.get("file")
        if uploaded is None:
            raise exceptions.ValidationError({"file": ["Attach the checkpoint as `file`."]})
        services.checkpoint_upload(paper=paper, uploaded=uploaded)
        return Response(_state(paper), status=201)


class ChunkReceivedSerializer(serializers.Serializer):
    received = serializers.IntegerField(help_text="Bytes that arrived so far: the next chunk starts here.")
    total = serializers.IntegerField()
    complete = serializers.BooleanField(help_text="The last byte arrived and the checkpoint is stored.")


class ChunkTotalSerializer(serializers.Serializer):
    total = serializers.IntegerField(min_value=1, help_text="The checkpoint's full size in bytes.")


class CheckpointResumableApi(APIView):
    """A resumable upload: PUT ranged chunks (`Content-Range: bytes START-END/TOTAL`, raw body); after a
    dropped connection, GET `?total=` says how many bytes arrived, and the upload goes on from there."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[ChunkTotalSerializer],
        responses=responses({200: ChunkReceivedSerializer}),
    )
    def get(self, request, pk):
        paper = access_paper_by_id_as_author(user=request.user, pk=pk)
        data = ChunkTotalSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        total = data.validated_data["total"]
        received = uploads.checkpoint_upload_received(paper=paper, total=total)
        return Response({"received": received, "total": total, "complete": False})

    @extend_schema(
        request={"application/octet-stream": OpenApiTypes.BINARY},
        parameters=[
            OpenApiParameter(
                "Content-Range",
                str,
                OpenApiParameter.HEADER,
                required=True,
                pattern=r"^bytes \d+-\d+/\d+$",
                description="bytes START-END/TOTAL, END inclusive.",
            )
        ],
        responses=responses({200: ChunkReceivedSerializer}),
    )
    def put(self, request, pk):
        paper = access_paper_by_id_as_author(user=request.user, pk=pk)
        length = request.META.get("CONTENT_LENGTH")
        result = uploads.checkpoint_chunk_receive(
            paper=paper,
            content_range=request.headers.get("Content-Range"),
            length=int(length) if length and length.isdigit() else None,
            stream=request.stream,
        )
        return Response(result)


class RunnerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Runner <token>`; the request's auth is then the Runner, its user anonymous."""

    keyword = "Runner"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace") != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give one runner token.")
        runner = runner_by_token(header[1].decode(errors="replace"))
        if runner is None:
            raise exceptions.AuthenticationFailed("Unknown or disabled runner token.")
        return AnonymousUser(), runner

    def authenticate_header(self, request):
        return self.keyword


class RunnerTokenScheme(OpenApiAuthenticationExtension):
    target_class = RunnerTokenAuthentication
    name = "runnerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Runner <token>`: a GPU runner's scoped token.",
        }


class IsRunner(permissions.BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, Runner)


class RunnerApi(APIView):
    authentication_classes = [RunnerTokenAuthentication]
    permission_classes = [IsRunner]
    parser_classes = [parsers.JSONParser]


class RunnerJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    spec = serializers.JSONField()
    spec_sha256 = serializers.CharField(allow_blank=True)
    has_checkpoint = serializers.BooleanField()
    checkpoint_sha256 = serializers.CharField(allow_blank=True)
    time_limit_s = serializers.IntegerField()


class RunnerResultOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    speedup_reproduced = serializers.BooleanField(allow_null=True)


def _job_out(job: BenchmarkJob) -> dict:
    return {
        "id": job.pk,
        "status": job.status,
        "spec": job.spec,
        "spec_sha256": job.spec_sha256,
        "has_checkpoint": bool(job.checkpoint_sha256),
        "checkpoint_sha256": job.checkpoint_sha256,
        "time_limit_s": job.time_limit_s,
    }


class RunnerJobListSerializer(serializers.Serializer):
    jobs = RunnerJobSerializer(many=True, help_text="The queued jobs of the runner's pool, oldest first.")


class RunnerJobListApi(RunnerApi):
    """What the runner's host polls: the queued jobs of its pool, which it may claim."""

    @extend_schema(responses=responses({200: RunnerJobListSerializer}))
    def get(self, request):
        jobs = [_job_out(job) for job in runner_queued_jobs(runner=request.auth)]
        return Response(RunnerJobListSerializer({"jobs": jobs}).data)


class RunnerClaimApi(RunnerApi):
    @extend_schema(request=None, responses=responses({200: RunnerJobSerializer}))
    def post(self, request, pk):
        job = access_job_as_runner(runner=request.auth, job_id=pk, claiming=True)
        return Response(_job_out(services.benchmark_job_claim(job=job, runner=request.auth)))


class RunnerCheckpointApi(RunnerApi):
    @extend_schema(
        responses=responses(
            {
                (200, "application/octet-stream"): OpenApiResponse(
                    OpenApiTypes.BINARY, description="The job's checkpoint, streamed (safetensors)."
                )
            }
        )
    )
    def get(self, request, pk):
        job = access_job_as_runner(runner=request.auth, job_id=pk, running=True)
        checkpoint = Checkpoint.objects.filter(paper=job.paper, sha256=job.checkpoint_sha256).first()
        if not job.checkpoint_sha256 or checkpoint is None:
            raise exceptions.NotFound("This job has no checkpoint.")
        return FileResponse(
            checkpoint.file.open("rb"),
            content_type="application/octet-stream",
            filename=f"job-{job.pk}.safetensors",
        )


class RunnerResultSerializer(serializers.Serializer):
    result = serializers.JSONField(required=False)
    plot_png = serializers.CharField(required=False, allow_blank=True, default="")
    error = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class RunnerResultApi(RunnerApi):
    @extend_schema(request=RunnerResultSerializer, responses=responses({200: RunnerResultOutSerializer}))
    def post(self, request, pk):
        job = access_job_as_runner(runner=request.auth, job_id=pk)
        data = RunnerResultSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        job = services.benchmark_job_complete(
            job=job,
            runner=request.auth,
            result=values.get("result"),
            plot_png=values["plot_png"],
            error=values["error"],
        )
        return Response({"id": job.pk, "status": job.status, "speedup_reproduced": job.speedup_reproduced})
