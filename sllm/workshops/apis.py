from rest_framework import generics, permissions, serializers

from .models import Edition, Track
from .selectors import edition_get, edition_list_public, track_list


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


class EditionListApi(generics.ListAPIView):
    serializer_class = EditionSerializer
    permission_classes = [permissions.AllowAny]
    search_fields = ["name", "short_name"]
    ordering_fields = ["start_date", "slug"]

    def get_queryset(self):
        return edition_list_public().prefetch_related("tracks")


class EditionDetailApi(generics.RetrieveAPIView):
    serializer_class = EditionSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    def get_queryset(self):
        return edition_list_public().prefetch_related("tracks")


class TrackListApi(generics.ListAPIView):
    serializer_class = TrackSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    def get_queryset(self):
        return track_list(edition=edition_get(slug=self.kwargs["slug"]))
