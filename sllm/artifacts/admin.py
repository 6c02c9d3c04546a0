from django.contrib import admin

from .models import ArtifactSet, BenchmarkJob, Checkpoint, Runner


@admin.register(ArtifactSet)
class ArtifactSetAdmin(admin.ModelAdmin):
    list_display = ["paper", "code_url", "code_commit", "spec_sha256"]
    readonly_fields = ["paper", "claims", "benchmark_spec", "spec_sha256"]


@admin.register(Checkpoint)
class CheckpointAdmin(admin.ModelAdmin):
    list_display = ["paper", "status", "size", "sha256", "claims_hold", "verified_at"]
    list_filter = ["status", "claims_hold"]
    readonly_fields = [f.name for f in Checkpoint._meta.fields]


@admin.register(BenchmarkJob)
class BenchmarkJobAdmin(admin.ModelAdmin):
    list_display = ["pk", "paper", "status", "runner", "gpu", "speedup_reproduced", "finished_at"]
    list_filter = ["status", "speedup_reproduced"]
    readonly_fields = [f.name for f in BenchmarkJob._meta.fields]


@admin.register(Runner)
class RunnerAdmin(admin.ModelAdmin):
    # Tokens are created with `manage.py create_runner`; here a runner can only be switched off.
    list_display = ["name", "is_active", "last_seen_at"]
    fields = ["name", "is_active", "last_seen_at"]
    readonly_fields = ["name", "last_seen_at"]

    def has_add_permission(self, request):
        return False
