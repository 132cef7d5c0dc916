"""Stopping a process the tool (or a test) started: the editor's server, the preview, the ballot service."""

from __future__ import annotations

import subprocess


def stop(process: subprocess.Popen | None, seconds: float = 10) -> None:
    """Ask a running process to stop; kill it if it has not within `seconds`."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=seconds)
