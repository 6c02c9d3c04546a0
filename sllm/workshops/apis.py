from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sllm.core.errors import responses

from .models import Edition, Track
from .permissions import access_edition_as_organizer
from .selectors import edition_get_public, edition_list_public, track_get, track_list
from .services import track_set_uncounted_sections


class TrackSerializer(serializers.ModelSerializer):
    class Meta:
        model = Track
        fields = [
            "kind",
            "name",
            "page_limit",
            "uncounted_sections",
            "camera_ready_extra_pages",
            "submission_deadline",
            "camera_ready_deadline",
        ]


class EditionSerializer(serializers.ModelSerializer):
    tracks = TrackSerializer(many=True, read_only=True)

    class Meta:
        model = Edition
        fields = [
            "slug",
            "name",
            "short_name",
            "start_date",
            "end_date",
            "timezone",
            "venue",
            "openreview_venue_id",
            "topics",
            "tracks",
        ]


@extend_schema_view(get=extend_schema(responses=responses({200: EditionSerializer(many=True)})))
class EditionListApi(generics.ListAPIView):
    serializer_class = EditionSerializer
    permission_classes = [permissions.AllowAny]
    search_fields = ["name", "short_name"]
    ordering_fields = ["start_date", "slug"]

    def get_queryset(self):
        return edition_list_public().prefetch_related("tracks")


@extend_schema_view(get=extend_schema(responses=responses({200: EditionSerializer})))
class EditionDetailApi(generics.RetrieveAPIView):
    serializer_class = EditionSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    def get_queryset(self):
        return edition_list_public().prefetch_related("tracks")


@extend_schema_view(get=extend_schema(responses=responses({200: TrackSerializer(many=True)})))
class TrackListApi(generics.ListAPIView):
    serializer_class = TrackSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator names no edition
            return Track.objects.none()
        return track_list(edition=edition_get_public(slug=self.kwargs["slug"]))


class UncountedSectionsInputSerializer(serializers.Serializer):
    sections = serializers.ListField(child=serializers.ChoiceField(choices=Track.UncountedSection.choices))


class UncountedSectionsSerializer(serializers.Serializer):
    kind = serializers.CharField()
    uncounted_sections = serializers.ListField(child=serializers.CharField())


class TrackUncountedSectionsApi(APIView):
    """PUT {"sections": [...]}: the closing sections an organizer leaves out of the track's page count."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=UncountedSectionsInputSerializer, responses=responses({200: UncountedSectionsSerializer}))
    def put(self, request, slug, kind):
        edition = access_edition_as_organizer(user=request.user, slug=slug)
        track = track_get(edition=edition, kind=kind)
        sections = request.data.get("sections") if isinstance(request.data, dict) else None
        track = track_set_uncounted_sections(track=track, sections=sections)
        return Response({"kind": track.kind, "uncounted_sections": track.uncounted_sections})
