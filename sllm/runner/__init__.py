"""The GPU benchmark harness: dense against sparse linear layers, timed the careful way.

Runs on a bare GPU host with PyTorch (`python -m sllm.runner run SPEC.json --out DIR`) and imports
nothing of Django, Celery or DRF (an import-linter contract says so); the platform reaches it only
through `sllm.runner.job`, which speaks to the platform's HTTPS API with a runner token.
"""
