import json

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, parsers, permissions, serializers, status
from rest_framework.response import Response

from sllm.core.errors import ApplicationError, responses
from sllm.core.idempotency import api_run_once
from sllm.workshops.models import Track

from . import selectors, services
from .models import Authorship, Paper, PaperFile
from .permissions import access_paper_by_id_as_author, paper_declaration_visible


class AuthorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Authorship
        fields = ["position", "name", "institution", "is_student", "openreview_id"]


class PaperFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = PaperFile
        fields = [
            "kind",
            "sha256",
            "size",
            "pages",
            "main_pages",
            "page_limit",
            "within_limit",
            "references_start_page",
            "appendix_start_page",
            "page_size",
            "uploaded_at",
        ]


class PaperSerializer(serializers.ModelSerializer):
    edition = serializers.CharField(source="edition.slug", read_only=True)
    track = serializers.CharField(source="track.kind", read_only=True)
    authors = AuthorSerializer(source="authorships", many=True, read_only=True)

    class Meta:
        model = Paper
        fields = [
            "id",
            "edition",
            "number",
            "track",
            "title",
            "abstract",
            "topics",
            "status",
            "presentation",
            "over_page_limit",
            "authors",
        ]


class PaperDeclarationSerializer(PaperSerializer):
    """A paper with its dual-submission declaration: for its authors and the edition's organizers only."""

    elsewhere = serializers.SerializerMethodField(
        help_text="Under review or published elsewhere: '' (neither), under_review or published; "
        "null unless you are an author or an organizer of the paper."
    )
    elsewhere_venue = serializers.SerializerMethodField(help_text="Where; null as elsewhere is.")

    class Meta(PaperSerializer.Meta):
        fields = [*PaperSerializer.Meta.fields, "elsewhere", "elsewhere_venue"]

    def to_representation(self, paper: Paper) -> dict:
        request = self.context.get("request")
        # Asked once per paper: both fields follow the same answer.
        self._shown = request is not None and paper_declaration_visible(user=request.user, paper=paper)
        return super().to_representation(paper)

    def get_elsewhere(self, paper: Paper) -> str | None:
        return paper.elsewhere if self._shown else None

    def get_elsewhere_venue(self, paper: Paper) -> str | None:
        return paper.elsewhere_venue if self._shown else None


class AuthorInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=services.MAX_NAME)
    email = serializers.EmailField(required=False, allow_blank=True)
    institution = serializers.CharField(max_length=services.MAX_NAME, required=False, allow_blank=True)
    openreview_id = serializers.CharField(max_length=100, required=False, allow_blank=True)
    is_student = serializers.BooleanField(required=False, default=False)


