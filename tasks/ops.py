"""The scheduled backup: into the backup storage, keeping the newest BACKUP_KEEP."""

import logging

from celery import shared_task

from sllm.ops.services import backup_to_storage

logger = logging.getLogger(__name__)


@shared_task(name="sllm.ops.backup", acks_late=False)
def backup() -> dict:
    # Not acknowledged late and never retried: a backup redelivered after a crash would only duplicate work,
    # and the next scheduled run comes anyway; the failure is logged as a BackupRun the dashboard shows.
    result = backup_to_storage()
    logger.info("backup %s written (%s bytes)", result["name"], result["bytes"])
    return result
