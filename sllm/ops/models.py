from django.db import models


class Heartbeat(models.Model):
    """The last sign of life of one Celery worker or the beat scheduler; one row per process name."""

    class Kind(models.TextChoices):
        WORKER = "worker", "Worker"
        BEAT = "beat", "Beat"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=200, help_text="The worker's node name, or the beat host.")
    queues = models.JSONField(default=list, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="unique_heartbeat_kind_name")]

    def __str__(self):
        return f"{self.kind} {self.name} at {self.seen_at:%Y-%m-%d %H:%M:%S}"


class BackupRun(models.Model):
    """One finished backup (written after the snapshot, so a restored database never shows it running)."""

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=100)
    target = models.CharField(max_length=300, help_text="A local folder, or storage:<alias>/<name>.")
    trigger = models.CharField(max_length=20, default="command")
    status = models.CharField(max_length=10, choices=Status.choices)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    bytes = models.BigIntegerField(default=0)
    files = models.PositiveIntegerField(default=0)
    rows = models.BigIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-finished_at", "-id"]

    def __str__(self):
        return f"backup {self.name} ({self.status})"

    @property
    def seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()