class JSONListField(serializers.JSONField):
    """Accepts a JSON list in a JSON body, or a JSON-encoded string in a multipart form."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError as exc:
                raise serializers.ValidationError("Must be a JSON list.") from exc
        if not isinstance(data, list):
            raise serializers.ValidationError("Must be a list.")
        return data


class PaperInputSerializer(serializers.Serializer):
    edition = serializers.CharField(required=False, help_text="The edition's slug; needed to submit.")
    track = serializers.CharField(required=False, help_text="main or tiny; needed to submit.")
    title = serializers.CharField(max_length=services.MAX_TITLE, required=False)
    abstract = serializers.CharField(required=False)
    topics = JSONListField(required=False)
    authors = JSONListField(required=False)
    pdf = serializers.FileField(required=False, allow_empty_file=True)
    # Checked by the submission service, so the API and the form refuse the same declarations alike.
    elsewhere = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Is the work under review or published elsewhere: '' (neither), under_review or published.",
    )
    elsewhere_venue = serializers.CharField(
        required=False, allow_blank=True, help_text="Where (venue and year); required unless elsewhere is ''."
    )

    def validate_authors(self, value):
        serializer = AuthorInputSerializer(data=value, many=True)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class PaperFilter(filters.FilterSet):
    edition = filters.CharFilter(field_name="edition__slug")
    track = filters.ChoiceFilter(field_name="track__kind", choices=Track.Kind.choices)
    status = filters.ChoiceFilter(choices=Paper.Status.choices)
    topic = filters.CharFilter(method="filter_topic")

    class Meta:
        model = Paper
        fields = ["edition", "track", "status", "topic"]

    def filter_topic(self, queryset, name, value):
        return queryset.filter(topics__includes=value)


def _paper_out(paper: Paper, request) -> dict:
    paper = selectors.paper_list_for_user(user=request.user).get(pk=paper.pk)
    return PaperDeclarationSerializer(paper, context={"request": request}).data


@extend_schema_view(
    get=extend_schema(responses=responses({200: PaperSerializer(many=True)})),
    post=extend_schema(request=PaperInputSerializer, responses=responses({201: PaperDeclarationSerializer})),
)
class PaperListApi(generics.ListCreateAPIView):
    """Public: accepted papers. Authors: their own too. Organizers: all of their editions."""

    serializer_class = PaperSerializer
    filterset_class = PaperFilter
    search_fields = ["title", "abstract"]
    ordering_fields = ["number", "title"]
    parser_classes = [parsers.MultiPartParser, parsers.FormParser, parsers.JSONParser]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    def get_queryset(self):
        return selectors.paper_list_for_user(user=self.request.user)

    def create(self, request, *args, **kwargs):
        return api_run_once(request, lambda: self._create(request))

    def _create(self, request):
        data = PaperInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        track = (
            Track.objects.select_related("edition")
            .filter(edition__slug=values.get("edition", ""), kind=values.get("track", ""))
            .first()
        )
        if track is None:
            raise ApplicationError("Name an existing edition and track (main or tiny).", code="invalid")
        paper = services.paper_submit(
            track=track,
            user=request.user,
            title=values.get("title", ""),
            abstract=values.get("abstract", ""),
            topics=values.get("topics", []),
            authors=values.get("authors", []),
            pdf=values.get("pdf"),
            elsewhere=values.get("elsewhere", ""),
            elsewhere_venue=values.get("elsewhere_venue", ""),
        )
        return Response(_paper_out(paper, request), status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(responses=responses({200: PaperDeclarationSerializer})),
    patch=extend_schema(request=PaperInputSerializer, responses=responses({200: PaperDeclarationSerializer})),
)
class PaperDetailApi(generics.RetrieveUpdateAPIView):
    """A paper; its authors and the edition's organizers also see its dual-submission declaration."""

    serializer_class = PaperDeclarationSerializer
    parser_classes = [parsers.MultiPartParser, parsers.FormParser, parsers.JSONParser]
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.paper_list_for_user(user=self.request.user)

    def partial_update(self, request, *args, **kwargs):
        return api_run_once(request, lambda: self._revise(request, kwargs["pk"]))

    def _revise(self, request, pk):
        paper = access_paper_by_id_as_author(user=request.user, pk=pk)
        data = PaperInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        paper = services.paper_revise(
            paper=paper,
            title=values.get("title"),
            abstract=values.get("abstract"),
            topics=values.get("topics"),
            authors=values.get("authors"),
            pdf=values.get("pdf"),
            elsewhere=values.get("elsewhere"),
            elsewhere_venue=values.get("elsewhere_venue"),
        )
        return Response(_paper_out(paper, request))


@extend_schema_view(get=extend_schema(responses=responses({200: PaperFileSerializer(many=True)})))
class PaperFilesApi(generics.ListAPIView):
    """The page checks of a paper's files, for its authors."""

    serializer_class = PaperFileSerializer
    pagination_class = None
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no paper to authorize
            return PaperFile.objects.none()
        paper = access_paper_by_id_as_author(user=self.request.user, pk=self.kwargs["pk"])
        return paper.files.order_by("kind")
