"""The organizers' reminders page: each kind's switch and timing, what goes next, and what went."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sllm.core.errors import ApplicationError
from sllm.workshops.permissions import access_edition_as_organizer

from . import selectors, services
from .forms import ReminderSettingForm


def _page(request, edition, *, error=None, status=200):
    rows = selectors.upcoming(edition=edition, now=timezone.now())
    for row in rows:
        setting = row["setting"]
        row["form"] = ReminderSettingForm(
            initial={
                "kind": row["kind"],
                "enabled": setting.enabled,
                "days": setting.days,
                "deadline": setting.deadline,
            }
        )
    context = {
        "edition": edition,
        "rows": rows,
        "sent": selectors.sent_list(edition=edition),
        "error": error,
    }
    return render(request, "reminders/organize.html", context, status=status)


@login_required
def organize_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    with timezone.override(edition.tz):
        return _page(request, edition)


@login_required
@require_POST
def setting_update_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    with timezone.override(edition.tz):
        form = ReminderSettingForm(request.POST)
        if not form.is_valid():
            problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
            return _page(request, edition, error=problems, status=400)
        try:
            setting = services.reminder_setting_update(edition=edition, **form.cleaned_data)
        except ApplicationError as exc:
            return _page(request, edition, error=exc.message, status=400)
    messages.success(request, f"“{setting.get_kind_display()}” saved.")
    return redirect("reminders:organize", slug=edition.slug)
