from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sllm.accounts import selectors
from sllm.accounts import services as accounts_services
from sllm.accounts.permissions import access_tokens_as_organizer
from sllm.core.errors import ApplicationError
from sllm.workshops.selectors import edition_get

from . import services
from .forms import SignupForm


@login_required
def my_token_view(request):
    return render(request, "accounts/my_token.html", {"token": selectors.token_of(user=request.user)})


@login_required
@require_POST
def my_token_revoke_view(request):
    token = selectors.token_of(user=request.user)
    if token is not None:
        accounts_services.token_revoke(token=token)
    messages.success(request, "Your API token is revoked.")
    return redirect("accounts:my-token")


@login_required
def tokens_view(request, slug):
    edition = edition_get(slug=slug)
    access_tokens_as_organizer(user=request.user, edition=edition)
    return render(
        request, "accounts/tokens.html", {"edition": edition, "tokens": selectors.token_list(edition=edition)}
    )


@login_required
@require_POST
def token_revoke_view(request, slug, user_id):
    edition = edition_get(slug=slug)
    access_tokens_as_organizer(user=request.user, edition=edition)
    token = selectors.token_get(edition=edition, user_id=user_id)
    if token is None:
        raise Http404("No such token.")
    accounts_services.token_revoke(token=token)
    messages.success(request, f"The token of {token.user.email} is revoked.")
    return redirect("accounts:tokens", slug=slug)


def signup_view(request):
    form = SignupForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.signup_request(**form.cleaned_data, next_url=next_url)
        except ApplicationError as exc:
            for field, problems in exc.extra.get("fields", {}).items():
                for problem in problems:
                    form.add_error(field, problem)
        else:
            # The same page whether or not the address already has an account.
            return render(request, "accounts/signup_sent.html", {"email": form.cleaned_data["email"].lower()})
    return render(request, "accounts/signup.html", {"form": form, "next": next_url}, status=400 if form.errors else 200)


def signup_confirm_view(request, token):
    if request.method != "POST":
        # Mail scanners open links; only the person's press of the button makes the account.
        return render(request, "accounts/signup_confirm.html")
    try:
        user, next_url = services.signup_confirm(token=token)
    except ApplicationError as exc:
        status = 409 if exc.code in {"email_taken", "profile_taken"} else (400 if exc.code == "invalid" else 410)
        return render(request, "accounts/signup_problem.html", {"problem": exc.message}, status=status)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, f"Welcome, {user.display_name}: your account is ready.")
    return redirect(next_url or "website:home")
