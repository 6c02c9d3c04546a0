#!/usr/bin/env python
import os
import sys

# The project's Celery app becomes the current one, so services can enqueue jobs by their task names.
import tasks  # noqa: F401 -- imported for that side effect

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sllm.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
