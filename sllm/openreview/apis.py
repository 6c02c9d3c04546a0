"""The edition's map of OpenReview decisions over /api/v1/, as the organizers' page edits it.

GET lists every decision option the map should cover with the verdict it gives now; PUT replaces the
map, PATCH changes or adds the entries it names. Either applies the map to the synced papers at once
(decision_map_save), and a map that names an unknown status or presentation, or leaves an accepted
paper without one, is a 400 that stores nothing.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sllm.core.errors import responses
from sllm.workshops.permissions import access_edition_as_organizer

from . import selectors, services
from .mapping import mapping_errors
from .mapping.decisions import PRESENTATIONS, STATUSES


class DecisionEntrySerializer(serializers.Serializer):
    decision = serializers.CharField(max_length=200, help_text="The decision as written on OpenReview.")
    status = serializers.ChoiceField(choices=STATUSES)
    presentation = serializers.ChoiceField(
        choices=PRESENTATIONS, required=False, default="", help_text="oral or poster for an accepted paper, else empty."
    )


class DecisionMapInputSerializer(serializers.Serializer):
    entries = DecisionEntrySerializer(many=True, allow_empty=True)

    def validate_entries(self, entries: list[dict]) -> list[dict]:
        names = [entry["decision"].strip() for entry in entries]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise serializers.ValidationError(f"Each decision once: {', '.join(repeated)} appears more than once.")
        return entries


class DecisionOptionSerializer(serializers.Serializer):
    decision = serializers.CharField()
    status = serializers.CharField(allow_blank=True, help_text="Empty when no rule recognises the decision.")
    presentation = serializers.CharField(allow_blank=True)
    mapped = serializers.BooleanField(help_text="Whether the edition's map names it (else the default rule).")
    papers = serializers.IntegerField(help_text="How many of the edition's papers received it.")


class DecisionMapSerializer(serializers.Serializer):
    entries = DecisionEntrySerializer(many=True, help_text="The edition's own map.")
    options = DecisionOptionSerializer(many=True, help_text="Every decision the map should cover, as read now.")
    papers_changed = serializers.IntegerField(required=False, help_text="After a write: papers it changed.")


def _as_mapping(entries: list[dict]) -> dict:
    return {e["decision"].strip(): {"status": e["status"], "presentation": e.get("presentation", "")} for e in entries}


def _map_out(edition, *, papers_changed: int | None = None) -> dict:
    link = selectors.venue_link_get(edition=edition)
    mapping = (link.decision_map if link else None) or {}
    options = []
    for option in selectors.decision_options(edition=edition):
        status, _, presentation = option["verdict"].partition(":")
        options.append({**option, "status": status, "presentation": presentation})
    out = {
        "entries": [{"decision": name, **chosen} for name, chosen in mapping.items()],
        "options": options,
    }
    if papers_changed is not None:
        out["papers_changed"] = papers_changed
    return DecisionMapSerializer(out).data


class DecisionMapApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=responses({200: DecisionMapSerializer}))
    def get(self, request, slug):
        edition = access_edition_as_organizer(user=request.user, slug=slug)
        return Response(_map_out(edition))

    @extend_schema(request=DecisionMapInputSerializer, responses=responses({200: DecisionMapSerializer}))
    def put(self, request, slug):
        """Replaces the map: decisions it leaves out follow the default rule again."""
        edition = access_edition_as_organizer(user=request.user, slug=slug)
        return self._save(request, edition, base={})

    @extend_schema(request=DecisionMapInputSerializer, responses=responses({200: DecisionMapSerializer}))
    def patch(self, request, slug):
        """Changes or adds the entries named; the others stay."""
        edition = access_edition_as_organizer(user=request.user, slug=slug)
        link = selectors.venue_link_get(edition=edition)
        return self._save(request, edition, base=dict((link.decision_map if link else None) or {}))

    def _save(self, request, edition, *, base: dict) -> Response:
        data = DecisionMapInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        mapping = {**base, **_as_mapping(data.validated_data["entries"])}
        errors = mapping_errors(mapping)
        if errors:
            raise serializers.ValidationError({"entries": errors})
        written = services.decision_map_save(edition=edition, mapping=mapping)
        return Response(_map_out(edition, papers_changed=written["papers"]))
