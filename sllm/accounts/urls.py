from django.urls import path

from . import apis

app_name = "accounts"
urlpatterns = [
    path("api/v1/auth/token/", apis.TokenApi.as_view(), name="api-token"),
]
