"""Invitation writes: inviting through OpenReview, and claiming an account from the link.

Each invitation is sent under its row lock, one request per person, outside any larger transaction:
a refusal from OpenReview (401, 429, 5xx, a network fault) leaves that invitation failed and due
for a retry, never marked sent, and the people already invited stay invited.
"""

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sllm.accounts.models import Role, User
from sllm.accounts.selectors import user_roles
from sllm.accounts.services import role_grant, user_merge
from sllm.core.errors import ApplicationError
from sllm.core.jobs import enqueue_on_commit
from sllm.mail.services import is_reachable, mail_queue, mail_render, outbox_release_held
from sllm.submissions.models import Authorship

from ..client import OpenReviewGateway, SyncError
from ..importer.people import name_from_profile_id, placeholder_email
from ..models import Invitation, VenueLink
from . import selectors, tokens

GatewayFactory = Callable[[], OpenReviewGateway]
ROLE_PHRASES = {
    Invitation.Role.REVIEWER: "a reviewer",
    Invitation.Role.AREA_CHAIR: "an area chair",
    Invitation.Role.AUTHOR: "an author of a paper",
}


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def claim_url(invitation: Invitation) -> str:
    token = tokens.claim_token(invitation_id=invitation.pk, edition_id=invitation.edition_id, nonce=invitation.nonce)
    return _site_url(reverse("openreview:claim", args=[invitation.edition.slug, token]))


def landing_url(*, invitation: Invitation) -> str:
    """The page a person starts from: their papers to review, else the decisions of the papers they chair,
    else their own papers, else the edition.

    Decided by the roles held (not only the one invited as): an area chair who also reviews reviews.
    """
    slug = invitation.edition.slug
    roles = user_roles(user=invitation.user, edition=invitation.edition)
    if Role.Kind.REVIEWER in roles and invitation.role != Invitation.Role.AUTHOR:
        return reverse("reviewing:review-home", args=[slug])
    if Role.Kind.AREA_CHAIR in roles and invitation.role != Invitation.Role.AUTHOR:
        return reverse("decisions:list", args=[slug])
    if Role.Kind.AUTHOR in roles:
        return reverse("submissions:my-papers", args=[slug])
    if Role.Kind.REVIEWER in roles:
        return reverse("reviewing:review-home", args=[slug])
    return reverse("website:edition", args=[slug])


def _author_account(*, edition, profile_id: str) -> int:
    """The account of an imported author, made like the sync makes reviewers', linked to their authorships."""
    authorships = Authorship.objects.filter(paper__edition=edition, openreview_id=profile_id)
    user = User.objects.filter(openreview_id=profile_id).first()
    if user is None:
        if User.objects.filter(email=placeholder_email(profile_id)).exists():
            raise ApplicationError(
                f"the address {placeholder_email(profile_id)} belongs to another account", code="email_taken"
            )
        name = authorships.values_list("name", flat=True).first() or name_from_profile_id(profile_id)
        # Two runs at once (a job delivered twice) make one account: the second finds the first's.
        user, _ = User.objects.get_or_create(
            openreview_id=profile_id,
            defaults={"email": placeholder_email(profile_id), "full_name": name, "password": make_password(None)},
        )
    authorships.filter(user__isnull=True).update(user=user)
    role_grant(user=user, edition=edition, kind=Role.Kind.AUTHOR)
    return user.pk


def _prepare(*, edition, invitee: selectors.Invitee, existing: Invitation | None) -> Invitation:
    with transaction.atomic():
        user_id = invitee.user_id or _author_account(edition=edition, profile_id=invitee.profile_id)
        if existing is not None:
            return existing
        # Two runs at once (a job delivered twice) meet here: the unique key gives both the one row.
        invitation, _ = Invitation.objects.get_or_create(
            edition=edition, profile_id=invitee.profile_id, defaults={"user_id": user_id, "role": invitee.role}
        )
        return invitation


def _message(invitation: Invitation) -> tuple[str, str]:
    expires = timezone.now() + dt.timedelta(seconds=settings.INVITATION_LINK_MAX_AGE_S)
    return mail_render(
        template="openreview_invitation",
        context={
            "name": invitation.user.display_name,
            "role": invitation.get_role_display().lower(),
            "role_phrase": ROLE_PHRASES[invitation.role],
            "edition": invitation.edition,
            "claim_url": claim_url(invitation),
            "expires": expires,
        },
    )


def _resend_due(invitation: Invitation, *, resend: bool, sent_before: dt.datetime | None) -> bool:
    # A resend asked at `sent_before` covers links sent before it: a second delivery of that job finds them
    # sent after it, by the first, and sends nothing more.
    return resend and (sent_before is None or invitation.sent_at is None or invitation.sent_at < sent_before)


