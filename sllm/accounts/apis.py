from rest_framework.authtoken.views import ObtainAuthToken


class TokenApi(ObtainAuthToken):
    """POST email (as `username`) and password; answers a token for scripts (header `Token <key>`).

    Failed attempts count towards django-axes' limits like the login form's; while locked out the
    answer is 429 with a JSON body.
    """

    def get_serializer_context(self):
        # authenticate() gets Django's own request: axes marks it as locked out, and its middleware reads
        # that mark to answer 429; DRF's wrapper would keep the mark from the middleware.
        return {**super().get_serializer_context(), "request": self.request._request}
