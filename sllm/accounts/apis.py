from rest_framework.authtoken.views import ObtainAuthToken


class TokenApi(ObtainAuthToken):
    """POST email (as `username`) and password; answers a token for scripts (header `Token <key>`)."""