def invitation_send(
    *,
    invitation_id: int,
    gateway: OpenReviewGateway,
    resend: bool = False,
    sent_before: dt.datetime | None = None,
) -> Invitation:
    """Sends one invitation (a fresh link each time); a sent one again only with `resend` (and only if it
    was sent before `sent_before`, when given).

    A refusal is recorded on the invitation; one that waiting can cure (a rate limit, an outage) is
    raised too, after the record is saved, so a caller stops instead of hammering OpenReview.
    """
    transient = None
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",)).select_related("edition", "user").get(pk=invitation_id)
        )
        if invitation.status == Invitation.Status.CLAIMED:
            return invitation
        if invitation.status == Invitation.Status.SENT and not _resend_due(
            invitation, resend=resend, sent_before=sent_before
        ):
            return invitation
        previous_nonce = invitation.nonce
        invitation.nonce = tokens.new_nonce()
        subject, body = _message(invitation)
        invitation.attempts += 1
        try:
            posted = gateway.post_message(recipients=[invitation.profile_id], subject=subject, message=body)
        except SyncError as exc:
            # The link in the unsent message must not work, and the one sent before still does.
            invitation.nonce = previous_nonce
            invitation.status = (
                Invitation.Status.SENT if invitation.status == Invitation.Status.SENT else Invitation.Status.FAILED
            )
            invitation.last_error = exc.message
            transient = exc if exc.retry_after is not None else None
        else:
            invitation.status, invitation.last_error = Invitation.Status.SENT, ""
            invitation.message_id, invitation.sent_at = posted["id"], timezone.now()
        invitation.save()
    if transient is not None:
        raise transient
    return invitation


def invitation_run(
    *,
    edition,
    roles: list[str] | None = None,
    resend: bool = False,
    sent_before: dt.datetime | None = None,
    gateway_factory: GatewayFactory | None = None,
) -> dict:
    """Invites every imported person of the roles who cannot log in yet; what `invite_people` prints.

    Idempotent: a person invited before is listed under already_invited and not messaged again,
    unless `resend`, which sends a new link (the old one stops working). A failed or unsent invitation
    is tried again on every run.
    """
    unknown = sorted(set(roles or []) - set(Invitation.Role.values))
    if unknown:
        raise ApplicationError(
            f"Unknown role {', '.join(unknown)}; choose from {', '.join(Invitation.Role.values)}.", code="bad_role"
        )
    people = selectors.invitees(edition=edition, roles=roles)
    existing = selectors.invitations_by_profile(edition=edition, profile_ids=[p.profile_id for p in people])
    result = {"invited": [], "already_invited": [], "has_login": [], "failed": []}
    due: list[tuple[str, Invitation]] = []
    for person in people:
        invitation = existing.get(person.profile_id)
        if person.has_login:
            result["has_login"].append(person.profile_id)
        elif (
            invitation
            and invitation.status == Invitation.Status.SENT
            and not _resend_due(invitation, resend=resend, sent_before=sent_before)
        ):
            result["already_invited"].append(person.profile_id)
        else:
            try:
                due.append((person.profile_id, _prepare(edition=edition, invitee=person, existing=invitation)))
            except ApplicationError as exc:
                result["failed"].append({"profile": person.profile_id, "error": exc.message})
    if not due:
        return result
    try:
        gateway = (gateway_factory or OpenReviewGateway.from_settings)()
    except SyncError as exc:
        result["failed"].extend({"profile": profile_id, "error": exc.message} for profile_id, _ in due)
        Invitation.objects.filter(pk__in=[i.pk for _, i in due], status=Invitation.Status.PENDING).update(
            status=Invitation.Status.FAILED, last_error=exc.message
        )
        return result
    for index, (profile_id, invitation) in enumerate(due):
        try:
            sent = invitation_send(invitation_id=invitation.pk, gateway=gateway, resend=resend, sent_before=sent_before)
        except SyncError as exc:
            # Rate-limited or down: the rest wait for the next run or the beat's retry.
            rest = due[index:]
            result["failed"].extend({"profile": p, "error": exc.message} for p, _ in rest)
            Invitation.objects.filter(pk__in=[i.pk for _, i in rest], status=Invitation.Status.PENDING).update(
                status=Invitation.Status.FAILED, last_error=exc.message
            )
            break
        if sent.last_error:
            result["failed"].append({"profile": profile_id, "error": sent.last_error})
        else:
            result["invited"].append(profile_id)
    result["failed"].sort(key=lambda f: f["profile"])
    return result


def invitation_run_request(*, edition, roles: list[str] | None = None, resend: bool = False) -> None:
    """Queues an invitation run on the `sync` queue (the dashboard's button, the after-sync switch).

    A resend carries the moment it was asked: a redelivered message resends nothing sent since."""
    asked = timezone.now().isoformat() if resend else None
    enqueue_on_commit("sllm.openreview.invite_people", edition.pk, list(roles or []), resend, asked)


