from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers

from sllm.core.errors import responses

from .models import Edition, Track
from .selectors import edition_get_public, edition_list_public, track_list


class TrackSerializer(serializers.ModelSerializer):
    class Meta:
        model = Track
        fields = [
            "kind",
            "name",
            "page_limit",
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
