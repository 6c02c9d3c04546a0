"""Writes of the proceedings: settings, the authors' camera-ready, and builds of the volume."""

from .builds import STALE_BUILD, BuildStopped, build_moment, build_run, build_start, volume_build, volume_spec
from .camera_ready import camera_ready_submit
from .checks import volume_check
from .volume_settings import volume_settings_save

__all__ = [
    "STALE_BUILD",
    "BuildStopped",
    "build_moment",
    "build_run",
    "build_start",
    "camera_ready_submit",
    "volume_build",
    "volume_check",
    "volume_settings_save",
    "volume_spec",
]