def invitation_retry_failed(*, gateway_factory: GatewayFactory | None = None) -> int:
    """Sends again every invitation OpenReview refused before (the beat's job); how many went out."""
    due = list(Invitation.objects.filter(status=Invitation.Status.FAILED).order_by("pk").values_list("pk", flat=True))
    if not due:
        return 0
    gateway = (gateway_factory or OpenReviewGateway.from_settings)()
    sent = 0
    for pk in due:
        try:
            sent += invitation_send(invitation_id=pk, gateway=gateway).status == Invitation.Status.SENT
        except SyncError:
            break  # still rate-limited or down: the next beat tries again
    return sent


def invitation_settings_update(*, edition, invite_after_sync: bool) -> VenueLink:
    with transaction.atomic():
        link = VenueLink.objects.select_for_update().filter(edition=edition).first()
        if link is None:
            raise ApplicationError("Link this edition to its OpenReview venue first.", code="no_venue")
        link.invite_after_sync = invite_after_sync
        link.save(update_fields=["invite_after_sync", "updated_at"])
    return link


# ---- the claim -------------------------------------------------------------------------------------


def invitation_from_claim_token(*, edition, token: str) -> Invitation:
    """The invitation a claim link opens; raises tokens.LinkError with why it cannot be used."""
    payload = tokens.read_claim_token(token)
    invitation = selectors.invitation_get(pk=payload["i"])
    if invitation is None or payload.get("w") != invitation.edition_id:
        raise tokens.LinkError("invalid")
    if invitation.edition_id != edition.pk:
        raise tokens.LinkError("other_edition")
    if invitation.status == Invitation.Status.CLAIMED:
        raise tokens.LinkError("used")
    if invitation.nonce != payload["n"]:
        raise tokens.LinkError("replaced")
    return invitation


def invitation_claim_start(*, invitation: Invitation, email: str, password: str, password2: str) -> Invitation:
    """Stores the chosen address and password and mails the address a link that confirms it."""
    email = (email or "").strip().lower()
    errors = {}
    try:
        validate_email(email)
        if not is_reachable(email):
            raise ValidationError("This address cannot receive mail.")
    except ValidationError as exc:
        errors["email"] = exc.messages
    if password != password2:
        errors["password2"] = ["The two passwords differ."]
    try:
        password_validation.validate_password(password, user=invitation.user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ApplicationError("Please correct the fields marked.", code="invalid", extra={"fields": errors})
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.status == Invitation.Status.CLAIMED or locked.nonce != invitation.nonce:
            raise tokens.LinkError("used")
        locked.pending_email, locked.pending_password = email, make_password(password)
        locked.save(update_fields=["pending_email", "pending_password", "updated_at"])
        token = tokens.verify_token(invitation_id=locked.pk, nonce=locked.nonce, email=email)
        url = _site_url(reverse("openreview:claim-verify", args=[invitation.edition.slug, token]))
        mail_queue(
            recipients=[email],
            template="claim_verify",
            edition=invitation.edition,
            context={"verify_url": url, "days": max(1, settings.EMAIL_VERIFY_MAX_AGE_S // 86400)},
        )
    return locked


def invitation_from_verify_token(*, edition, token: str) -> Invitation:
    payload = tokens.read_verify_token(token)
    invitation = selectors.invitation_get(pk=payload["i"])
    if invitation is None:
        raise tokens.LinkError("invalid")
    if invitation.edition_id != edition.pk:
        raise tokens.LinkError("other_edition")
    if invitation.status == Invitation.Status.CLAIMED:
        raise tokens.LinkError("used")
    if invitation.nonce != payload["n"] or invitation.pending_email != payload["e"]:
        raise tokens.LinkError("replaced")
    return invitation


def invitation_claim_finish(*, edition, token: str) -> tuple[User, Invitation]:
    """Applies a verified claim: the address and password go onto the synced account, which keeps
    its id; an older account of the same address is merged into it; held mail goes out."""
    invitation = invitation_from_verify_token(edition=edition, token=token)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("edition").get(pk=invitation.pk)
        if invitation.status == Invitation.Status.CLAIMED:
            raise tokens.LinkError("used")
        user = User.objects.select_for_update().get(pk=invitation.user_id)
        other = selectors.account_with_email(email=invitation.pending_email, exclude_pk=user.pk)
        if other is not None:
            if other.openreview_id and other.openreview_id != user.openreview_id:
                raise ApplicationError(
                    "This address belongs to an account of another OpenReview profile; please write to the organizers.",
                    code="other_profile",
                )
            user = user_merge(source=other, target=user)
        old_address = user.email
        user.email, user.password = invitation.pending_email, invitation.pending_password
        user.save(update_fields=["email", "password"])
        invitation.status, invitation.claimed_at, invitation.nonce = Invitation.Status.CLAIMED, timezone.now(), ""
        invitation.pending_password = ""
        invitation.save()
        if old_address != user.email:
            outbox_release_held(old_address=old_address, new_address=user.email)
    return user, invitation
