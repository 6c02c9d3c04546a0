"""The claim pages (no login: the link is the key) and the organizers' invitations page."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sllm.core.errors import ApplicationError
from sllm.workshops.permissions import access_edition_as_organizer
from sllm.workshops.selectors import edition_get

from ..selectors import venue_link_get
from . import selectors, services
from .forms import ClaimForm, InviteForm, InviteSettingsForm
from .tokens import LinkError

# Why a link cannot be used, in words that never name whose link it was.
LINK_PROBLEMS = {
    "invalid": (
        400,
        "This link is not valid. Copy the whole link from the message, or ask the organizers for a new one.",
    ),
    "expired": (410, "This link has expired. Ask the organizers to send you a new one."),
    "used": (
        410,
        "This link has already been used. Log in with the address and password chosen, or reset the password.",
    ),
    "replaced": (410, "A newer link has been sent since this one; use the link in the latest message."),
    "other_edition": (404, "This link belongs to another edition of the workshop."),
}


def _link_problem(request, edition, error: LinkError):
    status, text = LINK_PROBLEMS[error.code]
    return render(
        request,
        "openreview/claim_problem.html",
        {"edition": edition, "problem": text, "code": error.code},
        status=status,
    )


def claim_view(request, slug, token):
    edition = edition_get(slug=slug)
    try:
        invitation = services.invitation_from_claim_token(edition=edition, token=token)
    except LinkError as exc:
        return _link_problem(request, edition, exc)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_claim_start(invitation=invitation, **form.cleaned_data)
        except LinkError as exc:
            return _link_problem(request, edition, exc)
        except ApplicationError as exc:
            for field, problems in exc.extra.get("fields", {}).items():
                for problem in problems:
                    form.add_error(field, problem)
        else:
            return render(
                request, "openreview/claim_sent.html", {"edition": edition, "email": invitation.pending_email}
            )
    context = {
        "edition": edition,
        "form": form,
        "role": invitation.get_role_display(),
        "name": invitation.user.full_name,
    }
    return render(request, "openreview/claim.html", context, status=400 if form.errors else 200)


def claim_verify_view(request, slug, token):
    edition = edition_get(slug=slug)
    try:
        invitation = services.invitation_from_verify_token(edition=edition, token=token)
    except LinkError as exc:
        return _link_problem(request, edition, exc)
    if request.method != "POST":
        # Mail scanners open links; only the person's press of the button claims the account.
        return render(request, "openreview/claim_verify.html", {"edition": edition, "email": invitation.pending_email})
    try:
        user, invitation = services.invitation_claim_finish(edition=edition, token=token)
    except LinkError as exc:
        return _link_problem(request, edition, exc)
    except ApplicationError as exc:
        return render(
            request, "openreview/claim_problem.html", {"edition": edition, "problem": exc.message}, status=409
        )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, f"Welcome, {user.display_name}: you can now log in as {user.email}.")
    return redirect(services.landing_url(invitation=invitation))


@login_required
def invitations_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    link = venue_link_get(edition=edition)
    context = {
        "edition": edition,
        "link": link,
        "preview": selectors.invitation_preview(edition=edition),
        "counts": selectors.invitation_counts(edition=edition),
        "invitations": selectors.invitation_list(edition=edition),
        "form": InviteForm(),
        "settings_form": InviteSettingsForm(initial={"invite_after_sync": bool(link and link.invite_after_sync)}),
    }
    return render(request, "openreview/invitations.html", context)


@login_required
@require_POST
def invitations_run_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose roles from the list.")
        return redirect("openreview:invitations", slug=slug)
    services.invitation_run_request(
        edition=edition, roles=form.cleaned_data["roles"], resend=form.cleaned_data["resend"]
    )
    messages.success(request, "Invitations are on their way; this page shows each one's status.")
    return redirect("openreview:invitations", slug=slug)


@login_required
@require_POST
def invitations_settings_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    form = InviteSettingsForm(request.POST)
    form.is_valid()  # a lone checkbox: absent means off
    try:
        services.invitation_settings_update(edition=edition, invite_after_sync=form.cleaned_data["invite_after_sync"])
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Saved.")
    return redirect("openreview:invitations", slug=slug)
