from sllm.core.errors import ApplicationError


class BackupError(ApplicationError):
    """A backup or restore refused or failed; nothing was changed unless the message says otherwise."""
