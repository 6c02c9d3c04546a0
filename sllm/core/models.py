from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class IdempotencyKey(models.Model):
    """The first outcome of a create or upload, kept under the key its client sent (sllm/core/idempotency.py).

    Written in the same transaction as what the request created, so a stored outcome means the change
    committed, and no stored outcome means nothing was (the retry then acts once more).
    """

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # What was asked (method, path, fields, file names and sizes): one key may not name two requests.
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    # The API's response body, or {"location": url} for a page that redirected.
    body = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")]
        indexes = [models.Index(fields=["created_at"], name="idempotency_key_age")]

    def __str__(self):
        return f"{self.key} ({self.status_code or 'pending'})"
