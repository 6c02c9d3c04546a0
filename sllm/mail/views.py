from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt

from sllm.core.errors import ApplicationError
from sllm.workshops.permissions import access_edition_as_organizer

from . import selectors, services
from .forms import GroupMailForm, MailTemplateForm
from .models import OutboxMessage
from .notifications import NOTIFICATIONS

PAGE_SIZE = 50


@login_required
def outbox_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    status = request.GET.get("status", "")
    status = status if status in OutboxMessage.Status.values else ""
    labels = selectors.group_labels()
    page = Paginator(selectors.outbox_list(edition=edition, status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "edition": edition,
        "page": page,
        "status": status,
        "statuses": OutboxMessage.Status.choices,
        "counts": selectors.outbox_counts(edition=edition),
        "mailings": [
            {"mailing": m, "group": labels.get(m.group, m.group)} for m in selectors.mailing_list(edition=edition)[:10]
        ],
    }
    return render(request, "mail/outbox.html", context)


@login_required
def message_view(request, slug, pk):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    message = selectors.outbox_message_get(edition=edition, pk=pk)
    if message is None:
        raise Http404("No such message.")
    return render(request, "mail/message.html", {"edition": edition, "message": message})


@login_required
def compose_view(request, slug):
    """Two steps: "preview" shows the message and the count; "send" queues it for the group."""
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    preview, status = None, 200
    if request.method == "POST":
        form = GroupMailForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if request.POST.get("action") == "send":
                    mailing = services.group_mailing_send(edition=edition, sent_by=request.user, **data)
                    skipped = f"; {mailing.skipped_count} unsubscribed skipped" if mailing.skipped_count else ""
                    group = selectors.group_labels()[mailing.group].lower()
                    messages.success(request, f"Queued {mailing.recipient_count} messages to {group}{skipped}.")
                    return redirect("mail:outbox", slug=edition.slug)
                preview = services.group_mailing_preview(edition=edition, **data)
            except ApplicationError as exc:
                if exc.code != "bad_template":
                    raise
                form.add_error(None, exc.message)
                status = 400
        else:
            status = 400
    else:
        # Every group mail starts from the edition's own group template (Mail templates page).
        subject, body, _ = selectors.mail_template_text(edition=edition, key="group_message")
        form = GroupMailForm(initial={"subject": subject, "body": body})
    return render(request, "mail/compose.html", {"edition": edition, "form": form, "preview": preview}, status=status)


@login_required
def templates_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    overview = selectors.mail_template_overview(edition=edition)
    return render(request, "mail/templates.html", {"edition": edition, "templates": overview})


@login_required
def template_edit_view(request, slug, key):
    """GET shows the text in use; POST "preview" renders it for a real recipient, "save" stores it, "reset"
    goes back to the default. A refused text is shown with the reasons and the text in use stays."""
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    notification = NOTIFICATIONS.get(key)
    if notification is None:
        raise Http404("No such notification.")
    subject, body, customised = selectors.mail_template_text(edition=edition, key=key)
    form, preview, status = MailTemplateForm(initial={"subject": subject, "body": body}), None, 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "reset":
            services.mail_template_reset(edition=edition, key=key)
            messages.success(request, f"“{notification.label}” is back to the default text.")
            return redirect("mail:template-edit", slug=edition.slug, key=key)
        form = MailTemplateForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                if action == "save":
                    services.mail_template_save(edition=edition, key=key, user=request.user, **form.cleaned_data)
                    messages.success(request, f"“{notification.label}” is saved; it is what goes out from now on.")
                    return redirect("mail:template-edit", slug=edition.slug, key=key)
                preview = services.mail_template_preview(edition=edition, key=key, **form.cleaned_data)
                status = 200
            except ApplicationError as exc:
                form.add_error(None, exc.message)
    context = {
        "edition": edition,
        "notification": notification,
        "form": form,
        "preview": preview,
        "customised": customised,
        "placeholders": notification.allowed,
    }
    return render(request, "mail/template_edit.html", context, status=status)


# The signed token is the credential, and mail clients' one-click unsubscribe (RFC 8058) posts
# without a CSRF cookie.
@csrf_exempt
def unsubscribe_view(request, token):
    """GET asks, POST records: mail scanners that follow links must not unsubscribe anyone."""
    if request.method == "POST":
        opt_out = services.mail_unsubscribe(token=token)
        return render(request, "mail/unsubscribed.html", {"opt_out": opt_out, "edition": opt_out.edition})
    return render(request, "mail/unsubscribe.html", {"token": token})
