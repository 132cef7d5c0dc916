"""`make save`: checks first, records only content and data files with the staff's message, sends them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT


def git(folder, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True, timeout=60).stdout


@pytest.fixture
def repository(project, tmp_path):
    """The project copy as a clone of a shared repository (a bare one beside it)."""
    (project / ".gitignore").write_text("/output/\n/.cache\n", "utf-8")
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "-c", "user.name=Test", "-c", "user.email=test@example.org", "add", "--all")
    git(project, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "--quiet", "-m", "start")
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", "shared.git")
    git(project, "remote", "add", "origin", str(tmp_path / "shared.git"))
    git(project, "push", "--quiet", "--set-upstream", "origin", "main")
    return project, tmp_path / "shared.git"


def save(project, message: str):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MESSAGES": "en", "GIT_AUTHOR_NAME": "Staff",
           "GIT_AUTHOR_EMAIL": "staff@example.org", "GIT_COMMITTER_NAME": "Staff",
           "GIT_COMMITTER_EMAIL": "staff@example.org"}
    return subprocess.run([sys.executable, "-m", "zonesites", "save", "--message", message], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def test_save_commits_only_content_after_the_checks_and_sends_it(repository):
    project, shared = repository
    nothing = save(project, "Rien")
    assert nothing.returncode == 1 and "there is nothing to save" in nothing.stderr
    about = project / "content/sud/pages/about.fr.md"
    about.write_text(about.read_text("utf-8") + "\nUne phrase de l'équipe.\n", "utf-8")
    (project / "content/sud/pages/new.fr.md").write_text("---\ntitle: Nouveau\nuntranslated: true\n---\nTexte.\n",
                                                         "utf-8")
    (project / "pelicanconf.py").write_text((project / "pelicanconf.py").read_text("utf-8") + "# local\n", "utf-8")
    saved = save(project, "Sud : une phrase et une page")
    assert saved.returncode == 0, saved.stderr
    assert "Saved 2 changed files:" in saved.stdout and "Sent to the shared repository" in saved.stdout
    assert git(shared, "log", "-1", "--format=%s%n%an").splitlines() == ["Sud : une phrase et une page", "Staff"]
    assert sorted(git(shared, "show", "--name-only", "--format=", "HEAD").split()) == [
        "content/sud/pages/about.fr.md", "content/sud/pages/new.fr.md"]
    assert git(project, "status", "--porcelain").split() == ["M", "pelicanconf.py"]  # code is not the staff's


def test_save_refuses_a_change_whose_checks_fail(repository):
    project, shared = repository
    before = git(shared, "rev-parse", "HEAD")
    about = project / "content/sud/pages/about.fr.md"
    about.write_text(about.read_text("utf-8").replace("menu: 10", "menu: dix"), "utf-8")
    refused = save(project, "Oups")
    assert refused.returncode == 1
    assert "Nothing was saved: 1 problem:" in refused.stderr
    assert "content/sud/pages/about.fr.md:" in refused.stderr and "'menu' should be a whole number" in refused.stderr
    assert git(shared, "rev-parse", "HEAD") == before
    assert "content/sud/pages/about.fr.md" in git(project, "status", "--porcelain")  # the work is kept
