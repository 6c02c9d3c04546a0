from django.contrib.auth import views as auth_views
from django.urls import path

from sllm.accounts import apis

from . import views
from .forms import OutboxPasswordResetForm

app_name = "accounts"
urlpatterns = [
    path("api/v1/auth/token/", apis.TokenApi.as_view(), name="api-token"),
    path("accounts/signup/", views.signup_view, name="signup"),
    path("accounts/signup/confirm/<str:token>/", views.signup_confirm_view, name="signup-confirm"),
    path("account/token/", views.my_token_view, name="my-token"),
    path("account/token/revoke/", views.my_token_revoke_view, name="my-token-revoke"),
    path("organize/<slug:slug>/tokens/", views.tokens_view, name="tokens"),
    path("organize/<slug:slug>/tokens/<int:user_id>/revoke/", views.token_revoke_view, name="token-revoke"),
]
# Before django.contrib.auth.urls (sllm/urls.py), whose reset view would mail in the request.
password_reset = path(
    "accounts/password_reset/",
    auth_views.PasswordResetView.as_view(form_class=OutboxPasswordResetForm),
    name="password_reset",
)
