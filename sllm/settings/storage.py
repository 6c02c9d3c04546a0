"""Files: static files, uploads and media (a folder or object storage), backups and upload limits."""

import json
from pathlib import Path

from sllm.settings.env import BASE_DIR, env_int, env_str

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / env_str("STATIC_ROOT", "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": env_str("DEFAULT_FILE_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": env_str("STATICFILES_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}
# Object storage shared by every web and worker host: DEFAULT_FILE_STORAGE=storages.backends.s3.S3Storage
# (django-storages) with these; credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY as boto3 reads them.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL", "") or None
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME", "") or None
# Private objects: downloads go through the platform's views (which check access), streamed from the bucket.
AWS_DEFAULT_ACL = None
AWS_QUERYSTRING_EXPIRE = env_int("AWS_QUERYSTRING_EXPIRE", 600)

# Backups (manage.py backup, and the beat job) go to this storage: a folder by default, object storage
# (e.g. BACKUP_STORAGE=storages.backends.s3.S3Storage with BACKUP_STORAGE_OPTIONS as JSON) in production.
BACKUP_STORAGE = env_str("BACKUP_STORAGE", "django.core.files.storage.FileSystemStorage")
STORAGES["backups"] = {
    "BACKEND": BACKUP_STORAGE,
    "OPTIONS": (
        {"location": env_str("BACKUP_ROOT", str(BASE_DIR / "backups"))}
        if BACKUP_STORAGE.endswith("FileSystemStorage")
        else json.loads(env_str("BACKUP_STORAGE_OPTIONS", "{}"))
    ),
}
# The beat job's period (0 turns it off) and how many complete backups it keeps in that storage.
BACKUP_EVERY_S = env_int("BACKUP_EVERY_S", 24 * 3600)
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)
# Uploads above this many bytes stream to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_PDF_BYTES = env_int("MAX_PDF_BYTES", 25 * 1024 * 1024)
# Supplementary material synced from OpenReview (a PDF or a zip; OpenReview allows up to 100 MB).
MAX_SUPPLEMENTARY_BYTES = env_int("MAX_SUPPLEMENTARY_BYTES", 100 * 1024 * 1024)
# Sparse checkpoints stream to storage through temporary files; this bounds one upload.
MAX_CHECKPOINT_BYTES = env_int("MAX_CHECKPOINT_BYTES", 50 * 1024**3)
# Resumable checkpoint uploads stage their chunks here until the last byte arrives (sllm/artifacts/uploads.py);
# a volume every web host mounts when chunks of one upload may reach different hosts.
UPLOAD_STAGING_DIR = Path(env_str("UPLOAD_STAGING_DIR", str(BASE_DIR / "upload-staging")))
