from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken

from sllm.core.errors import responses


class TokenOutSerializer(serializers.Serializer):
    token = serializers.CharField()


@extend_schema_view(post=extend_schema(request=AuthTokenSerializer, responses=responses({200: TokenOutSerializer})))
class TokenApi(ObtainAuthToken):
    """POST email (as `username`) and password; answers a token for scripts (header `Token <key>`).

    Failed attempts count towards django-axes' limits like the login form's; while locked out the
    answer is 429 with a JSON body.
    """

    def get_serializer_context(self):
        # authenticate() gets Django's own request: axes marks it as locked out, and its middleware reads
        # that mark to answer 429; DRF's wrapper would keep the mark from the middleware.
        return {**super().get_serializer_context(), "request": self.request._request}
