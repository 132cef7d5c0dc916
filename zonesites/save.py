"""`make save MESSAGE="…"`: check the sites, then record the staff's changes to the content and data
files in the repository with their message, and send them to the shared repository."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from zonelib.messages import say
from zonelib.problems import Problem, ProblemsError

from .build import build
from .stamp import DATA_FILES

SAVED = ("content", *DATA_FILES)  # what the staff change; code is saved by developers


def git(root: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=timeout)


def refused(message) -> ProblemsError:
    return ProblemsError([Problem("make save", 0, message)])


def changed_files(root: Path, paths=SAVED) -> list[str]:
    """Return the files changed, added or removed under paths (git's short status lines)."""
    result = git(root, "status", "--porcelain", "--untracked-files=all", "--", *paths)
    if result.returncode != 0:
        raise refused(say("this folder is not a copy of the sites' repository (git says: %(error)s)",
                          error=result.stderr.strip()))
    return [line[3:] for line in result.stdout.splitlines() if line.strip()]


def unsent(root: Path) -> bool:
    """Return whether commits wait to be sent to the shared repository."""
    result = git(root, "rev-list", "--count", "@{upstream}..HEAD")
    return result.returncode == 0 and result.stdout.strip() not in ("", "0")


def push(root: Path) -> str | None:
    """Send the commits to the shared repository; return None, or why it could not."""
    if not git(root, "remote").stdout.strip():
        return say("this copy has no shared repository to send to (no git remote)")
    result = git(root, "push", timeout=300)
    return None if result.returncode == 0 else say("sending failed: %(error)s", error=result.stderr.strip()[-300:])


def save(root: Path, message: str, conf: Path) -> tuple[list[str], str | None]:
    """Check, commit the content and data changes with message, and push. Return the files saved
    and why sending failed (None when sent); raise ProblemsError (nothing saved) when a check
    fails, the message is empty or there is nothing to save."""
    if not message.strip():
        raise refused(say("say in a few words what you changed: make save MESSAGE=\"New event of 14 March\""))
    files = changed_files(root)
    if not files:
        if unsent(root):
            return [], push(root)
        raise refused(say("there is nothing to save: nothing changed in content/, zones.yaml, glossary.yaml or redirects.yaml"))
    with tempfile.TemporaryDirectory(prefix="zonesites-save-") as scratch:
        build(conf, output=Path(scratch))  # raises ProblemsError: nothing is saved
    git(root, "add", "--all", "--", *SAVED)
    result = git(root, "commit", "--quiet", "-m", message.strip(), "--", *SAVED)
    if result.returncode != 0:
        raise refused(say("the change could not be recorded: %(error)s (if git asks who you are, run once: git "
                          "config --global user.name \"Your Name\" and git config --global user.email you@example.org)",
                          error=(result.stderr or result.stdout).strip()[-300:]))
    return files, push(root)
